// Isolation through a real listening server: team A's token can neither read nor write team B, nor hear its pokes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../../server/start';
import { createSqliteStorage } from '../../server/storage/sqlite';
import { hlcAt, newKey, taskFields } from './helpers';

let server: RunningServer;
let wsUrl: string;

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

interface Account {
  token: string;
  teamId: string;
  userId: string;
}

async function account(name: string): Promise<Account> {
  const res = await http('POST', '/v1/teams', undefined, { teamName: name, userName: name });
  expect(res.status).toBe(201);
  return { token: res.body.token, teamId: res.body.team.id, userId: res.body.user.id };
}

/** A WebSocket client that records every message it receives. */
async function socket(options: { origin?: string } = {}) {
  const ws = new WebSocket(wsUrl, options.origin ? { origin: options.origin } : {});
  const messages: { type: string; [k: string]: unknown }[] = [];
  const waiters: { match: (m: { type: string }) => boolean; resolve: (m: unknown) => void }[] = [];
  let closed: { code: number } | undefined;
  const closedPromise = new Promise<{ code: number }>((resolve) =>
    ws.on('close', (code) => {
      closed = { code };
      resolve({ code });
    }),
  );
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed: () => closed,
    closedPromise,
    send: (m: unknown) => ws.send(JSON.stringify(m)),
    next: <T = Record<string, unknown>>(
      match: (m: { type: string; [k: string]: unknown }) => boolean,
      timeoutMs = 3000,
    ) => {
      const found = messages.find(match);
      if (found) return Promise.resolve(found as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching message; got ${JSON.stringify(messages)}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m as T);
          },
        });
      });
    },
  };
}

async function pushTask(acct: Account, teamId: string, seq: number) {
  return http('POST', '/v1/sync/push', acct.token, {
    protocolVersion: 1,
    teamId,
    clientId: `client-${acct.userId.slice(-8)}`,
    mutations: [
      {
        seq,
        op: 'upsert',
        table: 'tasks',
        key: newKey(),
        fields: taskFields(),
        hlc: hlcAt(Date.now(), `x${acct.userId.slice(-8)}`),
      },
    ],
  });
}

beforeAll(async () => {
  server = await startServer({ storage: createSqliteStorage({ path: ':memory:' }), port: 0 });
  wsUrl = `${server.url.replace('http', 'ws')}/v1/sync/ws`;
});
afterAll(async () => {
  await server.close();
});

