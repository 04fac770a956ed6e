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
  it('titles a page capture with the page title', () => {
    const draft = draftFromContext({ pageUrl: tab.url }, tab, now);
    expect(draft.title).toBe('Quarterly report — ACME');
    expect(sourceSchema.parse(draft.source)).toMatchObject({ kind: 'page', url: tab.url, favIconUrl: tab.favIconUrl });
  });

  it('titles a selection with its first line and keeps the quote and a text-fragment link', () => {
    const text = '\n  Ship the beta by Friday\nThen collect feedback from the first ten teams';
    const draft = draftFromContext({ pageUrl: tab.url, selectionText: text }, tab, now);
    expect(draft.title).toBe('Ship the beta by Friday');
    expect(draft.source.kind).toBe('selection');
    expect(draft.source.excerpt).toBe(text.trim());
    expect(draft.source.fragmentUrl).toMatch(/^https:\/\/acme\.test\/report\?id=3#:~:text=/);
  });

  it('caps the excerpt at 2000 characters and shortens long titles at a word', () => {
    const long = `${'word '.repeat(600)}`;
    const draft = draftFromContext({ pageUrl: tab.url, selectionText: long }, tab, now);
    expect(draft.source.excerpt).toHaveLength(2000);
    expect(draft.title.length).toBeLessThanOrEqual(120);
    expect(draft.title.endsWith('…')).toBe(true);
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
      title: 'Image: Quarterly report — ACME',
      source: { kind: 'image', imageUrl: 'https://cdn.acme.test/chart.png' },
    });
  });

  it('keeps page text as plain data, and refuses browser-internal pages with a clear reason', () => {
    const evil = '<img src=x onerror=alert(1)>';
    expect(draftFromContext({ pageUrl: tab.url, selectionText: evil }, tab, now).title).toBe(evil);
    expect(() => draftFromContext({ pageUrl: 'chrome://settings' }, {}, now)).toThrow(UncapturableError);
    expect(() => draftFromContext({}, {}, now)).toThrow(/no page/);
    const untitled = draftFromContext({ pageUrl: 'https://acme.test/' }, { url: 'https://acme.test/' }, now);
    expect(untitled.title).toBe('acme.test');
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
