// Accessibility of the extension's pages, checked by axe-core (all its default rules, best practices included)
// in the built extension: the popup and the side panel with captured tasks, the side panel with a project
// open, the options page and the capture dialog. Any violation fails the run with what axe says and where.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';
import { createProject, waitForTasks } from './ui';

const require = createRequire(import.meta.url);
// Extension pages forbid inline scripts (script-src 'self'), so addScriptTag is refused there; evaluating the
// source over CDP is not subject to the page's CSP.
const AXE_SOURCE = readFileSync(require.resolve('axe-core'), 'utf8');
const PROJECT = 'Checkout revamp';

let browser: ExtensionBrowser;
let site: FixtureServer;
let project = '';

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's violations on a page, each as "rule: help — selectors" for a readable failure. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: Document) => Promise<{ violations: Violation[] }> } })
      .axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return found.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function capture(path: string, projectId: string) {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}${path}`);
  const tab = await tabOf(browser.worker, `${site.origin}${path}`);
  await clickContextMenu(
    browser.worker,
    { menuItemId: `capture:project:${projectId}`, pageUrl: tab.url, editable: false },
    tab,
  );
  return page;
}

beforeAll(async () => {
  site = await serveFixtures({
    '/spec': '<!doctype html><title>Checkout spec v2</title><h1>Checkout spec</h1><p>Pay with one click.</p>',
    '/faq': '<!doctype html><title>Support FAQ</title><h1>FAQ</h1><p>How do refunds work?</p>',
  });
  browser = await launchExtension();
  project = await createProject(browser, { name: PROJECT, domainRule: '127.0.0.1' });
  await capture('/spec', project);
  await capture('/faq', project);
  await waitForTasks(browser.worker, (tasks) => tasks.length === 2);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('axe-core finds no violations', () => {
  it('in the popup with tasks and their source links', async () => {
    const popup = await browser.open('popup.html');
    await popup
      .getByRole('link', { name: /Checkout spec v2/ })
      .first()
      .waitFor();
    expect(await violations(popup)).toEqual([]);
    await popup.close();
  });

  it('in the popup empty state', async () => {
    // A second profile with nothing in it.
    const empty = await launchExtension();
    try {
      const popup = await empty.open('popup.html');
      await popup.getByText('Nothing to do yet.').waitFor();
      expect(await violations(popup)).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('in the side panel with a project open', async () => {
    const panel = await browser.open('sidepanel.html');
    await panel.getByLabel('Project', { exact: true }).selectOption(project);
    await panel.locator('article.project').getByRole('heading', { name: PROJECT }).waitFor();
    await panel.locator('article.project').getByText('Checkout spec v2').first().waitFor();
    expect(await violations(panel)).toEqual([]);
    await panel.close();
  });

  it('in the options page', async () => {
    const options = await browser.open('options.html');
    await options.getByRole('heading', { name: 'Team' }).waitFor();
    await options.getByRole('region', { name: 'Keyboard' }).waitFor();
    expect(await violations(options)).toEqual([]);
    await options.close();
  });

  it('in the capture dialog', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/spec`);
    const tab = await tabOf(browser.worker, `${site.origin}/spec`);
    const [dialog] = await Promise.all([
      browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/capture.html') }),
      clickContextMenu(browser.worker, { menuItemId: 'capture:choose', pageUrl: tab.url, editable: false }, tab),
    ]);
    await dialog.getByRole('heading', { name: 'Add to Waypoint' }).waitFor();
    await expect.poll(() => dialog.getByLabel(/^Project/).inputValue()).toBe(project);
    expect(await violations(dialog)).toEqual([]);
    await dialog.close();
    await page.close();
  });
});
