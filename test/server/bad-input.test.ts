// Hostile and broken input: every case gets its 4xx as JSON {error, message} and leaves the data unchanged.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createTeam,
  createTestApp,
  hlcAt,
  newKey,
  pushBody,
  snapshot,
  type TestApp,
  taskFields,
} from './helpers';

const T0 = Date.UTC(2026, 10, 25, 12);

let app: TestApp;
let token: string;
let teamId: string;
let key: string;

async function state() {
  const snap = await snapshot(app, token, teamId, 'c1');
  const pull = await call(app, 'GET', `/v1/sync/pull?teamId=${teamId}&clientId=c1`, { token });
  const me = await call(app, 'GET', '/v1/me', { token });
  return { snap, lastSeq: pull.body.lastSeq, me: me.body };
}

const good = () => ({ seq: 2, op: 'patch', table: 'tasks', key, fields: { title: 'changed' }, hlc: hlcAt(T0 + 1) });
const envelope = (mutations: unknown[]) => pushBody(teamId, 'c1', mutations);
const withMutation = (patch: Record<string, unknown>) => envelope([{ ...good(), ...patch }]);
const long = 'x'.repeat(100_000);

beforeAll(async () => {
  ({ app } = createTestApp());
  const owner = await createTeam(app);
  token = owner.token;
  teamId = owner.team.id;
  key = newKey();
  const res = await call(app, 'POST', '/v1/sync/push', {
    token,
    body: envelope([{ seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(T0) }]),
  });
  expect(res.status).toBe(200);
});

type Case = {
  name: string;
  status: number;
  path?: string;
  method?: string;
  body?: unknown;
  raw?: string;
  auth?: string | null;
};

