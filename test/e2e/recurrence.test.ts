// Recurring tasks, snooze and the new task fields in the built extension: quick add "every weekday at 9am",
// completing moves to the next occurrence and counts it, snooze keeps the time and never moves earlier,
// "Snooze until…" in words, and the editor's repeat picker, skip, stop, start date and estimate.
import { parseQuickAdd } from '@@/shared/quick-add';
import { completeOccurrence } from '@@/shared/recurrence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from './harness';
import { row, type StoredTask, storedTasks } from './ui';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
});

type Stored = StoredTask & {
  recurrence?: { rule: string; mode: string } | null;
  timesDone?: number;
  lastCompletedAt?: string | null;
  startAt?: string | null;
  estimateMinutes?: number | null;
};
const stored = async (title: string) =>
  (await storedTasks(browser.worker)).find((t) => t.title === title && !t.deleted) as Stored | undefined;

/** Local wall-clock hour:minute and weekday of an instant, as the browser (same machine zone) sees it. */
const local = (iso: string) => {
  const date = new Date(iso);
  return { hm: `${date.getHours()}:${String(date.getMinutes()).padStart(2, '0')}`, weekday: date.getDay() };
};

describe('recurring tasks', () => {
  it('quick add "Standup every weekday at 9am" makes one repeating task; completing moves it on and counts it', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Quick add task');
    await input.fill('Standup every weekday at 9am');
    const chip = popup.locator('.chip[data-kind=recurrence]');
    await chip.waitFor();
    await expect(chip.textContent()).resolves.toContain('every weekday 09:00');
    await expect(popup.locator('.chip').count()).resolves.toBe(1);
    const expected = parseQuickAdd('Standup every weekday at 9am', { now: new Date(), projects: [] });
    await input.press('Enter');

    const standup = row(popup, 'Standup');
    await standup.waitFor();
    await expect.poll(async () => standup.locator('.meta').textContent()).toContain('every weekday at 09:00');
    const created = await stored('Standup');
    expect(created).toMatchObject({
      status: 'todo',
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'due' },
    });
    expect(created?.dueAt).toBe(expected.dueAt);
    // The next weekday at 09:00, after now.
    const first = local(created?.dueAt as string);
    expect(first.hm).toBe('9:00');
    expect([1, 2, 3, 4, 5]).toContain(first.weekday);
    expect(Date.parse(created?.dueAt as string)).toBeGreaterThan(Date.now());
    await expect(row(popup, 'Standup').count()).resolves.toBe(1);

    // Complete it: it stays open, moves to the next occurrence and shows how often it was done.
    const next = completeOccurrence(created as never, new Date());
    // The checkbox stays unticked: the task stays open, due at its next occurrence.
    await standup.getByRole('checkbox', { name: 'Complete “Standup”' }).click();
    await expect.poll(async () => (await stored('Standup'))?.timesDone).toBe(1);
    const after = (await stored('Standup')) as Stored;
    expect(after.status).toBe('todo');
    expect(after.dueAt).toBe(next?.dueAt);
    expect(local(after.dueAt as string).hm).toBe('9:00');
    expect(Date.parse(after.dueAt as string)).toBeGreaterThan(Date.parse(created?.dueAt as string));
    expect(after.lastCompletedAt).toBeTruthy();
    await expect.poll(async () => row(popup, 'Standup').locator('.meta').textContent()).toContain('done 1×');
    await expect(row(popup, 'Standup').count()).resolves.toBe(1);
    const toast = popup.getByRole('status').filter({ hasText: 'Completed “Standup” — next' });
    await toast.waitFor();

    // Undo puts the occurrence and the count back.
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await stored('Standup'))?.dueAt).toBe(created?.dueAt);
    await expect.poll(async () => (await stored('Standup'))?.timesDone).toBe(0);
    await popup.close();
  });

  it('the editor sets a repeat with its sentence, skips one occurrence and stops repeating; start date and estimate', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Quick add task');
    await input.fill('Water plants tomorrow');
    await popup.locator('.chip[data-kind=due]').waitFor();
    await input.press('Enter');
    const plants = row(popup, 'Water plants');
    await plants.waitFor();
    await plants.getByRole('button', { name: 'Edit “Water plants”' }).click();
    const dialog = popup.getByRole('dialog', { name: 'Edit task' });
    await dialog.locator('select[name=repeat]').selectOption('custom');
    await dialog.getByLabel('Custom repeat').fill('every 3 days');
    await expect
      .poll(async () => dialog.getByTestId('recurrence-sentence').textContent())
      .toBe('Repeats every 3 days.');
    await dialog.getByLabel('Custom repeat').fill('every blue moon');
    await expect
      .poll(async () => dialog.getByTestId('recurrence-sentence').textContent())
      .toContain("Couldn't read “every blue moon” as a repeat");
    await dialog.locator('select[name=repeat]').selectOption('weekdays');
    await expect
      .poll(async () => dialog.getByTestId('recurrence-sentence').textContent())
      .toBe('Repeats every weekday.');
    await dialog.getByLabel('Estimate (minutes)').fill('45');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await stored('Water plants'))?.recurrence)
      .toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'due' });
    expect((await stored('Water plants'))?.estimateMinutes).toBe(45);
    await expect.poll(async () => plants.locator('.meta').textContent()).toMatch(/every weekday.*~45m/);

    // Skip this one: the next weekday, not counted as done.
    const before = (await stored('Water plants')) as Stored;
    await plants.getByRole('button', { name: 'Edit “Water plants”' }).click();
    await dialog.getByRole('button', { name: 'Skip this one' }).click();
    await expect.poll(async () => (await stored('Water plants'))?.dueAt).not.toBe(before.dueAt);
    const skipped = (await stored('Water plants')) as Stored;
    expect((skipped.dueAt as string) > (before.dueAt as string)).toBe(true);
    expect(skipped.timesDone ?? 0).toBe(0);

    // Stop repeating keeps the due; a start date shows on the row while it is ahead.
    await plants.getByRole('button', { name: 'Edit “Water plants”' }).click();
    await dialog.getByRole('button', { name: 'Stop repeating' }).click();
    await expect.poll(async () => (await stored('Water plants'))?.recurrence).toBeNull();
    expect((await stored('Water plants'))?.dueAt).toBe(skipped.dueAt);
    await plants.getByRole('button', { name: 'Edit “Water plants”' }).click();
    const start = new Date(Date.now() + 3 * 86_400_000);
    const startKey = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
    await dialog.getByLabel('Start date').fill(startKey);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await stored('Water plants'))?.startAt).toBe(startKey);
    await expect.poll(async () => plants.locator('.meta').textContent()).toContain('starts');
    await popup.close();
  });
});

