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

    await popup.getByRole('checkbox', { name: 'Complete “Renew the TLS certificate”' }).check();
    await expandSection(popup, 'Done today');
    const done = row(section(popup, 'Done today'), 'Renew the TLS certificate');
    await done.waitFor();
    await row(section(popup, 'No date'), 'Renew the TLS certificate').waitFor({ state: 'detached' });
    await expect(done.getByRole('checkbox', { name: 'Reopen “Renew the TLS certificate”' }).isChecked()).resolves.toBe(
      true,
    );
    await expect(statusOf('Renew the TLS certificate')).resolves.toBe('done');

    const toast = popup.getByRole('status').filter({ hasText: 'Completed “Renew the TLS certificate”' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await row(section(popup, 'No date'), 'Renew the TLS certificate').waitFor();
    await expect(row(popup, 'Renew the TLS certificate').count()).resolves.toBe(1);
    await expect(statusOf('Renew the TLS certificate')).resolves.toBe('todo');
    // The other task was never touched.
    await expect(statusOf('Book the venue')).resolves.toBe('todo');
    await popup.close();
  });

  it('completes with x on a focused row and undoes with Ctrl+Z, then with the Undo button', async () => {
    const popup = await browser.open('popup.html');
    const title = row(section(popup, 'No date'), 'Book the venue').locator('button.title');
    await title.focus();
    await popup.keyboard.press('x');
    await expandSection(popup, 'Done today');
    await row(section(popup, 'Done today'), 'Book the venue').waitFor();
    await expect(statusOf('Book the venue')).resolves.toBe('done');
    await popup.keyboard.press('Control+z');
    await row(section(popup, 'No date'), 'Book the venue').waitFor();
    await expect(statusOf('Book the venue')).resolves.toBe('todo');

    // Arrow keys move between rows; x completes the focused one.
    await row(section(popup, 'No date'), 'Renew the TLS certificate').locator('button.title').focus();
    const before = await popup.evaluate(() => document.activeElement?.textContent);
    await popup.keyboard.press('ArrowDown');
    const after = await popup.evaluate(() => document.activeElement?.textContent);
    expect(new Set([before, after])).toEqual(new Set(['Renew the TLS certificate', 'Book the venue']));
    await popup.keyboard.press('x');
    await row(section(popup, 'Done today'), after ?? '').waitFor();
    await popup.getByRole('button', { name: 'Undo' }).click();
    await row(section(popup, 'No date'), after ?? '').waitFor();
    await expect(statusOf(after ?? '')).resolves.toBe('todo');
    await popup.close();
  });
});
