import { describe, expect, it } from 'vitest';
import { actOnReminder } from '@/background/reminder-actions';
import { readReminderSettings } from '@/data/reminder-settings';
import { createTestHandlers, createTestStore } from '../helpers';

// Friday 4 December 2026, 16:00 UTC.
const NOW = new Date('2026-12-04T16:00:00.000Z');

describe('reminder actions', () => {
  it('Complete completes, and a repeating task moves to its next occurrence instead', async () => {
    const { store } = createTestStore({ now: () => NOW });
    const plain = await store.createTask({ title: 'Send invoice', dueAt: '2026-12-04T17:00:00.000Z' });
    expect((await actOnReminder(store, plain.id, 'complete', NOW)).status).toBe('done');
    const daily = await store.createTask({
      title: 'Standup',
      dueAt: '2026-12-04T09:00:00.000Z',
      recurrence: { rule: 'FREQ=DAILY', mode: 'due' },
    });
    const next = await actOnReminder(store, daily.id, 'complete', NOW);
    expect(next.status).toBe('todo');
    expect(next.dueAt).toBe('2026-12-05T09:00:00.000Z');
    expect(next.timesDone).toBe(1);
  });

  it('Snooze keeps the due and brings the reminder back later; Tomorrow moves the task, time kept', async () => {
    const { store } = createTestStore({ now: () => NOW });
    const task = await store.createTask({ title: 'Call Sam', dueAt: '2026-12-04T16:15:00.000Z', reminder: 15 });
    const ten = await actOnReminder(store, task.id, 'snooze10', NOW);
    expect(ten.dueAt).toBe(task.dueAt);
    expect(ten.reminderSnooze).toEqual({ until: '2026-12-04T16:10:00.000Z', dueAt: task.dueAt });
    expect((await actOnReminder(store, task.id, 'snooze60', NOW)).reminderSnooze?.until).toBe(
      '2026-12-04T17:00:00.000Z',
    );
    const tomorrow = await actOnReminder(store, task.id, 'tomorrow', NOW);
    expect(tomorrow.dueAt).toBe(new Date(Date.parse('2026-12-05T16:15:00.000Z')).toISOString());
    expect(tomorrow.reminder).toBe(15);
  });

  it('a done task is left alone; a deleted one, or one without a due to snooze, says why', async () => {
    const { store } = createTestStore({ now: () => NOW });
    const done = await store.createTask({ title: 'Done elsewhere', dueAt: '2026-12-04', status: 'done' });
    expect((await actOnReminder(store, done.id, 'snooze10', NOW)).status).toBe('done');
    const undated = await store.createTask({ title: 'Someday' });
    await expect(actOnReminder(store, undated.id, 'snooze10', NOW)).rejects.toThrow(/no due date/);
    await store.deleteTask(undated.id);
    await expect(actOnReminder(store, undated.id, 'complete', NOW)).rejects.toThrow(/does not exist/);
  });

  it('goes through the message protocol, which refuses unknown actions', async () => {
    const { send, store } = createTestHandlers();
    const task = await store.createTask({ title: 'Pay rent', dueAt: '2026-12-04T17:00:00.000Z' });
    expect(await send('reminder.act', { taskId: task.id, action: 'complete' })).toMatchObject({
      ok: true,
      result: { status: 'done' },
    });
    expect(await send('reminder.act', { taskId: task.id, action: 'explode' })).toMatchObject({
      ok: false,
      error: 'Invalid',
    });
  });

  it('reminder settings are validated and kept per device', async () => {
    const { send, db } = createTestHandlers();
    expect(await send('reminders.settings', { defaultMinutes: 30, digest: true })).toMatchObject({ ok: true });
    expect(await readReminderSettings(db)).toMatchObject({ defaultMinutes: 30, digest: true, badgeOverdue: false });
    expect(await send('reminders.settings', { digestMinutes: 24 * 60 })).toMatchObject({ ok: false });
    expect((await readReminderSettings(db)).digestMinutes).toBe(8 * 60);
  });
});
