// The new task fields (recurrence, times done, last completed, start date, estimate) travel through the real
// server and storage (SQLite, and PostgreSQL when WAYPOINT_TEST_DATABASE_URL is set); bad values are refused
// per mutation with a clear code, never a 500.
import { describe, expect, it } from 'vitest';
import {
  call,
  createTeam,
  createTestApp,
  hlcAt,
  newKey,
  pushBody,
  snapshot,
  taskFields,
  testStorages,
} from './helpers';

const url = process.env.WAYPOINT_TEST_DATABASE_URL;
const storages = testStorages('task_recurrence_fields');

const RECURRING = {
  recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'due' },
  timesDone: 3,
  lastCompletedAt: '2026-11-24T09:05:00.000Z',
  startAt: '2026-11-20',
  estimateMinutes: 15,
  dueAt: '2026-11-25T09:00:00.000Z',
};

describe.each(storages)('task recurrence fields on %s', (name, makeStorage) => {
  it.skipIf(name === 'PostgreSQL' && !url)('round-trips the fields and refuses bad ones', async () => {
    const { app, clock } = createTestApp({ storage: await makeStorage() });
    const owner = await createTeam(app);
    const teamId = owner.team.id;
    const key = newKey();
    const push = (mutations: unknown[]) =>
      call(app, 'POST', '/v1/sync/push', { token: owner.token, body: pushBody(teamId, 'c1', mutations) });
    const ok = await push([
      { seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(RECURRING), hlc: hlcAt(clock.now()) },
      // A completion: next due and history in one patch.
      {
        seq: 2,
        op: 'patch',
        table: 'tasks',
        key,
        fields: { dueAt: '2026-11-26T09:00:00.000Z', timesDone: 4, lastCompletedAt: '2026-11-25T09:10:00.000Z' },
        hlc: hlcAt(clock.now(), 'c1', 1),
      },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body.rejected).toEqual([]);
    const { changes } = await snapshot(app, owner.token, teamId);
    const row = (changes as { key: string; fields: Record<string, unknown> }[]).find((change) => change.key === key);
    expect(row?.fields).toMatchObject({
      recurrence: RECURRING.recurrence,
      startAt: '2026-11-20',
      estimateMinutes: 15,
      dueAt: '2026-11-26T09:00:00.000Z',
      timesDone: 4,
      lastCompletedAt: '2026-11-25T09:10:00.000Z',
    });

    const bad = await push([
      {
        seq: 3,
        op: 'patch',
        table: 'tasks',
        key,
        fields: { recurrence: { rule: 'RRULE:FREQ=SECONDLY', mode: 'due' } },
        hlc: hlcAt(clock.now(), 'c1', 2),
      },
      { seq: 4, op: 'patch', table: 'tasks', key, fields: { estimateMinutes: -1 }, hlc: hlcAt(clock.now(), 'c1', 3) },
      { seq: 5, op: 'patch', table: 'tasks', key, fields: { startAt: 'soon' }, hlc: hlcAt(clock.now(), 'c1', 4) },
    ]);
    // The whole push is refused with a 400 naming each bad field; nothing is stored.
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('Invalid');
    expect(bad.body.issues.map((issue: { path: string }) => issue.path)).toEqual([
      'mutations.0.fields.recurrence.rule',
      'mutations.1.fields.estimateMinutes',
      'mutations.2.fields.startAt',
    ]);
    const after = await snapshot(app, owner.token, teamId, 'snap2');
    const kept = (after.changes as { key: string; fields: Record<string, unknown> }[]).find((c) => c.key === key);
    expect(kept?.fields).toMatchObject({
      recurrence: RECURRING.recurrence,
      estimateMinutes: 15,
      startAt: '2026-11-20',
    });
  });
});
