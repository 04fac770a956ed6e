// The in-page capture dialog against a hostile page, from the attacker's side: a page on a real host name
// (https://evil.example, a throwaway certificate and Chromium's host-resolver rules) whose own scripts try to
// detect Waypoint, read or forge the dialog's messages, navigate its frame to a phishing form, fade it over a
// bait button, steal the focus to read what the person types, close it with a frame of their own, and turn
// "Open it" into the task list inside the page. A copy of the build is granted the host (as a real menu click
// grants activeTab). Also: the dialog opens with the focus in its title, so typing and Enter just work.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchExtension,
  type RealHostServer,
  serveOnRealHosts,
  tabOf,
} from './harness';
import { storedTasks } from './ui';

const ARTICLE = 'https://evil.example/article';
const PAGE = `<!doctype html><title>Quarterly numbers</title><h1>Quarterly numbers</h1>
<input id="steal" aria-label="Search">
<script>
  // The attacker's log of everything the page could learn.
  window.log = { messages: [], keys: [] };
  addEventListener('message', (e) => log.messages.push(JSON.stringify(e.data)));
  document.addEventListener('keydown', (e) => log.keys.push(e.key), true);
</script>`;
const PHISH =
  '<!doctype html><title>Sign in</title><h1>Waypoint needs you to sign in again</h1><input name="password">';

let hosts: RealHostServer;
let browser: ExtensionBrowser;
let copy: string;

