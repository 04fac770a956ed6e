// End-to-end harness: the built extension in Debian's Chromium (playwright-core), fixture pages on 127.0.0.1.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Open an extension page (`popup.html`, `sidepanel.html`, `options.html`). */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchExtension({
  extensionDir = EXTENSION_DIR,
  args = [] as string[],
  profileDir,
}: {
  extensionDir?: string;
  /** Extra Chromium flags, e.g. `--host-resolver-rules=…` to serve fixtures under realistic host names. */
  args?: string[];
  /**
   * A browser profile to reuse (the caller made and removes it): closing and launching again with it is a
   * browser restart, with the same extension id and data. By default each launch gets a fresh profile.
   */
  profileDir?: string;
} = {}): Promise<ExtensionBrowser> {
  const userDataDir = profileDir ?? (await mkdtemp(join(tmpdir(), 'waypoint-e2e-')));
  // Load a private copy of the build, so a rebuild of .output while the browser runs cannot pull files from under it.
  const loaded = join(userDataDir, 'extension');
  await cp(extensionDir, loaded, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 420, height: 640 },
    args: [
      '--headless=new',
      '--no-sandbox',
      `--disable-extensions-except=${loaded}`,
      `--load-extension=${loaded}`,
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...args,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    async open(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      if (!profileDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface FixtureServer {
  origin: string;
  close(): Promise<void>;
}

/** Serve pages from a map of path → HTML on 127.0.0.1 (a random port). */
export async function serveFixtures(pages: Record<string, string>): Promise<FixtureServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = pages[path];
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Fire a real context-menu click in the service worker, as Chrome does when the user picks a menu item. */
export async function clickContextMenu(
  worker: Worker,
  info: Record<string, unknown>,
  tab: { id: number; url: string; title: string; windowId?: number },
): Promise<void> {
  await worker.evaluate(
    ([i, t]) => {
      (chrome.contextMenus.onClicked as unknown as { dispatch(info: unknown, tab: unknown): void }).dispatch(i, t);
    },
    [info, tab] as const,
  );
}

/**
 * Read until `accept(value)` holds and return that value. The wait for helpers that also run in hooks, where
 * `expect.poll` is not allowed; throws with the last value read once `timeoutMs` has passed.
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last read: ${JSON.stringify(value)}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * The Chrome tab behind a Playwright page (id, url, title), looked up from the service worker. Waits until the
 * tab shows that URL and has finished loading, so its title is the page's.
 */
export async function tabOf(
  worker: Worker,
  url: string,
): Promise<{ id: number; url: string; title: string; windowId: number }> {
  const found = await waitUntil(
    () =>
      worker.evaluate(async (u) => {
        const tabs = await chrome.tabs.query({});
        const tab = tabs.find((t) => t.url === u && t.status === 'complete');
        if (tab?.id) return { id: tab.id, url: tab.url ?? u, title: tab.title ?? '', windowId: tab.windowId };
        return tabs.map((t) => `${t.url} (${t.status})`).join(', ');
      }, url),
    (value) => typeof value !== 'string',
    `a loaded tab with URL ${url}`,
  );
  return found as Exclude<typeof found, string>;
}

/** What wakes a stopped worker: `page` is an open extension document (`manifest.json`) to act from. */
export type WakeWorker = (page: Page) => Promise<unknown>;

/** The default wake: a message from an extension page, as the popup or side panel sends one. */
export const wakeByMessage: WakeWorker = (page) =>
  // Any type will do: the background answers an unknown one with an error, which is still an answer.
  page.evaluate(() => chrome.runtime.sendMessage({ type: 'e2e.wake' }));

interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
}

/**
 * Stop the extension's MV3 service worker the way Chrome does when it is idle, let `wake` start it again, and
 * return the worker once its script has run again (also set as `ext.worker`). Everything the old worker kept
 * only in memory is gone; what it stored (IndexedDB, chrome.storage) stays.
 *
 * The stop is DevTools' "Stop" (`ServiceWorker.stopWorker` over a CDP session of an extension page), the same
 * stop as Chrome's idle timeout. Playwright keeps one `Worker` object across the restart (same CDP target), so
 * the returned worker is usually `ext.worker` itself, now evaluating in the fresh global scope; the helper only
 * resolves once an evaluation there sees none of the old scope's globals.
 *
 * Use it between what should survive and what should still work, e.g. "notification actions survive the worker":
 *
 *   await clickContextMenu(ext.worker, info, tab);                    // the old worker creates the notification
 *   const worker = await restartServiceWorker(ext);                    // idle stop, woken by a page's message
 *   await worker.evaluate((id) => chrome.notifications.onButtonClicked.dispatch(id, 0), id); // the new one acts
 *
 * `wake` is the event that starts it again: by default a `chrome.runtime.sendMessage` from an extension page;
 * e.g. `(page) => page.goto(popupUrl)` for a person opening the popup, or a function that only waits while a
 * `chrome.alarms` alarm comes due (a reminder). Each call is independent, so a test may restart many times.
 */
export async function restartServiceWorker(ext: ExtensionBrowser, wake: WakeWorker = wakeByMessage): Promise<Worker> {
  const url = ext.worker.url();
  // A global of the current scope: the restarted worker is the one that does not have it.
  await ext.worker.evaluate(() => {
    (globalThis as { __e2eBeforeRestart?: boolean }).__e2eBeforeRestart = true;
  });

  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
    // The worker's version and every running-status change, as DevTools' Application panel sees them.
    const statuses: WorkerVersion['runningStatus'][] = [];
    let versionId: string | undefined;
    let changed = () => {};
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions as WorkerVersion[]) {
        if (version.scriptURL !== url) continue;
        versionId = version.versionId;
        statuses.push(version.runningStatus);
      }
      changed();
    });
    const until = (done: () => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`The service worker never ${what}; its states: ${statuses.join(' → ')}`)),
          15_000,
        );
        changed = () => {
          if (!done()) return;
          clearTimeout(timer);
          resolve();
        };
        changed();
      });
    await cdp.send('ServiceWorker.enable');
    await until(() => versionId !== undefined, `showed up (${url})`);
    const from = statuses.length;
    await cdp.send('ServiceWorker.stopWorker', { versionId: versionId as string });
    await until(() => statuses.slice(from).includes('stopped'), 'stopped');
    const stoppedAt = from + statuses.slice(from).indexOf('stopped');
    await wake(page);
    await until(() => statuses.slice(stoppedAt).includes('running'), 'started again');
    // Running, and Playwright attached to the new scope (the same Worker object, or a new one on a new target).
    // An evaluation still in the old scope, or in one being replaced (it throws), is not the restarted worker.
    const worker = await waitUntil(
      async () => {
        const current = ext.context.serviceWorkers().find((w) => w.url() === url);
        const fresh = await current?.evaluate(() => !('__e2eBeforeRestart' in globalThis)).catch(() => false);
        return fresh ? current : undefined;
      },
      (current) => current !== undefined,
      'the restarted service worker to evaluate in its new scope',
      15_000,
    );
    ext.worker = worker as Worker;
    return ext.worker;
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

export interface RealHostServer {
  /** Chromium flags that send these host names to the server and accept its throwaway certificate. */
  args: string[];
  close(): Promise<void>;
}

/**
 * Serve fixtures under real host names (docs.google.com, mail.google.com…) over HTTPS on 127.0.0.1: a
 * certificate for those names made with openssl for this run, and host-resolver rules for Chromium.
 */
export async function serveOnRealHosts(
  hosts: string[],
  handle: (host: string, path: string, res: ServerResponse) => void,
): Promise<RealHostServer> {
  const certDir = mkdtempSync(join(tmpdir(), 'waypoint-cert-'));
  // biome-ignore format: the openssl command reads best on one line per option
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${hosts[0]}`,
    '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const server = createHttpsServer(
    { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) },
    (req, res) => handle(req.headers.host?.split(':')[0] ?? '', new URL(req.url ?? '/', 'https://x').pathname, res),
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    args: [
      `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
      '--ignore-certificate-errors',
    ],
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
