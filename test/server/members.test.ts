// Member lifecycle and devices on both storages (PostgreSQL when WAYPOINT_TEST_DATABASE_URL is set): remove, change
// role, transfer ownership, leave; devices listed and revoked; idle tokens expire; tokens per account are capped.
import { afterAll, describe, expect, it } from 'vitest';
import { createPokeHub } from '../../server/pokes';
import { createPostgresStorage, type PostgresStorage } from '../../server/storage/postgres';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { call, createTestApp, hlcAt, invite, join, newKey, pushBody, taskFields } from './helpers';
import { pgUrlWithSchema } from './pg-schema';

const url = process.env.WAYPOINT_TEST_DATABASE_URL;
const opened: Storage[] = [];
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => undefined);
});

async function pgStorage(): Promise<Storage> {
  const schemaUrl = await pgUrlWithSchema(url!, 'members_test');
  const cleaner = (await createPostgresStorage({ connectionString: schemaUrl, max: 1 })) as PostgresStorage;
  await cleaner.dropAll();
  await cleaner.close();
  const s = await createPostgresStorage({ connectionString: schemaUrl, max: 4 });
  opened.push(s);
  return s;
}

const storages: [string, () => Promise<Storage>][] = [
  ['SQLite', async () => createSqliteStorage({ path: ':memory:' })],
  ...(url ? ([['PostgreSQL', pgStorage]] as [string, () => Promise<Storage>][]) : []),
];