const pushCases = (): Case[] => [
  { name: 'malformed JSON', status: 400, raw: '{"protocolVersion":1,' },
  { name: 'empty body', status: 400, raw: '' },
  { name: 'JSON null', status: 400, raw: 'null' },
  { name: 'JSON array', status: 400, raw: '[]' },
  { name: 'JSON string', status: 400, raw: '"push"' },
  { name: 'missing mutations', status: 400, body: { protocolVersion: 1, teamId, clientId: 'c1' } },
  { name: 'mutations not an array', status: 400, body: { ...envelope([]), mutations: {} } },
  { name: 'unknown envelope field', status: 400, body: { ...envelope([good()]), admin: true } },
  {
    name: '__proto__ in the envelope',
    status: 400,
    raw: `{"protocolVersion":1,"teamId":"${teamId}","clientId":"c1","mutations":[],"__proto__":{"isAdmin":true}}`,
  },
  {
    name: '__proto__ in fields',
    status: 400,
    raw: JSON.stringify(envelope([good()])).replace('"fields":{', '"fields":{"__proto__":{"title":"p"},'),
  },
  {
    name: '__proto__ in a mutation',
    status: 400,
    raw: JSON.stringify(envelope([good()])).replace('"seq":2', '"__proto__":{"op":"delete"},"seq":2'),
  },
  {
    name: 'escaped __proto__ in fields',
    status: 400,
    raw: JSON.stringify(envelope([good()])).replace('"fields":{', '"fields":{"\\u005f_proto__":{"title":"p"},'),
  },
  { name: 'constructor field', status: 400, body: withMutation({ fields: { constructor: 'x' } }) },
  { name: 'unknown table', status: 400, body: withMutation({ table: 'users' }) },
  { name: 'table from Object.prototype', status: 400, body: withMutation({ table: 'toString' }) },
  { name: 'unknown field', status: 400, body: withMutation({ fields: { title: 'ok', owner: 'me' } }) },
  { name: 'id is not a wire field', status: 400, body: withMutation({ fields: { id: newKey() } }) },
  { name: 'teamId is not a wire field', status: 400, body: withMutation({ fields: { teamId: newKey() } }) },
  { name: 'wrong type: title number', status: 400, body: withMutation({ fields: { title: 5 } }) },
  { name: 'wrong type: priority string', status: 400, body: withMutation({ fields: { priority: '1' } }) },
  { name: 'wrong type: priority out of range', status: 400, body: withMutation({ fields: { priority: 9 } }) },
  { name: 'wrong type: status not in enum', status: 400, body: withMutation({ fields: { status: 'gone' } }) },
  { name: 'wrong type: tags object', status: 400, body: withMutation({ fields: { tags: { a: 1 } } }) },
  { name: 'wrong type: op', status: 400, body: withMutation({ op: 'drop' }) },
  { name: 'wrong type: teamId number', status: 400, body: { ...envelope([good()]), teamId: 5 } },
  { name: 'wrong type: protocolVersion string', status: 400, body: { ...envelope([good()]), protocolVersion: '1' } },
  { name: '100k-char title', status: 400, body: withMutation({ fields: { title: long } }) },
  { name: '100k-char notes', status: 400, body: withMutation({ fields: { notes: long } }) },
  { name: '100k-char table', status: 400, body: withMutation({ table: long }) },
  { name: '100k-char clientId', status: 400, body: { ...envelope([good()]), clientId: long } },
  { name: '100k-char field name', status: 400, body: withMutation({ fields: { [long]: 1 } }) },
  { name: '100k-char hlc', status: 400, body: withMutation({ hlc: long }) },
  { name: 'malformed HLC: number', status: 400, body: withMutation({ hlc: 1795608000000 }) },
  { name: 'malformed HLC: short ms', status: 400, body: withMutation({ hlc: '179560800000-0000-c1' }) },
  { name: 'malformed HLC: no client', status: 400, body: withMutation({ hlc: '1795608000000-0000-' }) },
  { name: 'malformed HLC: uppercase counter', status: 400, body: withMutation({ hlc: '1795608000000-00AB-c1' }) },
  { name: 'malformed HLC: bad client chars', status: 400, body: withMutation({ hlc: '1795608000000-0000-c 1' }) },
  { name: 'float seq', status: 400, body: withMutation({ seq: 2.5 }) },
  { name: 'negative seq', status: 400, body: withMutation({ seq: -1 }) },
  { name: 'zero seq', status: 400, body: withMutation({ seq: 0 }) },
  { name: 'huge seq', status: 400, body: withMutation({ seq: 1e300 }) },
  { name: 'string seq', status: 400, body: withMutation({ seq: '2' }) },
  { name: 'key not a UUIDv7', status: 400, body: withMutation({ key: 'abc' }) },
  { name: 'delete with fields', status: 400, body: withMutation({ op: 'delete', fields: { title: 'x' } }) },
  { name: 'patch without fields', status: 400, body: withMutation({ fields: undefined }) },
  { name: 'patch with empty fields', status: 400, body: withMutation({ fields: {} }) },
  {
    name: 'upsert missing required fields',
    status: 400,
    body: withMutation({ op: 'upsert', key: newKey(), fields: { title: 'x' } }),
  },
  { name: 'non-consecutive seqs', status: 400, body: envelope([good(), { ...good(), seq: 4 }]) },
  {
    name: 'a valid mutation before an invalid one',
    status: 400,
    body: envelope([good(), { ...good(), seq: 3, fields: { title: 7 } }]),
  },
  {
    name: 'too many mutations',
    status: 400,
    body: envelope(Array.from({ length: 1001 }, (_, i) => ({ ...good(), seq: i + 2 }))),
  },
  { name: 'oversized body', status: 413, raw: JSON.stringify({ ...envelope([good()]), pad: 'y'.repeat(1_100_000) }) },
  { name: 'missing token', status: 401, body: envelope([good()]), auth: null },
  { name: 'forged token', status: 401, body: envelope([good()]), auth: `Bearer wp_${'A'.repeat(43)}` },
  { name: 'token hash instead of token', status: 401, body: envelope([good()]), auth: `Bearer ${'a'.repeat(64)}` },
  { name: 'malformed Authorization', status: 401, body: envelope([good()]), auth: 'Basic dXNlcjpwYXNz' },
  { name: 'empty Bearer', status: 401, body: envelope([good()]), auth: 'Bearer ' },
];

