// Deleting a task (button or Delete key) removes it from the popup and the database; Undo restores it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from './harness';
import { quickAdd, row, section, storedTasks } from './ui';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
});

const deletedFlag = async (title: string) =>
  (await storedTasks(browser.worker)).find((t) => t.title === title)?.deleted;

describe('delete with undo', () => {
  it('deletes from the row action and restores with Undo', async () => {
    const popup = await browser.open('popup.html');
    await quickAdd(popup, 'Draft the press release', 'Draft the press release');
    await quickAdd(popup, 'Order stickers', 'Order stickers');
    const task = row(popup, 'Draft the press release');
    await task.hover();
    await task.getByRole('button', { name: 'Delete “Draft the press release”' }).click();
    await task.waitFor({ state: 'detached' });
    await expect.poll(() => deletedFlag('Draft the press release')).toBe(true);
    await expect.poll(() => row(popup, 'Order stickers').count()).toBe(1);

    await popup
      .getByRole('status')
      .filter({ hasText: 'Deleted “Draft the press release”' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await row(section(popup, 'No date'), 'Draft the press release').waitFor();
    await expect.poll(() => deletedFlag('Draft the press release')).toBe(false);
    await popup.close();
  });

  it('deletes the focused row with the Delete key and restores with Ctrl+Z; a reload shows the same', async () => {
    const popup = await browser.open('popup.html');
    await row(popup, 'Order stickers').locator('button.title').focus();
    await popup.keyboard.press('Delete');
    await row(popup, 'Order stickers').waitFor({ state: 'detached' });
    await popup.reload();
    // The reloaded list is shown (the other task is in it) and the deleted one is not.
    await row(popup, 'Draft the press release').waitFor();
    await expect.poll(() => row(popup, 'Order stickers').count()).toBe(0);
    await expect.poll(() => deletedFlag('Order stickers')).toBe(true);
    await popup.close();

    const again = await browser.open('popup.html');
    await row(again, 'Draft the press release').locator('button.title').focus();
    await again.keyboard.press('Delete');
    await row(again, 'Draft the press release').waitFor({ state: 'detached' });
    await again.keyboard.press('Control+z');
    await row(again, 'Draft the press release').waitFor();
    await expect.poll(() => deletedFlag('Draft the press release')).toBe(false);
    await again.close();
  });
});
