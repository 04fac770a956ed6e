// The PostgreSQL storage against a real server (set WAYPOINT_TEST_DATABASE_URL): protocol, NOTIFY fan-out.
// Convergence under random histories is test/extension/sync/model-pg.test.ts (the real extension against it).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer } from '../../server/start';
import { createPostgresStorage, type PostgresStorage } from '../../server/storage/postgres';
import {
  call,
  createTeam,
  createTestApp,
  freshPostgresStorage,
  hlcAt,
  invite,
  join,
  newKey,
  pushBody,
  snapshot,
  taskFields,
} from './helpers';

const url = process.env.WAYPOINT_TEST_DATABASE_URL;
const open: PostgresStorage[] = [];

async function freshStorage(): Promise<PostgresStorage> {
  // A schema of its own (test files run in parallel on one database), made anew.
  const storage = await freshPostgresStorage('waypoint_pg_test');
  open.push(storage);
  return storage;
}

async function connect(connectionString: string) {
  const storage = await createPostgresStorage({ connectionString, max: 4 });
  open.push(storage);
  return storage;
}

afterAll(async () => {
  for (const s of open) await s.close().catch(() => undefined);
});

describe.skipIf(!url)('PostgreSQL storage', () => {
  beforeEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
  });

  it('speaks the push/pull contract', async () => {
    const { app, clock } = createTestApp({ storage: await freshStorage() });
    const owner = await createTeam(app);
    const teamId = owner.team.id;
    const key = newKey();
    const m1 = { seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(clock.now()) };
    const m2 = {
      seq: 2,
      op: 'patch',
      table: 'tasks',
      key,
      fields: { status: 'done' },
      hlc: hlcAt(clock.now(), 'c1', 1),
    };
    const push = (body: unknown, token = owner.token) => call(app, 'POST', '/v1/sync/push', { token, body });
    expect((await push(pushBody(teamId, 'c1', [m1, m2]))).body).toEqual({
      lastSeq: 2,
      version: 1,
      rejected: [],
      clamped: [],
    });
    expect((await push(pushBody(teamId, 'c1', [m1, m2]))).body).toEqual({
      lastSeq: 2,
      version: 1,
      rejected: [],
      clamped: [],
    });
    const gap = await push(pushBody(teamId, 'c1', [{ ...m2, seq: 4 }]));
    expect(gap.status).toBe(409);
    expect(gap.body.expectedSeq).toBe(3);
    const guest = await join(app, await invite(app, owner.token, teamId, 'guest'));
    const g = await push(
      pushBody(teamId, 'g', [{ ...m1, key: newKey(), seq: 1, hlc: hlcAt(clock.now(), 'g') }]),
      guest.token,
    );
    expect(g.body.rejected).toEqual([expect.objectContaining({ code: 'Forbidden' })]);
    const stolen = await push(pushBody(teamId, 'c1', [{ ...m2, seq: 3 }]), guest.token);
    expect(stolen.status).toBe(403);
    // Guests comment, and change only their own comments.
    const comment = {
      projectId: newKey(),
      taskId: null,
      body: 'Hi',
      mentions: [],
      createdBy: null,
      createdAt: '2026-11-25T12:00:00.000Z',
    };
    const ownerComment = newKey();
    await push(
      pushBody(teamId, 'c1', [
        {
          seq: 3,
          op: 'upsert',
          table: 'comments',
          key: ownerComment,
          fields: comment,
          hlc: hlcAt(clock.now(), 'c1', 5),
        },
      ]),
    );
    const guestComment = newKey();
    const t = clock.now() + 10;
    const g2 = await push(
      pushBody(teamId, 'g', [
        { seq: 2, op: 'upsert', table: 'comments', key: guestComment, fields: comment, hlc: hlcAt(t, 'g') },
        {
          seq: 3,
          op: 'patch',
          table: 'comments',
          key: guestComment,
          fields: { body: 'Edited' },
          hlc: hlcAt(t + 1, 'g'),
        },
        { seq: 4, op: 'delete', table: 'comments', key: ownerComment, hlc: hlcAt(t + 2, 'g') },
      ]),
      guest.token,
    );
    expect(g2.body.rejected.map((r: { seq: number; code: string }) => [r.seq, r.code])).toEqual([[4, 'Forbidden']]);

    const snap = await snapshot(app, owner.token, teamId, 'c1');
    const changes = snap.changes as { table: string; key: string; deleted: boolean; fields: { body?: string } }[];
    expect(changes.filter((c) => c.table === 'tasks')).toEqual([
      {
        table: 'tasks',
        key,
        version: 1,
        deleted: false,
        fields: taskFields({ status: 'done', createdBy: owner.user.id }),
        hlc: expect.any(Object),
      },
    ]);
    expect(changes.find((c) => c.key === ownerComment)?.deleted).toBe(false);
    expect(changes.find((c) => c.key === guestComment)?.fields.body).toBe('Edited');
    const me = await call(app, 'GET', '/v1/me', { token: guest.token });
    expect(me.body.teams.map((t: { role: string }) => t.role)).toEqual(['owner', 'guest']);
    const members = await call(app, 'GET', `/v1/teams/${teamId}/members`, { token: guest.token });
    expect(members.body.members).toHaveLength(2);
  });

  it('pages by cursor and answers 410 behind the tombstone horizon', async () => {
    const storage = await freshStorage();
    const { app, clock } = createTestApp({ storage });
    const { token, team } = await createTeam(app);
    const keys = Array.from({ length: 5 }, () => newKey());
    await call(app, 'POST', '/v1/sync/push', {
      token,
      body: pushBody(
        team.id,
        'c1',
        keys.map((key, i) => ({
          seq: i + 1,
          op: 'upsert',
          table: 'tasks',
          key,
          fields: taskFields(),
          hlc: hlcAt(clock.now(), 'c1', i),
        })),
      ),
    });
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const res = await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&limit=2&cursor=${cursor}`, { token });
      seen.push(...res.body.changes.map((c: { key: string }) => c.key));
      cursor = res.body.cursor;
      if (!res.body.hasMore) break;
    }
    expect(seen.sort()).toEqual([...keys].sort());
    const early = (await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&limit=1`, { token })).body.cursor;
    await call(app, 'POST', '/v1/sync/push', {
      token,
      body: pushBody(team.id, 'c1', [
        { seq: 6, op: 'delete', table: 'tasks', key: keys[0], hlc: hlcAt(clock.now() + 1) },
      ]),
    });
    clock.advance(10 * 86_400_000);
    expect(await storage.compactTombstones({ olderThan: clock.now() - 86_400_000 })).toBe(1);
    expect((await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&cursor=${early}`, { token })).status).toBe(410);
    expect((await snapshot(app, token, team.id)).changes).toHaveLength(4);
  });

  it('fans pokes out to other server instances through LISTEN/NOTIFY', async () => {
    await freshStorage();
    const schemaUrl = new URL(url!);
    schemaUrl.searchParams.set('options', '-c search_path=waypoint_pg_test');
    const one = await startServer({ storage: await connect(schemaUrl.toString()), port: 0 });
    const two = await startServer({ storage: await connect(schemaUrl.toString()), port: 0 });
    try {
      const created = await (
        await fetch(`${one.url}/v1/teams`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ teamName: 'Fan', userName: 'Out' }),
        })
      ).json();
      const ws = new WebSocket(`${two.url.replace('http', 'ws')}/v1/sync/ws`);
      const messages: { type: string; teamId?: string; version?: number }[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'auth', token: created.token }));
      await expect.poll(() => messages.some((m) => m.type === 'ready')).toBe(true);
      const res = await fetch(`${one.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          pushBody(created.team.id, 'c1', [
            { seq: 1, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(Date.now()) },
          ]),
        ),
      });
      expect(res.status).toBe(200);
      await expect
        .poll(() => messages.find((m) => m.type === 'poke'), { timeout: 3000 })
        .toEqual({ type: 'poke', teamId: created.team.id, version: 1 });
      ws.close();

      // Someone connected to instance two joins through instance one: their socket starts hearing the team.
      const other = await (
        await fetch(`${two.url}/v1/teams`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ teamName: 'Other', userName: 'Joiner' }),
        })
      ).json();
      const ws2 = new WebSocket(`${two.url.replace('http', 'ws')}/v1/sync/ws`);
      const seen: { type: string; teamId?: string; version?: number }[] = [];
      ws2.on('message', (d) => seen.push(JSON.parse(d.toString())));
      await new Promise((r) => ws2.once('open', r));
      ws2.send(JSON.stringify({ type: 'auth', token: other.token }));
      await expect.poll(() => seen.some((m) => m.type === 'ready')).toBe(true);
      const inv = await (
        await fetch(`${one.url}/v1/teams/${created.team.id}/invites`, {
          method: 'POST',
          headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'member' }),
        })
      ).json();
      const joined = await fetch(`${one.url}/v1/join`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: inv.code, userName: 'Joiner' }),
      });
      expect(joined.status).toBe(201);
      // The join committed on instance one reaches instance two's members as a "members" message.
      await expect
        .poll(() => seen.find((m) => m.type === 'members'), { timeout: 3000 })
        .toEqual({ type: 'members', teamId: created.team.id });
      await new Promise((r) => setTimeout(r, 200));
      const again = await fetch(`${one.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          pushBody(created.team.id, 'c1', [
            { seq: 2, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(Date.now()) },
          ]),
        ),
      });
      expect(again.status).toBe(200);
      await expect
        .poll(() => seen.find((m) => m.type === 'poke'), { timeout: 3000 })
        .toEqual({ type: 'poke', teamId: created.team.id, version: 2 });
      ws2.close();
    } finally {
      await one.close();
      await two.close();
    }
  });
});
