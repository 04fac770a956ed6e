import { taskSchema } from '@@/shared/schemas/task';
import { applyMutation, type SyncRow } from '@@/shared/sync/merge';
import { afterEach, describe, expect, it } from 'vitest';
import type { WaypointDb } from '@/db/database';
import { rowClocks, toSyncRow } from '@/db/rows';
import { NotFoundError } from '@/db/store';
import { createTestStore, TEST_TEAM } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

describe('store', () => {
  it('writes the row and its outbox mutation together', async () => {
    const t = createTestStore({ space: TEST_TEAM });
    db = t.db;
    const task = await t.store.createTask({ title: 'Write the brief', dueAt: '2026-12-01' });
    expect(taskSchema.parse(task)).toBeTruthy();
    expect(task.createdBy).toBe('Tester');
    const outbox = await t.db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'tasks', key: task.id, op: 'upsert', teamId: TEST_TEAM, seq: 1 });
    expect(outbox[0]?.fields).not.toHaveProperty('id');
    expect(outbox[0]?.fields).toMatchObject({ title: 'Write the brief', dueAt: '2026-12-01' });
    // Every field carries the HLC of the write that set it.
    expect(Object.keys(rowClocks(task)).sort()).toEqual(Object.keys(outbox[0]?.fields ?? {}).sort());
    // Stored compact: one HLC for the row, no per-field copies of it.
    expect(task.hlc).toBe(outbox[0]?.hlc);
    expect(task.hlcs).toBeUndefined();
    expect(await t.db.settings.get('hlc')).toEqual({ key: 'hlc', value: t.clock.last() });
  });

  it('queues nothing for a row on this device only, and the whole row once it moves into a team', async () => {
    const t = createTestStore();
    db = t.db;
    const task = await t.store.createTask({ title: 'Private plan' });
    await t.store.updateTask(task.id, { title: 'Private plan, revised' });
    await t.store.deleteTask(task.id);
    await t.store.restoreTask(task.id);
    expect(await t.db.outbox.count()).toBe(0);
    await t.store.updateTask(task.id, { teamId: TEST_TEAM });
    const queued = await t.db.outbox.orderBy('seq').toArray();
    expect(queued.map((e) => [e.op, e.teamId])).toEqual([
      ['upsert', TEST_TEAM],
      ['restore', TEST_TEAM],
    ]);
    expect(queued[0]!.fields).toMatchObject({ title: 'Private plan, revised' });
    // Replayed on an empty server, the queued mutations rebuild the row exactly.
    let replayed: SyncRow | undefined;
    for (const m of queued) replayed = applyMutation(replayed, { ...m, key: task.id });
    expect(replayed?.fields).toEqual(toSyncRow((await t.db.tasks.get(task.id))!).fields);
    expect(replayed?.deleted).toBe(false);
  });

  it('keeps index columns in step with status and deletion', async () => {
    const t = createTestStore({ space: TEST_TEAM });
    db = t.db;
    const task = await t.store.createTask({ title: 'Ship it', source: null });
    expect(task.openDue).toBe('~');
    expect(task.projectKey).toBe('inbox');
    const done = await t.store.updateTask(task.id, { status: 'done' });
    expect(done.completedAt).not.toBeNull();
    expect(done.openDue).toBeUndefined();
    expect(done.doneAt).toBe(done.completedAt);
    const reopened = await t.store.updateTask(task.id, { status: 'todo' });
    expect(reopened.completedAt).toBeNull();
    expect(reopened.openDue).toBe('~');
    const deleted = await t.store.deleteTask(task.id);
    expect(deleted.deleted).toBe(true);
    expect(deleted.projectKey).toBeUndefined();
    expect(await t.db.tasks.where('openDue').equals('~').count()).toBe(0);
    const restored = await t.store.restoreTask(task.id);
    expect(restored.deleted).toBe(false);
    expect(restored.openDue).toBe('~');
    expect((await t.db.outbox.toArray()).map((m) => m.op)).toEqual(['upsert', 'patch', 'patch', 'delete', 'restore']);
  });

  it('refuses invalid changes and leaves data unchanged', async () => {
    const t = createTestStore({ space: TEST_TEAM });
    db = t.db;
    await expect(t.store.createTask({ title: '   ' })).rejects.toThrow(/title/);
    await expect(t.store.createTask({ title: 'x'.repeat(501) })).rejects.toThrow();
    const task = await t.store.createTask({ title: 'Valid' });
    await expect(t.store.updateTask(task.id, { priority: 9 })).rejects.toThrow();
    // @ts-expect-error unknown fields are refused, not silently stored
    await expect(t.store.updateTask(task.id, { colour: 'red' })).rejects.toThrow();
    await expect(t.store.updateTask('0190a000-0000-7000-8000-000000000000', { title: 'ghost' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await t.db.outbox.count()).toBe(1);
    expect((await t.db.tasks.get(task.id))?.priority).toBe(4);
  });

  it('creates projects with a palette colour and moves rows between spaces with a full upsert', async () => {
    const t = createTestStore();
    db = t.db;
    const project = await t.store.createProject({ name: 'Launch', urlRules: [{ kind: 'domain', value: 'acme.test' }] });
    expect(project.color).toMatch(/^#/);
    const task = await t.store.createTask({ title: 'Plan', projectId: project.id });
    const team = '0190a000-0000-7000-8000-0000000000aa';
    await t.store.updateTask(task.id, { teamId: team });
    const moved = await t.db.tasks.get(task.id);
    expect(moved?.teamId).toBe(team);
    const moves = (await t.db.outbox.orderBy('seq').toArray()).filter((e) => e.key === task.id && e.teamId === team);
    // The whole row as an upsert, and a restore in case the team holds a tombstone of it from an earlier move out.
    expect(moves.map((e) => e.op)).toEqual(['upsert', 'restore']);
    expect(moves[0]!.fields).toMatchObject({ title: 'Plan', projectId: project.id });
    // Moving out of a team leaves a tombstone there, so that team stops showing the row.
    await t.store.updateTask(task.id, { teamId: null });
    const left = (await t.db.outbox.orderBy('seq').toArray()).filter((e) => e.key === task.id && e.teamId === team);
    expect(left.at(-1)).toMatchObject({ op: 'delete', teamId: team });
    expect((await t.db.tasks.get(task.id))?.deleted).toBe(false);
  });
});
