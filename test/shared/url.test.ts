import { canonicalUrl, isCapturableUrl, matchesUrlRule, projectsForUrl, textFragmentUrl } from '@@/shared/url';
import { describe, expect, it } from 'vitest';

describe('canonicalUrl', () => {
  it.each([
    ['https://Example.COM/Path', 'https://example.com/Path'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/a#section-2', 'https://example.com/a'],
    ['https://example.com/a#:~:text=hello', 'https://example.com/a'],
    ['https://example.com/a/', 'https://example.com/a'],
    ['https://example.com/a//', 'https://example.com/a'],
    ['https://example.com/', 'https://example.com/'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/?', 'https://example.com/'],
    [
      'https://example.com/post?utm_source=x&utm_Medium=y&b=2&fbclid=abc&a=1&gclid=z&mc_cid=1&mc_eid=2',
      'https://example.com/post?a=1&b=2',
    ],
    ['https://example.com/p?igshid=1&ref_src=twsrc&_hsenc=a&_hsmkt=b&spm=c&si=d', 'https://example.com/p'],
    ['https://example.com/s?q=a%20b&lang=en', 'https://example.com/s?lang=en&q=a%20b'],
    ['https://example.com/s?tag=b&tag=a&x=1', 'https://example.com/s?tag=b&tag=a&x=1'],
    ['https://example.com/s?flag&&a=1', 'https://example.com/s?a=1&flag'],
    [
      'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit?usp=sharing#heading=h.1',
      'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp',
    ],
    [
      'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOp/edit#gid=0',
      'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOp',
    ],
    [
      'https://docs.google.com/presentation/u/1/d/1AbCdEfGhIjKlMnOp/view',
      'https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOp',
    ],
    [
      'https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view?usp=drive_link',
      'https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp',
    ],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['file:///home/me/notes.txt#top', 'file:///home/me/notes.txt'],
    ['not a url', 'not a url'],
    ['', ''],
  ])('%s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const urls = [
      'https://Example.com:443/a/b/?z=1&utm_campaign=x&a=%2F#frag',
      'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit',
      'http://example.com/?b&a',
    ];
    for (const url of urls) expect(canonicalUrl(canonicalUrl(url))).toBe(canonicalUrl(url));
  });
});

describe('matchesUrlRule', () => {
  it.each([
    [{ kind: 'domain', value: 'example.com' }, 'https://example.com/x', true],
    [{ kind: 'domain', value: 'example.com' }, 'https://www.example.com/x', true],
    [{ kind: 'domain', value: 'example.com' }, 'https://app.eu.example.com/x', true],
    [{ kind: 'domain', value: 'example.com' }, 'https://notexample.com/x', false],
    [{ kind: 'domain', value: 'example.com' }, 'https://example.com.evil.io/', false],
    [{ kind: 'domain', value: 'Example.com' }, 'https://EXAMPLE.com/', true],
    [{ kind: 'domain', value: '*.example.com' }, 'https://a.example.com/', true],
    [{ kind: 'domain', value: 'https://www.example.com/some/path' }, 'https://example.com/', true],
    [{ kind: 'domain', value: 'app.example.com' }, 'https://example.com/', false],
    [{ kind: 'domain', value: 'example.com' }, 'chrome://settings', false],
    [{ kind: 'prefix', value: 'https://github.com/acme' }, 'https://github.com/acme/site/issues/1', true],
    [{ kind: 'prefix', value: 'github.com/acme' }, 'https://github.com/acme', true],
    [{ kind: 'prefix', value: 'github.com/acme/' }, 'https://github.com/acme', true],
    [{ kind: 'prefix', value: 'github.com/acme' }, 'https://www.github.com/acme/x?utm_source=y#z', true],
    [{ kind: 'prefix', value: 'github.com/acme' }, 'https://github.com/acme-corp/x', false],
    [{ kind: 'prefix', value: 'github.com/acme' }, 'https://github.com/other/acme', false],
    [{ kind: 'prefix', value: 'github.com/ac' }, 'https://github.com/acme', false],
    [{ kind: 'prefix', value: 'example.com' }, 'https://example.com/anything', true],
    [{ kind: 'prefix', value: 'example.com/search?q=' }, 'https://example.com/search?q=waypoint', true],
    [{ kind: 'docId', value: '1AbCdEfGhIjKlMnOp' }, 'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit', true],
    [{ kind: 'docId', value: '1AbCdEfGhIjKlMnOp' }, 'https://drive.google.com/open?id=1AbCdEfGhIjKlMnOp', true],
    [{ kind: 'docId', value: '1AbCdEf' }, 'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit', false],
    [
      { kind: 'docId', value: 'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOp/edit?usp=sharing' },
      'https://docs.google.com/document/u/0/d/1AbCdEfGhIjKlMnOp/view',
      true,
    ],
    [{ kind: 'docId', value: '' }, 'https://example.com/', false],
  ] as const)('%j on %s', (rule, url, expected) => {
    expect(matchesUrlRule(rule, url)).toBe(expected);
  });

  it('never throws on garbage', () => {
    expect(matchesUrlRule({ kind: 'prefix', value: '::::' }, 'nope')).toBe(false);
    expect(matchesUrlRule({ kind: 'domain', value: '' }, 'https://example.com')).toBe(false);
  });
});

