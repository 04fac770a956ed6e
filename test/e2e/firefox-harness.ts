// End-to-end harness for the Firefox build: Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core.
//
// What was found to work (/work/shared/reference/firefox-e2e.md): the build is installed as a temporary add-on
// (BiDi `webExtension.install`) under a fixed extension UUID (pref `extensions.webextensions.uuids`), so its pages
// are at moz-extension://<UUID>/…; `--remote-allow-system-access` lets BiDi open them and reach the browser's own
// chrome window. Firefox sends no load events for extension pages (bug 1755014), so they are opened without
// waiting and polled until loaded. The context menu is the real one: a right-click in the page, then the add-on's
// submenu item activated in the chrome window, which grants activeTab exactly as a person's click does.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { waitUntil } from './harness';

export const FIREFOX_BUILD = resolve(import.meta.dirname, '../../.output/firefox-mv2');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Any fixed UUID: the add-on's pages then have a known address. */
const EXTENSION_UUID = '5b0c8f6e-3a57-4d2e-9c41-7e2f0a9d6b13';

export const firefoxInstalled = (): boolean => existsSync(FIREFOX);

export interface FirefoxExtension {
  browser: Browser;
  /** `moz-extension://<UUID>` */
  origin: string;
  /** Open an extension page (`popup.html`, `sidepanel.html`, `options.html?…#…`) in a new tab, once loaded. */
  open(path: string): Promise<Page>;
  /** Open a web page in a new tab and wait for its load event. */
  openPage(url: string): Promise<Page>;
  /** Evaluate an expression in the browser's chrome window (browser.xhtml); its value goes through JSON. */
  chromeEval<T>(expression: string): Promise<T>;
  /**
   * Right-click `page` at (x, y) and pick `label` in the add-on's context submenu. The menu follows the data, so
   * until `label` is listed the menu is closed and opened again (a person would do the same), up to `timeoutMs`.
   */
  captureWithContextMenu(page: Page, label: string, at?: { x: number; y: number }, timeoutMs?: number): Promise<void>;
  /**
   * A page the add-on opened itself (a window or tab) whose address starts with `origin/<path>`, once loaded.
   * Puppeteer lists such pages as about:blank, so each page is asked for its own location.
   */
  waitForOpened(path: string, timeoutMs?: number): Promise<Page>;
  /** The text of the real sidebar's document, read from `from` (an open extension page); null when closed. */
  sidebarText(from: Page): Promise<string | null>;
  close(): Promise<void>;
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}
interface BidiEvaluation {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

export async function launchFirefoxExtension({ extensionDir = FIREFOX_BUILD } = {}): Promise<FirefoxExtension> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
  const geckoId: string = manifest.browser_specific_settings.gecko.id;
  // Firefox names the add-on's menu elements `<id, @ and . as _>-menuitem-_<menu item id>`.
  const menuPrefix = `${geckoId.replace(/[^a-z0-9_-]/gi, '_')}-menuitem-_`;
  // A private copy of the build, so a rebuild of .output while Firefox runs cannot pull files from under it.
  const copyDir = await mkdtemp(join(tmpdir(), 'waypoint-firefox-'));
  const loaded = join(copyDir, 'extension');
  await cp(extensionDir, loaded, { recursive: true });

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    protocol: 'webDriverBiDi',
    headless: true,
    args: ['--remote-allow-system-access', '--width=1000', '--height=800'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
      // The data collection consent of a temporary add-on is not asked for; nothing else may prompt either.
      'extensions.getAddons.cache.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  const origin = `moz-extension://${EXTENSION_UUID}`;
  try {
    const installed = await browser.installExtension(loaded);
    if (installed !== geckoId) throw new Error(`Installed ${installed}, expected ${geckoId}`);
  } catch (error) {
    await browser.close();
    await rm(copyDir, { recursive: true, force: true });
    throw error;
  }
  const connection = (browser as unknown as { connection: BidiConnection }).connection;

  async function chromeEval<T>(expression: string): Promise<T> {
    const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const contexts = (result as { contexts: { context: string; url: string }[] }).contexts;
    // The main browser window, not a popup window the add-on opened (those hide their toolbar).
    let win: { context: string } | undefined;
    for (const candidate of contexts.filter((c) => c.url === 'chrome://browser/content/browser.xhtml')) {
      const hidden = (
        await connection.send('script.evaluate', {
          expression: `document.documentElement.getAttribute('chromehidden') ?? ''`,
          target: { context: candidate.context },
          awaitPromise: false,
        })
      ).result as BidiEvaluation;
      if (!String(hidden.result?.value ?? '').includes('toolbar')) {
        win = candidate;
        break;
      }
    }
    if (!win) throw new Error(`No main browser window in the chrome tree: ${JSON.stringify(contexts)}`);
    const evaluated = (
      await connection.send('script.evaluate', {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context: win.context },
        awaitPromise: true,
      })
    ).result as BidiEvaluation;
    if (evaluated.type === 'exception') throw new Error(`In the chrome window: ${evaluated.exceptionDetails?.text}`);
    const json = evaluated.result?.value;
    return (typeof json === 'string' ? JSON.parse(json) : undefined) as T;
  }

