// A context-menu capture of a selection on a real page shows up in the popup, with a working source link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';

let browser: ExtensionBrowser;
let site: FixtureServer;

const article = `<!doctype html><title>Quarterly report — ACME</title>
<h1>Quarterly report</h1><p id="quote">Revenue grew 12% while churn fell to 2%.</p>
<p id="evil">&lt;img src=x onerror="document.title='pwned'"&gt; is what the attacker typed</p>`;

beforeAll(async () => {
  site = await serveFixtures({ '/report': article, '/other': '<title>Other page</title><p>nothing here</p>' });
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('capture', () => {
  it('captures a selection from the context menu into the Inbox and shows it in the popup', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/report`);
    const tab = await tabOf(browser.worker, `${site.origin}/report`);
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
    const row = popup.locator('li.task', { hasText: 'Revenue grew 12%' });
    await row.waitFor();
    const link = row.getByRole('link', { name: /Open source/ });
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${site.origin}/report#:~:text=`));
    const [opened] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
    await opened.waitForLoadState();
    expect(opened.url().startsWith(`${site.origin}/report`)).toBe(true);
    await popup.close();
    await opened.close();
    await page.close();
  });
});