describe('isolation between teams', () => {
  it("A's token cannot read or write B over HTTP", async () => {
    const a = await account('A');
    const b = await account('B');
    expect((await pushTask(b, b.teamId, 1)).status).toBe(200);
    expect((await http('GET', `/v1/sync/pull?teamId=${b.teamId}`, a.token)).status).toBe(403);
    expect((await pushTask(a, b.teamId, 1)).status).toBe(403);
    expect((await http('GET', `/v1/teams/${b.teamId}/members`, a.token)).status).toBe(403);
    expect((await http('POST', `/v1/teams/${b.teamId}/invites`, a.token, { role: 'admin' })).status).toBe(403);
    const me = await http('GET', '/v1/me', a.token);
    expect(me.body.teams.map((t: { id: string }) => t.id)).not.toContain(b.teamId);
    // B's data is untouched by A's attempts.
    const pull = await http('GET', `/v1/sync/pull?teamId=${b.teamId}`, b.token);
    expect(pull.body.changes).toHaveLength(1);
  });

  it('pokes reach the members of the team that changed, and nobody else', async () => {
    const a = await account('PA');
    const b = await account('PB');
    const sa = await socket();
    const sb = await socket();
    sa.send({ type: 'auth', token: a.token });
    sb.send({ type: 'auth', token: b.token });
    await sa.next((m) => m.type === 'ready');
    await sb.next((m) => m.type === 'ready');
    // A asks for B's team explicitly: refused, and not subscribed.
    sa.send({ type: 'subscribe', teamIds: [a.teamId, b.teamId] });
    expect(await sa.next((m) => m.type === 'error')).toMatchObject({ error: 'Forbidden' });
    expect(await sa.next((m) => m.type === 'subscribed')).toEqual({ type: 'subscribed', teamIds: [a.teamId] });
    sb.send({ type: 'subscribe' });
    await sb.next((m) => m.type === 'subscribed');

    // Pokes of small pushes carry their rows (protocol 2): compare the envelope, and whose rows they carry.
    const envelope = (m: Record<string, unknown>) => ({ type: m.type, teamId: m.teamId, version: m.version });
    const pushed = await pushTask(b, b.teamId, 1);
    expect(envelope(await sb.next((m) => m.type === 'poke'))).toEqual({
      type: 'poke',
      teamId: b.teamId,
      version: pushed.body.version,
    });
    // A's own push pokes A: after it arrives, A has provably received nothing about B.
    await pushTask(a, a.teamId, 1);
    await sa.next((m) => m.type === 'poke');
    const aPokes = sa.messages.filter((m) => m.type === 'poke');
    expect(aPokes.map(envelope)).toEqual([{ type: 'poke', teamId: a.teamId, version: 1 }]);
    expect(sb.messages.filter((m) => m.type === 'poke').map(envelope)).toEqual([
      { type: 'poke', teamId: b.teamId, version: 1 },
    ]);
    // What A's poke carries is A's own row, nothing of B's.
    expect(JSON.stringify(aPokes)).not.toContain(b.teamId);

    // After joining B's team through an invite, A (subscribed to "all") starts hearing about B.
    sa.send({ type: 'subscribe' });
    await sa.next((m) => m.type === 'subscribed' && (m.teamIds as string[]).length === 2);
    const inv = await http('POST', `/v1/teams/${b.teamId}/invites`, b.token, { role: 'member' });
    const joined = await http('POST', '/v1/join', a.token, { code: inv.body.code, userName: 'PA' });
    expect(joined.status).toBe(201);
    const second = await pushTask(b, b.teamId, 2);
    expect(envelope(await sa.next((m) => m.type === 'poke' && m.teamId === b.teamId))).toEqual({
      type: 'poke',
      teamId: b.teamId,
      version: second.body.version,
    });
    sa.ws.close();
    sb.ws.close();
  });

  it('the socket needs an auth message with a valid token; URL tokens are ignored', async () => {
    const a = await account('WA');
    const forged = await socket();
    forged.send({ type: 'auth', token: `wp_${'Z'.repeat(43)}` });
    expect((await forged.closedPromise).code).toBe(4401);

    const early = await socket();
    early.send({ type: 'subscribe' });
    expect((await early.closedPromise).code).toBe(4401);

    const garbage = await socket();
    garbage.ws.send('not json');
    expect((await garbage.closedPromise).code).toBe(4400);

    // A token in the query string is not a credential.
    const viaUrl = new WebSocket(`${wsUrl}?token=${a.token}`);
    await new Promise((r) => viaUrl.once('open', r));
    const received: string[] = [];
    viaUrl.on('message', (d) => received.push(d.toString()));
    await pushTask(a, a.teamId, 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(received).toEqual([]);
    viaUrl.close();

    // Web pages (non-extension origins) cannot open the socket at all.
    await expect(socket({ origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const ext = await socket({ origin: 'chrome-extension://abcdef' });
    ext.send({ type: 'auth', token: a.token });
    await ext.next((m) => m.type === 'ready');
    ext.send({ type: 'ping' });
    expect(await ext.next((m) => m.type === 'pong')).toEqual({ type: 'pong' });
    ext.ws.close();
  });

  it('revoking a token closes its sockets', async () => {
    const a = await account('RA');
    const s = await socket();
    s.send({ type: 'auth', token: a.token });
    await s.next((m) => m.type === 'ready');
    expect((await http('DELETE', '/v1/tokens/current', a.token)).status).toBe(200);
    expect((await s.closedPromise).code).toBe(4403);
  });
});
