// A task's checklist through the store: add, tick, rename, reorder, delete; steps follow their task (delete and
// Undo, moves between spaces, export and import), and completing a repeating task unticks them.
import { afterEach, describe, expect, it } from 'vitest';
import { exportData, importData } from '@/data/transfer';
import type { WaypointDb } from '@/db/database';
import { projectBundle, stepCounts, taskSteps } from '@/db/queries';
import { createTestStore, TEST_TEAM } from '../helpers';

const dbs: WaypointDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

function setup(options: Parameters<typeof createTestStore>[0] = {}) {
  const t = createTestStore(options);
  dbs.push(t.db);
  return t;
}

const titles = async (db: WaypointDb, taskId: string) => (await taskSteps(db, taskId)).map((s) => s.title);

describe('steps in the store', () => {
  it('adds, ticks, renames, reorders and deletes steps, each one write to the outbox', async () => {
    const { db, store } = setup({ space: TEST_TEAM });
    const task = await store.createTask({ title: 'Ship' });
    const a = await store.createStep({ taskId: task.id, title: 'Write notes' });
    const b = await store.createStep({ taskId: task.id, title: 'Tag release' });
    await store.createStep({ taskId: task.id, title: 'Announce', index: 1 });
    expect(await titles(db, task.id)).toEqual(['Write notes', 'Announce', 'Tag release']);
    expect(a).toMatchObject({ taskId: task.id, teamId: TEST_TEAM, done: false, createdBy: 'Tester' });

    const before = await db.outbox.count();
    await store.updateStep(b.id, { done: true });
    await store.updateStep(a.id, { title: 'Write release notes' });
    await store.moveStep(b.id, 0);
    expect(await db.outbox.count()).toBe(before + 3);
    expect(await titles(db, task.id)).toEqual(['Tag release', 'Write release notes', 'Announce']);
    expect((await stepCounts(db, [task.id])).get(task.id)).toEqual({ done: 1, total: 3 });

    await store.deleteRow('steps', a.id);
    expect(await titles(db, task.id)).toEqual(['Tag release', 'Announce']);
    await store.restoreRow('steps', a.id);
    expect(await titles(db, task.id)).toHaveLength(3);
  });

  it('refuses an empty title and a step of a task that does not exist', async () => {
    const { store } = setup();
    const task = await store.createTask({ title: 'Ship' });
    await expect(store.createStep({ taskId: task.id, title: '   ' })).rejects.toThrow(/needs a title/);
    await store.deleteTask(task.id);
    await expect(store.createStep({ taskId: task.id, title: 'Late' })).rejects.toThrow(/does not exist/);
  });

  it('hides the steps of a deleted task and brings them back with Undo', async () => {
    const { db, store } = setup();
    const project = await store.createProject({ name: 'Launch' });
    const task = await store.createTask({ title: 'Ship', projectId: project.id });
    const step = await store.createStep({ taskId: task.id, title: 'Write notes' });
    await store.updateStep(step.id, { done: true });
    expect((await projectBundle(db, project.id)).steps).toHaveLength(1);
    await store.deleteTask(task.id);
    expect((await projectBundle(db, project.id)).steps).toHaveLength(0);
    await expect(store.updateStep(step.id, { done: false })).rejects.toThrow(/does not exist/);
    await store.restoreTask(task.id);
    expect((await projectBundle(db, project.id)).steps).toMatchObject([{ id: step.id, done: true }]);
  });

  it('moves the steps with their task into another space, and with its project', async () => {
    const { db, store } = setup();
    const space = '0190a000-0000-4000-8000-00000000000a';
    const other = '0190a000-0000-4000-8000-00000000000b';
    for (const teamId of [space, other])
      await db.spaces.put({
        teamId,
        name: 'T',
        role: 'owner',
        personal: false,
        cursor: '',
        cursorTables: '',
        version: 0,
        lastWireSeq: 0,
      });
    const project = await store.createProject({ name: 'Launch', teamId: space });
    const task = await store.createTask({ title: 'Ship', projectId: project.id });
    const step = await store.createStep({ taskId: task.id, title: 'Write notes' });
    expect(step.teamId).toBe(space);
    await store.updateTask(task.id, { teamId: other });
    expect((await db.steps.get(step.id))?.teamId).toBe(other);
    // The space it left gets a tombstone of the step, the new one the whole step.
    const moves = await db.outbox.where('[table+key]').equals(['steps', step.id]).toArray();
    expect(moves.map((m) => [m.teamId, m.op])).toEqual([
      [space, 'upsert'],
      [other, 'upsert'],
      [other, 'restore'],
      [space, 'delete'],
    ]);
    await store.updateTask(task.id, { teamId: space });
    await store.updateProject(project.id, { teamId: other });
    expect((await db.steps.get(step.id))?.teamId).toBe(other);
    expect((await db.tasks.get(task.id))?.teamId).toBe(other);
  });

  it('brings a step made in the space its task has left over to the task on its next change', async () => {
    const { db, store } = setup();
    const task = await store.createTask({ title: 'Ship' });
    const step = await store.createStep({ taskId: task.id, title: 'Write notes' });
    // As if a teammate's step arrived in the old space after the task moved.
    const team = '0190a000-0000-4000-8000-00000000000c';
    await db.steps.update(step.id, { teamId: team });
    const ticked = await store.updateStep(step.id, { done: true });
    expect(ticked).toMatchObject({ teamId: null, done: true });
  });

  it('unticks the steps when a repeating task moves to its next occurrence, and not when it ends', async () => {
    const now = () => new Date(2026, 10, 25, 12, 0);
    const { db, store } = setup({ now });
    const task = await store.createTask({
      title: 'Standup',
      dueAt: '2026-11-25',
      recurrence: { rule: 'FREQ=DAILY', mode: 'due' },
    });
    const a = await store.createStep({ taskId: task.id, title: 'Read the board' });
    const b = await store.createStep({ taskId: task.id, title: 'Post notes' });
    await store.updateStep(a.id, { done: true });
    await store.updateStep(b.id, { done: true });
    const next = await store.updateTask(task.id, { status: 'done' });
    expect(next).toMatchObject({ status: 'todo', dueAt: '2026-11-26' });
    expect((await taskSteps(db, task.id)).map((s) => s.done)).toEqual([false, false]);
    // Undo of the completion ticks them again.
    await store.setStepsDone([a.id, b.id], true);
    expect((await stepCounts(db, [task.id])).get(task.id)).toEqual({ done: 2, total: 2 });

    const last = await store.createTask({
      title: 'Course',
      dueAt: '2026-11-25',
      recurrence: { rule: 'FREQ=DAILY;UNTIL=20261125T235959Z', mode: 'due' },
    });
    const c = await store.createStep({ taskId: last.id, title: 'Hand in' });
    await store.updateStep(c.id, { done: true });
    expect((await store.updateTask(last.id, { status: 'done' })).status).toBe('done');
    expect((await db.steps.get(c.id))?.done).toBe(true);
  });

  it('imports steps into the space of their task here', async () => {
    const source = setup({ clientId: 'source' });
    const target = setup({ clientId: 'target' });
    const task = await source.store.createTask({ title: 'Ship' });
    await source.store.createStep({ taskId: task.id, title: 'Write notes' });
    const file = await exportData(source.db);
    // The target already has the task, in a space of its own.
    const space = '0190a000-0000-4000-8000-00000000000d';
    await target.db.spaces.put({
      teamId: space,
      name: 'T',
      role: 'owner',
      personal: false,
      cursor: '',
      cursorTables: '',
      version: 0,
      lastWireSeq: 0,
    });
    await importData(target.db, JSON.stringify({ ...file, steps: [] }), target.clock);
    await target.db.tasks.update(task.id, { teamId: space });
    const summary = await importData(target.db, JSON.stringify(file), target.clock);
    expect(summary.steps).toBe(1);
    expect((await target.db.steps.toArray()).map((s) => s.teamId)).toEqual([space]);
    // An export written before steps existed still imports.
    const { steps: _steps, ...older } = file;
    await expect(importData(target.db, JSON.stringify(older), target.clock)).resolves.toMatchObject({ changed: 0 });
  });
});
