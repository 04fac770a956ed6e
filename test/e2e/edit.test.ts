// Editing a task or project only changes what the user changed: selects open on the stored value, not the first option.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from './harness';
import { createProject, quickAdd, row, storedTasks } from './ui';

let browser: ExtensionBrowser;
let launchId: string;

beforeAll(async () => {
  browser = await launchExtension();
  launchId = await createProject(browser, { name: 'Launch' });
});
afterAll(async () => {
  await browser?.close();
});

const stored = async (title: string) => (await storedTasks(browser.worker)).find((t) => t.title === title);

describe('edit', () => {
  it('keeps project, priority and status when only the title changes', async () => {
    const popup = await browser.open('popup.html');
    await quickAdd(popup, 'Prepare the board update #Launch !3', 'Prepare the board update');
    await row(popup, 'Prepare the board update').locator('button.title').click();
    const dialog = popup.getByRole('dialog', { name: 'Edit task' });
    await expect.poll(() => dialog.getByLabel('Priority').inputValue()).toBe('3');
    await expect.poll(() => dialog.getByLabel('Project').inputValue()).toBe(launchId);
    await dialog.getByLabel('Status').selectOption('doing');
    await dialog.getByLabel('Title').fill('Prepare the board update deck');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row(popup, 'Prepare the board update deck').waitFor();
    await expect
      .poll(() => stored('Prepare the board update deck'))
      .toMatchObject({
        projectId: launchId,
        priority: 3,
        status: 'doing',
      });

    await row(popup, 'Prepare the board update deck').locator('button.title').click();
    await expect.poll(() => dialog.getByLabel('Status').inputValue()).toBe('doing');
    await dialog.getByLabel('Title').fill('Prepare the board update slides');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row(popup, 'Prepare the board update slides').waitFor();
    await expect
      .poll(() => stored('Prepare the board update slides'))
      .toMatchObject({
        projectId: launchId,
        priority: 3,
        status: 'doing',
      });
    await popup.close();
  });

  it('creates projects as Active by default and edits them without resetting the status', async () => {
    const panel = await browser.open('sidepanel.html');
    await panel.getByLabel('Project', { exact: true }).selectOption(launchId);
    await panel.getByRole('heading', { name: 'Launch' }).waitFor();
    await expect.poll(() => panel.locator('article.project').textContent()).toContain('Active');
    await panel.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = panel.getByRole('dialog', { name: 'Edit project' });
    await expect.poll(() => dialog.getByLabel('Status').inputValue()).toBe('active');
    await dialog.getByLabel('Status').selectOption('on-hold');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Edit', exact: true }).click();
    await expect.poll(() => dialog.getByLabel('Status').inputValue()).toBe('on-hold');
    await panel.close();
  });
});
