// Test helpers: an in-memory server app, JSON requests through app.request, and valid rows to push.

import pg from 'pg';
import { afterAll } from 'vitest';
import { type AppOptions, createApp } from '../../server/app';
import { createPokeHub } from '../../server/pokes';
import { createPostgresStorage, type PostgresStorage } from '../../server/storage/postgres';
import { createSqliteStorage } from '../../server/storage/sqlite';
import { formatHlc } from '../../shared/hlc';
import { uuidv7 } from '../../shared/id';

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function createClock(start = Date.UTC(2026, 10, 25, 12)): TestClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    set(ms) {
      t = ms;
    },
  };
}

export function createTestApp(options: Partial<AppOptions> = {}) {
  const storage = options.storage ?? createSqliteStorage({ path: ':memory:' });
  const hub = options.hub ?? createPokeHub();
  const clock = createClock();
  const app = createApp({
    now: clock.now,
    rateLimits: { createTeam: { limit: 1000, windowMs: 60_000 }, join: { limit: 1000, windowMs: 60_000 } },
    ...options,
    storage,
    hub,
  });
  return { app, storage, hub, clock };
}

export type TestApp = ReturnType<typeof createTestApp>['app'];

// biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies loosely and assert their shape.
export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

// biome-ignore lint/suspicious/noExplicitAny: see JsonResponse.
export async function call<T = any>(
  app: TestApp,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Left as text: tests assert that every response is JSON, so this shows up as a failure.
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function createTeam(app: TestApp, teamName = 'Team', userName = 'Owner') {
  const res = await call(app, 'POST', '/v1/teams', { body: { teamName, userName } });
  if (res.status !== 201) throw new Error(`createTeam: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    team: { id: string; name: string };
    user: { id: string; name: string };
    token: string;
    personalTeam: { id: string; name: string };
  };
}

export async function invite(app: TestApp, token: string, teamId: string, role: 'admin' | 'member' | 'guest') {
  const res = await call(app, 'POST', `/v1/teams/${teamId}/invites`, { token, body: { role } });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.code as string;
}

export async function join(app: TestApp, code: string, userName = 'Joiner') {
  const res = await call(app, 'POST', '/v1/join', { body: { code, userName } });
  if (res.status !== 201) throw new Error(`join: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { team: { id: string }; user: { id: string }; token: string };
}

export function hlcAt(ms: number, clientId = 'c1', counter = 0): string {
  return formatHlc({ ms, counter, clientId });
}

export function taskFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    projectId: null,
    title: 'Write the report',
    notes: '',
    status: 'todo',
    priority: 2,
    assigneeId: null,
    dueAt: null,
    tags: [],
    source: null,
    createdBy: null,
    createdAt: '2026-11-25T12:00:00.000Z',
    completedAt: null,
    order: 1,
    ...overrides,
  };
}

export function newKey(): string {
  return uuidv7();
}

export function pushBody(teamId: string, clientId: string, mutations: unknown[]) {
  return { protocolVersion: 1, teamId, clientId, mutations };
}

/** Everything a team holds, read from scratch through the API. */
export async function snapshot(app: TestApp, token: string, teamId: string, clientId = 'snap') {
  const changes: unknown[] = [];
  let cursor = '';
  let version = 0;
  for (;;) {
    const res = await call(app, 'GET', `/v1/sync/pull?teamId=${teamId}&clientId=${clientId}&cursor=${cursor}`, {
      token,
    });
    if (res.status !== 200) throw new Error(`snapshot: ${res.status} ${JSON.stringify(res.body)}`);
    changes.push(...res.body.changes);
    cursor = res.body.cursor;
    version = res.body.version;
    if (!res.body.hasMore) break;
  }
  return { changes, version };
}

/**
 * A fresh PostgreSQL storage in a schema of its own (dropped and made anew), so test files running in parallel
 * never race each other over the same tables. Needs WAYPOINT_TEST_DATABASE_URL.
 */
export async function freshPostgresStorage(schema: string, max = 4): Promise<PostgresStorage> {
  const connectionString = process.env.WAYPOINT_TEST_DATABASE_URL;
  if (!connectionString) throw new Error('WAYPOINT_TEST_DATABASE_URL is not set');
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(connectionString);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return createPostgresStorage({ connectionString: url.toString(), max });
}

/**
 * The storages a suite runs on: SQLite in memory, and PostgreSQL in a fresh schema of its own (when
 * WAYPOINT_TEST_DATABASE_URL is set; skip that case otherwise). PostgreSQL pools are closed after the file.
 */
export function testStorages(schema: string, max = 2) {
  const open: PostgresStorage[] = [];
  afterAll(async () => {
    for (const storage of open) await storage.close().catch(() => undefined);
  });
  return [
    ['SQLite', async () => createSqliteStorage({ path: ':memory:' })],
    [
      'PostgreSQL',
      async () => {
        const storage = await freshPostgresStorage(schema, max);
        open.push(storage);
        return storage;
      },
    ],
  ] as const;
}