const otherCases = (): Case[] => [
  {
    name: 'pull: SQL in teamId',
    status: 400,
    method: 'GET',
    path: `/v1/sync/pull?teamId=${encodeURIComponent("' OR 1=1 --")}`,
  },
  { name: 'pull: 100k cursor', status: 400, method: 'GET', path: `/v1/sync/pull?teamId=${teamId}&cursor=${long}` },
  {
    name: 'pull: forged token',
    status: 401,
    method: 'GET',
    path: `/v1/sync/pull?teamId=${teamId}`,
    auth: `Bearer wp_${'B'.repeat(43)}`,
  },
  {
    name: 'teams: __proto__',
    status: 400,
    path: '/v1/teams',
    raw: '{"teamName":"T","userName":"U","__proto__":{"x":1}}',
    auth: null,
  },
  { name: 'teams: 100k name', status: 400, path: '/v1/teams', body: { teamName: long, userName: 'U' }, auth: null },
  { name: 'teams: wrong types', status: 400, path: '/v1/teams', body: { teamName: 1, userName: ['U'] }, auth: null },
  { name: 'teams: malformed JSON', status: 400, path: '/v1/teams', raw: '{teamName:', auth: null },
  {
    name: 'join: malformed code',
    status: 400,
    path: '/v1/join',
    body: { code: '../../etc', userName: 'U' },
    auth: null,
  },
  {
    name: 'join: unknown code',
    status: 404,
    path: '/v1/join',
    body: { code: 'AAAAAAAAAAAAAAAAAAAAAAAA', userName: 'U' },
    auth: null,
  },
  {
    name: 'join: forged token',
    status: 401,
    path: '/v1/join',
    body: { code: 'AAAAAAAAAAAAAAAAAAAAAAAA', userName: 'U' },
    auth: `Bearer wp_${'C'.repeat(43)}`,
  },
  { name: 'invites: wrong role type', status: 400, path: `/v1/teams/${teamId}/invites`, body: { role: ['admin'] } },
  {
    name: 'invites: expiry too long',
    status: 400,
    path: `/v1/teams/${teamId}/invites`,
    body: { role: 'guest', expiresInHours: 1e9 },
  },
  { name: 'me: forged token', status: 401, method: 'GET', path: '/v1/me', auth: `Bearer wp_${'D'.repeat(43)}` },
  { name: 'revoke: no token', status: 401, method: 'DELETE', path: '/v1/tokens/current', auth: null },
];

describe('bad input', () => {
  it('sanity: the fixture row exists', async () => {
    expect((await state()).snap.changes).toHaveLength(1);
  });

  for (const group of [
    { title: 'push', cases: pushCases },
    { title: 'other endpoints', cases: otherCases },
  ]) {
    describe(group.title, () => {
      // The case list is built lazily: it needs the team created in beforeAll.
      it('each case gets its 4xx and changes nothing', async () => {
        for (const c of group.cases()) {
          const before = await state();
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (c.auth === undefined) headers.authorization = `Bearer ${token}`;
          else if (c.auth !== null) headers.authorization = c.auth;
          const init: RequestInit = { method: c.method ?? 'POST', headers };
          if (c.raw !== undefined) init.body = c.raw;
          else if (c.body !== undefined) init.body = JSON.stringify(c.body);
          const res = await app.request(c.path ?? '/v1/sync/push', init);
          const text = await res.text();
          expect(res.status, `${c.name}: ${text.slice(0, 200)}`).toBe(c.status);
          const body = JSON.parse(text);
          expect(body, c.name).toMatchObject({ error: expect.any(String), message: expect.any(String) });
          expect(JSON.stringify(body).length, c.name).toBeLessThan(10_000);
          expect(await state(), c.name).toEqual(before);
        }
      });
    });
  }

  it('a valid push still works afterwards (the cases were rejected for their content)', async () => {
    const res = await call(app, 'POST', '/v1/sync/push', { token, body: envelope([good()]) });
    expect(res.status).toBe(200);
    expect(res.body.lastSeq).toBe(2);
    expect(((await state()).snap.changes[0] as { fields: { title: string } }).fields.title).toBe('changed');
  });
});
