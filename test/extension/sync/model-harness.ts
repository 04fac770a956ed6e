// The model-based convergence harness: random multi-device histories drive the extension's real store, sync engine
// and account service (each device its own Dexie database over fake-indexeddb) against the in-process server app,
// with faults injected, and check the result against an oracle written independently of shared/sync/merge.ts.
//
// A history: device 0 creates a team, the others join it (as members or guests); a device may first work without
// an account and create a row in every table, which signing in must move into a space. Then random steps: creates,
// patches, deletes and restores in every synced table (values drawn from the zod schemas), syncs whose response is
// lost or whose server is killed between commit and answer (SQLite file or PostgreSQL reopened, new app), offline
// periods, tombstone compaction past the devices' cursors (410 reset), an export imported into the same or another
// device, a member downgraded to guest (through the database: the server has no route to change a role yet), and
// account refreshes. Then it quiets down: every device online, syncing until nothing is pending, then pulling.
//
// Invariants (each problem is reported with its category first):
// - verdict:    the server refuses exactly what the rules refuse (guests write comments only, and only their own;
//               only an upsert creates a row), judged from the roles the harness granted.
// - quiesce:    every signed-in device ends with nothing pending and a "synced" status.
// - oracle:     the server's rows equal the oracle's: per-field last-writer-wins by HLC, the tombstone likewise
//               (delete sets it, restore clears it), over the mutations the server accepted (every push and its
//               answer is recorded in the transport, including answers a device never received).
// - divergence: every device's rows of every space it syncs equal the server's (fields, per-field HLCs, deleted).
// - stranded:   every local row is pending, on the server as it is here, on this device only (teamId null), or
//               shown as refused (see shownAsRefused), or a tombstone the server compacted away.
// - adoption:   right after signing in, no live row is left on the device only.

