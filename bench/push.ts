// Push throughput through the real HTTP server on loopback, next to the raw better-sqlite3 insert of the same rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../server/start';
import { createSqliteStorage, hlcColumns, migrateSqlite } from '../server/storage/sqlite';
import { formatHlc } from '../shared/hlc';
import { uuidv7 } from '../shared/id';
import type { BenchSection } from './types';

const TOTAL = 10_000;
const BATCH = 500;
const TARGET_PER_SECOND = 30_000;
const MAX_RATIO = 5;
const ROUNDS = 3;

/** What the floor inserts of a mutation. */
export interface FloorRow {
  table: string;
  key: string;
  fields: Record<string, unknown>;
  hlc: string;
}

interface Mutation extends FloorRow {
  seq: number;
  op: 'upsert';
  table: 'tasks';
}

function makeMutations(clientId: string, count: number, firstSeq = 1): Mutation[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    seq: firstSeq + i,
    op: 'upsert',
    table: 'tasks',
    key: uuidv7(),
    fields: {
      projectId: null,
      title: `Benchmark task ${firstSeq + i}`,
      notes: 'Some notes about this task that make the row a realistic size.',
      status: 'todo',
      priority: 2,
      assigneeId: null,
      dueAt: '2026-12-01',
      tags: ['bench', 'sync'],
      source: {
        kind: 'page',
        url: `https://example.com/page/${i}`,
        pageTitle: 'Example',
        capturedAt: '2026-11-25T12:00:00.000Z',
      },
      createdBy: 'bench',
      createdAt: '2026-11-25T12:00:00.000Z',
      completedAt: null,
      order: i,
    },
    hlc: formatHlc({ ms: now, counter: i % 0xffff, clientId }),
  }));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * The floor: the same rows straight into the same schema, same pragmas, one transaction per batch of BATCH
 * (bench/server.ts measures its push beside it too). Returns the wall time in ms.
 */
export function rawInsert(path: string, mutations: FloorRow[]): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrateSqlite(db);
  // The row as the server stores it (migration 8): team, author and HLC client as sync_ids numbers, the HLC's
  // time and counter as integers (one HLC per row: compact clocks), fields as jsonb.
  const insert = db.prepare(
    `INSERT INTO sync_data (team, tbl, key, version, deleted, author, hlc_ms, hlc_n, hlc_client, fields)
     VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, jsonb(?))`,
  );
  const addId = db.prepare('INSERT INTO sync_ids (id) VALUES (?) RETURNING n').pluck();
  const team = addId.get(uuidv7()) as number;
  const author = addId.get(uuidv7()) as number;
  const clients = new Map<string, number>();
  const write = db.transaction((batch: FloorRow[], version: number) => {
    for (const m of batch) {
      const [ms, counter, client] = hlcColumns(m.hlc);
      let clientRef = clients.get(client!);
      if (clientRef === undefined) {
        clientRef = addId.get(client) as number;
        clients.set(client!, clientRef);
      }
      insert.run(team, m.table, m.key, version, author, ms, counter, clientRef, JSON.stringify(m.fields));
    }
  });
  write.immediate(makeMutations('warm', 100), 0);
  const start = performance.now();
  for (let i = 0; i < mutations.length; i += BATCH) write.immediate(mutations.slice(i, i + BATCH), i / BATCH + 1);
  const ms = performance.now() - start;
  db.close();
  return ms;
}

