// The checklist's messages, through the background's validation: what the editor sends, and what bad input gets.
import { afterEach, describe, expect, it } from 'vitest';
import type { WaypointDb } from '@/db/database';
import { taskSteps } from '@/db/queries';
import { createTestHandlers } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

describe('step messages', () => {
  it('create, update, move, delete, restore and set done', async () => {
    const t = createTestHandlers();
    db = t.db;
    const task = await t.store.createTask({ title: 'Ship' });
    const a = await t.send('step.create', { taskId: task.id, title: 'Notes' });
    const b = await t.send('step.create', { taskId: task.id, title: 'Tag' });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    const [idA, idB] = [(a.result as { id: string }).id, (b.result as { id: string }).id];
    expect((await t.send('step.move', { id: idB, index: 0 })).ok).toBe(true);
    expect((await t.send('step.update', { id: idA, patch: { done: true, title: 'Release notes' } })).ok).toBe(true);
    expect((await taskSteps(t.db, task.id)).map((s) => [s.title, s.done])).toEqual([
      ['Tag', false],
      ['Release notes', true],
    ]);
    expect((await t.send('steps.setDone', { ids: [idA, idB], done: false })).ok).toBe(true);
    expect((await taskSteps(t.db, task.id)).every((s) => !s.done)).toBe(true);
    expect((await t.send('step.delete', { id: idA })).ok).toBe(true);
    expect(await taskSteps(t.db, task.id)).toHaveLength(1);
    expect((await t.send('step.restore', { id: idA })).ok).toBe(true);
    expect(await taskSteps(t.db, task.id)).toHaveLength(2);
  });

  it('answers bad input with a plain reason and changes nothing', async () => {
    const t = createTestHandlers();
    db = t.db;
    const task = await t.store.createTask({ title: 'Ship' });
    await expect(t.send('step.create', { taskId: task.id, title: '  ' })).resolves.toMatchObject({
      ok: false,
      error: 'Invalid',
      message: expect.stringContaining('A step needs a title'),
    });
    // The task of a step is fixed: a patch cannot move it to another task.
    const made = await t.send('step.create', { taskId: task.id, title: 'Notes' });
    const id = made.ok ? (made.result as { id: string }).id : '';
    await expect(
      t.send('step.update', { id, patch: { taskId: '0190a000-0000-7000-8000-000000000001' } }),
    ).resolves.toMatchObject({ ok: false, error: 'Invalid' });
    await expect(t.send('step.move', { id, index: -1 })).resolves.toMatchObject({ ok: false, error: 'Invalid' });
    await expect(
      t.send('step.update', { id: '0190a000-0000-7000-8000-000000000002', patch: { done: true } }),
    ).resolves.toMatchObject({ ok: false, error: 'NotFound', message: expect.stringContaining('Step') });
    expect((await taskSteps(t.db, task.id)).map((s) => s.title)).toEqual(['Notes']);
  });
});
