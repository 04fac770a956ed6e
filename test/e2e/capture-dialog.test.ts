// The capture dialog ("Choose project…"): pre-filled from the page and the project's URL rules, Enter saves
// into the chosen project and milestone with a due date in words; Esc cancels and stores nothing.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  EXTENSION_DIR,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';
import { storedTasks } from './ui';

let browser: ExtensionBrowser;
let site: FixtureServer;
let project = '';

beforeAll(async () => {
  site = await serveFixtures({
    '/spec': '<!doctype html><title>Checkout spec v2</title><h1>Checkout</h1><p>One-page checkout.</p>',
  });
  browser = await launchExtension();
  const panel = await browser.open('sidepanel.html');
  const created = (await panel.evaluate(
    (start) =>
      chrome.runtime.sendMessage({
        type: 'project.createFromTemplate',
        payload: { templateId: 'software-development', name: 'Checkout revamp', start },
      }),
    new Date().toISOString().slice(0, 10),
  )) as { ok: boolean; result: { id: string } };
  project = created.result.id;
  await panel.evaluate(
    ([id]) =>
      chrome.runtime.sendMessage({
        type: 'project.update',
        payload: { id, patch: { urlRules: [{ kind: 'domain', value: '127.0.0.1' }] } },
      }),
    [project] as const,
  );
  await panel.close();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function openDialog(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}/spec`);
  const tab = await tabOf(browser.worker, `${site.origin}/spec`);
  const [dialog] = await Promise.all([
    browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/capture.html') }),
    clickContextMenu(browser.worker, { menuItemId: 'capture:choose', pageUrl: tab.url, editable: false }, tab),
  ]);
  await dialog.getByRole('heading', { name: 'Add to Waypoint' }).waitFor();
  return dialog;
}

describe('capture dialog', () => {
  it('suggests the project by its URL rule and saves the choices with Enter', async () => {
    const dialog = await openDialog();
    await expect.poll(() => dialog.getByLabel('Title').inputValue()).toBe('Checkout spec v2');
    await expect.poll(() => dialog.getByLabel(/^Project/).inputValue()).toBe(project);
    await expect.poll(() => dialog.getByText(/suggested: matches its URL rules/).count()).toBe(1);
    // The project's milestones are listed once its plan is read: wait for the first real one (after "—").
    const milestone = dialog.getByLabel('Milestone');
    const first = milestone.locator('option:not([value=""])').first();
    await first.waitFor({ state: 'attached' });
    const label = (await first.textContent()) ?? '';
    expect(label).not.toBe('');
    await milestone.selectOption({ label });
    await dialog.getByLabel('Due').fill('fri 5pm');
    await expect.poll(() => dialog.locator('#due-parsed').textContent()).toMatch(/^Due /);
    await dialog.getByLabel('Priority').selectOption('2');
    await dialog.getByLabel('Title').fill('Review the checkout spec');
    await Promise.all([
      dialog.waitForEvent('close'),
      dialog
        .getByLabel('Title')
        .press('Enter')
        .catch(() => undefined),
    ]);
    await expect
      .poll(async () => (await storedTasks(browser.worker)).find((t) => t.title === 'Review the checkout spec'))
      .toMatchObject({ projectId: project, priority: 2 });
    const task = (await storedTasks(browser.worker)).find((t) => t.title === 'Review the checkout spec') as unknown as {
      milestoneId: string;
      dueAt: string;
    };
    expect(task.milestoneId).toBeTruthy();
    expect(new Date(task.dueAt).getDay()).toBe(5);
    expect(new Date(task.dueAt).getHours()).toBe(17);
  });

  it('says when the page already has a task, refuses a date it cannot read, and Esc stores nothing', async () => {
    const before = (await storedTasks(browser.worker)).length;
    const dialog = await openDialog();
    await dialog.getByText(/Already a task in Checkout revamp/).waitFor();
    await dialog.getByLabel('Due').fill('someday maybe');
    await expect.poll(() => dialog.locator('#due-parsed').textContent()).toMatch(/not a date Waypoint understands/);
    // Esc closes the window, which can end the key press itself: wait for the close.
    await Promise.all([dialog.waitForEvent('close'), dialog.keyboard.press('Escape').catch(() => undefined)]);
    expect((await storedTasks(browser.worker)).length).toBe(before);
  });

  it('opens inside the page when the page lets the extension in (as after a real click), and closes with Esc', async () => {
    // A real menu click grants activeTab; a dispatched one does not, so this copy of the build is granted the
    // fixture host instead — the same page access, without the browser's prompt.
    const copy = mkdtempSync(join(tmpdir(), 'waypoint-inline-build-'));
    cpSync(EXTENSION_DIR, copy, { recursive: true });
    const manifestPath = join(copy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.host_permissions = ['http://127.0.0.1/*'];
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const inPage = await launchExtension({ extensionDir: copy });
    try {
      const page = await inPage.context.newPage();
      await page.goto(`${site.origin}/spec`);
      const tab = await tabOf(inPage.worker, `${site.origin}/spec`);
      const opened = page.waitForEvent('framenavigated', { predicate: (f) => f.url().includes('/capture.html') });
      await clickContextMenu(inPage.worker, { menuItemId: 'capture:choose', pageUrl: tab.url, editable: false }, tab);
      const frame = await opened;
      expect(frame.url()).toContain('/capture.html');
      await frame.getByRole('heading', { name: 'Add to Waypoint' }).waitFor();
      // No separate window was opened: the dialog is in the page.
      expect(inPage.context.pages().some((p) => p.url().includes('/capture.html'))).toBe(false);
      // Save arms once the dialog has been seen unobscured for a moment (see security.test.ts for the attacks).
      await expect.poll(() => frame.getByRole('button', { name: 'Save' }).isEnabled()).toBe(true);
      await frame.getByLabel('Title').fill('Inline capture');
      await frame.getByLabel('Title').press('Enter');
      await expect.poll(() => page.frames().some((f) => f.url().includes('/capture.html'))).toBe(false);
      await expect
        .poll(async () => (await storedTasks(inPage.worker)).some((t) => t.title === 'Inline capture'))
        .toBe(true);

      // Esc closes the in-page dialog and stores nothing.
      const before = (await storedTasks(inPage.worker)).length;
      const again = page.waitForEvent('framenavigated', { predicate: (f) => f.url().includes('/capture.html') });
      await clickContextMenu(inPage.worker, { menuItemId: 'capture:choose', pageUrl: tab.url, editable: false }, tab);
      const second = await again;
      await second.getByRole('heading', { name: 'Add to Waypoint' }).waitFor();
      await second.getByLabel('Title').press('Escape');
      await expect.poll(() => page.frames().some((f) => f.url().includes('/capture.html'))).toBe(false);
      expect((await storedTasks(inPage.worker)).length).toBe(before);
    } finally {
      await inPage.close();
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