import { PLANNING_TABLES, type PlanningTable, planningPatchSchemas, planningSchemas } from '@@/shared/schemas/planning';
import { projectPatchSchema, projectSchema } from '@@/shared/schemas/project';
import { stepPatchSchema, stepSchema } from '@@/shared/schemas/step';
import { taskPatchSchema, taskSchema } from '@@/shared/schemas/task';
import type { Role } from '@@/shared/schemas/team';
import type { WireMutation } from '@@/shared/sync/protocol';
import { SYNC_TABLE_NAMES, type SyncTableName } from '@@/shared/sync/tables';
import { existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import type { z } from 'zod';
import { exportData, importData } from '@/data/transfer';
import type { WaypointDb } from '@/db/database';
import { type AnyRow, toSyncRow } from '@/db/rows';
import { readSyncStatus } from '@/sync/status';
import { type App, createApp } from '../../../server/app';
import { createPokeHub } from '../../../server/pokes';
import { createPostgresStorage } from '../../../server/storage/postgres';
import { createSqliteStorage } from '../../../server/storage/sqlite';
import { parsePulled, type Storage } from '../../../server/storage/types';
import { createDevice, type Device, SERVER } from './devices';
import { objectArbitrary } from './zod-arbitrary';

// ---- scenarios ---------------------------------------------------------------------------------------------

export type Fault = 'none' | 'lose' | 'crash';
export type Where = 'team' | 'personal';
type Values = Record<string, unknown>;

export type Action =
  | { t: 'create'; c: number; table: SyncTableName; where: Where; pick: number; values: Values }
  | { t: 'patch'; c: number; table: SyncTableName; pick: number; values: Values }
  | { t: 'delete'; c: number; table: SyncTableName; pick: number }
  | { t: 'restore'; c: number; table: SyncTableName; pick: number }
  | { t: 'sync'; c: number; fault: Fault }
  | { t: 'offline'; c: number }
  | { t: 'compact' }
  | { t: 'import'; from: number; to: number }
  | { t: 'downgrade'; c: number }
  | { t: 'refresh'; c: number };

export interface DevicePlan {
  /** The role this device joins the team with (device 0 creates it and is its owner). */
  role: 'member' | 'guest';
  /** Rows this device creates before it has an account, one per table (the project first), or none. */
  deviceRows: Partial<Record<SyncTableName, Values>> | null;
}

export interface Scenario {
  devices: DevicePlan[];
  actions: Action[];
}

/** What a new row of each table may start with (what the store's create functions take). */
const createSchemas: Record<SyncTableName, z.ZodObject> = {
  projects: projectSchema.pick({
    name: true,
    objective: true,
    status: true,
    startAt: true,
    dueAt: true,
    color: true,
    urlRules: true,
    archived: true,
    shareExcerpts: true,
    scopeIn: true,
    scopeOut: true,
    constraints: true,
  }),
  tasks: taskSchema.pick({
    title: true,
    notes: true,
    status: true,
    priority: true,
    assigneeId: true,
    dueAt: true,
    tags: true,
    source: true,
    order: true,
    objectiveId: true,
    milestoneId: true,
  }),
  // A step starts with its title (the store places it in the list); ticks and moves are patches.
  steps: stepSchema.pick({ title: true }),
  ...(Object.fromEntries(
    PLANNING_TABLES.map((table) => [
      table,
      (planningSchemas[table] as z.ZodObject).omit({
        id: true,
        teamId: true,
        projectId: true,
        createdBy: true,
        createdAt: true,
      } as never),
    ]),
  ) as Record<PlanningTable, z.ZodObject>),
};
const REQUIRED_ON_CREATE: Partial<Record<SyncTableName, string[]>> = {
  projects: ['name'],
  tasks: ['title'],
  steps: ['title'],
};

/**
 * What may change later. Moving a row to another space (teamId, or a task's projectId) is left out: a move
 * leaves the old copy in the old space on the server, which these invariants would report as divergence, and
 * what a move should do there is still to be decided.
 */
const patchSchemas: Record<SyncTableName, z.ZodObject> = {
  projects: projectPatchSchema.omit({ teamId: true }),
  tasks: taskPatchSchema.omit({ teamId: true, projectId: true }),
  steps: stepPatchSchema,
  ...planningPatchSchemas,
};

const createValues = Object.fromEntries(
  SYNC_TABLE_NAMES.map((table) => [
    table,
    objectArbitrary(createSchemas[table], {
      partial: table === 'projects' || table === 'tasks',
      required: REQUIRED_ON_CREATE[table],
    }),
  ]),
) as Record<SyncTableName, fc.Arbitrary<Values>>;
const patchValues = Object.fromEntries(
  SYNC_TABLE_NAMES.map((table) => [table, objectArbitrary(patchSchemas[table], { partial: true })]),
) as Record<SyncTableName, fc.Arbitrary<Values>>;

export interface ScenarioOptions {
  maxDevices?: number;
  maxActions?: number;
}

export function scenarioArbitrary({ maxDevices = 3, maxActions = 12 }: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const device = fc.nat({ max: maxDevices - 1 });
  const pick = fc.nat({ max: 20 });
  const perTable = <A>(make: (table: SyncTableName) => fc.Arbitrary<A>) =>
    fc.oneof(...SYNC_TABLE_NAMES.map((table) => make(table)));
  const action: fc.Arbitrary<Action> = fc.oneof(
    {
      weight: 8,
      arbitrary: perTable((table) =>
        fc.record({
          t: fc.constant('create' as const),
          c: device,
          table: fc.constant(table),
          where: fc.constantFrom<Where>('team', 'personal'),
          pick,
          values: createValues[table],
        }),
      ),
    },
    {
      weight: 5,
      arbitrary: perTable((table) =>
        fc.record({
          t: fc.constant('patch' as const),
          c: device,
          table: fc.constant(table),
          pick,
          values: patchValues[table],
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('delete' as const),
        c: device,
        table: fc.constantFrom(...SYNC_TABLE_NAMES),
        pick,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('restore' as const),
        c: device,
        table: fc.constantFrom(...SYNC_TABLE_NAMES),
        pick,
      }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        t: fc.constant('sync' as const),
        c: device,
        fault: fc.constantFrom<Fault>('none', 'none', 'lose', 'crash'),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('offline' as const), c: device }) },
    { weight: 2, arbitrary: fc.constant({ t: 'compact' as const }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('import' as const), from: device, to: device }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('downgrade' as const), c: device }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('refresh' as const), c: device }) },
  );
  const deviceRows = fc.record(
    Object.fromEntries(SYNC_TABLE_NAMES.map((table) => [table, createValues[table]])) as Record<
      SyncTableName,
      fc.Arbitrary<Values>
    >,
  );
  const plan: fc.Arbitrary<DevicePlan> = fc.record({
    role: fc.constantFrom<DevicePlan['role']>('member', 'member', 'guest'),
    // One device in four works without an account first; shrinking goes towards none.
    deviceRows: fc.tuple(fc.nat({ max: 3 }), deviceRows).map(([n, rows]) => (n === 3 ? rows : null)),
  });
  return fc.record({
    devices: fc.array(plan, { minLength: 2, maxLength: maxDevices }),
    actions: fc.array(action, { minLength: 1, maxLength: maxActions }),
  });
}

