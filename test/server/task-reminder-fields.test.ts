// The reminder fields of a task (reminder, reminderSnooze) travel through the real server and storage (SQLite,
// and PostgreSQL when WAYPOINT_TEST_DATABASE_URL is set); bad values are refused with a 400 naming each field.
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
const storages = testStorages('task_reminder_fields');

const DUE = '2026-12-04T17:00:00.000Z';
const SNOOZE = { until: '2026-12-04T17:10:00.000Z', dueAt: DUE };

type Change = { key: string; fields: Record<string, unknown> };

describe.each(storages)('task reminder fields on %s', (name, makeStorage) => {
  it.skipIf(name === 'PostgreSQL' && !url)('round-trips the fields and refuses bad ones', async () => {
    const { app, clock } = createTestApp({ storage: await makeStorage() });
    const owner = await createTeam(app);
    const teamId = owner.team.id;
    const key = newKey();
    const push = (mutations: unknown[]) =>
      call(app, 'POST', '/v1/sync/push', { token: owner.token, body: pushBody(teamId, 'c1', mutations) });
    const ok = await push([
      {
        seq: 1,
        op: 'upsert',
        table: 'tasks',
        key,
        fields: taskFields({ dueAt: DUE, reminder: 15 }),
        hlc: hlcAt(clock.now()),
      },
      {
        seq: 2,
        op: 'patch',
        table: 'tasks',
        key,
        fields: { reminderSnooze: SNOOZE },
        hlc: hlcAt(clock.now(), 'c1', 1),
      },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body.rejected).toEqual([]);
    const { changes } = await snapshot(app, owner.token, teamId);
    expect((changes as Change[]).find((c) => c.key === key)?.fields).toMatchObject({
      reminder: 15,
      reminderSnooze: SNOOZE,
    });

    const off = await push([
      { seq: 3, op: 'patch', table: 'tasks', key, fields: { reminder: 'none' }, hlc: hlcAt(clock.now(), 'c1', 2) },
    ]);
    expect(off.status).toBe(200);

    const bad = await push([
      { seq: 4, op: 'patch', table: 'tasks', key, fields: { reminder: -5 }, hlc: hlcAt(clock.now(), 'c1', 3) },
      { seq: 5, op: 'patch', table: 'tasks', key, fields: { reminder: 'soon' }, hlc: hlcAt(clock.now(), 'c1', 4) },
      {
        seq: 6,
        op: 'patch',
        table: 'tasks',
        key,
        fields: { reminderSnooze: { until: 'later', dueAt: DUE } },
        hlc: hlcAt(clock.now(), 'c1', 5),
      },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('Invalid');
    expect(bad.body.issues.map((issue: { path: string }) => issue.path)).toEqual([
      'mutations.0.fields.reminder',
      'mutations.1.fields.reminder',
      'mutations.2.fields.reminderSnooze.until',
    ]);
    const after = await snapshot(app, owner.token, teamId, 'snap2');
    expect((after.changes as Change[]).find((c) => c.key === key)?.fields).toMatchObject({
      reminder: 'none',
      reminderSnooze: SNOOZE,
    });
  });
});
