// The model-based convergence harness: random multi-client histories against the app, checked against a model.
import fc from 'fast-check';
import { expect } from 'vitest';
import { createApp } from '../../server/app';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { PROJECT_COLORS } from '../../shared/schemas/project';
import type { SyncRow } from '../../shared/sync/merge';
import { type OutboxEntry, SyncClient, type Transport } from './sync-client';

const T0 = Date.UTC(2026, 10, 25, 12);

// ---- the model: an oracle written independently of shared/sync/merge.ts ------------------------------------

interface ModelRow {
  table: string;
  fields: Record<string, { value: unknown; hlc: string }>;
  tombstone?: { deleted: boolean; hlc: string };
}

/** Every mutation ever made, in any order: per field the write with the greatest HLC wins; so does the tombstone. */
function model(
  mutations: OutboxEntry[],
): Map<string, { table: string; fields: Record<string, unknown>; hlc: Record<string, string>; deleted: boolean }> {
  const rows = new Map<string, ModelRow>();
  for (const m of mutations) {
    const id = `${m.table}/${m.key}`;
    const row = rows.get(id) ?? { table: m.table, fields: {} };
    rows.set(id, row);
    if (m.op === 'delete' || m.op === 'restore') {
      if (!row.tombstone || m.hlc > row.tombstone.hlc) row.tombstone = { deleted: m.op === 'delete', hlc: m.hlc };
      continue;
    }
    for (const [field, value] of Object.entries(m.fields ?? {})) {
      const current = row.fields[field];
      if (!current || m.hlc > current.hlc) row.fields[field] = { value, hlc: m.hlc };
    }
  }
  const out = new Map<
    string,
    { table: string; fields: Record<string, unknown>; hlc: Record<string, string>; deleted: boolean }
  >();
  for (const [id, row] of rows) {
    const fields: Record<string, unknown> = {};
    const hlc: Record<string, string> = {};
    for (const [f, { value, hlc: h }] of Object.entries(row.fields)) {
      fields[f] = value;
      hlc[f] = h;
    }
    if (row.tombstone) hlc.deleted = row.tombstone.hlc;
    out.set(id, { table: row.table, fields, hlc, deleted: row.tombstone?.deleted ?? false });
  }
  return out;
}

// ---- scenario generators -----------------------------------------------------------------------------------

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'omega');
const taskPatch = fc.record(
  {
    title: word,
    notes: fc.constantFrom('', 'n1', 'n2'),
    status: fc.constantFrom('todo', 'doing', 'blocked', 'done'),
    priority: fc.integer({ min: 1, max: 4 }),
    tags: fc.constantFrom([], ['a'], ['a', 'b']),
    order: fc.integer({ min: -5, max: 5 }),
  },
  { requiredKeys: [] },
);
const projectPatch = fc.record(
  {
    name: word,
    status: fc.constantFrom('planned', 'active', 'on-hold', 'done', 'cancelled'),
    archived: fc.boolean(),
    objective: fc.constantFrom('', 'ship it'),
  },
  { requiredKeys: [] },
);

const taskCreate = (title: string): Record<string, unknown> => ({
  projectId: null,
  title,
  notes: '',
  status: 'todo',
  priority: 4,
  assigneeId: null,
  dueAt: null,
  tags: [],
  source: null,
  createdBy: null,
  createdAt: '2026-11-25T12:00:00.000Z',
  completedAt: null,
  order: 0,
});
const projectCreate = (name: string): Record<string, unknown> => ({
  name,
  objective: '',
  status: 'active',
  startAt: null,
  dueAt: null,
  color: PROJECT_COLORS[0],
  urlRules: [],
  archived: false,
  createdBy: null,
  createdAt: '2026-11-25T12:00:00.000Z',
});

const client = fc.nat({ max: 9 });
const action = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('create' as const),
      client,
      table: fc.constantFrom('tasks', 'projects'),
      name: word,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('patch' as const),
      client,
      pick: fc.nat(),
      task: taskPatch,
      project: projectPatch,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('delete' as const), client, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('restore' as const), client, pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('push' as const),
      client,
      batch: fc.integer({ min: 1, max: 4 }),
      loseResponse: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('pullPage' as const), client, limit: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('sync' as const), client }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('toggleOnline' as const), client }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5000 }) }) },
);
export const scenario = fc.record({
  clients: fc.integer({ min: 3, max: 4 }),
  // Clock skews stay well inside the 60 s clamp window: clamping has its own protocol test.
  skews: fc.array(fc.integer({ min: -20_000, max: 20_000 }), { minLength: 4, maxLength: 4 }),
  actions: fc.array(action, { minLength: 1, maxLength: 60 }),
});