/** One line per scenario, for reports and regression tests. */
export function describeScenario(s: Scenario): string {
  const devices = s.devices
    .map((d, i) => `${i === 0 ? 'owner' : d.role}${d.deviceRows ? '+deviceRows' : ''}`)
    .join(',');
  const steps = s.actions.map((a) => {
    switch (a.t) {
      case 'create':
        return `c${a.c}.create(${a.table}@${a.where},${a.pick},${JSON.stringify(a.values)})`;
      case 'patch':
        return `c${a.c}.patch(${a.table},${a.pick},${JSON.stringify(a.values)})`;
      case 'delete':
      case 'restore':
        return `c${a.c}.${a.t}(${a.table},${a.pick})`;
      case 'sync':
        return `c${a.c}.sync${a.fault === 'none' ? '' : `(${a.fault})`}`;
      case 'import':
        return `import(c${a.from}->c${a.to})`;
      case 'compact':
        return 'compact';
      default:
        return `c${a.c}.${a.t}`;
    }
  });
  return `[${devices}] ${steps.join(' ')}`;
}

// ---- servers -----------------------------------------------------------------------------------------------

/** Where the server keeps its data: reopened from the same place after a kill. */
export interface Backend {
  readonly kind: 'sqlite' | 'postgres';
  open(): Promise<Storage>;
  /** Change a member's role behind the server's back (there is no route for it yet). */
  setRole(teamId: string, userId: string, role: Role): Promise<void>;
  /** The run is over: remove what it left. */
  dispose(): Promise<void>;
}

let fileCounter = 0;
// tmpfs where there is one: SQLite fsyncs every commit (synchronous=FULL).
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** A SQLite database file of its own for one run. */
export function sqliteBackend(): Backend {
  const path = join(scratch, `waypoint-model-${process.pid}-${Date.now()}-${fileCounter++}.db`);
  return {
    kind: 'sqlite',
    async open() {
      return createSqliteStorage({ path });
    },
    async setRole(teamId, userId, role) {
      const db = new Database(path);
      try {
        db.prepare('UPDATE members SET role = ? WHERE team_id = ? AND user_id = ?').run(role, teamId, userId);
      } finally {
        db.close();
      }
    },
    async dispose() {
      for (const suffix of ['', '-wal', '-shm']) {
        try {
          unlinkSync(path + suffix);
        } catch {
          // Already gone (never created, or checkpointed away).
        }
      }
    },
  };
}

