// Quick add in the popup: chips for date, project and priority; removing a chip keeps its words; false positives stay text.
import { sectionOf } from '@@/shared/dates';
import { parseQuickAdd } from '@@/shared/quick-add';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from './harness';
import { createProject, row, section, storedTasks } from './ui';

let browser: ExtensionBrowser;
let launchId: string;

const SECTION_NAMES = { overdue: 'Overdue', today: 'Today', upcoming: 'Upcoming', none: 'No date' } as const;
const LINE = 'Send invoice to ACME fri 5pm #Launch !1';

beforeAll(async () => {
  browser = await launchExtension();
  launchId = await createProject(browser, { name: 'Launch' });
});
afterAll(async () => {
  await browser?.close();
});

describe('quick add', () => {
  it('shows chips, keeps the words of a removed chip in the title, and saves on Enter', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Quick add task');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.pressSequentially(LINE);
    const chips = popup.locator('.chip');
    await popup.locator('.chip[data-kind=due]').waitFor();
    await expect
      .poll(() => chips.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind'))))
      .toEqual(['due', 'project', 'priority']);
    await expect.poll(() => popup.locator('.chip[data-kind=project]').textContent()).toContain('#Launch');
    await expect.poll(() => popup.locator('.chip[data-kind=priority]').textContent()).toContain('P1');

    await popup.getByRole('button', { name: /^Remove .*: keep “fri 5pm” in the title$/ }).click();
    await popup.locator('.chip[data-kind=due]').waitFor({ state: 'detached' });
    await expect.poll(() => chips.count()).toBe(2);
    await input.press('Enter');

    const kept = row(section(popup, 'No date'), 'Send invoice to ACME fri 5pm');
    await kept.waitFor();
    await expect.poll(() => kept.locator('.meta').textContent()).toMatch(/Launch.*P1/);
    await expect.poll(() => input.inputValue()).toBe('');
    await expect
      .poll(async () => (await storedTasks(browser.worker)).find((t) => t.title === 'Send invoice to ACME fri 5pm'))
      .toMatchObject({ projectId: launchId, priority: 1, dueAt: null });
    await popup.close();
  });

  it('files the parsed task in the section of its due date, with project and priority', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Quick add task');
    await input.fill(LINE);
    await popup.locator('.chip[data-kind=due]').waitFor();
    await input.press('Enter');
    // Where "fri 5pm" lands depends on today's date: ask the shared parser and section rules.
    const now = new Date();
    const expected = parseQuickAdd(LINE, { now, projects: [{ id: launchId, name: 'Launch' }] });
    expect(expected.dueAt).not.toBeNull();
    const name = SECTION_NAMES[sectionOf({ dueAt: expected.dueAt, status: 'todo', completedAt: null }, now) as 'today'];
    const task = row(section(popup, name), 'Send invoice to ACME');
    await task.waitFor();
    const meta = task.locator('.meta');
    await expect.poll(() => meta.textContent()).toContain('Launch');
    await expect.poll(() => meta.textContent()).toContain('P1');
    await expect.poll(() => meta.textContent()).toMatch(/17:00/);
    await expect
      .poll(async () => (await storedTasks(browser.worker)).find((t) => t.title === 'Send invoice to ACME'))
      .toMatchObject({ projectId: launchId, priority: 1, dueAt: expected.dueAt });
    await popup.close();
  });

  it('leaves a false positive such as "Read The 5th Wave" in the title, without a date chip', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Quick add task');
    // A real date first, so the check below sees a re-render and not a stale empty chip list.
    await input.fill('Read The 5th Wave tomorrow');
    await popup.locator('.chip[data-kind=due]').waitFor();
    await input.fill('Read The 5th Wave');
    await popup.locator('.chip[data-kind=due]').waitFor({ state: 'detached' });
    await expect.poll(() => popup.locator('.chip').count()).toBe(0);
    await input.press('Enter');
    await row(section(popup, 'No date'), 'Read The 5th Wave').waitFor();
    await expect
      .poll(async () => (await storedTasks(browser.worker)).find((t) => t.title === 'Read The 5th Wave'))
      .toMatchObject({ dueAt: null, projectId: null, priority: 4 });
    await popup.close();
  });
});
