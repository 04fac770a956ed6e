// The sync server on its own, measured by a Node client through the public protocol (HTTP push/pull and the
// WebSocket), against the compiled server process people run (.output/server/index.mjs): push mutations/s, bootstrap
// pull rows/s, change-to-teammate latency, disk for 10,000 tasks, and memory (RSS) after 10,000 and 100,000 tasks.
// Keeping these apart from the browser figures (bench/sync.ts) shows on which side a regression lies.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { formatHlc } from '../shared/hlc';
import { randomClientId, uuidv7 } from '../shared/id';
import { API, PROTOCOL_VERSION } from '../shared/sync/protocol';
import { type ServerProcess, startServerProcess } from '../test/e2e/server-process';
import { rawInsert } from './push';
import type { BenchSection } from './types';

const TASKS = 10_000;
const BIG = 100_000;
const BATCH = 500;
const PULL_LIMIT = 1000;
const PULL_RUNS = 3;
const LATENCY_RUNS = 30;
const PUSH_TARGET = 30_000;
const PULL_TARGET = 40_000;
const DISK_TARGET_MIB = 5;
/** PouchDB's leveldb for the same 10,000 rows, measured in issue 10 (PouchDB is not installed here). */
const POUCHDB_MIB = 2.5;
const RSS_TARGET_MIB = 80;
const RSS_BIG_TARGET_MIB = 150;
/** V8's memory reducer collects and gives back an idle heap about 8 s after allocation stops. */
const SETTLE_MS = 15_000;

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

interface Client {
  server: ServerProcess;
  teamId: string;
  token: string;
  clientId: string;
  seq: number;
}

/**
 * One request. A kept-alive socket the server closed after its idle timeout fails before any answer: that one
 * is sent again (pushes are idempotent by seq, see docs/protocol.md), anything else is an error.
 */
