// Merging what the injected page reader saw into the menu's click data (chrome.scripting stubbed).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enrichContext } from '@/capture/enrich';
import type { PageReading } from '@/capture/page-reader';

const reading = (overrides: Partial<PageReading> = {}): PageReading => ({
  title: 'Quarterly report — ACME',
  ogTitle: 'Quarterly report',
  siteName: 'ACME',
  applicationName: '',
  h1: 'Quarterly report',
  description: 'Revenue grew 12%.',
  selection: '',
  link: null,
  image: null,
  ...overrides,
});

function stubScripting(run: (frame: number) => Promise<PageReading> | PageReading) {
  const executeScript = vi.fn(async ({ target }: { target: { frameIds: number[] } }) => [
    { result: await run(target.frameIds[0] ?? 0) },
  ]);
  vi.stubGlobal('chrome', { scripting: { executeScript } });
  return executeScript;
}

afterEach(() => vi.unstubAllGlobals());

describe('enrichContext', () => {
  it('adds what the page declares, the selection with its line breaks and the clicked link', async () => {
    stubScripting(() =>
      reading({ selection: 'Ship the beta\nby Friday', link: { text: 'Board deck', title: 'Board deck (PDF)' } }),
    );
    const context = await enrichContext(
      { pageUrl: 'https://acme.test/r', selectionText: 'Ship the beta by Friday', linkUrl: 'https://acme.test/d' },
      7,
    );
    expect(context).toMatchObject({
      selectionText: 'Ship the beta\nby Friday',
      linkText: 'Board deck',
      page: {
        title: 'Quarterly report — ACME',
        siteName: 'ACME',
        description: 'Revenue grew 12%.',
        linkTitle: 'Board deck (PDF)',
      },
    });
  });

  it('keeps the menu selection when the page selection changed since the click', async () => {
    stubScripting(() => reading({ selection: 'Something else' }));
    const context = await enrichContext({ pageUrl: 'https://acme.test/r', selectionText: 'The quote' }, 7);
    expect(context.selectionText).toBe('The quote');
  });

  it('reads the page from the top frame and the click from the frame it happened in', async () => {
    const run = stubScripting((frame) =>
      frame === 0 ? reading() : reading({ title: 'Widget', link: { text: 'In the widget', title: '' } }),
    );
    const context = await enrichContext({ pageUrl: 'https://acme.test/r', linkUrl: 'https://w.test/x', frameId: 3 }, 7);
    expect(run).toHaveBeenCalledTimes(2);
    expect(context).toMatchObject({ linkText: 'In the widget', page: { title: 'Quarterly report — ACME' } });
    expect(context).not.toHaveProperty('frameId');
  });

  it('without access, or when the page does not answer, the menu data is the capture', async () => {
    stubScripting(() => Promise.reject(new Error('Cannot access contents of the page')));
    await expect(enrichContext({ pageUrl: 'https://acme.test/r' }, 7)).resolves.toEqual({
      pageUrl: 'https://acme.test/r',
    });
    vi.useFakeTimers();
    try {
      stubScripting(() => new Promise<PageReading>(() => undefined));
      const pending = enrichContext({ pageUrl: 'https://acme.test/r' }, 7);
      await vi.advanceTimersByTimeAsync(2000);
      await expect(pending).resolves.toEqual({ pageUrl: 'https://acme.test/r' });
    } finally {
      vi.useRealTimers();
    }
    await expect(enrichContext({ pageUrl: 'https://acme.test/r' }, undefined)).resolves.toEqual({
      pageUrl: 'https://acme.test/r',
    });
  });
});
