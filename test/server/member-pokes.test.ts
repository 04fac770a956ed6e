// "Someone joined" reaches the team live: the hub tells members, the socket sends {type:'members', teamId}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPokeHub, type PokeListener } from '../../server/pokes';
import { type RunningServer, startServer } from '../../server/start';
import { createSqliteStorage } from '../../server/storage/sqlite';

function listener(userId: string, teams: string[], log: string[]): PokeListener {
  return {
    userId,
    tokenId: `t-${userId}`,
    subscription: 'all',
    memberOf: new Set(teams),
    send: (data) => {
      const message = JSON.parse(data) as { type: string; teamId: string };
      if (message.type === 'members') log.push(`${userId}:${message.teamId}`);
    },
    revoke: () => undefined,
    removed: () => undefined,
  };
}

describe('poke hub memberAdded', () => {
  it('tells the members of that team (the newcomer included) and nobody else', () => {
    const hub = createPokeHub();
    const log: string[] = [];
    hub.add(listener('ann', ['t1'], log));
    hub.add(listener('bob', ['t2'], log));
    hub.add(listener('cy', ['t2'], log));
    hub.memberAdded('cy', 't1');
    expect(log.sort()).toEqual(['ann:t1', 'cy:t1']);
  });
});

describe('the members message over the socket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ storage: createSqliteStorage({ path: ':memory:' }), port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => server?.close());

  async function http(method: string, path: string, token?: string, body?: unknown) {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  }

  it('reaches an existing member when someone redeems an invite', async () => {
    const owner = await http('POST', '/v1/teams', undefined, { teamName: 'Live', userName: 'Owner' });
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/v1/sync/ws`);
    const messages: { type: string; teamId?: string }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'auth', token: owner.body.token }));
    await expect.poll(() => messages.some((m) => m.type === 'ready')).toBe(true);
    ws.send(JSON.stringify({ type: 'subscribe' }));
    await expect.poll(() => messages.some((m) => m.type === 'subscribed')).toBe(true);
    expect(messages.some((m) => m.type === 'members')).toBe(false);

    const inv = await http('POST', `/v1/teams/${owner.body.team.id}/invites`, owner.body.token, { role: 'member' });
    expect((await http('POST', '/v1/join', undefined, { code: inv.body.code, userName: 'New' })).status).toBe(201);
    await expect
      .poll(() => messages.find((m) => m.type === 'members'))
      .toEqual({
        type: 'members',
        teamId: owner.body.team.id,
      });
    ws.close();
  });
});
