// The side panel's "This page" section lists the tasks of the page in the active tab and follows tab switches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';
import { row } from './ui';

let browser: ExtensionBrowser;
let site: FixtureServer;

beforeAll(async () => {
  site = await serveFixtures({
    '/spec': '<!doctype html><title>Checkout spec</title><h1>Checkout spec</h1><p>Pay with one click.</p>',
    '/faq': '<!doctype html><title>Support FAQ</title><h1>FAQ</h1><p>How do refunds work?</p>',
    '/blank': '<!doctype html><title>Unrelated page</title><h1>Nothing captured here</h1>',
  });
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function openAndCapture(path: string, selectionText?: string) {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}${path}`);
  const tab = await tabOf(browser.worker, `${site.origin}${path}`);
  if (selectionText !== undefined) {
    await clickContextMenu(
      browser.worker,
      { menuItemId: 'capture:inbox', pageUrl: tab.url, editable: false, ...(selectionText ? { selectionText } : {}) },
      tab,
    );
  }
  return page;
}

/** The page the background considers active, as published to the side panel. */
const activeUrl = () =>
  browser.worker.evaluate(async () => {
    const { activePage } = await chrome.storage.session.get('activePage');
    return (activePage as { url?: string } | null)?.url ?? null;
  });

const waitForActive = (url: string) =>
  expect.poll(activeUrl, { message: `The active page never became ${url}` }).toBe(url);

describe('side panel', () => {
  it('lists the tasks of the active tab under "This page" and follows tab switches', async () => {
    const spec = await openAndCapture('/spec', '');
    const faq = await openAndCapture('/faq', 'How do refunds work?');
    const blank = await openAndCapture('/blank');

    // The panel runs in a tab of its own; opening it passes through about:blank (not a web page), so bring
    // the page to the front afterwards, as a user does when they switch back.
    const panel = await browser.open('sidepanel.html');
    await spec.bringToFront();
    await waitForActive(`${site.origin}/spec`);
    const thisPage = panel.getByRole('region', { name: 'This page' });
    const list = thisPage.getByRole('list', { name: 'Tasks from this page' });
    await row(list, 'Checkout spec').waitFor();
    await expect.poll(() => list.locator('li.task').count()).toBe(1);
    await expect.poll(() => thisPage.textContent()).toContain('Checkout spec');

    await faq.bringToFront();
    await waitForActive(`${site.origin}/faq`);
    // A selection is titled by its page; the quote stays private.
    await row(list, 'Support FAQ').waitFor();
    await row(list, 'Checkout spec').waitFor({ state: 'detached' });
    await expect.poll(() => list.locator('li.task').count()).toBe(1);

    await blank.bringToFront();
    await waitForActive(`${site.origin}/blank`);
    await thisPage.waitFor({ state: 'detached' });
    // The panel still offers to capture the page it now follows.
    await panel.getByRole('button', { name: 'Capture this page' }).click();
    await row(panel.getByRole('list', { name: 'Tasks from this page' }), 'Unrelated page').waitFor();

    await spec.bringToFront();
    await waitForActive(`${site.origin}/spec`);
    await row(list, 'Checkout spec').waitFor();
    await expect.poll(() => list.locator('li.task').count()).toBe(1);
    await panel.close();
  });
});
