// The bad-input suite over real HTTP on both storages: over 150 kinds of hostile or broken requests, each answered
// with a 4xx JSON {error, message} — never a 5xx, never a dropped connection — and the data left as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/start';
import { createPostgresStorage, type PostgresStorage } from '../../server/storage/postgres';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { hlcAt, newKey, taskFields } from './helpers';
import { pgUrlWithSchema } from './pg-schema';

const url = process.env.WAYPOINT_TEST_DATABASE_URL;

async function pgStorage(): Promise<Storage> {
  const db = await pgUrlWithSchema(url!, 'bad_input_http');
  const cleaner = (await createPostgresStorage({ connectionString: db, max: 1 })) as PostgresStorage;
  await cleaner.dropAll();
  await cleaner.close();
  return createPostgresStorage({ connectionString: db, max: 4 });
}

const storages: [string, () => Promise<Storage>][] = [
  ['SQLite', async () => createSqliteStorage({ path: ':memory:' })],
  ...(url ? ([['PostgreSQL', pgStorage]] as [string, () => Promise<Storage>][]) : []),
];

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Expected status when it is exact. */
  status?: number;
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

/** Body kinds every JSON endpoint must refuse. */
function bodyKinds(
  valid: Record<string, unknown>,
): { name: string; body: string | Buffer; type?: string; status?: number }[] {
  const json = JSON.stringify(valid);
  return [
    { name: 'malformed JSON', body: '{"a":', status: 400 },
    { name: 'empty body', body: '', status: 400 },
    { name: 'JSON null', body: 'null', status: 400 },
    { name: 'JSON array', body: '[]', status: 400 },
    { name: 'JSON string', body: '"x"', status: 400 },
    { name: 'JSON number', body: '42', status: 400 },
    { name: 'deep array nesting', body: deep(100_000), status: 400 },
    { name: 'deep object nesting', body: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, status: 400 },
    { name: '__proto__ key', body: json.replace('{', '{"__proto__":{"admin":true},'), status: 400 },
    { name: 'escaped __proto__ key', body: json.replace('{', '{"\\u005f_proto__":{"admin":true},'), status: 400 },
    { name: 'deep __proto__', body: `{"__proto__":${deep(50_000)}}`, status: 400 },
    { name: 'unknown field', body: json.replace('{', '{"isAdmin":true,'), status: 400 },
    {
      name: 'wrong types',
      body: JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, 12]))),
      status: 400,
    },
    {
      name: 'huge strings',
      body: JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, 'x'.repeat(100_000)]))),
      status: 400,
    },
    { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), status: 400 },
    { name: 'text/plain', body: json, type: 'text/plain', status: 415 },
    { name: 'form-urlencoded', body: 'teamName=x&userName=y', type: 'application/x-www-form-urlencoded', status: 415 },
    { name: 'multipart', body: '--b\r\n\r\nx\r\n--b--', type: 'multipart/form-data; boundary=b', status: 415 },
    { name: 'no content type', body: json, type: '', status: 415 },
    { name: '2 MiB body', body: Buffer.alloc(2 * 1024 * 1024, 'x'), status: 413 },
  ];
}