// ---- one run -----------------------------------------------------------------------------------------------

export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Play one history and check convergence; `makeStorage` defaults to a fresh in-memory SQLite. */
export async function runScenario(
  { clients: n, skews, actions }: Scenario,
  makeStorage: () => Promise<Storage> = async () => createSqliteStorage({ path: ':memory:' }),
) {
  let now = T0;
  const storage = await makeStorage();
  const app = createApp({
    storage,
    now: () => now,
    rateLimits: { createTeam: { limit: 1e9, windowMs: 1 }, join: { limit: 1e9, windowMs: 1 } },
  });
  const transport: Transport = async (method, path, token, body) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  };
  const json = async (path: string, body: unknown, token?: string) =>
    (
      await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      })
    ).json();

  const owner = await json('/v1/teams', { teamName: 'T', userName: 'owner' });
  const teamId: string = owner.team.id;
  const tokens: string[] = [owner.token];
  for (let i = 1; i < n; i++) {
    const inv = await json(`/v1/teams/${teamId}/invites`, { role: 'member' }, owner.token);
    tokens.push((await json('/v1/join', { code: inv.code, userName: `m${i}` })).token);
  }
  const clients = tokens.map(
    (token, i) =>
      new SyncClient({ clientId: `client${i}`, token, teamId, transport, wallClock: () => now + (skews[i] ?? 0) }),
  );
  const made: OutboxEntry[] = [];
  const known = (c: SyncClient) => [...c.visible().values()].sort((a, b) => (a.key < b.key ? -1 : 1));

  for (const a of actions) {
    if (a.type === 'tick') {
      now += a.ms;
      continue;
    }
    const c = clients[a.client % n]!;
    switch (a.type) {
      case 'create':
        made.push(c.create(a.table, a.table === 'tasks' ? taskCreate(a.name) : projectCreate(a.name)));
        break;
      case 'patch':
      case 'delete':
      case 'restore': {
        const rows = known(c);
        const row = rows[a.pick % Math.max(1, rows.length)];
        if (!row) break;
        if (a.type === 'delete') made.push(c.remove(row.table, row.key));
        else if (a.type === 'restore') made.push(c.restore(row.table, row.key));
        else {
          const fields = row.table === 'tasks' ? a.task : a.project;
          if (Object.keys(fields).length > 0) made.push(c.patch(row.table, row.key, fields));
        }
        break;
      }
      case 'push': {
        const res = await c.push({ batch: a.batch, loseResponse: a.loseResponse });
        if (res) expect(res.status, JSON.stringify(res.body)).toBe(200);
        break;
      }
      case 'pullPage':
        await c.pullPage({ limit: a.limit });
        break;
      case 'sync':
        await c.sync();
        break;
      case 'toggleOnline':
        c.online = !c.online;
        break;
    }
  }

  // Quiet down: everyone online, pushes everything, then everyone pulls everything.
  for (const c of clients) c.online = true;
  for (const c of clients) await c.sync();
  for (const c of clients) await c.pullAll();

  const expected = model(made);
  const reader = new SyncClient({ clientId: 'reader', token: owner.token, teamId, transport, wallClock: () => now });
  await reader.pullAll(7);
  // The server sets createdBy from the pushing account (authorship is not the client's to claim): compare the
  // rest of each row, and createdBy's clock.
  const withoutAuthor = ({ createdBy: _author, ...fields }: Record<string, unknown>) => fields;
  const asPlain = (rows: Map<string, SyncRow & { table: string }>) =>
    new Map(
      [...rows].map(([id, r]) => [
        id,
        { table: r.table, fields: withoutAuthor(r.fields), hlc: r.hlc, deleted: r.deleted },
      ]),
    );
  const server = asPlain(reader.base);
  expect(server).toEqual(asPlain(expected as Map<string, SyncRow & { table: string }>));
  for (const c of clients) {
    expect(c.outbox).toEqual([]);
    expect(asPlain(c.base)).toEqual(asPlain(expected as Map<string, SyncRow & { table: string }>));
  }
  await storage.close();
}
