// The Firefox build (.output/firefox-mv2) in a real Firefox (Debian's firefox-esr, WebDriver BiDi), in a team
// with a Chromium teammate on a real server process: join by invitation link, capture a page through the real
// context menu, see it in the popup and in the real sidebar, and see the teammate's edit arrive there.
import type { Locator, Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  button,
  FIREFOX,
  type FirefoxExtension,
  field,
  firefoxInstalled,
  launchFirefoxExtension,
  textOf,
} from './firefox-harness';
import { type ExtensionBrowser, type FixtureServer, launchExtension, serveFixtures } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createSharedProject, createTeamInOptions } from './team';
import { row } from './ui';

// CI installs firefox-esr (.ci/run), so there a missing browser is a failure, not a skip.
const skip = !firefoxInstalled() && !process.env.CI;
if (skip)
  console.warn(
    `Skipping the Firefox end-to-end tests: ${FIREFOX} is not installed. ` +
      'Install it with `apt-get install -y firefox-esr` (.ci/run does), or point FIREFOX_PATH at a Firefox.',
  );

const TEAM = 'Orbit crew';
const PROJECT = 'Launch';
const PAGE_TITLE = 'Roadmap 2027';
const RENAMED = 'Roadmap 2027, reviewed by Ada';
const QUICK_TITLE = 'Print the beta flyers';
const SPEC_TITLE = 'Checkout spec v2';
const DIALOG_TITLE = 'Review the checkout spec';
const QUICK_ADD = `${QUICK_TITLE} #${PROJECT} !2`;

let server: ServerProcess;
let site: FixtureServer;
let chromium: ExtensionBrowser;
let firefox: FirefoxExtension;
let panelA: Page;
let optionsF: FirefoxPage;
let roadmap: FirefoxPage;

/** The open project's task board in a Chromium side panel. */
const projectView = (panel: Page): Locator => panel.locator('article.project #board');

/** The task titles a Firefox extension page lists. */
const taskTitles = (page: FirefoxPage): Promise<string[]> =>
  page.$$eval('li.task button.title', (buttons) => buttons.map((b) => b.textContent?.trim() ?? ''));