const median = (values: number[]) => percentile(values, 50);

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'waypoint-bench-'));
  try {
    const server = await startServer({ storage: createSqliteStorage({ path: join(dir, 'server.sqlite') }), port: 0 });
    try {
      const created = await (
        await fetch(`${server.url}/v1/teams`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ teamName: 'Bench', userName: 'Bench' }),
        })
      ).json();
      const headers = { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' };
      const push = async (request: string) => {
        const send = () => fetch(`${server.url}/v1/sync/push`, { method: 'POST', headers, body: request });
        // A kept-alive connection the server closed while the floor ran (on a loaded machine that takes longer
        // than its 5 s keep-alive) fails once at the socket: send again (a resend of the same seqs is harmless).
        const res = await send().catch(send);
        const body = await res.json();
        if (res.status !== 200 || body.rejected.length > 0) {
          throw new Error(`push: ${res.status} ${JSON.stringify(body)}`);
        }
        return body;
      };
      // Warm up the JIT and the connection with a few full-size pushes from another client.
      const warmup = makeMutations('warmup', 4 * BATCH);
      for (let i = 0; i < warmup.length; i += BATCH) {
        await push(
          JSON.stringify({
            protocolVersion: 1,
            teamId: created.team.id,
            clientId: 'warmup',
            mutations: warmup.slice(i, i + BATCH),
          }),
        );
      }

      // Three rounds of HTTP push and raw insert, interleaved so both see the same machine load; medians reported.
      const httpRuns: number[] = [];
      const floorRuns: number[] = [];
      const latencies: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const clientId = `bench${round}`;
        const mutations = makeMutations(clientId, TOTAL);
        // Bodies are serialised up front: the client's JSON.stringify is not the server's throughput.
        const bodies: string[] = [];
        for (let i = 0; i < TOTAL; i += BATCH) {
          bodies.push(
            JSON.stringify({
              protocolVersion: 1,
              teamId: created.team.id,
              clientId,
              mutations: mutations.slice(i, i + BATCH),
            }),
          );
        }
        const start = performance.now();
        for (const body of bodies) {
          const t = performance.now();
          await push(body);
          latencies.push(performance.now() - t);
        }
        httpRuns.push(performance.now() - start);
        floorRuns.push(rawInsert(join(dir, `raw-${round}.sqlite`), makeMutations(`raw${round}`, TOTAL)));
      }
      const httpMs = median(httpRuns);
      const floorMs = median(floorRuns);
      const perSecond = (TOTAL / httpMs) * 1000;
      const floorPerSecond = (TOTAL / floorMs) * 1000;
      const ratio = httpMs / floorMs;
      return {
        title: 'Push throughput (sync server, SQLite)',
        rows: [
          {
            metric: `HTTP push, ${TOTAL.toLocaleString('en')} mutations in batches of ${BATCH}`,
            value: `${Math.round(perSecond).toLocaleString('en')} mutations/s (${httpMs.toFixed(0)} ms)`,
            target: `≥ ${TARGET_PER_SECOND.toLocaleString('en')} mutations/s`,
            pass: perSecond >= TARGET_PER_SECOND,
          },
          {
            metric: 'Raw better-sqlite3 insert of the same rows (floor)',
            value: `${Math.round(floorPerSecond).toLocaleString('en')} rows/s (${floorMs.toFixed(0)} ms)`,
          },
          {
            metric: 'HTTP push time / raw insert time',
            value: `${ratio.toFixed(2)}×`,
            target: `≤ ${MAX_RATIO}×`,
            pass: ratio <= MAX_RATIO,
          },
          {
            metric: `Latency per push of ${BATCH} (all rounds)`,
            value: `p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
          },
        ],
        notes: [
          'Real server process code (startServer) on 127.0.0.1 with a file database: WAL, synchronous=FULL, one BEGIN IMMEDIATE transaction per push; every push is validated (compiled checkers built from the zod schemas, shared/sync/field-checker.ts), merged per field (shared/sync/merge.ts) and stored with compact row clocks (shared/sync/clock.ts) and acknowledged after commit.',
          'The floor inserts the same rows into the same schema with the same pragmas, one transaction per batch of 500, without HTTP, JSON parsing, validation or merging.',
          `Machine load average during the run: ${loadavg()
            .map((v) => v.toFixed(1))
            .join(' / ')} (1/5/15 min); this is a 2-core machine shared with other work, so wall times vary.`,
          `Median of ${ROUNDS} interleaved rounds (HTTP: ${httpRuns.map((v) => v.toFixed(0)).join(', ')} ms; floor: ${floorRuns.map((v) => v.toFixed(0)).join(', ')} ms); request bodies are serialised before timing.`,
        ],
      };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((section) => console.log(JSON.stringify(section, null, 2)));
}
