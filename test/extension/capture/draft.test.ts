import { sourceSchema } from '@@/shared/schemas/source';
import { describe, expect, it } from 'vitest';
import { draftFromContext, firstLine, UncapturableError } from '@/capture/draft';

const now = new Date('2026-11-25T12:00:00Z');
const tab = {
  url: 'https://acme.test/report?id=3',
  title: 'Quarterly report — ACME',
  favIconUrl: 'https://acme.test/favicon.ico',
};

describe('capture drafts', () => {
  it('titles a page capture with the page title, without the site name; the raw title stays in the source', () => {
    const draft = draftFromContext({ pageUrl: tab.url }, tab, now);
    expect(draft.title).toBe('Quarterly report');
    expect(draft.source.pageTitle).toBe('Quarterly report — ACME');
    expect(sourceSchema.parse(draft.source)).toMatchObject({ kind: 'page', url: tab.url, favIconUrl: tab.favIconUrl });
  });

  it('titles a selection by its page (the quote is private), offers its first line, keeps the quote and link', () => {
    const text = '\n  Ship the beta by Friday\nThen collect feedback from the first ten teams';
    const draft = draftFromContext({ pageUrl: tab.url, selectionText: text }, tab, now);
    expect(draft.title).toBe('Quarterly report');
    expect(draft.quoteTitle).toBe('Ship the beta by Friday');
    expect(draft.source.kind).toBe('selection');
    expect(draft.source.excerpt).toBe(text.trim());
    expect(draft.source.fragmentUrl).toMatch(/^https:\/\/acme\.test\/report\?id=3#:~:text=/);
  });

  it('caps the excerpt at 2000 characters and shortens long titles at a word', () => {
    const long = `${'word '.repeat(600)}`;
    const draft = draftFromContext({ pageUrl: tab.url, selectionText: long }, tab, now);
    expect(draft.source.excerpt).toHaveLength(2000);
    expect(draft.quoteTitle?.length).toBeLessThanOrEqual(120);
    expect(draft.quoteTitle?.endsWith('…')).toBe(true);
    expect(firstLine('short')).toBe('short');
  });

  it('titles a link with its text, or a readable form of its URL', () => {
    const withText = draftFromContext(
      { pageUrl: tab.url, linkUrl: 'https://acme.test/pricing', linkText: 'See pricing' },
      tab,
      now,
    );
    expect(withText).toMatchObject({
      title: 'See pricing',
      source: { kind: 'link', linkUrl: 'https://acme.test/pricing' },
    });
    const bare = draftFromContext({ pageUrl: tab.url, linkUrl: 'https://docs.acme.test/guide/setup-notes' }, tab, now);
    expect(bare.title).toBe('setup-notes (docs.acme.test)');
  });

  it('captures an image with its URL', () => {
    const draft = draftFromContext(
      { pageUrl: tab.url, mediaType: 'image', srcUrl: 'https://cdn.acme.test/chart.png' },
      tab,
      now,
    );
    expect(draft).toMatchObject({
      title: 'Image: Quarterly report',
      source: { kind: 'image', imageUrl: 'https://cdn.acme.test/chart.png' },
    });
  });

  it('keeps page text as plain data, and refuses browser-internal pages with a clear reason', () => {
    const evil = '<img src=x onerror=alert(1)>';
    expect(draftFromContext({ pageUrl: tab.url, selectionText: evil }, tab, now).quoteTitle).toBe(evil);
    expect(() => draftFromContext({ pageUrl: 'chrome://settings' }, {}, now)).toThrow(UncapturableError);
    expect(() => draftFromContext({}, {}, now)).toThrow(/no page/);
    const untitled = draftFromContext({ pageUrl: 'https://acme.test/' }, { url: 'https://acme.test/' }, now);
    expect(untitled.title).toBe('acme.test');
  });
});

describe('what the page reader saw', () => {
  const article = 'https://www.bbc.co.uk/news/world-us-canada-33646171';
  it('uses og:title or the h1 when <title> is empty, and keeps a description with a page capture', () => {
    const draft = draftFromContext(
      {
        pageUrl: article,
        page: {
          title: '',
          ogTitle: 'Obama admits US gun laws are his biggest frustration',
          siteName: 'BBC News',
          description: '  The president says\u0000 the failure to pass "common sense gun safety laws" frustrates him. ',
        },
      },
      { url: article, title: article },
      now,
    );
    expect(draft.title).toBe('Obama admits US gun laws are his biggest frustration');
    expect(draft.source.description).toBe(
      'The president says the failure to pass "common sense gun safety laws" frustrates him.',
    );
    expect(sourceSchema.parse(draft.source).description).toBeDefined();
  });

  it('captures a link as its target, titled by its text, with the page as context', () => {
    const draft = draftFromContext(
      {
        pageUrl: tab.url,
        linkUrl: 'https://acme.test/deck',
        linkText: '',
        page: { title: 'Quarterly report — ACME', linkTitle: 'Board deck for Q3 (PDF)' },
      },
      tab,
      now,
    );
    expect(draft).toMatchObject({
      title: 'Board deck for Q3 (PDF)',
      source: {
        kind: 'link',
        url: 'https://acme.test/deck',
        linkUrl: 'https://acme.test/deck',
        contextUrl: tab.url,
        contextTitle: 'Quarterly report — ACME',
      },
    });
  });

  it('titles an image by its alt text, else its title or figure caption', () => {
    const context = { pageUrl: tab.url, mediaType: 'image', srcUrl: 'https://cdn.acme.test/chart.png' };
    const alt = draftFromContext(
      { ...context, page: { image: { alt: 'Revenue by quarter, 2026', title: '', caption: 'Figure 1' } } },
      tab,
      now,
    );
    expect(alt).toMatchObject({ title: 'Revenue by quarter, 2026', source: { imageAlt: 'Revenue by quarter, 2026' } });
    const caption = draftFromContext(
      { ...context, page: { image: { alt: '', title: '', caption: 'Churn fell' } } },
      tab,
      now,
    );
    expect(caption.title).toBe('Churn fell');
  });

  it('strips bidi overrides, zero-width and control characters, and never cuts a surrogate pair', () => {
    const hostile = draftFromContext(
      { pageUrl: tab.url },
      { url: tab.url, title: 'Invoice \u202Efdp.exe\u202C\u200B\u0007' },
      now,
    );
    expect(hostile.title).toBe('Invoice fdp.exe');
    const emoji = '😀'.repeat(1500);
    const draft = draftFromContext({ pageUrl: tab.url, selectionText: emoji }, tab, now);
    const excerpt = draft.source.excerpt ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(2000);
    expect(/[\uD800-\uDBFF]$/.test(excerpt)).toBe(false);
    expect(encodeURIComponent(excerpt)).toBeTruthy();
    const quote = draft.quoteTitle ?? '';
    expect(() => encodeURIComponent(quote)).not.toThrow();
  });
});

describe('documents and e-mail', () => {
  it('captures a Google Doc as a document with a clean title', () => {
    const url = 'https://docs.google.com/document/d/1AbC/edit';
    const draft = draftFromContext({ pageUrl: url }, { url, title: 'Launch brief - Google Docs' }, now);
    expect(draft).toMatchObject({
      title: 'Launch brief',
      source: { kind: 'document', documentKind: 'doc', app: 'Google Docs', externalId: '1AbC' },
    });
  });

  it('captures a Gmail thread by its subject', () => {
    const url = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr';
    const draft = draftFromContext({ pageUrl: url }, { url, title: 'Contract renewal - ana@acme.test - Gmail' }, now);
    expect(draft).toMatchObject({
      title: 'Contract renewal',
      source: {
        kind: 'email',
        app: 'Gmail',
        url: 'https://mail.google.com/mail/u/0/#all/FMfcgzQXJGmNbvdKqLwXhWxvZtLbJkPr',
      },
    });
  });
});
