// Context-menu captures (selection, link, page; Inbox and a project) show up in the popup; a page is never duplicated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';
import { createProject, row, storedTasks, waitForTasks } from './ui';

let browser: ExtensionBrowser;
let site: FixtureServer;

const article = `<!doctype html><title>Quarterly report — ACME</title>
<h1>Quarterly report</h1><p id="quote">Revenue grew 12% while churn fell to 2%.</p>
<p><a id="deck" href="/deck">Board deck for Q3</a></p>`;

beforeAll(async () => {
  site = await serveFixtures({
    '/report': article,
    '/roadmap': '<!doctype html><title>Roadmap 2027</title><h1>Roadmap</h1>',
    '/pricing': '<!doctype html><title>Pricing page draft</title><h1>Pricing</h1>',
  });
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function openTab(path: string) {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}${path}`);
  return { page, tab: await tabOf(browser.worker, `${site.origin}${path}`) };
}

describe('capture', () => {
  it('captures a selection into the Inbox, titled by its page (the quote stays private), linking to the quote', async () => {
    const { page, tab } = await openTab('/report');
    await clickContextMenu(
      browser.worker,
      {
        menuItemId: 'capture:inbox',
        selectionText: 'Revenue grew 12% while churn fell to 2%.',
        pageUrl: tab.url,
        editable: false,
      },
      tab,
    );
    const popup = await browser.open('popup.html');
    const task = popup.locator('li.task', { hasText: 'Revenue grew 12%' });
    await expect.poll(() => task.locator('button.title').textContent()).toBe('Quarterly report — ACME');
    await task.waitFor();
    const link = task.getByRole('link', { name: /Open source/ });
    await expect.poll(() => link.getAttribute('href')).toMatch(new RegExp(`^${site.origin}/report#:~:text=`));
    const [opened] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
    await opened.waitForLoadState();
    expect(opened.url().startsWith(`${site.origin}/report`)).toBe(true);
    await popup.close();
    await opened.close();
    await page.close();
  });

  it('captures a link under its link text, with its target as the source and the page as context', async () => {
    const { page, tab } = await openTab('/report');
    await clickContextMenu(
      browser.worker,
      {
        menuItemId: 'capture:inbox',
        linkUrl: `${site.origin}/deck`,
        linkText: 'Board deck for Q3',
        pageUrl: tab.url,
        editable: false,
      },
      tab,
    );
    const popup = await browser.open('popup.html');
    const task = row(popup, 'Board deck for Q3');
    await task.waitFor();
    await expect.poll(() => task.getByRole('link', { name: /^Open source: Board deck for Q3 on / }).count()).toBe(1);
    // The row shows what is stored: the row being there, the task is.
    const stored = (await storedTasks(browser.worker)).find((t) => t.title === 'Board deck for Q3');
    expect(stored?.source).toMatchObject({ kind: 'link', url: `${site.origin}/deck`, contextUrl: tab.url });
    expect(stored?.projectId).toBeNull();
    await popup.close();
    await page.close();
  });

  it('captures a page into a project created in the side panel (menu id capture:project:<id>)', async () => {
    const projectId = await createProject(browser, { name: 'Website relaunch' });
    const { page, tab } = await openTab('/roadmap');
    await clickContextMenu(
      browser.worker,
      { menuItemId: `capture:project:${projectId}`, pageUrl: tab.url, editable: false },
      tab,
    );
    const popup = await browser.open('popup.html');
    const task = row(popup, 'Roadmap 2027');
    await task.waitFor();
    await expect.poll(() => task.locator('.meta').textContent()).toContain('Website relaunch');
    const stored = (await storedTasks(browser.worker)).find((t) => t.title === 'Roadmap 2027');
    expect(stored).toMatchObject({ projectId, source: { kind: 'page', url: `${site.origin}/roadmap` } });
    await popup.close();
    await page.close();
  });

  it('capturing the same page twice offers the existing task instead of adding a second one', async () => {
    const { page, tab } = await openTab('/pricing');
    const url = `${site.origin}/pricing`;
    const notifications = () =>
      browser.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()).length);
    const info = { menuItemId: 'capture:inbox', pageUrl: tab.url, editable: false };
    // Each capture ends with a notification ("Added to Inbox", then "Already a task"): count them from here.
    const before = await notifications();
    await clickContextMenu(browser.worker, info, tab);
    await waitForTasks(browser.worker, (tasks) => tasks.some((t) => t.source?.url === url));
    await expect.poll(notifications).toBe(before + 1);
    await clickContextMenu(browser.worker, info, tab);
    // The second capture has finished once its "Already a task" notification exists.
    await expect.poll(notifications, { message: 'The second capture never announced itself' }).toBe(before + 2);
    const popup = await browser.open('popup.html');
    await row(popup, 'Pricing page draft').first().waitFor();
    await expect.poll(() => row(popup, 'Pricing page draft').count()).toBe(1);
    await expect.poll(() => popup.getByRole('link', { name: /^Open source: Pricing page draft on / }).count()).toBe(1);
    const stored = (await storedTasks(browser.worker)).filter((t) => t.source?.url === url && !t.deleted);
    expect(stored).toHaveLength(1);
    await popup.close();
    await page.close();
  });
});
