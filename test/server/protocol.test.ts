// The wire contract through app.request: every endpoint and every status code of docs/protocol.md, against both
// storages (PostgreSQL when WAYPOINT_TEST_DATABASE_URL is set, as CI does): one push algorithm, one contract.
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { sha256 } from '../../server/crypto';
import { decodeCursor } from '../../server/cursor';
import type { PostgresStorage } from '../../server/storage/postgres';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { isSyncTable } from '../../shared/sync/tables';
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

const pgUrl = process.env.WAYPOINT_TEST_DATABASE_URL;
const opened: PostgresStorage[] = [];
afterAll(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => undefined);
});

/** A fresh, empty storage of each kind for every test. */
const STORAGES: { kind: string; fresh: () => Promise<Storage> }[] = [
  { kind: 'SQLite', fresh: async () => createSqliteStorage({ path: ':memory:' }) },
  ...(pgUrl
    ? [
        {
          kind: 'PostgreSQL',
          fresh: async () => {
            for (const s of opened.splice(0)) await s.close().catch(() => undefined);
            const storage = await freshPostgresStorage('waypoint_protocol_test');
            opened.push(storage);
            return storage;
          },
        },
      ]
    : []),
];

describe.each(STORAGES)('$kind', ({ fresh }) => {
  describe('health and routing', () => {
    it('answers /healthz and JSON 404s', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      expect((await call(app, 'GET', '/healthz')).status).toBe(200);
      const missing = await call(app, 'GET', '/v1/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: 'NotFound', message: expect.any(String) });
    });
  });

  describe('teams, invites, join, me', () => {
    it('creates a team with an owner, a private space and a one-time token', async () => {
      const { app, storage } = await createTestApp({ storage: await fresh() });
      const res = await call(app, 'POST', '/v1/teams', { body: { teamName: ' Design ', userName: 'Ada' } });
      expect(res.status).toBe(201);
      expect(res.body.team.name).toBe('Design');
      expect(res.body.token).toMatch(/^wp_[A-Za-z0-9_-]{43}$/);
      // Only the hash is stored: the token itself authenticates, its hash does not.
      expect(await storage.authenticate(sha256(res.body.token), 0)).toBeDefined();
      expect((await call(app, 'GET', '/v1/me', { token: res.body.token })).status).toBe(200);
      const me = await call(app, 'GET', '/v1/me', { token: res.body.token });
      expect(me.body.user).toEqual(res.body.user);
      expect(me.body.teams).toEqual([
        { id: res.body.personalTeam.id, name: 'Personal', role: 'owner', personal: true, version: 0 },
        { id: res.body.team.id, name: 'Design', role: 'owner', personal: false, version: 0 },
      ]);
    });

    it('rejects an invalid team request with 400', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      expect((await call(app, 'POST', '/v1/teams', { body: { teamName: '', userName: 'x' } })).status).toBe(400);
      expect((await call(app, 'POST', '/v1/teams', { body: { teamName: 'x' } })).status).toBe(400);
    });

    it('rate-limits team creation and join with 429 and Retry-After', async () => {
      const { app } = await createTestApp({
        storage: await fresh(),
        rateLimits: { createTeam: { limit: 2, windowMs: 60_000 }, join: { limit: 1, windowMs: 60_000 } },
      });
      await createTeam(app);
      const owner = await createTeam(app);
      const limited = await call(app, 'POST', '/v1/teams', { body: { teamName: 'T', userName: 'U' } });
      expect(limited.status).toBe(429);
      expect(limited.body.error).toBe('RateLimited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const code = await invite(app, owner.token, owner.team.id, 'member');
      await join(app, code);
      // Failed joins are what counts (a valid code joined above took no slot): the first unknown code is a 404.
      const failed = await call(app, 'POST', '/v1/join', { body: { code: 'abcdefghijkl', userName: 'x' } });
      expect(failed.status).toBe(404);
      const again = await call(app, 'POST', '/v1/join', { body: { code: 'abcdefghijkl', userName: 'x' } });
      expect(again.status).toBe(429);
      expect(again.headers.get('retry-after')).toBeTruthy();
    });

    it('closed signup needs the admin code', async () => {
      const { app } = await createTestApp({ storage: await fresh(), adminCodeHash: sha256('wpa_secret') });
      const denied = await call(app, 'POST', '/v1/teams', { body: { teamName: 'T', userName: 'U' } });
      expect(denied.status).toBe(403);
      const wrong = await call(app, 'POST', '/v1/teams', { body: { teamName: 'T', userName: 'U', adminCode: 'nope' } });
      expect(wrong.status).toBe(403);
      const ok = await call(app, 'POST', '/v1/teams', {
        body: { teamName: 'T', userName: 'U', adminCode: 'wpa_secret' },
      });
      expect(ok.status).toBe(201);
    });

    it('invites are for owners and admins, single-use and expiring', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const teamId = owner.team.id;
      const res = await call(app, 'POST', `/v1/teams/${teamId}/invites`, {
        token: owner.token,
        body: { role: 'member' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code: expect.any(String), role: 'member' });
      expect(Date.parse(res.body.expiresAt)).toBe(clock.now() + 7 * 24 * 3_600_000);

      const joined = await call(app, 'POST', '/v1/join', { body: { code: res.body.code, userName: 'Bo' } });
      expect(joined.status).toBe(201);
      expect(joined.body.team).toEqual(owner.team);
      expect(joined.body.role).toBe('member');
      const reuse = await call(app, 'POST', '/v1/join', { body: { code: res.body.code, userName: 'Cy' } });
      expect(reuse.status).toBe(404);
      expect(reuse.body.error).toBe('InviteInvalid');

      // A member cannot invite; an unknown team is 404; no token is 401; a bad role is 400.
      const byMember = await call(app, 'POST', `/v1/teams/${teamId}/invites`, {
        token: joined.body.token,
        body: { role: 'guest' },
      });
      expect(byMember.status).toBe(403);
      expect(
        (await call(app, 'POST', `/v1/teams/${newKey()}/invites`, { token: owner.token, body: { role: 'guest' } }))
          .status,
      ).toBe(404);
      expect((await call(app, 'POST', `/v1/teams/${teamId}/invites`, { body: { role: 'guest' } })).status).toBe(401);
      expect(
        (await call(app, 'POST', `/v1/teams/${teamId}/invites`, { token: owner.token, body: { role: 'owner' } }))
          .status,
      ).toBe(400);
      // The private space cannot be shared.
      expect(
        (
          await call(app, 'POST', `/v1/teams/${owner.personalTeam.id}/invites`, {
            token: owner.token,
            body: { role: 'member' },
          })
        ).status,
      ).toBe(403);

      const short = await call(app, 'POST', `/v1/teams/${teamId}/invites`, {
        token: owner.token,
        body: { role: 'guest', expiresInHours: 1 },
      });
      clock.advance(3_600_001);
      expect((await call(app, 'POST', '/v1/join', { body: { code: short.body.code, userName: 'Late' } })).status).toBe(
        404,
      );
    });

    it('an admin can invite; an existing account joins with its token; members are listed', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app, 'A', 'Owner');
      const admin = await join(app, await invite(app, owner.token, owner.team.id, 'admin'), 'Admin');
      const code = await invite(app, admin.token, owner.team.id, 'member');
      const other = await createTeam(app, 'B', 'Other');
      const res = await call(app, 'POST', '/v1/join', { token: other.token, body: { code, userName: 'ignored' } });
      expect(res.status).toBe(201);
      expect(res.body.user.id).toBe(other.user.id);
      const me = await call(app, 'GET', '/v1/me', { token: res.body.token });
      expect(me.body.teams.map((t: { name: string }) => t.name).sort()).toEqual(['A', 'B', 'Personal']);
      const members = await call(app, 'GET', `/v1/teams/${owner.team.id}/members`, { token: other.token });
      expect(members.status).toBe(200);
      expect(members.body.members).toEqual([
        { id: owner.user.id, name: 'Owner', role: 'owner', clients: [] },
        { id: admin.user.id, name: 'Admin', role: 'admin', clients: [] },
        { id: other.user.id, name: 'Other', role: 'member', clients: [] },
      ]);
      const outsider = await createTeam(app, 'C', 'Outsider');
      expect((await call(app, 'GET', `/v1/teams/${owner.team.id}/members`, { token: outsider.token })).status).toBe(
        403,
      );
      expect((await call(app, 'GET', `/v1/teams/not-a-uuid/members`, { token: outsider.token })).status).toBe(404);
    });

    it('revokes the current token', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const res = await call(app, 'DELETE', '/v1/tokens/current', { token: owner.token });
      expect(res.status).toBe(200);
      const after = await call(app, 'GET', '/v1/me', { token: owner.token });
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('Unauthorized');
    });
  });

  describe('push', () => {
    it('applies, acknowledges, and is idempotent per (clientId, seq)', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team, user } = await createTeam(app);
      const key = newKey();
      const m1 = { seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(clock.now()) };
      const m2 = {
        seq: 2,
        op: 'patch',
        table: 'tasks',
        key,
        fields: { status: 'doing' },
        hlc: hlcAt(clock.now(), 'c1', 1),
      };
      const res = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m1, m2]) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ lastSeq: 2, version: 1, rejected: [], clamped: [] });
      // The whole batch again (a lost response): nothing changes, same acknowledgement.
      const again = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m1, m2]) });
      expect(again.body).toEqual({ lastSeq: 2, version: 1, rejected: [], clamped: [] });
      // Partly new: only seq 3 applies.
      const m3 = {
        seq: 3,
        op: 'patch',
        table: 'tasks',
        key,
        fields: { priority: 1 },
        hlc: hlcAt(clock.now(), 'c1', 2),
      };
      const partly = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m2, m3]) });
      expect(partly.body).toEqual({ lastSeq: 3, version: 2, rejected: [], clamped: [] });
      const snap = await snapshot(app, token, team.id);
      expect(snap.changes).toEqual([
        {
          table: 'tasks',
          key,
          version: 2,
          deleted: false,
          // Authorship comes from the pushing account, whatever the client sent.
          fields: taskFields({ status: 'doing', priority: 1, createdBy: user.id }),
          hlc: expect.objectContaining({
            title: hlcAt(clock.now()),
            status: hlcAt(clock.now(), 'c1', 1),
            priority: hlcAt(clock.now(), 'c1', 2),
          }),
        },
      ]);
    });

    it('refuses a gap with 409 SeqGap and the expected seq, applying nothing', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const m = { seq: 3, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(clock.now()) };
      const res = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m]) });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: 'SeqGap', message: expect.any(String), expectedSeq: 1 });
      expect((await snapshot(app, token, team.id)).changes).toEqual([]);
    });

    it('rejects a guest writing tasks per mutation (Forbidden), still advancing lastSeq', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const guest = await join(app, await invite(app, owner.token, owner.team.id, 'guest'), 'Guest');
      const m = {
        seq: 1,
        op: 'upsert',
        table: 'tasks',
        key: newKey(),
        fields: taskFields(),
        hlc: hlcAt(clock.now(), 'g'),
      };
      const res = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'g', [m]),
      });
      expect(res.status).toBe(200);
      expect(res.body.lastSeq).toBe(1);
      expect(res.body.rejected).toEqual([{ seq: 1, code: 'Forbidden', message: expect.any(String) }]);
      expect((await snapshot(app, owner.token, owner.team.id)).changes).toEqual([]);
      // ...but reads.
      expect((await call(app, 'GET', `/v1/sync/pull?teamId=${owner.team.id}`, { token: guest.token })).status).toBe(
        200,
      );
    });

    it.runIf(isSyncTable('comments'))('lets a guest write comments', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const guest = await join(app, await invite(app, owner.token, owner.team.id, 'guest'), 'Guest');
      const comment = {
        projectId: newKey(),
        taskId: null,
        body: 'Looks good',
        mentions: [],
        createdBy: 'Guest',
        createdAt: '2026-11-25T12:00:00.000Z',
      };
      const m = {
        seq: 1,
        op: 'upsert',
        table: 'comments',
        key: newKey(),
        fields: comment,
        hlc: hlcAt(clock.now(), 'g'),
      };
      const res = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'g', [m]),
      });
      expect(res.body).toEqual({ lastSeq: 1, version: 1, rejected: [], clamped: [] });
      expect((await snapshot(app, owner.token, owner.team.id)).changes).toEqual([
        expect.objectContaining({ table: 'comments', fields: { ...comment, createdBy: guest.user.id } }),
      ]);
      // The guest edits its own comment, but not the owner's, not even by upserting over its key.
      const edit = {
        seq: 2,
        op: 'patch',
        table: 'comments',
        key: m.key,
        fields: { body: 'Edited' },
        hlc: hlcAt(clock.now() + 1, 'g'),
      };
      const own = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'g', [edit]),
      });
      expect(own.body.rejected).toEqual([]);
      const ownerKey = newKey();
      const byOwner = {
        seq: 1,
        op: 'upsert',
        table: 'comments',
        key: ownerKey,
        fields: comment,
        hlc: hlcAt(clock.now(), 'o'),
      };
      await call(app, 'POST', '/v1/sync/push', { token: owner.token, body: pushBody(owner.team.id, 'o', [byOwner]) });
      const attacks = [
        {
          seq: 3,
          op: 'patch',
          table: 'comments',
          key: ownerKey,
          fields: { body: 'Hijacked' },
          hlc: hlcAt(clock.now() + 2, 'g'),
        },
        { seq: 4, op: 'delete', table: 'comments', key: ownerKey, hlc: hlcAt(clock.now() + 3, 'g') },
        {
          seq: 5,
          op: 'upsert',
          table: 'comments',
          key: ownerKey,
          fields: { ...comment, body: 'Mine now' },
          hlc: hlcAt(clock.now() + 4, 'g'),
        },
      ];
      const denied = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'g', attacks),
      });
      expect(denied.body.lastSeq).toBe(5);
      expect(denied.body.rejected.map((r: { seq: number; code: string }) => [r.seq, r.code])).toEqual([
        [3, 'Forbidden'],
        [4, 'Forbidden'],
        [5, 'Forbidden'],
      ]);
      const rows = (await snapshot(app, owner.token, owner.team.id)).changes as {
        key: string;
        deleted: boolean;
        fields: { body: string };
      }[];
      expect(rows.find((r) => r.key === ownerKey)).toMatchObject({ deleted: false, fields: { body: 'Looks good' } });
      expect(rows.find((r) => r.key === m.key)?.fields.body).toBe('Edited');
    });

    it('rejects patch/delete/restore of an unknown row with NotFound', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const m = { seq: 1, op: 'delete', table: 'tasks', key: newKey(), hlc: hlcAt(clock.now()) };
      const res = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m]) });
      expect(res.body).toMatchObject({ lastSeq: 1, version: 0, rejected: [{ seq: 1, code: 'NotFound' }] });
    });

    it('clamps HLCs more than 60 s ahead and reports them', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const key = newKey();
      const m = {
        seq: 1,
        op: 'upsert',
        table: 'tasks',
        key,
        fields: taskFields(),
        hlc: hlcAt(clock.now() + 3_600_000, 'c1', 7),
      };
      const other = newKey();
      const ok = {
        seq: 2,
        op: 'upsert',
        table: 'tasks',
        key: other,
        fields: taskFields(),
        hlc: hlcAt(clock.now() + 59_000, 'c1'),
      };
      const res = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m, ok]) });
      expect(res.body.clamped).toEqual([1]);
      const changes = (await snapshot(app, token, team.id)).changes as { key: string; hlc: Record<string, string> }[];
      expect(changes.find((c) => c.key === key)?.hlc.title).toBe(hlcAt(clock.now() + 60_000, 'c1', 7));
      expect(changes.find((c) => c.key === other)?.hlc.title).toBe(hlcAt(clock.now() + 59_000, 'c1'));
      // A resend of the same batch reports nothing new.
      const again = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m, ok]) });
      expect(again.body.clamped).toEqual([]);
    });

    it('deletes win over stale patches; only restore undeletes', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const key = newKey();
      const t = clock.now();
      const push = (clientId: string, mutations: unknown[]) =>
        call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, clientId, mutations) });
      await push('a', [{ seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(t, 'a') }]);
      await push('a', [{ seq: 2, op: 'delete', table: 'tasks', key, hlc: hlcAt(t + 10, 'a') }]);
      // b edits with a later HLC: the field changes, the row stays deleted.
      await push('b', [
        { seq: 1, op: 'patch', table: 'tasks', key, fields: { title: 'late' }, hlc: hlcAt(t + 20, 'b') },
      ]);
      let [row] = (await snapshot(app, token, team.id)).changes as { deleted: boolean; fields: { title: string } }[];
      expect(row).toMatchObject({ deleted: true, fields: { title: 'late' } });
      await push('b', [{ seq: 2, op: 'restore', table: 'tasks', key, hlc: hlcAt(t + 5, 'b') }]);
      [row] = (await snapshot(app, token, team.id)).changes as (typeof row)[];
      expect(row?.deleted).toBe(true); // older than the delete
      await push('b', [{ seq: 3, op: 'restore', table: 'tasks', key, hlc: hlcAt(t + 30, 'b') }]);
      [row] = (await snapshot(app, token, team.id)).changes as (typeof row)[];
      expect(row?.deleted).toBe(false);
    });

    it('a protocol 1 client and a protocol 2 client sync the same rows, each in its own clock form', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const key = newKey();
      const t = clock.now();
      // v1 pushes (pushes did not change in v2), and a v2 push renaming the same row.
      const v1 = await call(app, 'POST', '/v1/sync/push', {
        token,
        body: pushBody(team.id, 'old', [
          { seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(t, 'old') },
          { seq: 2, op: 'delete', table: 'tasks', key, hlc: hlcAt(t + 1, 'old') },
          { seq: 3, op: 'restore', table: 'tasks', key, hlc: hlcAt(t + 2, 'old') },
        ]),
      });
      expect(v1.status).toBe(200);
      const v2 = await call(app, 'POST', '/v1/sync/push', {
        token,
        body: {
          ...pushBody(team.id, 'new', [
            { seq: 1, op: 'patch', table: 'tasks', key, fields: { title: 'Renamed' }, hlc: hlcAt(t + 3, 'new') },
          ]),
          protocolVersion: PROTOCOL_VERSION,
        },
      });
      expect(v2.status).toBe(200);
      const pull = async (version: number) =>
        (await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&protocolVersion=${version}`, { token })).body
          .changes[0];
      const oldForm = await pull(1);
      const newForm = await pull(2);
      const fieldsHlc = Object.fromEntries(Object.keys(taskFields()).map((f) => [f, hlcAt(t, 'old')]));
      expect(oldForm.hlc).toEqual({
        ...fieldsHlc,
        createdBy: hlcAt(t, 'old'),
        title: hlcAt(t + 3, 'new'),
        deleted: hlcAt(t + 2, 'old'),
      });
      expect(newForm.hlc).toBe(hlcAt(t + 3, 'new'));
      const { title: _title, ...older } = oldForm.hlc as Record<string, string>;
      expect(newForm.hlcs).toEqual(older);
      expect(newForm.fields).toEqual(oldForm.fields);
      expect(newForm.fields.title).toBe('Renamed');
      // A pull that names no version is answered in protocol 1's form.
      const unversioned = (await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}`, { token })).body.changes[0];
      expect(unversioned).toEqual(oldForm);
    });

    it('answers 426 to an old protocol, 400 to a future one', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const old = await call(app, 'POST', '/v1/sync/push', {
        token,
        body: { ...pushBody(team.id, 'c1', []), protocolVersion: 0 },
      });
      expect(old.status).toBe(426);
      expect(old.body.error).toBe('UpgradeRequired');
      const future = await call(app, 'POST', '/v1/sync/push', {
        token,
        body: { ...pushBody(team.id, 'c1', []), protocolVersion: PROTOCOL_VERSION + 1 },
      });
      expect(future.status).toBe(400);
      expect((await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&protocolVersion=0`, { token })).status).toBe(426);
    });

    it('403 for a team one is not in, 404 for an unknown team, 401 without a token', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const a = await createTeam(app, 'A');
      const b = await createTeam(app, 'B');
      expect(
        (await call(app, 'POST', '/v1/sync/push', { token: a.token, body: pushBody(b.team.id, 'c1', []) })).status,
      ).toBe(403);
      expect(
        (await call(app, 'POST', '/v1/sync/push', { token: a.token, body: pushBody(newKey(), 'c1', []) })).status,
      ).toBe(404);
      expect((await call(app, 'POST', '/v1/sync/push', { body: pushBody(a.team.id, 'c1', []) })).status).toBe(401);
      expect((await call(app, 'GET', `/v1/sync/pull?teamId=${b.team.id}`, { token: a.token })).status).toBe(403);
      expect((await call(app, 'GET', `/v1/sync/pull?teamId=${newKey()}`, { token: a.token })).status).toBe(404);
      expect((await call(app, 'GET', `/v1/sync/pull?teamId=${a.team.id}`)).status).toBe(401);
    });

    it('a clientId belongs to the account that first used it in a team', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const member = await join(app, await invite(app, owner.token, owner.team.id, 'member'));
      const key = newKey();
      const m = { seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(Date.now(), 'shared') };
      expect(
        (await call(app, 'POST', '/v1/sync/push', { token: owner.token, body: pushBody(owner.team.id, 'shared', [m]) }))
          .status,
      ).toBe(200);
      const stolen = await call(app, 'POST', '/v1/sync/push', {
        token: member.token,
        body: pushBody(owner.team.id, 'shared', [{ ...m, seq: 2 }]),
      });
      expect(stolen.status).toBe(403);
    });

    it('personal tasks sync through the private space', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const m = { seq: 1, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(clock.now()) };
      const res = await call(app, 'POST', '/v1/sync/push', {
        token: owner.token,
        body: pushBody(owner.personalTeam.id, 'c1', [m]),
      });
      expect(res.status).toBe(200);
      expect((await snapshot(app, owner.token, owner.personalTeam.id)).changes).toHaveLength(1);
      expect((await snapshot(app, owner.token, owner.team.id)).changes).toHaveLength(0);
    });
  });

  describe('what every storage holds, and who wrote it', () => {
    it('refuses text with a NUL or an unpaired surrogate with a 400 that names the mutation and field', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      for (const title of ['nul\u0000here', 'lone\ud800surrogate', 'lone\udc00low']) {
        const m = {
          seq: 1,
          op: 'upsert',
          table: 'tasks',
          key: newKey(),
          fields: taskFields({ title }),
          hlc: hlcAt(clock.now()),
        };
        const res = await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [m]) });
        expect(res.status).toBe(400);
        expect(res.body.issues[0].path).toBe('mutations.0.fields.title');
      }
      // Nothing was applied, and the same client goes on from seq 1.
      const ok = { seq: 1, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(clock.now()) };
      expect(
        (await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', [ok]) })).body.lastSeq,
      ).toBe(1);
    });

    it("credits a row to the account that pushed it, and refuses an HLC signed with another account's device id", async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const guest = await join(app, await invite(app, owner.token, owner.team.id, 'guest'), 'Guest');
      const comment = (createdBy: string) => ({
        projectId: newKey(),
        taskId: null,
        body: 'Approved',
        mentions: [],
        createdBy,
        createdAt: '2026-11-25T12:00:00.000Z',
      });
      const ownerWrite = {
        seq: 1,
        op: 'upsert',
        table: 'comments',
        key: newKey(),
        fields: comment('x'),
        hlc: hlcAt(clock.now(), 'ownerdev'),
      };
      await call(app, 'POST', '/v1/sync/push', {
        token: owner.token,
        body: pushBody(owner.team.id, 'ownerdev', [ownerWrite]),
      });
      const forged = {
        seq: 1,
        op: 'upsert',
        table: 'comments',
        key: newKey(),
        fields: comment(owner.user.id),
        hlc: hlcAt(clock.now(), 'ownerdev', 1),
      };
      const signedAsOwner = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'guestdev', [forged]),
      });
      expect(signedAsOwner.body.rejected).toEqual([expect.objectContaining({ seq: 1, code: 'Forbidden' })]);
      const claimed = { ...forged, seq: 2, hlc: hlcAt(clock.now(), 'guestdev') };
      const res = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'guestdev', [claimed]),
      });
      expect(res.body.rejected).toEqual([]);
      const rows = (await snapshot(app, owner.token, owner.team.id)).changes as {
        key: string;
        fields: { createdBy: string };
      }[];
      expect(rows.find((r) => r.key === claimed.key)?.fields.createdBy).toBe(guest.user.id);
      expect(rows.find((r) => r.key === ownerWrite.key)?.fields.createdBy).toBe(owner.user.id);
      const members = (await call(app, 'GET', `/v1/teams/${owner.team.id}/members`, { token: owner.token })).body
        .members as { id: string; clients: string[] }[];
      expect(members.find((m) => m.id === guest.user.id)?.clients).toEqual(['guestdev']);
      expect(members.find((m) => m.id === owner.user.id)?.clients).toEqual(['ownerdev']);
    });

    it('answers a resend with the refusals it first decided (its answer may have been lost)', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const owner = await createTeam(app);
      const guest = await join(app, await invite(app, owner.token, owner.team.id, 'guest'), 'Guest');
      const m = {
        seq: 1,
        op: 'upsert',
        table: 'tasks',
        key: newKey(),
        fields: taskFields(),
        hlc: hlcAt(clock.now(), 'g'),
      };
      const first = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'g', [m]),
      });
      const again = await call(app, 'POST', '/v1/sync/push', {
        token: guest.token,
        body: pushBody(owner.team.id, 'g', [m]),
      });
      expect(first.body.rejected).toEqual([expect.objectContaining({ seq: 1, code: 'Forbidden' })]);
      expect(again.body).toEqual(first.body);
    });
  });

  describe('pull', () => {
    it('pages by cursor with hasMore, and reports lastSeq for the caller', async () => {
      const { app, clock } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const keys = Array.from({ length: 7 }, () => newKey());
      const mutations = keys.map((key, i) => ({
        seq: i + 1,
        op: 'upsert',
        table: 'tasks',
        key,
        fields: taskFields({ order: i }),
        hlc: hlcAt(clock.now(), 'c1', i),
      }));
      await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', mutations.slice(0, 4)) });
      await call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', mutations.slice(4)) });
      const pullAll = async (limit: number, protocolVersion: number) => {
        const seen: string[] = [];
        let cursor = '';
        const pages: boolean[] = [];
        for (;;) {
          const query = `teamId=${team.id}&clientId=c1&limit=${limit}&cursor=${cursor}&protocolVersion=${protocolVersion}`;
          const res = await call(app, 'GET', `/v1/sync/pull?${query}`, { token });
          expect(res.status).toBe(200);
          expect(res.body.lastSeq).toBe(7);
          expect(res.body.version).toBe(2);
          seen.push(...res.body.changes.map((c: { key: string }) => c.key));
          pages.push(res.body.hasMore);
          cursor = res.body.cursor;
          if (!res.body.hasMore) break;
        }
        return { seen, pages, cursor };
      };
      // Protocol 1 pages are built change by change in JavaScript, protocol 2 pages from the JSON SQLite's query
      // writes; either way a page that holds exactly the rows left has no more after it, and the last cursor is
      // the same.
      const cursors = new Set<string>();
      for (const protocolVersion of [1, 2]) {
        for (const [limit, pages] of [
          [3, [true, true, false]],
          [7, [false]],
          [6, [true, false]],
        ] as const) {
          const pulled = await pullAll(limit, protocolVersion);
          expect(pulled.pages).toEqual(pages);
          expect(pulled.seen.sort()).toEqual([...keys].sort());
          cursors.add(pulled.cursor);
        }
      }
      expect(cursors.size).toBe(1);
      const [cursor = ''] = cursors;
      expect(decodeCursor(cursor)?.version).toBe(2);
      // Nothing new: an empty page that keeps the cursor.
      const idle = await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&cursor=${cursor}`, { token });
      expect(idle.body).toMatchObject({ changes: [], hasMore: false, cursor, lastSeq: 0 });
      // A change after the cursor comes next, tombstones included.
      await call(app, 'POST', '/v1/sync/push', {
        token,
        body: pushBody(team.id, 'c1', [
          { seq: 8, op: 'delete', table: 'tasks', key: keys[0], hlc: hlcAt(clock.now() + 1) },
        ]),
      });
      const next = await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&cursor=${cursor}`, { token });
      expect(next.body.changes).toEqual([expect.objectContaining({ key: keys[0], deleted: true, version: 3 })]);
    });

    it('rejects a malformed cursor or limit with 400', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      for (const q of [
        'cursor=%%%',
        'cursor=bm90IGpzb24',
        'cursor=WzEsMl0',
        'limit=0',
        'limit=-1',
        'limit=1.5',
        'limit=x',
      ]) {
        const res = await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&${q}`, { token });
        expect(res.status, q).toBe(400);
      }
      expect((await call(app, 'GET', '/v1/sync/pull', { token })).status).toBe(400);
    });

    it('compacts old tombstones and answers 410 ResetRequired to cursors behind the horizon', async () => {
      const { app, clock, storage } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const [k1, k2] = [newKey(), newKey()];
      const push = (mutations: unknown[]) =>
        call(app, 'POST', '/v1/sync/push', { token, body: pushBody(team.id, 'c1', mutations) });
      await push([
        { seq: 1, op: 'upsert', table: 'tasks', key: k1, fields: taskFields(), hlc: hlcAt(clock.now()) },
        { seq: 2, op: 'upsert', table: 'tasks', key: k2, fields: taskFields(), hlc: hlcAt(clock.now(), 'c1', 1) },
      ]);
      const early = (await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}`, { token })).body.cursor;
      await push([{ seq: 3, op: 'delete', table: 'tasks', key: k1, hlc: hlcAt(clock.now(), 'c1', 2) }]);
      const late = (await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}`, { token })).body.cursor;
      clock.advance(31 * 24 * 3_600_000);
      // A tombstone younger than the cutoff stays.
      expect(await storage.compactTombstones({ olderThan: clock.now() - 40 * 24 * 3_600_000 })).toBe(0);
      expect(await storage.compactTombstones({ olderThan: clock.now() - 30 * 24 * 3_600_000 })).toBe(1);
      const reset = await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&cursor=${early}`, { token });
      expect(reset.status).toBe(410);
      expect(reset.body.error).toBe('ResetRequired');
      // A cursor that already saw the tombstone is fine, and so is a fresh start.
      expect((await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&cursor=${late}`, { token })).status).toBe(200);
      const restarted = await snapshot(app, token, team.id);
      expect(restarted.changes).toEqual([expect.objectContaining({ key: k2, deleted: false })]);
      // A stale patch for the purged row cannot resurrect it.
      const stale = await push([
        { seq: 4, op: 'patch', table: 'tasks', key: k1, fields: { title: 'zombie' }, hlc: hlcAt(clock.now()) },
      ]);
      expect(stale.body.rejected).toEqual([expect.objectContaining({ seq: 4, code: 'NotFound' })]);
    });

    it('a cursor from another database (ahead of the team) needs a reset', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const cursor = Buffer.from(JSON.stringify([99, 'tasks', newKey()])).toString('base64url');
      expect((await call(app, 'GET', `/v1/sync/pull?teamId=${team.id}&cursor=${cursor}`, { token })).status).toBe(410);
    });
  });

  describe('transport', () => {
    it('answers CORS only for extension origins and configured ones', async () => {
      const { app } = await createTestApp({ storage: await fresh(), corsOrigins: ['http://localhost:3000'] });
      const ask = async (origin: string) =>
        (await app.request('/healthz', { headers: { origin } })).headers.get('access-control-allow-origin');
      expect(await ask('chrome-extension://abcdefghijklmnop')).toBe('chrome-extension://abcdefghijklmnop');
      expect(await ask('moz-extension://1234-5678')).toBe('moz-extension://1234-5678');
      expect(await ask('http://localhost:3000')).toBe('http://localhost:3000');
      expect(await ask('https://evil.example')).toBeNull();
      const preflight = await app.request('/v1/sync/push', {
        method: 'OPTIONS',
        headers: { origin: 'chrome-extension://abc', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    });

    it('answers 413 JSON to a body over the limit', async () => {
      const { app } = await createTestApp({ storage: await fresh() });
      const { token, team } = await createTeam(app);
      const big = JSON.stringify({ ...pushBody(team.id, 'c1', []), pad: 'x'.repeat(1024 * 1024) });
      const res = await call(app, 'POST', '/v1/sync/push', { token, raw: big });
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('PayloadTooLarge');
    });

    it('maps unexpected failures to a JSON 500 without details', async () => {
      const storage = createSqliteStorage({ path: ':memory:' });
      const broken = {
        ...storage,
        authenticate: async () => {
          throw new Error('disk on fire');
        },
      };
      const errors: unknown[] = [];
      const app = createApp({ storage: broken, logError: (e) => errors.push(e) });
      const res = await app.request('/v1/me', { headers: { authorization: `Bearer wp_${'a'.repeat(43)}` } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'InternalError', message: 'Unexpected server error' });
      expect(errors).toHaveLength(1);
    });
  });
});