describe.each(storages)('bad input over HTTP (%s)', (_name, makeStorage) => {
  let server: RunningServer;
  let token: string;
  let teamId: string;
  let userId: string;
  let other: { token: string; teamId: string };
  let before: string;

  const send = async (c: Case) => {
    const res = await fetch(`${server.url}${c.path}`, {
      method: c.method,
      headers: c.headers ?? {},
      ...(c.body !== undefined ? { body: typeof c.body === 'string' ? c.body : new Uint8Array(c.body) } : {}),
    });
    return { status: res.status, text: await res.text() };
  };
  const state = async () => {
    const pull = await fetch(`${server.url}/v1/sync/pull?teamId=${teamId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const members = await fetch(`${server.url}/v1/teams/${teamId}/members`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await pull.json()) as { version: number; changes: unknown[] };
    return JSON.stringify({ version: body.version, changes: body.changes, members: await members.json() });
  };

  beforeAll(async () => {
    server = await startServer({
      storage: await makeStorage(),
      port: 0,
      logEvent: () => undefined,
      rateLimits: {
        createTeam: { limit: 10_000, windowMs: 60_000 },
        join: { limit: 10_000, windowMs: 60_000 },
        joinAttempts: { limit: 10_000, windowMs: 60_000 },
      },
    });
    const create = async (name: string) => {
      const res = await fetch(`${server.url}/v1/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ teamName: name, userName: name }),
      });
      return (await res.json()) as { token: string; team: { id: string }; user: { id: string } };
    };
    const owner = await create('Owner');
    token = owner.token;
    teamId = owner.team.id;
    userId = owner.user.id;
    const o = await create('Other');
    other = { token: o.token, teamId: o.team.id };
    const push = await fetch(`${server.url}/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        protocolVersion: 1,
        teamId,
        clientId: 'c1',
        mutations: [
          { seq: 1, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(Date.now()) },
        ],
      }),
    });
    expect(push.status).toBe(200);
    before = await state();
  }, 60_000);
  afterAll(async () => {
    await server?.close(200);
  });

  const cases = (): Case[] => {
    const auth = { authorization: `Bearer ${token}` };
    const endpoints: { method: string; path: string; valid: Record<string, unknown>; auth: boolean }[] = [
      { method: 'POST', path: '/v1/teams', valid: { teamName: 'T', userName: 'U' }, auth: false },
      { method: 'POST', path: '/v1/join', valid: { code: 'abcdefghijkl', userName: 'U' }, auth: false },
      { method: 'POST', path: `/v1/teams/${teamId}/invites`, valid: { role: 'member' }, auth: true },
      {
        method: 'POST',
        path: '/v1/sync/push',
        valid: { protocolVersion: 1, teamId, clientId: 'c1', mutations: [] },
        auth: true,
      },
      { method: 'PATCH', path: `/v1/teams/${teamId}/members/${newKey()}`, valid: { role: 'member' }, auth: true },
      { method: 'POST', path: `/v1/teams/${teamId}/transfer`, valid: { userId: newKey() }, auth: true },
      { method: 'PATCH', path: '/v1/tokens/current', valid: { name: 'Laptop' }, auth: true },
      { method: 'POST', path: `/v1/teams/${teamId}/projects/${newKey()}/shares`, valid: {}, auth: true },
      { method: 'POST', path: '/v1/calendar-feed', valid: { timeZone: 'Europe/Paris' }, auth: true },
    ];
    const out: Case[] = [];
    for (const e of endpoints) {
      for (const k of bodyKinds(e.valid)) {
        const headers: Record<string, string> = { ...(e.auth ? auth : {}) };
        const type = k.type ?? 'application/json';
        if (type) headers['content-type'] = type;
        // The shares route reads no body: any 4xx is right there (it answers 404 for the unknown project).
        const status = e.path.endsWith('/shares') && k.status === 400 ? undefined : k.status;
        e.path.endsWith('/shares') && ['unknown field', 'wrong types', 'huge strings'].includes(k.name)
          ? undefined
          : k.status;
        out.push({
          name: `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, ':id')}: ${k.name}`,
          method: e.method,
          path: e.path,
          body: k.body,
          headers,
          ...(status ? { status } : {}),
        });
      }
    }
    const authKinds: [string, string][] = [
      ['no scheme', token],
      ['Basic', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['Bearer only', 'Bearer'],
      ['Bearer with spaces', `Bearer ${token} extra`],
      ['short token', 'Bearer wp_abc'],
      ['10 KB token', `Bearer wp_${'a'.repeat(10_000)}`],
      ['unknown token', `Bearer wp_${'Z'.repeat(43)}`],
    ];
    for (const [name, value] of authKinds) {
      out.push({ name: `me: ${name}`, method: 'GET', path: '/v1/me', headers: { authorization: value } });
      out.push({
        name: `pull: ${name}`,
        method: 'GET',
        path: `/v1/sync/pull?teamId=${teamId}`,
        headers: { authorization: value },
      });
      out.push({ name: `devices: ${name}`, method: 'GET', path: '/v1/tokens', headers: { authorization: value } });
    }
    const pulls = [
      'teamId=nope',
      `teamId=${teamId}&limit=-1`,
      `teamId=${teamId}&limit=abc`,
      `teamId=${teamId}&limit=99999999999`,
      `teamId=${teamId}&cursor=${'%ff'.repeat(10)}`,
      `teamId=${teamId}&cursor=${'x'.repeat(5000)}`,
      `teamId=${teamId}&clientId=${'!'.repeat(10)}`,
      `teamId=${teamId}&protocolVersion=0`,
      `teamId=${teamId}&protocolVersion=99`,
      `teamId=${other.teamId}`,
      '',
      `teamId=${other.teamId}&clientId=c1`,
    ];
    out.push({
      name: 'pull: another team',
      method: 'GET',
      path: `/v1/sync/pull?teamId=${other.teamId}`,
      headers: auth,
    });
    out.push({
      name: 'members: token of a non-member',
      method: 'GET',
      path: `/v1/teams/${teamId}/members`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    out.push({
      name: 'invite: token of a non-member',
      method: 'POST',
      path: `/v1/teams/${teamId}/invites`,
      headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' },
      body: '{"role":"member"}',
    });
    for (const q of pulls)
      out.push({ name: `pull ?${q.slice(0, 40)}`, method: 'GET', path: `/v1/sync/pull?${q}`, headers: auth });
    const paths: [string, string][] = [
      ['DELETE', `/v1/teams/${teamId}/members/${userId}`],
      ['DELETE', `/v1/teams/${teamId}/members/..%2f..%2fetc`],
      ['DELETE', `/v1/teams/${teamId}/members/${'a'.repeat(5000)}`],
      ['DELETE', `/v1/teams/${other.teamId}/members/${userId}`],
      ['POST', `/v1/teams/${other.teamId}/leave`],
      ['POST', `/v1/teams/${teamId}/leave`],
      ['DELETE', '/v1/tokens/not-an-id'],
      ['DELETE', `/v1/tokens/${newKey()}`],
      ['GET', `/v1/teams/%00/members`],
      ['GET', `/v1/teams/${other.teamId}/members`],
      ['GET', '/v1/nope'],
      ['PUT', '/v1/teams'],
      ['GET', '/s/not-a-token'],
      ['GET', `/s/ws_${'a'.repeat(43)}`],
      ['GET', '/calendar/not-a-token.ics'],
      ['GET', `/calendar/wc_${'a'.repeat(43)}.ics`],
      ['GET', '/calendar/%00.ics'],
      ['DELETE', '/v1/calendar-feed'],
      ['POST', '/v1/sync/pull'],
      ['GET', '/v1/sync/ws'],
    ];
    for (const [method, path] of paths) {
      const headers: Record<string, string> = { ...auth };
      if (method === 'POST') headers['content-type'] = 'application/json';
      out.push({
        name: `${method} ${path.slice(0, 60)}`,
        method,
        path,
        headers,
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
    }
    return out;
  };

  it('answers every case with a 4xx JSON error, never a 5xx or a dropped connection, and changes nothing', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(150);
    const failures: string[] = [];
    for (const c of all) {
      let res: { status: number; text: string };
      try {
        res = await send(c);
      } catch (error) {
        failures.push(`${c.name}: connection failed (${(error as Error).message})`);
        continue;
      }
      if (c.path.startsWith('/s/')) {
        // The status page answers in HTML.
        if (res.status !== 404) failures.push(`${c.name}: ${res.status}`);
        continue;
      }
      if (res.status < 400 || res.status >= 500 || (c.status !== undefined && res.status !== c.status)) {
        failures.push(`${c.name}: ${res.status} ${res.text.slice(0, 120)}`);
        continue;
      }
      let body: { error?: unknown; message?: unknown };
      try {
        body = JSON.parse(res.text);
      } catch {
        failures.push(`${c.name}: not JSON: ${res.text.slice(0, 80)}`);
        continue;
      }
      if (typeof body.error !== 'string' || typeof body.message !== 'string') failures.push(`${c.name}: ${res.text}`);
    }
    expect(failures).toEqual([]);
    expect(await state()).toBe(before);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  }, 120_000);
});