  async function open(path: string): Promise<Page> {
    const url = `${origin}/${path}`;
    const page = await browser.newPage();
    // No load event comes for an extension page: navigate without waiting, then read the document until loaded.
    const context = (
      page.mainFrame() as unknown as { browsingContext: { navigate(u: string, w: string): Promise<void> } }
    ).browsingContext;
    await context.navigate(url, 'none');
    await waitUntil(
      () => page.evaluate(() => [location.href, document.readyState]).catch((error: Error) => [error.message, '']),
      ([href, state]) => href === url && state === 'complete',
      `${url} to load`,
      30_000,
    );
    return page;
  }

  async function openPage(url: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  /** Wait (in the chrome window) for a XUL popup to reach `state`; part of an expression. */
  const popupState = (popup: string, state: 'open' | 'closed') => `
    new Promise((done, fail) => {
      const popup = ${popup};
      const started = Date.now();
      const check = () => {
        if (popup.state === '${state}') return done(true);
        if (Date.now() - started > 5000) return fail(new Error('The menu never became ${state}: ' + popup.state));
        setTimeout(check, 25);
      };
      check();
    })`;
  const contextMenu = `document.getElementById('contentAreaContextMenu')`;

  async function captureWithContextMenu(
    page: Page,
    label: string,
    at = { x: 40, y: 30 },
    timeoutMs = 15_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await page.bringToFront();
      await page.mouse.click(at.x, at.y, { button: 'right' });
      await chromeEval(popupState(contextMenu, 'open'));
      const picked = await chromeEval<string[] | true>(`(async () => {
        const root = document.getElementById(${JSON.stringify(`${menuPrefix}capture`)});
        if (!root) return ['(no "Add to Waypoint" menu)'];
        const submenu = root.menupopup ?? root.querySelector('menupopup');
        root.openMenu(true);
        await ${popupState('submenu', 'open')};
        const items = [...submenu.querySelectorAll('menuitem')];
        const item = items.find((e) => e.getAttribute('label') === ${JSON.stringify(label)});
        if (!item) return items.map((e) => e.getAttribute('label'));
        submenu.activateItem(item);
        return true;
      })()`);
      if (picked === true) {
        await chromeEval(popupState(contextMenu, 'closed'));
        return;
      }
      await chromeEval(`(${contextMenu}.hidePopup(), ${popupState(contextMenu, 'closed')})`);
      if (Date.now() > deadline)
        throw new Error(`"${label}" never showed in Add to Waypoint; the menu had: ${picked.join(', ')}`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }

  async function waitForOpened(path: string, timeoutMs = 15_000): Promise<Page> {
    const prefix = `${origin}/${path}`;
    const found = await waitUntil(
      async () => {
        for (const page of await browser.pages()) {
          const state = await page.evaluate(() => [location.href, document.readyState]).catch(() => ['', '']);
          if (state[0]?.startsWith(prefix) && state[1] === 'complete') return page;
        }
        return null;
      },
      (page) => page !== null,
      `a page at ${prefix}`,
      timeoutMs,
    );
    return found as Page;
  }

  async function sidebarText(from: Page): Promise<string | null> {
    return from.evaluate(() => {
      type Views = { extension: { getViews(filter: { type: string }): Window[] } };
      const [view] = (globalThis as unknown as { browser: Views }).browser.extension.getViews({ type: 'sidebar' });
      if (view?.document.readyState !== 'complete') return null;
      // biome-ignore lint/performance/useDomNodeTextContent: what is rendered (CSS applied), as a person reads it
      return view.document.body.innerText;
    });
  }

  return {
    browser,
    origin,
    open,
    openPage,
    chromeEval,
    captureWithContextMenu,
    waitForOpened,
    sidebarText,
    async close() {
      await browser.close().catch(() => {});
      await rm(copyDir, { recursive: true, force: true });
    },
  };
}

/** The form control of `page` whose <label> reads `label` (exactly), inside the element labelled `scope`. */
export async function field(page: Page, label: string, scope?: string): Promise<ElementHandle<Element>> {
  const handle = await waitUntil(
    () =>
      page.evaluateHandle(
        (labelText, scopeName) => {
          const root = scopeName
            ? [...document.querySelectorAll('[aria-label]')].find((e) => e.getAttribute('aria-label') === scopeName)
            : document;
          if (!root) return null;
          const found = [...root.querySelectorAll('label')].find(
            (l) => (l.querySelector('span')?.textContent ?? l.textContent)?.trim() === labelText,
          );
          return found?.control ?? null;
        },
        label,
        scope ?? null,
      ),
    (h) => h.asElement() !== null,
    `a field labelled ${label}${scope ? ` in ${scope}` : ''}`,
  );
  return handle.asElement() as ElementHandle<Element>;
}

/** The button of `page` whose text is `name` (exactly), inside the element labelled `scope`. */
export async function button(page: Page, name: string, scope?: string): Promise<ElementHandle<Element>> {
  const handle = await waitUntil(
    () =>
      page.evaluateHandle(
        (text, scopeName) => {
          const root = scopeName
            ? [...document.querySelectorAll('[aria-label]')].find((e) => e.getAttribute('aria-label') === scopeName)
            : document;
          return [...(root?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === text) ?? null;
        },
        name,
        scope ?? null,
      ),
    (h) => h.asElement() !== null,
    `a button ${name}${scope ? ` in ${scope}` : ''}`,
  );
  return handle.asElement() as ElementHandle<Element>;
}

/** The visible text of a page's body. */
export const textOf = (page: Page): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered (CSS applied), as a person reads it
  page.evaluate(() => document.body.innerText);
