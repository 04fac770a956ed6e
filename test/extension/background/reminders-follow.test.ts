// How the reminders follow the data: which writes concern them (Dexie's mutation events) and how their runs are
// paced while writes keep coming (a first sync), so a big pull costs a few full reads, not one per page.
import 'fake-indexeddb/auto';
import Dexie, { type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPacedRunner, touchesReminders } from '@/background/reminders';
import type { TaskRow } from '@/db/rows';
import { createTestStore } from '../helpers';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('wxt/utils/storage', () => ({ storage: { defineItem: () => ({}) } }));

afterEach(() => vi.useRealTimers());

/** The parts Dexie reports for each write `act` makes. */
async function partsOf(act: () => Promise<unknown>): Promise<ObservabilitySet[]> {
  const seen: ObservabilitySet[] = [];
  const listen = (parts: ObservabilitySet) => void seen.push(parts);
  Dexie.on('storagemutated', listen);
  try {
    await act();
    await new Promise((settle) => setTimeout(settle, 20));
  } finally {
    Dexie.on.storagemutated.unsubscribe(listen);
  }
  return seen;
}

describe('reminders follow the data', () => {
  it('react to dated open tasks, their completion, bulk writes and the reminder settings; not to other rows', async () => {
    const { db, store } = createTestStore();
    const concerns = async (act: () => Promise<unknown>) =>
      (await partsOf(act)).some((parts) => touchesReminders(parts, db.name));

    let task: TaskRow | undefined;
    expect(
      await concerns(async () => (task = await store.createTask({ title: 'Call Sam', dueAt: '2026-12-04' }))),
    ).toBe(true);
    expect(await concerns(() => store.updateTask(task!.id, { status: 'done' }))).toBe(true);
    // A project or another setting does not change what reminds.
    expect(await concerns(() => store.createProject({ name: 'Launch' }))).toBe(false);
    expect(await concerns(() => db.settings.put({ key: 'hlc', value: 'x' }))).toBe(false);
    expect(await concerns(() => db.settings.put({ key: 'reminderSettings', value: {} }))).toBe(true);
    // A page of a pull (many rows at once) may hold anything.
    const page = Array.from({ length: 60 }, (_, i) => ({ id: `t${i}`, title: `T${i}`, openDue: '~' }) as TaskRow);
    expect(await concerns(() => db.tasks.bulkPut(page))).toBe(true);
    expect(await concerns(() => db.tasks.delete('t1'))).toBe(true);
    await db.delete();
  });

  it('runs once after a burst, and paces runs by their own duration while writes keep coming', async () => {
    vi.useFakeTimers();
    let now = 0;
    const runs: number[] = [];
    const runner = createPacedRunner(
      async () => {
        runs.push(now);
        now += 100; // each run "takes" 100 ms
      },
      { settleMs: 150, pace: 8, maxWaitMs: 20_000, clock: () => now },
    );
    for (let i = 0; i < 10; i++) runner.changed();
    await vi.advanceTimersByTimeAsync(149);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(1);
    // Changes keep coming: the next run waits 8 × 100 ms after the last one ended, however many arrive.
    for (let t = 0; t < 790; t += 10) {
      runner.changed();
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(runs).toHaveLength(2);
    // Quiet again: nothing more; a lone change much later runs after the short settle.
    await vi.advanceTimersByTimeAsync(5000);
    now += 5000;
    expect(runs).toHaveLength(2);
    runner.changed();
    await vi.advanceTimersByTimeAsync(150);
    expect(runs).toHaveLength(3);
    runner.stop();
  });
});
