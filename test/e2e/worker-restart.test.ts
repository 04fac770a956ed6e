// The MV3 service worker stopped as Chrome stops an idle one, then woken by an event: what it stored is still
// there, what it only held in memory is gone, and captures work on the new worker (`restartServiceWorker`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  restartServiceWorker,
  serveFixtures,
  tabOf,
} from './harness';
import { createProject, row, storedTasks, waitForTasks } from './ui';

let browser: ExtensionBrowser;
let site: FixtureServer;

beforeAll(async () => {
  site = await serveFixtures({
    '/brief': '<!doctype html><title>Venue brief</title><h1>Venue brief</h1>',
    '/contract': '<!doctype html><title>Catering contract</title><h1>Catering contract</h1>',
  });
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function capture(path: string, menuItemId: string) {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}${path}`);
  const tab = await tabOf(browser.worker, `${site.origin}${path}`);
  await clickContextMenu(browser.worker, { menuItemId, pageUrl: tab.url, editable: false }, tab);
  return page;
}

const marker = () => browser.worker.evaluate(() => (globalThis as { __marker?: number }).__marker);

describe('service worker restart', () => {
  it('keeps what the worker stored, loses what it held in memory, and captures on the new worker', async () => {
    const projectId = await createProject(browser, { name: 'Offsite' });
    const brief = await capture('/brief', 'capture:inbox');
    await waitForTasks(browser.worker, (tasks) => tasks.some((t) => t.title === 'Venue brief'));
    await browser.worker.evaluate(() => chrome.storage.session.set({ e2eWrittenBefore: 'kept' }));
    await browser.worker.evaluate(() => {
      (globalThis as { __marker?: number }).__marker = 1;
    });
    await expect(marker()).resolves.toBe(1);

    const before = browser.worker;
    const worker = await restartServiceWorker(browser);
    expect(browser.worker).toBe(worker);
    expect(worker.url()).toBe(before.url());
    // A fresh global scope: the in-memory marker is gone.
    await expect(marker()).resolves.toBeUndefined();
    // What the old worker wrote is still readable by the new one.
    expect((await storedTasks(worker)).map((t) => t.title)).toContain('Venue brief');
    await expect(worker.evaluate(() => chrome.storage.session.get('e2eWrittenBefore'))).resolves.toEqual({
      e2eWrittenBefore: 'kept',
    });

    // The new worker's menu listener captures into the project created before the restart.
    const contract = await capture('/contract', `capture:project:${projectId}`);
    const tasks = await waitForTasks(worker, (all) => all.some((t) => t.title === 'Catering contract'));
    expect(tasks.find((t) => t.title === 'Catering contract')?.projectId).toBe(projectId);

    // Once more, woken this time by a person opening the popup: it lists both tasks.
    await worker.evaluate(() => {
      (globalThis as { __marker?: number }).__marker = 2;
    });
    await restartServiceWorker(browser, (page) => page.goto(`chrome-extension://${browser.extensionId}/popup.html`));
    await expect(marker()).resolves.toBeUndefined();
    const popup = await browser.open('popup.html');
    await row(popup, 'Venue brief').waitFor();
    await row(popup, 'Catering contract').waitFor();
    await expect.poll(() => row(popup, 'Catering contract').locator('.meta').textContent()).toContain('Offsite');
    await Promise.all([popup.close(), brief.close(), contract.close()]);
  });
});
