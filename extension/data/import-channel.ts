// The import's transport from an extension page to the background: the chosen file goes to the service worker as
// its bytes, transferred with postMessage (structured clone, no copy into JSON) together with a MessagePort for
// the answer. A runtime message JSON-encodes its payload: the text of a 10,000-task export (9 MB) took about a
// second to cross that way before the worker could start (bench/extension.ts, import). The worker decodes the
// bytes and runs the very `data.import` request a runtime message would (messaging/handlers.ts): one import path.
// Where the background is no service worker (the Firefox build's background page), the runtime message is used.
import { RequestError } from '../messaging/client';
import type { Reply } from '../messaging/protocol';
import type { ImportSummary } from './transfer';

/** The `type` of the message a page posts to the service worker (see listenForImports). */
export const IMPORT_MESSAGE = 'waypoint.import';

/** What the page posts: the file's bytes (transferred; the page no longer holds them), or a text it built. */
export interface ImportPost {
  type: typeof IMPORT_MESSAGE;
  bytes?: ArrayBuffer;
  text?: string;
}

/** The text of a posted import: UTF-8 decoded, without a byte-order mark. */
export function importText(post: ImportPost): string {
  if (typeof post.text === 'string') return post.text;
  return new TextDecoder().decode(post.bytes).replace(/^\uFEFF/, '');
}

/**
 * Import a Waypoint export (its bytes, or a text such as the plan of a foreign file) through the background.
 * `fallback` sends the same request as a runtime message where there is no service worker to post to.
 */
export async function sendImport(
  data: Uint8Array | string,
  fallback: (text: string) => Promise<ImportSummary>,
): Promise<ImportSummary> {
  const registration = await globalThis.navigator?.serviceWorker?.getRegistration();
  const worker = registration?.active;
  if (!worker) return fallback(typeof data === 'string' ? data : new TextDecoder().decode(data).replace(/^\uFEFF/, ''));
  const channel = new MessageChannel();
  const answer = new Promise<Reply<ImportSummary>>((resolve) => {
    channel.port1.onmessage = (event) => resolve(event.data as Reply<ImportSummary>);
  });
  if (typeof data === 'string') {
    worker.postMessage({ type: IMPORT_MESSAGE, text: data } satisfies ImportPost, [channel.port2]);
  } else {
    // A view of part of a buffer is copied out first: only a whole buffer can be transferred.
    const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    const bytes = (whole ? data.buffer : data.slice().buffer) as ArrayBuffer;
    worker.postMessage({ type: IMPORT_MESSAGE, bytes } satisfies ImportPost, [bytes, channel.port2]);
  }
  const reply = await answer;
  channel.port1.close();
  if (!reply.ok) throw new RequestError(reply.error, reply.message);
  return reply.result;
}

/**
 * In the service worker: answer imports posted by the extension's own pages (a web page cannot post to this
 * worker; the origin is checked all the same). `run` handles the `data.import` request and returns its reply.
 */
export function listenForImports(run: (text: string) => Promise<Reply<unknown>>): void {
  // The DOM library has no service-worker types: the part of the message event used here.
  type PostedEvent = MessageEvent & { waitUntil(done: Promise<unknown>): void };
  const scope = globalThis as unknown as {
    ServiceWorkerGlobalScope?: unknown;
    location: Location;
    addEventListener(type: 'message', listener: (event: PostedEvent) => void): void;
  };
  if (typeof scope.ServiceWorkerGlobalScope === 'undefined') return;
  scope.addEventListener('message', (event) => {
    const post = event.data as ImportPost | null;
    const port = event.ports[0];
    if (post?.type !== IMPORT_MESSAGE || !port) return;
    if (event.origin !== scope.location.origin) {
      port.postMessage({ ok: false, error: 'Forbidden', message: 'Only Waypoint itself can import data.' });
      return;
    }
    // The worker stays up until the import is written and answered.
    event.waitUntil(
      (async () => {
        let reply: Reply<unknown>;
        try {
          reply = await run(importText(post));
        } catch (error) {
          reply = { ok: false, error: 'Failed', message: error instanceof Error ? error.message : String(error) };
        }
        port.postMessage(reply);
        port.close();
      })(),
    );
  });
}