describe.skipIf(skip)('the Firefox build in Firefox, with a Chromium teammate', () => {
  beforeAll(async () => {
    [server, site, chromium, firefox] = await Promise.all([
      startServerProcess(),
      serveFixtures({
        '/roadmap': `<!doctype html><title>${PAGE_TITLE}</title><h1>Roadmap</h1><p>Ship the public beta in March.</p>`,
        '/spec': `<!doctype html><title>${SPEC_TITLE}</title><h1>Checkout</h1><p>Card, then address.</p>`,
      }),
      launchExtension(),
      launchFirefoxExtension(),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([firefox?.close(), chromium?.close(), site?.close()]);
    await server?.stop();
  });

  // Two browsers and a server on a shared 2-core machine: more time than one browser's steps get.
  it('joins the Chromium teammate’s team through the invitation link', { timeout: 120_000 }, async () => {
    const optionsA = await createTeamInOptions(chromium, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
    const link = await createInvitation(optionsA);
    panelA = await chromium.open('sidepanel.html');
    await createSharedProject(panelA, PROJECT, TEAM);

    optionsF = await firefox.open('options.html?mode=join#team');
    await (await field(optionsF, 'Invitation link', 'Join a team')).type(link);
    await (await field(optionsF, 'Your name', 'Join a team')).type('Grace');
    await (await button(optionsF, 'Join', 'Join a team')).click();
    await expect.poll(() => textOf(optionsF), { timeout: 20_000 }).toContain(`Signed in to ${server.url} as Grace.`);
    // Both members are listed once the server has told this browser who is in the team.
    await expect
      .poll(() => optionsF.$eval(`ul[aria-label="Members of ${TEAM}"]`, (list) => list.textContent ?? ''))
      .toMatch(/Ada[\s\S]*Grace|Grace[\s\S]*Ada/);
    await optionsA.close();
  });

  it('runs zod without code generation in both browsers (no Function constructor under either CSP)', async () => {
    type ZodGlobal = { __zod_globalConfig?: { jitless?: boolean } };
    // The options page and Chrome's service worker both validate with the shared zod schemas.
    await expect.poll(() => optionsF.evaluate(() => (globalThis as ZodGlobal).__zod_globalConfig?.jitless)).toBe(true);
    expect(await chromium.worker.evaluate(() => (globalThis as ZodGlobal).__zod_globalConfig?.jitless)).toBe(true);
  });

  it('captures a page into the shared project through the real context menu; the popup lists it', {
    timeout: 90_000,
  }, async () => {
    roadmap = await firefox.openPage(`${site.origin}/roadmap`);
    // The project reaches the menu once it has synced down: captureWithContextMenu reopens the menu until then.
    await firefox.captureWithContextMenu(roadmap, PROJECT);
    const popup = await firefox.open('popup.html');
    await expect.poll(() => taskTitles(popup)).toContain(PAGE_TITLE);
    await popup.close();
  });

  it('adds a task to the shared project with the popup’s quick add', { timeout: 90_000 }, async () => {
    const popup = await firefox.open('popup.html');
    const input = await popup.waitForSelector('input[aria-label="Quick add task"]');
    await input?.type(QUICK_ADD);
    // What was understood shows as chips before saving: the project and the priority.
    await expect
      .poll(() => popup.$$eval('.chip', (chips) => chips.map((c) => c.getAttribute('data-kind'))))
      .toEqual(['project', 'priority']);
    await input?.press('Enter');
    await expect.poll(() => taskTitles(popup)).toContain(QUICK_TITLE);
    await expect.poll(() => input?.evaluate((el) => (el as HTMLInputElement).value)).toBe('');
    await popup.close();
  });

  it('“Choose project…” opens the capture dialog in a window of its own; Enter saves the task', {
    timeout: 90_000,
  }, async () => {
    const spec = await firefox.openPage(`${site.origin}/spec`);
    await firefox.captureWithContextMenu(spec, 'Choose project…');
    // Firefox has no in-page dialog (no IntersectionObserver v2): the dialog is a popup window, pre-filled.
    const dialog = await firefox.waitForOpened('capture.html?id=');
    const title = await field(dialog, 'Title');
    await expect.poll(() => title.evaluate((el) => (el as HTMLInputElement).value)).toBe(SPEC_TITLE);
    await title.click({ count: 3 });
    await title.type(DIALOG_TITLE);
    await title.press('Enter');
    // Saved, the dialog closes its window.
    await expect
      .poll(() =>
        dialog
          .evaluate(() => location.href)
          .then(
            (href) => href,
            () => 'closed',
          ),
      )
      .toBe('closed');
    const popup = await firefox.open('popup.html');
    await expect.poll(() => taskTitles(popup)).toContain(DIALOG_TITLE);
    await Promise.all([popup.close(), spec.close()]);
  });

  it('opens the real sidebar from the popup; it shows the task under This page', async () => {
    const popup = await firefox.open('popup.html');
    // A real click: Firefox opens a sidebar only while handling one.
    await (await button(popup, 'Projects')).click();
    await expect
      .poll(() => firefox.chromeEval<string | null>('SidebarController.isOpen ? SidebarController.currentID : null'))
      .toMatch(/-sidebar-action$/);
    // (A real popup then closes itself; Firefox refuses window.close() to a tab it did not open by script.)
    await popup.close();

    // The sidebar follows the active tab: the roadmap page's task is listed under This page.
    await roadmap.bringToFront();
    await expect.poll(() => firefox.sidebarText(optionsF)).toMatch(/This page[\s\S]*Roadmap 2027/i);
  });

  it('the Chromium teammate sees both tasks, and their rename reaches the open Firefox sidebar', {
    timeout: 90_000,
  }, async () => {
    await panelA.getByLabel('Project', { exact: true }).selectOption({ label: PROJECT });
    const captured = row(projectView(panelA), PAGE_TITLE);
    await captured.waitFor({ timeout: 20_000 });
    await row(projectView(panelA), QUICK_TITLE).waitFor();

    await captured.getByRole('button', { name: PAGE_TITLE, exact: true }).click();
    const dialog = panelA.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Title').fill(RENAMED);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => firefox.sidebarText(optionsF), { timeout: 20_000 }).toContain(RENAMED);
    const popup = await firefox.open('popup.html');
    await expect.poll(() => taskTitles(popup)).toContain(RENAMED);
    await popup.close();
  });
});
