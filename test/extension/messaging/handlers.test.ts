import { afterEach, describe, expect, it } from 'vitest';
import type { WaypointDb } from '@/db/database';
import { dispatch } from '@/messaging/handlers';
import { createTestHandlers } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

function setup() {
  const t = createTestHandlers();
  db = t.db;
  return t;
}

describe('message dispatch', () => {
  it('runs a valid request and answers with its result', async () => {
    const { send, db } = setup();
    const reply = await send('task.create', { title: 'Call Sam', priority: 2 });
    expect(reply).toMatchObject({ ok: true, result: { title: 'Call Sam', priority: 2 } });
    expect(await db.tasks.count()).toBe(1);
  });

  it('answers every bad request with a readable error and writes nothing', async () => {
    const { send, db } = setup();
    expect(await send('task.nuke', {})).toMatchObject({ ok: false, error: 'UnknownMessage' });
    expect(await dispatch({} as never, 'garbage')).toMatchObject({ ok: false, error: 'UnknownMessage' });
    expect(await send('task.create', { title: '' })).toMatchObject({ ok: false, error: 'Invalid', message: /title/ });
    expect(await send('task.create', { title: 'x', __proto__: { admin: true }, extra: 1 })).toMatchObject({
      ok: false,
      error: 'Invalid',
    });
    expect(await send('task.update', { id: 'not-an-id', patch: {} })).toMatchObject({ ok: false, error: 'Invalid' });
    expect(await send('task.delete', { id: '0190a000-0000-7000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: 'NotFound',
    });
    expect(await send('data.import', { text: '{}' })).toMatchObject({
      ok: false,
      error: 'BadFile',
      message: /not a valid Waypoint export/,
    });
    expect(await db.tasks.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('updates settings and records project use', async () => {
    const { send } = setup();
    expect(await send('settings.update', { displayName: '  Ana ' })).toMatchObject({
      ok: true,
      result: { displayName: 'Ana' },
    });
    expect(await send('settings.update', { displayName: 'x'.repeat(101) })).toMatchObject({
      ok: false,
      error: 'Invalid',
    });
  });
});