function withoutCommitWait(connectionString: string): string {
  const url = new URL(connectionString);
  url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c synchronous_commit=off`.trim());
  return url.toString();
}

/** A PostgreSQL database shared by the runs: each run creates its own teams, so runs never see each other. */
export function postgresBackend(connectionString: string): Backend {
  return {
    kind: 'postgres',
    // The kill modelled here is the server process's, not the database host's: commits need not wait for the
    // disk (synchronous_commit=off), which makes a run about a third faster.
    open: () => createPostgresStorage({ connectionString: withoutCommitWait(connectionString), max: 2 }),
    async setRole(teamId, userId, role) {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query('UPDATE members SET role = $1 WHERE team_id = $2 AND user_id = $3', [role, teamId, userId]);
      } finally {
        await client.end();
      }
    },
    async dispose() {},
  };
}

// ---- the oracle --------------------------------------------------------------------------------------------

export interface PlainRow {
  fields: Record<string, unknown>;
  hlc: Record<string, string>;
  deleted: boolean;
}

interface OracleRow {
  fields: Map<string, { value: unknown; hlc: string }>;
  tombstone: { deleted: boolean; hlc: string } | null;
  author: string;
}

/** The only table a guest may write (docs/protocol.md), restated here rather than imported. */
const GUEST_TABLES = new Set(['comments']);
type Verdict = 'accepted' | 'Forbidden' | 'NotFound';

/** Per team, every accepted mutation folded in: per field the greatest HLC wins; so does the tombstone. */
export class Oracle {
  private teams = new Map<string, Map<string, OracleRow>>();
  /** `team/table/key` of the rows dropped by a compaction. */
  readonly compacted = new Set<string>();

  private team(teamId: string) {
    let rows = this.teams.get(teamId);
    if (!rows) {
      rows = new Map();
      this.teams.set(teamId, rows);
    }
    return rows;
  }

  /** What the rules say the server must answer to this mutation from this user. */
  verdict(teamId: string, userId: string, role: Role | undefined, m: WireMutation): Verdict {
    const row = this.team(teamId).get(`${m.table}/${m.key}`);
    if (role === 'guest' && !GUEST_TABLES.has(m.table)) return 'Forbidden';
    if (role === 'guest' && row && row.author !== userId) return 'Forbidden';
    if (!row && m.op !== 'upsert') return 'NotFound';
    return 'accepted';
  }

  apply(teamId: string, userId: string, m: WireMutation): void {
    const rows = this.team(teamId);
    const id = `${m.table}/${m.key}`;
    let row = rows.get(id);
    const creating = !row;
    if (!row) {
      row = { fields: new Map(), tombstone: null, author: userId };
      rows.set(id, row);
    }
    if (m.op === 'delete' || m.op === 'restore') {
      if (!row.tombstone || m.hlc > row.tombstone.hlc) row.tombstone = { deleted: m.op === 'delete', hlc: m.hlc };
      return;
    }
    for (const [field, value] of Object.entries(m.fields ?? {})) {
      // docs/protocol.md: createdBy of a row a push creates is the pushing account's id, and never changes.
      if (field === 'createdBy') {
        if (creating) row.fields.set(field, { value: userId, hlc: m.hlc });
        continue;
      }
      const current = row.fields.get(field);
      if (!current || m.hlc > current.hlc) row.fields.set(field, { value, hlc: m.hlc });
    }
  }

  /** Tombstone compaction: deleted rows disappear (a later upsert starts them afresh). */
  compact(): void {
    for (const [teamId, rows] of this.teams) {
      for (const [id, row] of rows) {
        if (!row.tombstone?.deleted) continue;
        rows.delete(id);
        this.compacted.add(`${teamId}/${id}`);
      }
    }
  }

  rows(teamId: string): Map<string, PlainRow> {
    const out = new Map<string, PlainRow>();
    for (const [id, row] of this.team(teamId)) {
      const fields: Record<string, unknown> = {};
      const hlc: Record<string, string> = {};
      for (const [field, { value, hlc: at }] of row.fields) {
        fields[field] = value;
        hlc[field] = at;
      }
      if (row.tombstone) hlc.deleted = row.tombstone.hlc;
      out.set(id, { fields, hlc, deleted: row.tombstone?.deleted ?? false });
    }
    return out;
  }
}

// ---- comparison --------------------------------------------------------------------------------------------

/** JSON with sorted keys: rows are equal when they are equal on the wire (so -0 equals 0, undefined is absent). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

const sameRow = (a: PlainRow, b: PlainRow) => canonical(a) === canonical(b);

function differences(local: PlainRow, server: PlainRow): string {
  const out: string[] = [];
  if (local.deleted !== server.deleted) out.push(`deleted ${local.deleted} vs ${server.deleted}`);
  const names = new Set([...Object.keys(local.fields), ...Object.keys(server.fields), ...Object.keys(local.hlc)]);
  for (const name of [...names].sort()) {
    const a = canonical(local.fields[name]);
    const b = canonical(server.fields[name]);
    if (a !== b) out.push(`${name} ${a?.slice(0, 40)} vs ${b?.slice(0, 40)}`);
    else if (local.hlc[name] !== server.hlc[name]) out.push(`hlc.${name} ${local.hlc[name]} vs ${server.hlc[name]}`);
  }
  return out.slice(0, 3).join('; ');
}

async function serverRows(storage: Storage, teamId: string): Promise<Map<string, PlainRow>> {
  const out = new Map<string, PlainRow>();
  let after: { version: number; table: string; key: string } | undefined;
  for (;;) {
    const page = await storage.pull({ teamId, limit: 1000, ...(after ? { after } : {}) });
    if (page.kind !== 'ok') throw new Error('pull from the start answered reset');
    for (const pulled of page.changes) {
      const change = parsePulled(pulled);
      out.set(`${change.table}/${change.key}`, { fields: change.fields, hlc: change.hlc, deleted: change.deleted });
    }
    const last = page.changes[page.changes.length - 1];
    if (!page.hasMore || !last) return out;
    after = { version: last.version, table: last.table, key: last.key };
  }
}

/**
 * Whether this device shows the row as refused by the server, so the person can see why it did not sync.
 *
 * Today the engine keeps a summary only (settings `syncRejections`: when, how many, the first message, the team)
 * with no row in it, so this is false for every row; a refused creation is moved to this device (teamId null) and
 * counts as device-only instead. ADAPT HERE when the per-row refusal record lands; this reads a `rows` list of
 * `{table, key}` in that setting, the simplest form it could take.
 */
export async function shownAsRefused(db: WaypointDb, table: SyncTableName, key: string): Promise<boolean> {
  // The engine keeps one refusal per row (extension/db/database.ts RejectionRow), shown on the row and in the
  // status line until the person keeps the row on this device or discards it.
  return (await db.rejections.get(`${table}:${key}`)) !== undefined;
}

// ---- timers ------------------------------------------------------------------------------------------------

/**
 * Hold the sync engine's retry timers (every timer of 100 ms or more) instead of running them: the harness
 * decides when each device syncs, so a history replays identically and fast-check can shrink it. Dexie and
 * fake-indexeddb schedule with 0 ms timers and setImmediate, which still run. Returns the undo.
 */
export function holdRetryTimers(): () => void {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const held = new Set<object>();
  globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
    if ((ms ?? 0) < 100) return realSet(fn, ms, ...args);
    const handle = { held: true, unref: () => handle, ref: () => handle, hasRef: () => false };
    held.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: unknown) => {
    if (handle && typeof handle === 'object' && held.delete(handle)) return;
    realClear(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout;
  return () => {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  };
}

// ---- one run -----------------------------------------------------------------------------------------------

export type Category = 'verdict' | 'quiesce' | 'oracle' | 'divergence' | 'stranded' | 'adoption' | 'harness';

export interface RunOptions {
  backend: Backend;
  /** Counts of what the run exercised (pushes, refusals, lost answers, kills, resets, ...), added up here. */
  stats?: Record<string, number>;
}

interface ModelDevice extends Device {
  index: number;
}

const TABLE_ORDER: SyncTableName[] = ['projects', ...SYNC_TABLE_NAMES.filter((t) => t !== 'projects')];

/** Play one history and return the problems found (empty: every invariant holds). */
export async function runScenario(scenario: Scenario, { backend, stats = {} }: RunOptions): Promise<string[]> {
  const problems: string[] = [];
  const count = (what: string) => {
    stats[what] = (stats[what] ?? 0) + 1;
  };
  const report = (category: Category, message: string) => {
    problems.push(`${category}: ${message}`);
  };
  const makeApp = (storage: Storage) =>
    createApp({
      storage,
      hub: createPokeHub(),
      rateLimits: { createTeam: { limit: 1e9, windowMs: 60_000 }, join: { limit: 1e9, windowMs: 60_000 } },
      logError: () => undefined,
    });
  let storage = await backend.open();
  let app: App = makeApp(storage);
  let crashNext = false;
  const oracle = new Oracle();
  const users = new Map<string, string>(); // token -> user id
  const roles = new Map<string, Role>(); // team/user -> role
  const lastSeqs = new Map<string, number>(); // team/client -> last seq the server reported
  const devices: ModelDevice[] = [];
  let teamId = '';

  /** Every exchange passes here: the recorder of what the server accepted, and the server killer. */
  const transport = async (url: string, init: RequestInit, device: Device): Promise<Response> => {
    const response = await app.request(url, init);
    const text = await response.text();
    const path = new URL(url).pathname;
    count(`${path === '/v1/sync/pull' || path === '/v1/sync/push' ? path.slice(9) : 'other'} ${response.status}`);
    observe(device, path, init, response.status, text ? JSON.parse(text) : {});
    if (crashNext) {
      count('server killed');
      crashNext = false;
      // Killed after the commit, before the answer: the data survives in the file (or database), nothing else.
      await storage.close();
      storage = await backend.open();
      app = makeApp(storage);
      throw new TypeError('the server was killed before it answered');
    }
    return new Response(text, { status: response.status, headers: response.headers });
  };

  function observe(device: Device, path: string, init: RequestInit, status: number, body: Record<string, unknown>) {
    if ((path === '/v1/teams' || path === '/v1/join') && status === 201) {
      const auth = body as {
        token: string;
        user: { id: string };
        team: { id: string };
        personalTeam: { id: string };
        role: Role;
      };
      users.set(auth.token, auth.user.id);
      roles.set(`${auth.team.id}/${auth.user.id}`, auth.role);
      roles.set(`${auth.personalTeam.id}/${auth.user.id}`, 'owner');
      return;
    }
    if (path !== '/v1/sync/push' || status !== 200) return;
    const request = JSON.parse(String(init.body)) as { teamId: string; clientId: string; mutations: WireMutation[] };
    const token = String((init.headers as Record<string, string>).authorization ?? '').replace(/^Bearer /, '');
    const userId = users.get(token) ?? '?';
    const answer = body as { lastSeq: number; rejected: { seq: number; code: string }[]; clamped: number[] };
    const clientKey = `${request.teamId}/${request.clientId}`;
    const previous = lastSeqs.get(clientKey) ?? 0;
    const role = roles.get(`${request.teamId}/${userId}`);
    for (const m of request.mutations) {
      if (m.seq <= previous || m.seq > answer.lastSeq) continue;
      const refused = answer.rejected.find((r) => r.seq === m.seq);
      const got: Verdict = refused ? (refused.code as Verdict) : 'accepted';
      const expected = oracle.verdict(request.teamId, userId, role, m);
      if (got !== expected) {
        report(
          'verdict',
          `${device.name} (${role}) ${m.op} ${m.table}/${short(m.key)}: server said ${got}, rules say ${expected}`,
        );
      }
      count(got === 'accepted' ? 'mutation accepted' : `mutation ${got}`);
      if (got === 'accepted') oracle.apply(request.teamId, userId, m);
    }
    if (answer.clamped.length) report('harness', `the server clamped HLCs ${answer.clamped.join(',')}`);
    lastSeqs.set(clientKey, Math.max(previous, answer.lastSeq));
  }

  const liveRows = async (device: Device, table: SyncTableName, deleted = false) =>
    ((await device.db.table(table).toArray()) as AnyRow[])
      .filter((row) => row.deleted === deleted)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  const at = <T>(list: T[], pick: number): T | undefined => (list.length ? list[pick % list.length] : undefined);

  /** Create a row the way the side panel does; returns false when the device has nothing to attach it to. */
  async function create(device: Device, table: SyncTableName, where: Where | null, pick: number, values: Values) {
    const account = await device.account();
    const space = where === null || !account ? null : where === 'team' ? teamId : account.personalTeamId;
    if (table === 'projects') {
      await device.store.createProject({ ...(values as { name: string }), teamId: space });
      return;
    }
    const projects = await liveRows(device, 'projects');
    if (table === 'tasks') {
      // A task goes to a project of the chosen space, or to none there (its inbox).
      const here = projects.filter((p) => p.teamId === space);
      const project = pick % (here.length + 1) === here.length ? undefined : at(here, pick);
      await device.store.createTask({
        ...(values as { title: string }),
        ...(project ? { projectId: project.id } : { teamId: space }),
      });
      return;
    }
    if (table === 'steps') {
      // A step goes into a task's list (in the task's space), at a place drawn from `pick`.
      const task = at(await liveRows(device, 'tasks'), pick);
      if (task) await device.store.createStep({ taskId: task.id, title: String(values.title), index: pick % 4 });
      return;
    }
    const project = at(projects, pick);
    if (!project) return;
    await device.store.createPlanningRow(table as PlanningTable, { ...values, projectId: project.id });
  }

  async function patch(device: Device, table: SyncTableName, pick: number, values: Values) {
    const row = at(await liveRows(device, table), pick);
    if (!row) return;
    if (table === 'tasks') await device.store.updateTask(row.id, values);
    else if (table === 'projects') await device.store.updateProject(row.id, values);
    else if (table === 'steps') await device.store.updateStep(row.id, values);
    else await device.store.updatePlanningRow(table as PlanningTable, row.id, values);
  }

  /** Right after signing in, nothing live may be left on the device only. */
  async function checkAdoption(device: Device) {
    for (const table of SYNC_TABLE_NAMES) {
      for (const row of await liveRows(device, table)) {
        if (row.teamId === null)
          report('adoption', `${device.name} left ${table}/${short(row.id)} on the device after signing in`);
      }
    }
  }

  try {
    // ---- accounts: device 0 creates the team, the others join it --------------------------------------------
    for (const [index, plan] of scenario.devices.entries()) {
      const device = Object.assign(createDevice(`c${index}`, null, { transport, autoSync: false }), { index });
      devices.push(device);
      if (plan.deviceRows) {
        for (const table of TABLE_ORDER) {
          const values = plan.deviceRows[table];
          // The store refuses text no storage can hold (docs/protocol.md): such a row is never made.
          if (values)
            await create(device, table, null, 0, values).catch((error: Error) => {
              if (error.name !== 'InvalidValueError') throw error;
            });
        }
      }
      if (index === 0) {
        teamId = (await device.accounts.createTeam({ serverUrl: SERVER, teamName: 'Model team', userName: 'Owner' }))
          .teamId;
        // The team starts with a project, so every device's pull has a cursor that compaction can overtake.
        await device.store.createProject({ name: 'Team project', teamId });
      } else {
        const invite = await devices[0]!.accounts.invite(teamId, plan.role);
        await device.accounts.join({ serverUrl: SERVER, code: invite.code, userName: `User ${index}` });
      }
      if (plan.deviceRows) await checkAdoption(device);
    }

    // Signing in kicks a sync in the extension (the kick is held here, so the harness runs it).
    for (const device of devices) await device.engine.sync();

    // ---- the history ------------------------------------------------------------------------------------------
    for (const action of scenario.actions) {
      try {
        await step(action);
      } catch (error) {
        // A step the person could not take (the row was deleted meanwhile, or the store refused a value no storage
        // can hold, as docs/protocol.md says it must) is skipped; anything else is a finding.
        if ((error as Error).name !== 'RowNotFoundError' && (error as Error).name !== 'InvalidValueError') throw error;
      } finally {
        crashNext = false;
        for (const device of devices) device.loseResponses = 0;
      }
    }

    // ---- quiet down -------------------------------------------------------------------------------------------
    for (const device of devices) device.offline = false;
    // Rounds of every device syncing until nothing is pending; then the devices that synced before the last one
    // that pushed pull once more (the others already pulled after every push).
    for (let round = 0; round < 6; round++) {
      let lastPusher = -1;
      for (const [i, device] of devices.entries()) {
        if (await device.engine.pendingCount()) lastPusher = i;
        await device.engine.sync();
      }
      let pending = 0;
      for (const device of devices) pending += await device.engine.pendingCount();
      if (pending > 0) continue;
      for (const device of devices.slice(0, Math.max(0, lastPusher))) await device.engine.sync();
      break;
    }
    for (const device of devices) {
      const count = await device.engine.pendingCount();
      const status = await readSyncStatus(device.db);
      if (count > 0 || status.state !== 'synced') {
        report(
          'quiesce',
          `${device.name} still has ${count} pending, status ${status.state}: ${'message' in status ? status.message : ''}`,
        );
      }
    }

    // ---- compare ----------------------------------------------------------------------------------------------
    const teams = new Set<string>();
    for (const device of devices) for (const space of await device.db.spaces.toArray()) teams.add(space.teamId);
    const server = new Map<string, Map<string, PlainRow>>();
    for (const team of teams) server.set(team, await serverRows(storage, team));
    for (const team of teams) {
      const expected = oracle.rows(team);
      const actual = server.get(team)!;
      for (const [id, row] of expected) {
        const got = actual.get(id);
        if (!got) report('oracle', `the server lacks ${id} of ${short(team)}`);
        else if (!sameRow(got, row))
          report('oracle', `the server's ${id} differs from the oracle: ${differences(got, row)}`);
      }
      for (const id of actual.keys())
        if (!expected.has(id)) report('oracle', `the server has ${id} the oracle never accepted`);
    }
    for (const device of devices) {
      const spaces = new Set((await device.db.spaces.toArray()).map((s) => s.teamId));
      const local = new Map<string, { row: PlainRow; teamId: string | null; table: SyncTableName; key: string }>();
      for (const table of SYNC_TABLE_NAMES) {
        for (const row of (await device.db.table(table).toArray()) as AnyRow[]) {
          const { fields, hlc, deleted } = toSyncRow(row);
          local.set(`${table}/${row.id}`, { row: { fields, hlc, deleted }, teamId: row.teamId, table, key: row.id });
        }
      }
      for (const team of spaces) {
        for (const id of (server.get(team) ?? new Map<string, PlainRow>()).keys()) {
          const mine = local.get(id);
          if (!mine || mine.teamId !== team) report('divergence', `${device.name} lacks ${id} of space ${short(team)}`);
        }
      }
      for (const [id, { row, teamId: team, table, key }] of local) {
        if (team === null) continue;
        const theirs = spaces.has(team) ? server.get(team)?.get(id) : undefined;
        if (theirs && sameRow(row, theirs)) continue;
        if (await device.db.outbox.where('[table+key]').equals([table, key]).count()) continue;
        if (await shownAsRefused(device.db, table, key)) continue;
        if (!theirs && row.deleted && oracle.compacted.has(`${team}/${id}`)) continue;
        if (theirs) report('divergence', `${device.name}'s ${id} differs from the server: ${differences(row, theirs)}`);
        else
          report(
            'stranded',
            `${device.name}'s ${id} (${row.deleted ? 'deleted' : 'live'}, in ${spaces.has(team) ? 'its' : 'a foreign'} space ${short(team)}) is not on the server, not pending, not device-only and not shown as refused`,
          );
      }
    }
  } finally {
    for (const device of devices) {
      await device.engine.stop();
      device.db.close();
      await device.db.delete();
    }
    await storage.close();
    await backend.dispose();
  }
  return problems;

  async function step(action: Action) {
    switch (action.t) {
      case 'create':
        return create(device(action.c), action.table, action.where, action.pick, action.values);
      case 'patch':
        return patch(device(action.c), action.table, action.pick, action.values);
      case 'delete': {
        const row = at(await liveRows(device(action.c), action.table), action.pick);
        if (row) await device(action.c).store.deleteRow(action.table, row.id);
        return;
      }
      case 'restore': {
        const row = at(await liveRows(device(action.c), action.table, true), action.pick);
        if (row) await device(action.c).store.restoreRow(action.table, row.id);
        return;
      }
      case 'sync': {
        const d = device(action.c);
        if (action.fault === 'lose') d.loseResponses = 1;
        if (action.fault === 'crash') crashNext = true;
        await d.engine.sync();
        if (action.fault === 'lose' && d.loseResponses === 0) count('answer lost');
        return;
      }
      case 'offline':
        device(action.c).offline = !device(action.c).offline;
        return;
      case 'compact':
        await storage.compactTombstones({ olderThan: Date.now() + 1 });
        oracle.compact();
        return;
      case 'import': {
        const file = await exportData(device(action.from).db);
        const to = device(action.to);
        await importData(to.db, JSON.stringify(file), to.clock);
        return;
      }
      case 'downgrade': {
        const d = device(action.c);
        const account = await d.account();
        if (!account || d.index === 0) return;
        const key = `${teamId}/${account.user.id}`;
        if (roles.get(key) !== 'member') return;
        await backend.setRole(teamId, account.user.id, 'guest');
        roles.set(key, 'guest');
        return;
      }
      case 'refresh':
        await device(action.c)
          .accounts.refresh()
          .catch(() => undefined);
        return;
    }
  }

  function device(index: number): ModelDevice {
    return devices[index % devices.length]!;
  }
}

const short = (id: string) => id.slice(-6);