describe('snooze', () => {
  it('keeps the time of day, never moves earlier, and reads "Snooze until…" in words', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Quick add task');
    // Due in 5 days at 18:30: "tomorrow" must count from that day, not from today.
    const line = 'Gym in 5 days at 6:30pm';
    await input.fill(line);
    await popup.locator('.chip[data-kind=due]').waitFor();
    await input.press('Enter');
    const gym = row(popup, 'Gym');
    await gym.waitFor();
    const before = (await stored('Gym')) as Stored;
    expect(local(before.dueAt as string).hm).toBe('18:30');

    await gym.getByRole('button', { name: 'Snooze “Gym”' }).click();
    const menu = gym.getByRole('group', { name: 'Snooze “Gym”' });
    // "Later today" would move it earlier: it is not offered.
    await menu.getByRole('button', { name: /^Tomorrow/ }).waitFor();
    await expect(menu.getByRole('button', { name: /^Later today/ }).count()).resolves.toBe(0);
    await menu.getByRole('button', { name: /^Tomorrow/ }).click();
    await expect.poll(async () => (await stored('Gym'))?.dueAt).not.toBe(before.dueAt);
    const snoozed = (await stored('Gym')) as Stored;
    expect(Date.parse(snoozed.dueAt as string) - Date.parse(before.dueAt as string)).toBeGreaterThanOrEqual(
      23 * 3_600_000,
    );
    expect(local(snoozed.dueAt as string).hm).toBe('18:30');

    // Words earlier than the due are refused with a reason; later ones keep the time of day.
    await gym.getByRole('button', { name: 'Snooze “Gym”' }).click();
    const field = gym.getByLabel('Snooze until');
    await field.fill('tomorrow');
    await field.press('Enter');
    await expect.poll(async () => gym.getByRole('alert').textContent()).toContain('earlier than its due date');
    expect((await stored('Gym'))?.dueAt).toBe(snoozed.dueAt);
    await field.fill('in 2 weeks');
    await field.press('Enter');
    await expect.poll(async () => (await stored('Gym'))?.dueAt).not.toBe(snoozed.dueAt);
    const until = (await stored('Gym')) as Stored;
    expect(local(until.dueAt as string).hm).toBe('18:30');
    // Two weeks from today's date, whatever the time of day the test runs at.
    const day = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
    expect((day(new Date(until.dueAt as string)) - day(new Date())) / 86_400_000).toBe(14);
    await gym.getByRole('group', { name: 'Snooze “Gym”' }).waitFor({ state: 'detached' });
    await popup.close();
  });
});