beforeAll(async () => {
  hosts = await serveOnRealHosts(['evil.example'], (_host, path, res) => {
    const html = path === '/article' ? PAGE : path === '/phish' ? PHISH : null;
    if (html === null) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  copy = mkdtempSync(join(tmpdir(), 'waypoint-hostile-build-'));
  cpSync(EXTENSION_DIR, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = ['https://evil.example/*'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  browser = await launchExtension({ extensionDir: copy, args: hosts.args });
});
afterAll(async () => {
  await browser?.close();
  await hosts?.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

const dialogFrame = (page: Page) => page.frames().find((f) => f.url().includes('/capture.html'));

let visit = 0;
/** Open the hostile article (or use the given tab on it) and "Choose project…"; resolves with the dialog's frame. */
async function openDialog(page?: Page): Promise<{ page: Page; frame: Frame }> {
  const tabPage = page ?? (await browser.context.newPage());
  // A fresh query per tab, so the lookup cannot find a tab an earlier test is still closing.
  if (!page) await tabPage.goto(`${ARTICLE}?visit=${++visit}`);
  const tab = await tabOf(browser.worker, tabPage.url());
  const opened = tabPage.waitForEvent('framenavigated', { predicate: (f) => f.url().includes('/capture.html') });
  await clickContextMenu(browser.worker, { menuItemId: 'capture:choose', pageUrl: tab.url, editable: false }, tab);
  const frame = await opened;
  await frame.getByRole('heading', { name: 'Add to Waypoint' }).waitFor();
  return { page: tabPage, frame };
}

const save = (frame: Frame) => frame.getByRole('button', { name: 'Save' });
// Save turns on once the host has shown the frame (the dialog reported ready) and it is seen unobstructed: on a
// loaded machine that takes more than expect.poll's default second.
const armed = (frame: Frame) => expect.poll(() => save(frame).isEnabled(), { timeout: 10_000 }).toBe(true);
const attackerLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { log: { messages: string[]; keys: string[] } }).log);

describe('a hostile page', () => {
  it('cannot tell that Waypoint is installed: its pages answer no probe', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${ARTICLE}?visit=probe`);
    const probe = await page.evaluate(async (id) => {
      try {
        const response = await fetch(`chrome-extension://${id}/capture.html`);
        return `status ${response.status}: ${(await response.text()).slice(0, 40)}`;
      } catch {
        return 'unreachable';
      }
    }, browser.extensionId);
    expect(probe).toBe('unreachable');
    // Nor can it frame the dialog by the extension's fixed id: that load fails…
    await page.evaluate((id) => {
      const frame = document.createElement('iframe');
      frame.src = `chrome-extension://${id}/capture.html`;
      document.body.append(frame);
    }, browser.extensionId);
    await expect.poll(() => page.frames().map((f) => f.url())).toContain('chrome-error://chromewebdata/');
    // …while Waypoint itself shows it through the per-session dynamic URL.
    await openDialog(page);
    await page.close();
  });

  it('gets the focus in the title at once: typing and Enter save, and nothing reaches the page', async () => {
    const before = (await storedTasks(browser.worker)).length;
    const { page, frame } = await openDialog();
    await expect.poll(() => frame.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');
    await armed(frame);
    // No click into the dialog first: the keys go where the focus already is.
    await page.keyboard.type('Check the quarterly numbers');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialogFrame(page)).toBeUndefined();
    await expect
      .poll(async () => (await storedTasks(browser.worker)).map((t) => t.title))
      .toContain('Check the quarterly numbers');
    expect((await storedTasks(browser.worker)).length).toBe(before + 1);
    // The handshake never went through the page: it heard no message and no key.
    expect(await attackerLog(page)).toEqual({ messages: [], keys: [] });
    await page.close();
  });

  it('cannot navigate the frame to its own form inside the dialog: the dialog goes away', async () => {
    const { page, frame } = await openDialog();
    // The dialog is shown (ready): a navigation before that is covered by the host's 3 s timeout instead.
    await armed(frame);
    // The frame sits in a closed shadow root and says nothing to the page: the page has no handle on it…
    expect(await page.evaluate(() => window.length)).toBe(0);
    // …and should one leak, a navigation of the frame (here by DevTools) ends the dialog instead of framing a form.
    await frame.goto('https://evil.example/phish').catch(() => undefined);
    await expect.poll(() => page.frames().length, { timeout: 5000 }).toBe(1);
    expect(page.frames().some((f) => f.url().includes('/phish'))).toBe(false);
    await page.close();
  });

  it('cannot click Save through a faded or covered dialog', async () => {
    const before = (await storedTasks(browser.worker)).length;
    const { page, frame } = await openDialog();
    await armed(frame);
    // Fade the dialog and put a bait button where Save is.
    const box = await save(frame).boundingBox();
    await page.evaluate((rect) => {
      const host = document.documentElement.lastElementChild as HTMLElement;
      host.style.opacity = '0';
      const bait = document.createElement('button');
      bait.textContent = 'Claim your prize';
      bait.setAttribute(
        'style',
        `position:fixed;left:${rect?.x}px;top:${rect?.y}px;width:${rect?.width}px;height:${rect?.height}px;z-index:1`,
      );
      document.body.append(bait);
    }, box);
    await expect.poll(() => save(frame).isDisabled()).toBe(true);
    await frame.getByText(/Save turns on when nothing on the page covers or fades this dialog/).waitFor();
    await page.mouse.click((box?.x ?? 0) + 5, (box?.y ?? 0) + 5);
    await frame.getByLabel('Title').press('Enter');
    // Visible again: Save comes back, so it was the fading that held it.
    await page.evaluate(() => {
      (document.documentElement.lastElementChild as HTMLElement).style.opacity = '1';
    });
    await armed(frame);
    expect((await storedTasks(browser.worker)).length).toBe(before);

    // Covered by an element of the page on top: held again.
    await page.evaluate((rect) => {
      const cover = document.createElement('div');
      cover.id = 'cover';
      cover.setAttribute(
        'style',
        `position:fixed;left:${(rect?.x ?? 0) - 4}px;top:${(rect?.y ?? 0) - 4}px;width:80px;height:40px;z-index:2147483647;background:rgba(255,255,255,.01);pointer-events:none`,
      );
      document.documentElement.append(cover);
    }, box);
    await expect.poll(() => save(frame).isDisabled()).toBe(true);
    await page.evaluate(() => document.getElementById('cover')?.remove());
    await armed(frame);
    await frame.getByLabel('Title').press('Escape');
    await expect.poll(() => dialogFrame(page)).toBeUndefined();
    expect((await storedTasks(browser.worker)).length).toBe(before);
    await page.close();
  });

  it('cannot close the dialog with a frame or a message of its own', async () => {
    const { page, frame } = await openDialog();
    await page.evaluate((id) => {
      const own = document.createElement('iframe');
      own.src = `chrome-extension://${id}/capture.html?id=00000000-0000-4000-8000-000000000000&inline=1`;
      document.body.append(own);
      window.postMessage({ type: 'waypoint-capture-close' }, '*');
      for (let i = 0; i < window.length; i++) window.frames[i]?.postMessage({ type: 'waypoint-capture-close' }, '*');
    }, browser.extensionId);
    // The page's frame never loads the dialog (no page may load Waypoint's pages by the fixed id)…
    await expect.poll(() => page.frames().filter((f) => f.url() === 'chrome-error://chromewebdata/').length).toBe(1);
    // …and the real dialog still works: it saves.
    await armed(frame);
    await frame.getByLabel('Title').fill('Saved despite the forged close');
    await frame.getByLabel('Title').press('Enter');
    await expect
      .poll(async () => (await storedTasks(browser.worker)).map((t) => t.title))
      .toContain('Saved despite the forged close');
    await page.close();
  });

  it('keeps Tab inside the dialog', async () => {
    const { page, frame } = await openDialog();
    await expect.poll(() => frame.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await frame.evaluate(() => document.hasFocus())).toBe(true);
    expect((await attackerLog(page)).keys).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialogFrame(page)).toBeUndefined();
    await page.close();
  });

  it('cannot steal the focus to read what the person types: the dialog moves to its own window', async () => {
    const { page, frame } = await openDialog();
    await frame.getByLabel('Title').fill('Merger with Initech');
    const [moved] = await Promise.all([
      browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/capture.html') }),
      page.evaluate(() => {
        const steal = document.getElementById('steal') as HTMLInputElement;
        (window as unknown as { thief: number }).thief = window.setInterval(() => steal.focus(), 20);
      }),
    ]);
    await expect.poll(() => dialogFrame(page)).toBeUndefined();
    await moved.getByText(/The page tried to take the keyboard from this dialog/).waitFor();
    // The same capture continues there, out of the page's reach.
    await moved.getByLabel('Title').fill('Merger with Initech, final terms');
    await Promise.all([
      moved.waitForEvent('close'),
      moved
        .getByLabel('Title')
        .press('Enter')
        .catch(() => undefined),
    ]);
    await expect
      .poll(async () => (await storedTasks(browser.worker)).map((t) => t.title))
      .toContain('Merger with Initech, final terms');
    expect(await page.evaluate(() => (document.getElementById('steal') as HTMLInputElement).value)).toBe('');
    expect((await attackerLog(page)).keys).toEqual([]);
    await page.close();
  });

  it("opens an existing task in a window of its own, never inside the page's frame", async () => {
    const first = await openDialog();
    await armed(first.frame);
    await first.page.keyboard.press('Enter');
    await expect.poll(() => dialogFrame(first.page)).toBeUndefined();
    // The same page again: the dialog offers the task it already has.
    const { page, frame } = await openDialog(first.page);
    await frame.getByText(/Already a task in/).waitFor();
    const [opened] = await Promise.all([
      browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/popup.html?task=') }),
      frame.getByRole('button', { name: 'Open it' }).click(),
    ]);
    expect(opened.url()).toMatch(/\/popup\.html\?task=/);
    expect(frame.url()).toContain('/capture.html');
    await frame.getByRole('heading', { name: 'Add to Waypoint' }).waitFor();
    await opened.close();
    await frame.getByLabel('Title').press('Escape');
    await expect.poll(() => dialogFrame(page)).toBeUndefined();
    await page.close();
  });
});