describe.each(storages)('member lifecycle (%s)', (_name, makeStorage) => {
  async function setup(options: Parameters<typeof createTestApp>[0] = {}) {
    const t = createTestApp({ storage: await makeStorage(), ...options });
    const owner = (await call(t.app, 'POST', '/v1/teams', { body: { teamName: 'Crew', userName: 'Olive' } })).body;
    const teamId = owner.team.id as string;
    const admin = await join(t.app, await invite(t.app, owner.token, teamId, 'admin'), 'Ada');
    const member = await join(t.app, await invite(t.app, owner.token, teamId, 'member'), 'Mo');
    const guest = await join(t.app, await invite(t.app, owner.token, teamId, 'guest'), 'Gus');
    return { ...t, owner, teamId, admin, member, guest };
  }
  const members = async (t: Awaited<ReturnType<typeof setup>>) =>
    Object.fromEntries(
      (await call(t.app, 'GET', `/v1/teams/${t.teamId}/members`, { token: t.owner.token })).body.members.map(
        (m: { name: string; role: string }) => [m.name, m.role],
      ),
    );

  it('an owner removes a member: access ends at once, their private space is kept, sockets are told', async () => {
    const t = await setup();
    const removed: string[] = [];
    const revoked: string[] = [];
    t.hub.add({
      userId: t.member.user.id,
      tokenId: 'socket',
      subscription: 'all',
      memberOf: new Set([t.teamId]),
      send: () => undefined,
      revoke: () => revoked.push('socket'),
      removed: (teamId) => removed.push(teamId),
    });
    // The member wrote to their private space before.
    const me = (await call(t.app, 'GET', '/v1/me', { token: t.member.token })).body;
    const personal = me.teams.find((x: { personal: boolean }) => x.personal).id;
    const push = await call(t.app, 'POST', '/v1/sync/push', {
      token: t.member.token,
      body: pushBody(personal, 'mo1', [
        { seq: 1, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(t.clock.now(), 'mo1') },
      ]),
    });
    expect(push.status).toBe(200);

    const res = await call(t.app, 'DELETE', `/v1/teams/${t.teamId}/members/${t.member.user.id}`, {
      token: t.owner.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: t.member.user.id, role: null, revokedDevices: 1 });
    expect(removed).toEqual([t.teamId]);
    expect(await members(t)).toEqual({ Olive: 'owner', Ada: 'admin', Gus: 'guest' });
    // No shared team left: the account's tokens were revoked (its private space stays on the server).
    expect((await call(t.app, 'GET', '/v1/me', { token: t.member.token })).status).toBe(401);
    expect(await t.storage.getTeam(personal)).toMatchObject({ version: 1 });
    expect((await t.storage.pull({ teamId: personal, limit: 10 })).kind).toBe('ok');
  });

  it('a member of two teams removed from one keeps the other (and their token)', async () => {
    const t = await setup();
    const other = (await call(t.app, 'POST', '/v1/teams', { body: { teamName: 'Other', userName: 'Oz' } })).body;
    const code = await invite(t.app, other.token, other.team.id, 'member');
    const res = await call(t.app, 'POST', '/v1/join', {
      token: t.member.token,
      body: { code, userName: 'Mo' },
    });
    expect(res.status).toBe(201);
    expect(
      (await call(t.app, 'DELETE', `/v1/teams/${t.teamId}/members/${t.member.user.id}`, { token: t.admin.token }))
        .status,
    ).toBe(200);
    const pull = await call(t.app, 'GET', `/v1/sync/pull?teamId=${t.teamId}`, { token: t.member.token });
    expect(pull.status).toBe(403);
    expect((await call(t.app, 'GET', `/v1/sync/pull?teamId=${other.team.id}`, { token: t.member.token })).status).toBe(
      200,
    );
  });

  it('who may remove and re-role whom', async () => {
    const t = await setup();
    const del = (token: string, userId: string) =>
      call(t.app, 'DELETE', `/v1/teams/${t.teamId}/members/${userId}`, { token });
    const patch = (token: string, userId: string, role: string) =>
      call(t.app, 'PATCH', `/v1/teams/${t.teamId}/members/${userId}`, { token, body: { role } });
    expect((await del(t.member.token, t.guest.user.id)).status).toBe(403);
    expect((await del(t.admin.token, t.owner.user.id)).status).toBe(403);
    expect((await del(t.owner.token, t.owner.user.id)).status).toBe(400);
    expect((await del(t.owner.token, newKey())).status).toBe(404);
    expect((await del(t.owner.token, 'nope')).status).toBe(404);
    expect((await patch(t.admin.token, t.member.user.id, 'admin')).status).toBe(403);
    expect((await patch(t.admin.token, t.member.user.id, 'owner')).status).toBe(400);
    expect((await patch(t.admin.token, t.owner.user.id, 'guest')).status).toBe(403);
    expect((await patch(t.member.token, t.guest.user.id, 'member')).status).toBe(403);
    expect((await patch(t.owner.token, t.owner.user.id, 'admin')).status).toBe(403);
    expect((await patch(t.admin.token, t.guest.user.id, 'member')).status).toBe(200);
    expect((await patch(t.owner.token, t.member.user.id, 'admin')).status).toBe(200);
    expect(await members(t)).toEqual({ Olive: 'owner', Ada: 'admin', Mo: 'admin', Gus: 'member' });
    // A demoted admin loses admin powers at once.
    expect((await patch(t.owner.token, t.admin.user.id, 'guest')).status).toBe(200);
    expect(
      (await call(t.app, 'POST', `/v1/teams/${t.teamId}/invites`, { token: t.admin.token, body: { role: 'member' } }))
        .status,
    ).toBe(403);
  });

  it('the owner transfers ownership and may then leave; others leave; a private space cannot be left', async () => {
    const t = await setup();
    expect((await call(t.app, 'POST', `/v1/teams/${t.teamId}/leave`, { token: t.owner.token })).status).toBe(409);
    expect(
      (
        await call(t.app, 'POST', `/v1/teams/${t.teamId}/transfer`, {
          token: t.admin.token,
          body: { userId: t.member.user.id },
        })
      ).status,
    ).toBe(403);
    const moved = await call(t.app, 'POST', `/v1/teams/${t.teamId}/transfer`, {
      token: t.owner.token,
      body: { userId: t.member.user.id },
    });
    expect(moved.status).toBe(200);
    expect(await members(t)).toMatchObject({ Olive: 'admin', Mo: 'owner' });
    expect((await call(t.app, 'POST', `/v1/teams/${t.teamId}/leave`, { token: t.owner.token })).status).toBe(200);
    expect((await call(t.app, 'POST', `/v1/teams/${t.teamId}/leave`, { token: t.guest.token })).status).toBe(200);
    const left = await call(t.app, 'GET', `/v1/teams/${t.teamId}/members`, { token: t.member.token });
    expect(left.body.members.map((m: { name: string }) => m.name).sort()).toEqual(['Ada', 'Mo']);
    // Leaving never revokes: the account still works for its private space.
    const me = await call(t.app, 'GET', '/v1/me', { token: t.guest.token });
    expect(me.status).toBe(200);
    const personal = me.body.teams.find((x: { personal: boolean }) => x.personal).id;
    expect((await call(t.app, 'POST', `/v1/teams/${personal}/leave`, { token: t.guest.token })).status).toBe(403);
  });

  it('lists devices with their last use, renames this one and revokes another', async () => {
    const t = await setup();
    // A second device of the owner: joining another team with the existing token issues a new one.
    const other = (await call(t.app, 'POST', '/v1/teams', { body: { teamName: 'B', userName: 'B' } })).body;
    const code = await invite(t.app, other.token, other.team.id, 'member');
    const second = await call(t.app, 'POST', '/v1/join', {
      token: t.owner.token,
      body: { code, userName: 'Olive' },
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
    });
    expect(second.status).toBe(201);
    t.clock.advance(120_000);
    await call(t.app, 'GET', '/v1/me', { token: second.body.token });
    expect(
      (await call(t.app, 'PATCH', '/v1/tokens/current', { token: t.owner.token, body: { name: 'Work laptop' } }))
        .status,
    ).toBe(200);
    const list = await call(t.app, 'GET', '/v1/tokens', { token: t.owner.token });
    expect(list.status).toBe(200);
    expect(list.body.devices).toHaveLength(2);
    const [first, laptop] = list.body.devices;
    expect(first).toMatchObject({ name: 'Work laptop', current: true });
    expect(laptop).toMatchObject({ name: 'Firefox on Linux', current: false, lastUsedAt: expect.any(String) });
    // Another account cannot revoke it (nor learn that it exists).
    expect((await call(t.app, 'DELETE', `/v1/tokens/${laptop.id}`, { token: t.member.token })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/v1/tokens/${laptop.id}`, { token: t.owner.token })).status).toBe(200);
    expect((await call(t.app, 'GET', '/v1/me', { token: second.body.token })).status).toBe(401);
    expect((await call(t.app, 'GET', '/v1/tokens', { token: t.owner.token })).body.devices).toHaveLength(1);
    expect(
      (await call(t.app, 'PATCH', '/v1/tokens/current', { token: t.owner.token, body: { name: '' } })).status,
    ).toBe(400);
  });

  it('a token unused for longer than the idle limit stops working; use keeps it alive', async () => {
    const t = await setup({ tokenIdleMs: 10 * 86_400_000 });
    const list = await call(t.app, 'GET', '/v1/tokens', { token: t.member.token });
    expect(list.body.devices[0].expiresAt).toEqual(expect.any(String));
    t.clock.advance(9 * 86_400_000);
    expect((await call(t.app, 'GET', '/v1/me', { token: t.member.token })).status).toBe(200);
    t.clock.advance(9 * 86_400_000);
    expect((await call(t.app, 'GET', '/v1/me', { token: t.member.token })).status).toBe(200);
    t.clock.advance(11 * 86_400_000);
    const expired = await call(t.app, 'GET', '/v1/me', { token: t.member.token });
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/expired/);
  });

  it('caps live tokens per account: the least recently used ones are revoked', async () => {
    const t = await setup({ maxTokensPerAccount: 3, hub: createPokeHub() });
    const other = (await call(t.app, 'POST', '/v1/teams', { body: { teamName: 'B', userName: 'B' } })).body;
    const tokens: string[] = [t.member.token];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(120_000);
      const code = await invite(t.app, other.token, other.team.id, 'member');
      const res = await call(t.app, 'POST', '/v1/join', {
        token: tokens[tokens.length - 1],
        body: { code, userName: 'Mo' },
      });
      expect(res.status).toBe(201);
      tokens.push(res.body.token);
    }
    const devices = (await call(t.app, 'GET', '/v1/tokens', { token: tokens[4] })).body.devices;
    expect(devices).toHaveLength(3);
    expect((await call(t.app, 'GET', '/v1/me', { token: tokens[0] })).status).toBe(401);
  });

  it('purges invites once expired or used', async () => {
    const t = await setup();
    await invite(t.app, t.owner.token, t.teamId, 'member');
    const now = t.clock.now();
    // The three used invites of setup and nothing yet expired: only used ones before `now + 1` go.
    expect(await t.storage.purgeInvites(now + 1)).toBe(3);
    expect(await t.storage.purgeInvites(now + 8 * 86_400_000)).toBe(1);
    expect(await t.storage.purgeInvites(now + 8 * 86_400_000)).toBe(0);
  });
});