async function call<T>(server: ServerProcess, method: string, path: string, token?: string, body?: string): Promise<T> {
  const send = () =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body }),
    });
  const response = await send().catch((error: unknown) => {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') return send();
    throw error;
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** A task as the extension pushes it: every wire field, realistic sizes, a spread of dues and sources. */
function taskMutation(client: Client, i: number, at: number) {
  const createdAt = new Date(at).toISOString();
  client.seq += 1;
  return {
    seq: client.seq,
    op: 'upsert' as const,
    table: 'tasks',
    key: uuidv7(at),
    hlc: formatHlc({ ms: at + Math.floor(i / 0xffff), counter: i % 0xffff, clientId: client.clientId }),
    fields: {
      projectId: null,
      title: `Benchmark task ${i + 1}: follow up on item ${(i * 7919) % TASKS}`,
      notes: i % 3 === 0 ? 'Some notes that make the row a realistic size for a captured task.' : '',
      status: i % 17 === 0 ? 'done' : 'todo',
      priority: (i % 4) + 1,
      assigneeId: null,
      dueAt: i % 5 === 0 ? null : '2026-12-01',
      tags: i % 7 === 0 ? ['bench'] : [],
      source:
        i % 2 === 0
          ? { kind: 'page', url: `https://example.com/articles/${i}`, pageTitle: `Article ${i}`, capturedAt: createdAt }
          : null,
      createdBy: 'Bench',
      createdAt,
      completedAt: i % 17 === 0 ? createdAt : null,
      order: i,
    },
  };
}

const pushBody = (client: Client, mutations: unknown[]) =>
  JSON.stringify({ protocolVersion: PROTOCOL_VERSION, teamId: client.teamId, clientId: client.clientId, mutations });

/** Push `count` new tasks in batches of BATCH (bodies serialised before timing); returns the wall time. */
async function pushTasks(client: Client, count: number, firstIndex = 0): Promise<number> {
  const at = Date.now() - 60_000;
  const bodies: string[] = [];
  for (let first = 0; first < count; first += BATCH) {
    const n = Math.min(BATCH, count - first);
    bodies.push(
      pushBody(
        client,
        Array.from({ length: n }, (_, j) => taskMutation(client, firstIndex + first + j, at)),
      ),
    );
  }
  const t0 = performance.now();
  for (const body of bodies) {
    const result = await call<{ rejected: unknown[] }>(client.server, 'POST', API.push, client.token, body);
    if (result.rejected.length) throw new Error(`push rejected: ${JSON.stringify(result.rejected[0])}`);
  }
  return performance.now() - t0;
}

interface PullPage {
  cursor: string;
  hasMore: boolean;
  version: number;
  changes: { key: string }[];
}

/**
 * A fresh client pulls the whole team from the start, naming its protocol version as the extension does
 * (extension/sync/api.ts); returns rows, bytes of the pages and the wall time.
 */
async function pullAll(client: Client): Promise<{ rows: number; bytes: number; ms: number }> {
  const clientId = randomClientId();
  let cursor = '';
  let rows = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (;;) {
    const query = new URLSearchParams({
      teamId: client.teamId,
      clientId,
      cursor,
      limit: String(PULL_LIMIT),
      protocolVersion: String(PROTOCOL_VERSION),
    });
    const response = await fetch(`${client.server.url}${API.pull}?${query}`, {
      headers: { authorization: `Bearer ${client.token}` },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`pull: ${response.status} ${text}`);
    const page = JSON.parse(text) as PullPage;
    bytes += text.length;
    rows += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { rows, bytes, ms: performance.now() - t0 };
}

/**
 * The floors of the push and pull figures, in this process on the same machine at the same time: the same number
 * of task rows inserted straight into the server's schema with its pragmas (WAL, synchronous=FULL), one
 * transaction per batch of BATCH (bench/push.ts's floor), then read back in pages of PULL_LIMIT in pull order with
 * each page's JSON assembled as the server does, without HTTP, authentication or validation.
 */
async function floors(): Promise<{ pushMs: number; pullMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'waypoint-floor-'));
  try {
    const path = join(dir, 'floor.sqlite');
    const client: Client = { server: undefined as never, teamId: '', token: '', clientId: randomClientId(), seq: 0 };
    const at = Date.now() - 60_000;
    const pushMs = rawInsert(
      path,
      Array.from({ length: TASKS }, (_, i) => taskMutation(client, i, at)),
    );
    const db = new Database(path, { readonly: true });
    const page = db
      .prepare(
        `SELECT r.version, r.tbl, r.key, CAST('{"table":"' || r.tbl || '","key":"' || r.key || '","version":' || r.version
           || ',"deleted":false,"fields":' || json(r.fields) || ',"hlc":"' || printf('%013d-%04x-', r.hlc_ms, r.hlc_n)
           || c.id || '"}' AS BLOB)
         FROM sync_data r JOIN sync_ids c ON c.n = r.hlc_client
         WHERE r.team = 1 AND (r.version, r.tbl, r.key) > (?, ?, ?) ORDER BY r.version, r.tbl, r.key LIMIT ?`,
      )
      .raw();
    const comma = Buffer.from(',');
    const t0 = performance.now();
    // From version 1: rawInsert's warm-up batch is version 0.
    let after: [number, string, string] = [1, '', ''];
    let rows = 0;
    for (;;) {
      const records = page.all(...after, PULL_LIMIT + 1) as [number, string, string, Buffer][];
      const parts: Buffer[] = [Buffer.from('{"changes":[')];
      for (let i = 0; i < Math.min(records.length, PULL_LIMIT); i++) parts.push(...(i ? [comma] : []), records[i]![3]);
      parts.push(Buffer.from(']}'));
      Buffer.concat(parts);
      rows += Math.min(records.length, PULL_LIMIT);
      if (records.length <= PULL_LIMIT) break;
      const last = records[PULL_LIMIT - 1]!;
      after = [last[0], last[1], last[2]];
    }
    const pullMs = performance.now() - t0;
    db.close();
    if (rows !== TASKS) throw new Error(`floor read ${rows} rows, expected ${TASKS}`);
    return { pushMs, pullMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** RSS of a process once it has been idle for SETTLE_MS (no request of ours in flight). */
async function settledRss(pid: number): Promise<number> {
  await new Promise((done) => setTimeout(done, SETTLE_MS));
  return (await memoryOf(pid)).rss;
}

/** VmRSS (now) and VmHWM (peak) of a process, in bytes. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

async function newTeam(server: ServerProcess, name: string): Promise<Client & { userName: string }> {
  const auth = await call<{ team: { id: string }; token: string }>(
    server,
    'POST',
    API.teams,
    undefined,
    JSON.stringify({ teamName: name, userName: 'Bench' }),
  );
  return { server, teamId: auth.team.id, token: auth.token, clientId: randomClientId(), seq: 0, userName: 'Bench' };
}

/**
 * A pushes one new task; B (another member, WebSocket open) learns of it by a poke and has the row once it
 * holds it: from the poke itself if the poke carries changes, else from a pull at its cursor.
 */
async function teammateLatency(a: Client): Promise<number[]> {
  const invite = await call<{ code: string }>(
    a.server,
    'POST',
    API.invites(a.teamId),
    a.token,
    JSON.stringify({ role: 'member' }),
  );
  const joined = await call<{ token: string }>(
    a.server,
    'POST',
    API.join,
    undefined,
    JSON.stringify({ code: invite.code, userName: 'Teammate' }),
  );
  const b = { token: joined.token, clientId: randomClientId() };
  // B starts at the head of the team, as a client that has bootstrapped.
  let cursor = '';
  for (;;) {
    const query = new URLSearchParams({ teamId: a.teamId, clientId: b.clientId, cursor, limit: String(PULL_LIMIT) });
    const page = (await (
      await fetch(`${a.server.url}${API.pull}?${query}`, { headers: { authorization: `Bearer ${b.token}` } })
    ).json()) as PullPage;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const socket = new WebSocket(`${a.server.url.replace(/^http/, 'ws')}${API.ws}`);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token: b.token })));
    socket.on('message', function ready(data) {
      if (JSON.parse(String(data)).type === 'ready') {
        socket.off('message', ready);
        resolve();
      }
    });
  });
  let waiting: { key: string; done: (at: number) => void } | undefined;
  let pulling = false;
  const pullFor = async () => {
    if (pulling || !waiting) return;
    pulling = true;
    try {
      for (;;) {
        const query = new URLSearchParams({
          teamId: a.teamId,
          clientId: b.clientId,
          cursor,
          limit: String(PULL_LIMIT),
        });
        const page = (await (
          await fetch(`${a.server.url}${API.pull}?${query}`, { headers: { authorization: `Bearer ${b.token}` } })
        ).json()) as PullPage;
        cursor = page.cursor;
        if (waiting && page.changes.some((c) => c.key === waiting?.key)) {
          waiting.done(performance.now());
          waiting = undefined;
        }
        if (!page.hasMore) break;
      }
    } finally {
      pulling = false;
    }
  };
  socket.on('message', (data) => {
    const text = String(data);
    const message = JSON.parse(text) as { type: string };
    if (message.type !== 'poke' || !waiting) return;
    if (text.includes(waiting.key)) {
      waiting.done(performance.now());
      waiting = undefined;
    } else void pullFor();
  });
  const latencies: number[] = [];
  try {
    for (let run = 0; run <= LATENCY_RUNS; run++) {
      const mutation = taskMutation(a, TASKS + run, Date.now());
      const seen = new Promise<number>((done, fail) => {
        const timer = setTimeout(() => fail(new Error('B never saw the change')), 10_000);
        waiting = {
          key: mutation.key,
          done: (at) => {
            clearTimeout(timer);
            done(at);
          },
        };
      });
      const t0 = performance.now();
      await call(a.server, 'POST', API.push, a.token, pushBody(a, [mutation]));
      const at = await seen;
      if (run > 0) latencies.push(at - t0); // run 0 warms up
      await new Promise((settle) => setTimeout(settle, 50));
    }
  } finally {
    socket.close();
  }
  return latencies;
}