describe('projectsForUrl', () => {
  const projects = [
    { id: 'site', archived: false, urlRules: [{ kind: 'domain' as const, value: 'acme.com' }] },
    { id: 'docs', archived: false, urlRules: [{ kind: 'prefix' as const, value: 'acme.com/docs' }] },
    { id: 'old', archived: true, urlRules: [{ kind: 'domain' as const, value: 'acme.com' }] },
    { id: 'spec', archived: false, urlRules: [{ kind: 'docId' as const, value: 'spec-123' }] },
    { id: 'api', archived: false, urlRules: [{ kind: 'prefix' as const, value: 'acme.com/docs/api' }] },
    { id: 'none', archived: false, urlRules: [] },
    { id: 'blog', archived: false, urlRules: [{ kind: 'domain' as const, value: 'blog.acme.com' }] },
  ];

  it.each([
    ['https://acme.com/', ['site']],
    ['https://acme.com/docs/api/spec-123', ['spec', 'api', 'docs', 'site']],
    ['https://acme.com/docs/guide', ['docs', 'site']],
    ['https://blog.acme.com/post', ['blog', 'site']],
    ['https://other.org/', []],
    ['chrome://newtab', []],
  ])('%s', (url, ids) => {
    expect(projectsForUrl(projects, url)).toEqual(ids);
  });
});

describe('textFragmentUrl', () => {
  it('links a short quote whole, percent-encoding dash, comma and ampersand', () => {
    expect(textFragmentUrl('https://example.com/a', 'Rock-solid, fast & cheap')).toBe(
      'https://example.com/a#:~:text=Rock%2Dsolid%2C%20fast%20%26%20cheap',
    );
  });

  it('links a long quote by its first and last words', () => {
    const quote = 'one two three four five six seven eight nine ten eleven twelve-thirteen fourteen';
    expect(textFragmentUrl('https://example.com/a', quote)).toBe(
      'https://example.com/a#:~:text=one%20two%20three%20four%20five,nine%20ten%20eleven%20twelve%2Dthirteen%20fourteen',
    );
  });

  it('never lets start and end overlap on a few very long words', () => {
    const long = 'x'.repeat(50);
    const url = textFragmentUrl('https://example.com/', `${long}a ${long}b ${long}c`);
    expect(url).toBe(`https://example.com/#:~:text=${long}a,${long}c`);
  });

  it('collapses whitespace, keeps an existing fragment and replaces an existing directive', () => {
    expect(textFragmentUrl('https://example.com/a#intro', '  hello\n  world ')).toBe(
      'https://example.com/a#intro:~:text=hello%20world',
    );
    expect(textFragmentUrl('https://example.com/a#:~:text=old', 'new')).toBe('https://example.com/a#:~:text=new');
    expect(textFragmentUrl('https://example.com/a', '   ')).toBe('https://example.com/a');
  });
});

describe('isCapturableUrl', () => {
  it.each([
    ['https://example.com/', true],
    ['http://127.0.0.1:8080/page', true],
    ['file:///home/me/a.html', true],
    ['chrome://extensions', false],
    ['edge://settings', false],
    ['about:blank', false],
    ['chrome-extension://abc/popup.html', false],
    ['moz-extension://abc/popup.html', false],
    ['view-source:https://example.com', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['', false],
    [null, false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => {
    expect(isCapturableUrl(url)).toBe(expected);
  });
});
