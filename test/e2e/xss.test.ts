// A captured selection holding markup (`<img src=x onerror=…>`) is shown as text in the popup and side panel, never run.
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

const PAYLOAD = `<img src=x onerror="window.__pwned=1;document.title='pwned'">`;
const FIRST_LINE = `${PAYLOAD} is what the attacker typed`;
const SECOND_LINE = `and <script>window.__pwned=2</script> in the reply`;
const SELECTION = `${FIRST_LINE}\n\n${SECOND_LINE}`;

beforeAll(async () => {
  site = await serveFixtures({
    // The page's title carries the markup too: a selection's task is titled by its page (the quote is private).
    '/forum': `<!doctype html><title>${FIRST_LINE}</title>
<div id="evil"><p>&lt;img src=x onerror="window.__pwned=1;document.title='pwned'"&gt; is what the attacker typed</p>
<p>and &lt;script&gt;window.__pwned=2&lt;/script&gt; in the reply</p></div>`,
  });
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('untrusted captured text', () => {
  // Stateless (a capture, then two pages read): one retry if the loaded machine makes a step miss its timeout.
  it('renders a selection holding an <img onerror> as literal text', { retry: 1 }, async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/forum`);
    // The selection is what the page really shows: read it from the DOM rather than trusting the fixture.
    const selectionText = await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('evil') as HTMLElement);
      const selection = getSelection() as Selection;
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    });
    expect(selectionText.replace(/\n+/g, '\n')).toBe(SELECTION.replace(/\n+/g, '\n'));
    const tab = await tabOf(browser.worker, `${site.origin}/forum`);
    await clickContextMenu(browser.worker, { menuItemId: 'capture:inbox', selectionText, pageUrl: tab.url }, tab);

    for (const path of ['popup.html', 'sidepanel.html']) {
      const ui = await browser.open(path);
      if (path === 'sidepanel.html') await page.bringToFront();
      const title = await ui.title();
      const task = row(ui, FIRST_LINE);
      await task.first().waitFor();
      // Title (the page's) and excerpt (the whole selection) both show the markup as characters.
      await expect.poll(() => task.first().locator('button.title').textContent()).toBe(FIRST_LINE);
      const excerpt = task.first().locator('blockquote');
      await expect.poll(() => excerpt.textContent()).toContain(FIRST_LINE);
      await expect.poll(() => excerpt.textContent()).toContain(SECOND_LINE);
      await expect.poll(() => ui.locator('li.task script').count()).toBe(0);
      await expect.poll(() => ui.locator('li.task img').count()).toBe(0);
      await expect.poll(() => ui.locator('img[src=x]').count()).toBe(0);
      // Give a broken image's error event time to fire, had one been created.
      await ui.waitForTimeout(300);
      await expect(ui.evaluate(() => (window as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
      await expect(ui.title()).resolves.toBe(title);
      expect(title).not.toBe('pwned');
      await ui.close();
    }
    await page.close();
  });
});