export async function run(): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  const notes: string[] = [];
  // 1. 10,000 tasks: push, pull, teammate latency, memory, then disk once the server has closed its database.
  const server = await startServerProcess();
  let disk = 0;
  let pulledBytes = 0;
  try {
    const idle = await memoryOf(server.pid);
    const a = await newTeam(server, 'Bench');
    const pushMs = await pushTasks(a, TASKS);
    const pulls = [];
    for (let i = 0; i < PULL_RUNS; i++) pulls.push(await pullAll(a));
    const pullMs = percentile(
      pulls.map((p) => p.ms),
      50,
    );
    pulledBytes = pulls[0]?.bytes ?? 0;
    if (pulls[0]?.rows !== TASKS) throw new Error(`pulled ${pulls[0]?.rows} rows, expected ${TASKS}`);
    const floor = await floors();
    const latencies = await teammateLatency(a);
    const after = await memoryOf(server.pid);
    const settled = await settledRss(server.pid);
    const pushRate = (TASKS / pushMs) * 1000;
    const pullRate = (TASKS / pullMs) * 1000;
    rows.push(
      {
        metric: `push: ${TASKS.toLocaleString('en')} new tasks in batches of ${BATCH} (HTTP, compiled server process)`,
        value: `${Math.round(pushRate).toLocaleString('en')} mutations/s (${pushMs.toFixed(0)} ms)`,
        target: `≥ ${PUSH_TARGET.toLocaleString('en')} mutations/s`,
        pass: pushRate >= PUSH_TARGET,
      },
      {
        metric: `floor: the same ${TASKS.toLocaleString('en')} rows inserted straight into the server's schema, same pragmas, one transaction per ${BATCH} (no HTTP, validation or merge)`,
        value: `${Math.round((TASKS / floor.pushMs) * 1000).toLocaleString('en')} rows/s (${floor.pushMs.toFixed(0)} ms)`,
      },
      {
        metric: `bootstrap pull: ${TASKS.toLocaleString('en')} rows from scratch, pages of ${PULL_LIMIT} (median of ${PULL_RUNS})`,
        value: `${Math.round(pullRate).toLocaleString('en')} rows/s (${pullMs.toFixed(0)} ms)`,
        target: `≥ ${PULL_TARGET.toLocaleString('en')} rows/s`,
        pass: pullRate >= PULL_TARGET,
      },
      {
        metric: `floor: the same rows read back from SQLite in pages of ${PULL_LIMIT}, each page's JSON assembled in this process (no HTTP, authentication or client parse)`,
        value: `${Math.round((TASKS / floor.pullMs) * 1000).toLocaleString('en')} rows/s (${floor.pullMs.toFixed(0)} ms)`,
      },
      {
        metric: `change to teammate: A's push of one task → B has the row (from the poke that carries it, protocol 2), p50 / p95 (${latencies.length} runs)`,
        value: `${percentile(latencies, 50).toFixed(1)} ms / ${percentile(latencies, 95).toFixed(1)} ms`,
      },
      {
        metric: `server RSS after ${TASKS.toLocaleString('en')} tasks (pushed, pulled ${PULL_RUNS}×, live pokes); peak`,
        value: `${mib(after.rss)}; peak ${mib(after.peak)}`,
        target: `≤ ${RSS_TARGET_MIB} MiB`,
        pass: after.rss <= RSS_TARGET_MIB * MiB,
      },
      {
        metric: `server RSS after ${TASKS.toLocaleString('en')} tasks, settled: ${SETTLE_MS / 1000} s idle later`,
        value: mib(settled),
      },
      { metric: 'server RSS at start (idle, empty database)', value: mib(idle.rss) },
    );
  } finally {
    await server.stop({ keepData: true });
    disk = await dirSize(server.dataDir);
    await rm(server.dataDir, { recursive: true, force: true });
  }
  rows.push({
    metric: `server disk for ${TASKS.toLocaleString('en')} tasks (SQLite file after a clean stop)`,
    value: mib(disk),
    target: `≤ 2 × PouchDB (${POUCHDB_MIB} MiB) = ${DISK_TARGET_MIB} MiB`,
    pass: disk <= DISK_TARGET_MIB * MiB,
  });
  rows.push({
    metric: 'floor: the same rows as pull JSON (what they weigh on the wire)',
    value: mib(pulledBytes),
  });

  // 2. 100,000 tasks on a fresh server: memory after pushing and pulling them all.
  const big = await startServerProcess();
  try {
    const a = await newTeam(big, 'Big');
    const pushMs = await pushTasks(a, BIG);
    const pulled = await pullAll(a);
    if (pulled.rows !== BIG) throw new Error(`pulled ${pulled.rows} rows, expected ${BIG}`);
    const after = await memoryOf(big.pid);
    const settled = await settledRss(big.pid);
    rows.push(
      {
        metric: `server RSS after ${BIG.toLocaleString('en')} tasks (pushed and pulled); peak`,
        value: `${mib(after.rss)}; peak ${mib(after.peak)}`,
        target: `≤ ${RSS_BIG_TARGET_MIB} MiB`,
        pass: after.rss <= RSS_BIG_TARGET_MIB * MiB,
      },
      {
        metric: `server RSS after ${BIG.toLocaleString('en')} tasks, settled: ${SETTLE_MS / 1000} s idle later`,
        value: mib(settled),
      },
    );
    notes.push(
      `${BIG.toLocaleString('en')} tasks: push ${Math.round((BIG / pushMs) * 1000).toLocaleString('en')} mutations/s, pull ${Math.round((BIG / pulled.ms) * 1000).toLocaleString('en')} rows/s.`,
    );
  } finally {
    await big.stop();
  }
  notes.unshift(
    'The server is the compiled bundle `npm start` and `npm run server` run (`node .output/server/index.mjs`, SQLite in a temporary data directory, WAL, synchronous=FULL: every push is fsynced before its answer), started by `test/e2e/server-process.ts`; the client is this Node process speaking only the public protocol (docs/protocol.md): `POST /v1/sync/push`, `GET /v1/sync/pull`, the `/v1/sync/ws` pokes.',
    'Disk is every file of the data directory after SIGTERM: the server folds the WAL into the database file (wal_checkpoint(TRUNCATE)) and closes it. No VACUUM: a running server never vacuums, and these rows were only inserted, so the file has no free pages to reclaim. SQLite layout: migration 8 (server/storage/sqlite.ts).',
    `RSS is VmRSS of the server process from /proc (peak: VmHWM), read right after the last request, which is what the targets are checked against; "settled" is read again after ${SETTLE_MS / 1000} s with nothing sent, once V8's memory reducer has collected the heap the burst left (it runs about 8 s after allocation stops) and given its pages back: what an idle server holds. The disk floor of PouchDB is the figure issue 10 measured (2.5 MiB for 10,000 tasks); PouchDB is not installed here, so the run measures the pulled JSON of the same rows beside it.`,
  );
  return { title: 'Sync server alone (Node client ↔ compiled server process)', rows, notes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  for (const row of section.rows) console.log(`${row.metric} | ${row.value} | ${row.target ?? ''} ${row.pass ?? ''}`);
  console.log(section.notes?.join('\n'));
}
