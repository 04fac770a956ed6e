// Completing a task moves it to "Done today"; Undo (button or Ctrl+Z) brings it back. Mouse and keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from './harness';
import { expandSection, quickAdd, row, section, storedTasks } from './ui';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
});

const statusOf = async (title: string) =>
  (await storedTasks(browser.worker)).find((t) => t.title === title && !t.deleted)?.status;

describe('complete and undo', () => {
  it('completes from the checkbox and undoes from the toast', async () => {
    const popup = await browser.open('popup.html');
    await quickAdd(popup, 'Renew the TLS certificate', 'Renew the TLS certificate');
    await quickAdd(popup, 'Book the venue', 'Book the venue');
    await popup.getByRole('button', { name: 'Dismiss' }).click();

    // A click, not check(): the checkbox leaves with its row (to "Done today"), so check() cannot see it checked.
    await popup.getByRole('checkbox', { name: 'Complete “Renew the TLS certificate”' }).click();
    await expandSection(popup, 'Done today');
    const done = row(section(popup, 'Done today'), 'Renew the TLS certificate');
    await done.waitFor();
    await row(section(popup, 'No date'), 'Renew the TLS certificate').waitFor({ state: 'detached' });
    await expect
      .poll(() => done.getByRole('checkbox', { name: 'Reopen “Renew the TLS certificate”' }).isChecked())
      .toBe(true);
    await expect.poll(() => statusOf('Renew the TLS certificate')).toBe('done');

    const toast = popup.getByRole('status').filter({ hasText: 'Completed “Renew the TLS certificate”' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await row(section(popup, 'No date'), 'Renew the TLS certificate').waitFor();
    await expect.poll(() => row(popup, 'Renew the TLS certificate').count()).toBe(1);
    await expect.poll(() => statusOf('Renew the TLS certificate')).toBe('todo');
    // The other task was never touched.
    await expect.poll(() => statusOf('Book the venue')).toBe('todo');
    await popup.close();
  });

  it('completes with x on a focused row and undoes with Ctrl+Z, then with the Undo button', async () => {
    const popup = await browser.open('popup.html');
    const title = row(section(popup, 'No date'), 'Book the venue').locator('button.title');
    await title.focus();
    await popup.keyboard.press('x');
    await expandSection(popup, 'Done today');
    await row(section(popup, 'Done today'), 'Book the venue').waitFor();
    await expect.poll(() => statusOf('Book the venue')).toBe('done');
    await popup.keyboard.press('Control+z');
    await row(section(popup, 'No date'), 'Book the venue').waitFor();
    await expect.poll(() => statusOf('Book the venue')).toBe('todo');

    // Arrow keys move between rows; x completes the focused one.
    const focused = () => popup.evaluate(() => document.activeElement?.textContent);
    await row(section(popup, 'No date'), 'Renew the TLS certificate').locator('button.title').focus();
    await expect.poll(focused).toBe('Renew the TLS certificate');
    const before = await focused();
    await popup.keyboard.press('ArrowDown');
    await expect.poll(focused).not.toBe(before);
    const after = await focused();
    expect(new Set([before, after])).toEqual(new Set(['Renew the TLS certificate', 'Book the venue']));
    await popup.keyboard.press('x');
    await row(section(popup, 'Done today'), after ?? '').waitFor();
    await popup.getByRole('button', { name: 'Undo' }).click();
    await row(section(popup, 'No date'), after ?? '').waitFor();
    await expect.poll(() => statusOf(after ?? '')).toBe('todo');
    await popup.close();
  });
});
