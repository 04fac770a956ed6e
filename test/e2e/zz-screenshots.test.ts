// README screenshots: realistic data seeded through the real UI and context menu, then popup and side panel PNGs.
import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
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
import { createProject, quickAdd, row } from './ui';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');

let browser: ExtensionBrowser;
let site: FixtureServer;

const page = (title: string, body: string) => `<!doctype html><title>${title}</title><h1>${title}</h1>${body}`;

beforeAll(async () => {
  site = await serveFixtures({
    '/launch-plan': page(
      'Launch plan — Waypoint 1.0',
      '<p>Press kit: final logo files and screenshots</p><p><a href="/survey">Beta feedback survey results</a></p>',
    ),
    '/pricing': page('Pricing page draft v3', '<p>Team plan: 6 € per seat.</p>'),
    '/survey': page('Beta feedback survey results', '<p>42 answers.</p>'),
    '/blog': page('Company blog — drafts', '<p>Write the launch announcement for the blog</p>'),
  });
  // Realistic host names in the screenshots: *.acme.example resolves to the fixture server on 127.0.0.1.
  browser = await launchExtension({
    args: ['--host-resolver-rules=MAP *.acme.example 127.0.0.1', '--disable-features=HttpsUpgrades'],
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Each fixture under its own realistic host, all served by the one fixture server. */
const HOSTS: Record<string, string> = {
  '/launch-plan': 'wiki.acme.example',
  '/pricing': 'www.acme.example',
  '/survey': 'forms.acme.example',
  '/blog': 'blog.acme.example',
};
const origin = (path: string) => `http://${HOSTS[path]}:${new URL(site.origin).port}${path}`;

const pad = (n: number) => String(n).padStart(2, '0');
function dayFromToday(days: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Set due date (and priority) through the task editor dialog, as a user would. */
async function editTask(popup: Page, title: string, { due, priority }: { due?: string; priority?: number }) {
  await row(popup, title).locator('button.title').click();
  const dialog = popup.getByRole('dialog', { name: 'Edit task' });
  if (due) await dialog.getByLabel('Due date', { exact: true }).fill(due);
  if (priority) await dialog.getByLabel('Priority').selectOption(String(priority));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('README screenshots', () => {
  it('writes docs/screenshots/popup.png, sidepanel.png and dashboard.png from realistic data', async () => {
    await mkdir(OUT, { recursive: true });
    const launchId = await createProject(browser, {
      name: 'Product launch',
      objective: 'Ship Waypoint 1.0 to the first 50 teams, with a press kit, pricing and a smooth onboarding.',
      domainRule: 'acme.example',
      // The team shares quotes here, so a selection is titled by its first line.
      shareQuotes: true,
    });

    const tabs: Record<string, Page> = {};
    const capture = async (path: string, info: Record<string, unknown>) => {
      const url = origin(path);
      if (!tabs[path]) {
        tabs[path] = await browser.context.newPage();
        await tabs[path].goto(url);
      }
      const tab = await tabOf(browser.worker, url);
      await clickContextMenu(browser.worker, { menuItemId: `capture:project:${launchId}`, pageUrl: url, ...info }, tab);
    };
    await capture('/launch-plan', { selectionText: 'Press kit: final logo files and screenshots' });
    await capture('/pricing', {});
    await capture('/launch-plan', { linkUrl: origin('/survey'), linkText: 'Beta feedback survey results' });
    await capture('/blog', { selectionText: 'Write the launch announcement for the blog' });

    const popup = await browser.open('popup.html');
    await row(popup, 'Write the launch announcement for the blog').waitFor();
    await editTask(popup, 'Press kit: final logo files and screenshots', { due: dayFromToday(-2), priority: 1 });
    await editTask(popup, 'Pricing page draft v3', { due: dayFromToday(0), priority: 2 });
    await editTask(popup, 'Beta feedback survey results', { due: dayFromToday(2) });
    await editTask(popup, 'Write the launch announcement for the blog', { due: dayFromToday(5), priority: 2 });
    await quickAdd(popup, 'Book demo call with ACME tomorrow 10am #Product launch !1', 'Book demo call with ACME');
    await quickAdd(
      popup,
      'Email beta testers about onboarding today #Product launch',
      'Email beta testers about onboarding',
    );
    await quickAdd(popup, 'Submit the expense report !3', 'Submit the expense report');
    await editTask(popup, 'Submit the expense report', { due: dayFromToday(-1) });
    await quickAdd(popup, 'Renew the waypoint.app domain', 'Renew the waypoint.app domain');
    await quickAdd(
      popup,
      'Record the product walkthrough video #Product launch',
      'Record the product walkthrough video',
    );
    // A click, not check(): the row leaves for the collapsed "Done today", so check() cannot see it checked.
    await popup.getByRole('checkbox', { name: 'Complete “Record the product walkthrough video”' }).click();
    await row(popup, 'Record the product walkthrough video').waitFor({ state: 'detached' });
    await popup.close();

    // The popup, freshly opened, as the user sees it from the toolbar.
    const shot = await browser.context.newPage();
    await shot.setViewportSize({ width: 400, height: 600 });
    await shot.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await row(shot, 'Book demo call with ACME').waitFor();
    await expect.poll(() => shot.getByRole('list', { name: 'Overdue' }).locator('li.task').count()).toBe(2);
    await shot.screenshot({ path: resolve(OUT, 'popup.png') });
    await shot.close();

    // The side panel next to the launch plan page: "This page" on top, then the project.
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width: 420, height: 800 });
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    // A returning user who chose to work alone: the team onboarding card is dismissed.
    await panel.getByRole('button', { name: 'Use without a server' }).click();
    await tabs['/launch-plan']?.bringToFront();
    // A link capture's source is the link's target, so this page lists what was captured from the page itself.
    await row(
      panel.getByRole('list', { name: 'Tasks from this page' }),
      'Press kit: final logo files and screenshots',
    ).waitFor();
    await panel.getByRole('heading', { name: 'Product launch' }).waitFor();
    await panel.mouse.move(0, 799); // no row in hover state
    await panel.screenshot({ path: resolve(OUT, 'sidepanel.png') });
    await panel.close();

    // The project dashboard: a launch run from the template, with its tasks placed in milestones.
    const dash = await browser.context.newPage();
    await dash.setViewportSize({ width: 440, height: 1500 });
    await dash.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await dash.getByRole('button', { name: 'New project', exact: true }).click();
    const dialog = dash.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Start from').selectOption({ label: 'Template: Product launch' });
    await dialog.getByLabel('Starting on').fill(dayFromToday(-9));
    await dialog.getByLabel('Name').fill('Waypoint 1.0 launch');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.waitFor({ state: 'detached' });
    const board = dash.locator('#board');
    for (const [title, milestone] of [
      ['Finalise the positioning one-pager', /Positioning and pricing/],
      ['Pricing page copy review', /Positioning and pricing/],
      ['Sales enablement deck', /Sales and support trained/],
    ] as const) {
      await dash.getByLabel('Quick add task').fill(title);
      await dash.getByLabel('Quick add task').press('Enter');
      await row(board, title).waitFor();
      await row(board, title).locator('button.title').click();
      const editor = dash.getByRole('dialog', { name: 'Edit task' });
      const select = editor.getByLabel('Milestone');
      // The milestones come from a live query that answers after the dialog opens: wait for the one to pick.
      const option = select.locator('option', { hasText: milestone });
      await option.waitFor({ state: 'attached' });
      await select.selectOption({ label: (await option.textContent()) ?? '' });
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.waitFor({ state: 'detached' });
    }
    await row(board, 'Finalise the positioning one-pager').getByRole('checkbox').first().check();
    await dash.getByLabel('Quick add task').fill('Update the changelog');
    await dash.getByLabel('Quick add task').press('Enter');
    await row(board, 'Update the changelog').waitFor();
    await dash
      .locator('#status-updates')
      .getByRole('button', { name: /Post an update/ })
      .click();
    await dash
      .getByLabel(/What happened/)
      .fill('Positioning is signed off. Pricing copy in review; the payment provider is the open question.');
    await dash.getByRole('button', { name: 'Post update' }).click();
    await dash.locator('#status-updates .dash-item').waitFor();
    await dash.getByRole('button', { name: 'Dismiss' }).click();
    await dash.evaluate(() => window.scrollTo(0, 0));
    await dash.mouse.move(0, 1499);
    await dash.screenshot({ path: resolve(OUT, 'dashboard.png') });
    await dash.close();

    for (const file of ['popup.png', 'sidepanel.png', 'dashboard.png']) {
      expect((await stat(resolve(OUT, file))).size).toBeGreaterThan(10_000);
    }
  });
});
