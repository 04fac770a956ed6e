// The import's transport to the background: the file's bytes posted with a port for the answer, the runtime
// message where there is no service worker, and what the worker makes of a post.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IMPORT_MESSAGE, type ImportPost, importText, sendImport } from '@/data/import-channel';
import type { ImportSummary } from '@/data/transfer';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const summary = { rows: {}, changed: 1, projects: 0, tasks: 1 } as unknown as ImportSummary;

afterEach(() => vi.unstubAllGlobals());

describe('import channel', () => {
  it('decodes posted bytes without a byte-order mark, and takes a text as it is', () => {
    const bytes = new TextEncoder().encode('\uFEFF{"format":"waypoint-export"}').buffer as ArrayBuffer;
    expect(importText({ type: IMPORT_MESSAGE, bytes })).toBe('{"format":"waypoint-export"}');
    expect(importText({ type: IMPORT_MESSAGE, text: '{"a":1}' })).toBe('{"a":1}');
  });

  it('sends the runtime message where no service worker runs (the Firefox background page)', async () => {
    vi.stubGlobal('navigator', { serviceWorker: { getRegistration: async () => undefined } });
    const fallback = vi.fn(async () => summary);
    await expect(sendImport(new TextEncoder().encode('{"x":1}'), fallback)).resolves.toBe(summary);
    expect(fallback).toHaveBeenCalledWith('{"x":1}');
  });

  it('transfers the bytes to the worker and answers with its reply, a refusal as an error', async () => {
    const posts: ImportPost[] = [];
    let reply: unknown = { ok: true, result: summary };
    const worker = {
      // As the browser does: the buffers are transferred with the post, the port comes last.
      postMessage(post: ImportPost, transfer: (ArrayBuffer | MessagePort)[]) {
        const buffers = transfer.filter((item) => item instanceof ArrayBuffer);
        posts.push(structuredClone(post, { transfer: buffers }));
        (transfer.at(-1) as MessagePort).postMessage(reply);
      },
    };
    vi.stubGlobal('navigator', { serviceWorker: { getRegistration: async () => ({ active: worker }) } });
    const fallback = vi.fn(async () => summary);
    const file = new TextEncoder().encode('{"format":"waypoint-export"}');
    await expect(sendImport(file, fallback)).resolves.toEqual(summary);
    expect(importText(posts[0]!)).toBe('{"format":"waypoint-export"}');
    // Transferred: the page's copy is gone.
    expect(file.byteLength).toBe(0);
    reply = { ok: false, error: 'Failed', message: 'The file is not JSON.' };
    await expect(sendImport('not json', fallback)).rejects.toThrow('The file is not JSON.');
    expect(posts[1]).toEqual({ type: IMPORT_MESSAGE, text: 'not json' });
    expect(fallback).not.toHaveBeenCalled();
  });
});
