// Completing a recurring task through the store: it moves to the next occurrence, stays open, counts it.
import { afterEach, describe, expect, it } from 'vitest';
import type { WaypointDb } from '@/db/database';
import { rowClocks } from '@/db/rows';
import { createTestStore } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

// Wednesday 25 November 2026, noon local.
const now = () => new Date(2026, 10, 25, 12, 0);

describe('recurring tasks in the store', () => {
  it('completing moves the due to the next occurrence and keeps the history', async () => {
    const t = createTestStore({ now });
    db = t.db;
    const task = await t.store.createTask({
      title: 'Standup',
      dueAt: '2026-11-25',
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'due' },
    });
    expect(task.recurrence).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'due' });
    const next = await t.store.updateTask(task.id, { status: 'done' });
    expect(next).toMatchObject({ status: 'todo', dueAt: '2026-11-26', timesDone: 1, completedAt: null });
    expect(next.lastCompletedAt).toBe(now().toISOString());
    expect(next.openDue).toBe('2026-11-26~');
    expect(next.doneAt).toBeUndefined();
    // Every field of the completion carries the same HLC: one write, never half of two completions.
    const clocks = rowClocks(next);
    expect(clocks.dueAt).toBe(clocks.timesDone);
    expect(clocks.dueAt).toBe(clocks.lastCompletedAt);
    const again = await t.store.updateTask(task.id, { status: 'done' });
    expect(again).toMatchObject({ dueAt: '2026-11-27', timesDone: 2 });
  });

  it('a rule that has ended completes the task for good', async () => {
    const t = createTestStore({ now });
    db = t.db;
    const task = await t.store.createTask({
      title: 'Course',
      dueAt: '2026-11-25',
      recurrence: { rule: 'FREQ=DAILY;UNTIL=20261125T235959Z', mode: 'due' },
    });
    const done = await t.store.updateTask(task.id, { status: 'done' });
    expect(done).toMatchObject({ status: 'done', recurrence: null, timesDone: 1 });
    expect(done.completedAt).toBe(now().toISOString());
  });

  it('stores start date and estimate, and lists a start-only task by its start date', async () => {
    const t = createTestStore({ now });
    db = t.db;
    const task = await t.store.createTask({ title: 'Write report', startAt: '2026-12-07', estimateMinutes: 90 });
    expect(task).toMatchObject({ startAt: '2026-12-07', estimateMinutes: 90, openDue: '2026-12-07~' });
    const dated = await t.store.updateTask(task.id, { dueAt: '2026-12-10' });
    expect(dated.openDue).toBe('2026-12-10~');
    await expect(t.store.updateTask(task.id, { estimateMinutes: -5 })).rejects.toThrow();
  });
});
