// The popup's plain-IndexedDB first screen must show what the live Dexie queries show, and never create a database.
import { toLocalDateKey } from '@@/shared/dates';
import { afterEach, describe, expect, it } from 'vitest';
import type { WaypointDb } from '@/db/database';
import { liveProjects, taskSections } from '@/db/queries';
import { FIRST_ROWS, readFirstScreen, startFirstScreen, takeFirstScreen } from '@/popup/first-screen';
import { createTestStore } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

const now = new Date(2026, 10, 25, 12, 0);

describe('readFirstScreen', () => {
  it('returns the same sections and projects as the live queries', async () => {
    const t = createTestStore({ now: () => now });
    db = t.db;
    const launch = await t.store.createProject({ name: 'Launch' });
    const archived = await t.store.createProject({ name: 'Archive me' });
    await t.store.updateProject(archived.id, { archived: true });
    await t.store.createProject({ name: 'Alpha' });
    for (let i = 0; i < 9; i++) {
      await t.store.createTask({ title: `late ${i}`, dueAt: toLocalDateKey(new Date(2026, 10, 20 + (i % 3))) });
      await t.store.createTask({ title: `today ${i}`, dueAt: toLocalDateKey(now), projectId: launch.id });
      await t.store.createTask({ title: `later ${i}`, dueAt: toLocalDateKey(new Date(2026, 11, 1 + i)) });
      await t.store.createTask({ title: `someday ${i}` });
      const done = await t.store.createTask({ title: `done ${i}` });
      await t.store.updateTask(done.id, { status: 'done' });
    }
    const gone = await t.store.createTask({ title: 'deleted', dueAt: toLocalDateKey(now) });
    await t.store.deleteTask(gone.id);

    for (const limit of [1, 4, 50]) {
      const first = await readFirstScreen(now, limit, { name: t.db.name });
      expect(first?.sections).toEqual(await taskSections(t.db, { now, limit }));
      expect(first?.projects).toEqual(await liveProjects(t.db));
    }
    expect((await readFirstScreen(now, 4, { name: t.db.name }))?.sections.map((s) => s.tasks.length)).toEqual([
      4, 4, 4, 4, 4,
    ]);
  });

  it('answers null, and creates nothing, when there is no database yet', async () => {
    const name = `waypoint-missing-${Date.now()}`;
    expect(await readFirstScreen(now, 10, { name })).toBeNull();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
  });

  it('hands the read started by the early script to the popup once', async () => {
    const t = createTestStore({ now: () => now });
    db = t.db;
    for (let i = 0; i < FIRST_ROWS + 3; i++) await t.store.createTask({ title: `someday ${i}` });
    expect(takeFirstScreen()).toBeUndefined();
    const before = Date.now();
    startFirstScreen({ name: t.db.name });
    const started = takeFirstScreen();
    expect(takeFirstScreen()).toBeUndefined();
    expect(started?.now.getTime()).toBeGreaterThanOrEqual(before);
    const first = await started?.read;
    expect(first?.sections.find((s) => s.id === 'none')?.tasks).toHaveLength(FIRST_ROWS);
    expect(first).toEqual(await readFirstScreen(started!.now, FIRST_ROWS, { name: t.db.name }));
  });
});
