// Crash safety: a real server process is SIGKILLed during a push load and restarted; every acknowledged
// mutation is there exactly once, and each push is all-or-nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc';
import { uuidv7 } from '../../shared/id';
import { taskFields } from './helpers';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'waypoint-crash-'));
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startProcess(port: number): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', WAYPOINT_DATA: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url, output: () => output };
}

interface Pusher {
  clientId: string;
  mutations: { seq: number; key: string }[];
  acked: number;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('loses no acknowledged push across SIGKILL and restart', async () => {
    const port = await freePort();
    const first = await startProcess(port);
    const team = await (
      await fetch(`${first.url}/v1/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ teamName: 'Crash', userName: 'Tester' }),
      })
    ).json();
    const headers = { authorization: `Bearer ${team.token}`, 'content-type': 'application/json' };
    const teamId: string = team.team.id;

    const push = async (url: string, p: Pusher, batch: { seq: number; key: string }[]) => {
      const res = await fetch(`${url}/v1/sync/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          protocolVersion: 1,
          teamId,
          clientId: p.clientId,
          mutations: batch.map((m) => ({
            seq: m.seq,
            op: 'upsert',
            table: 'tasks',
            key: m.key,
            fields: taskFields({ title: `${p.clientId}#${m.seq}` }),
            hlc: formatHlc({ ms: Date.now(), counter: 0, clientId: p.clientId }),
          })),
        }),
      });
      return { status: res.status, body: await res.json() };
    };

    const pushers: Pusher[] = ['p1', 'p2', 'p3'].map((clientId) => ({ clientId, mutations: [], acked: 0 }));
    let killed = false;
    const load = pushers.map(async (p) => {
      // Keep pushing batches of 100 until the server dies under us.
      while (!killed) {
        const start = p.mutations.length + 1;
        const batch = Array.from({ length: 100 }, (_, i) => ({ seq: start + i, key: uuidv7() }));
        p.mutations.push(...batch);
        try {
          const res = await push(first.url, p, batch);
          if (res.status !== 200) throw new Error(`push ${res.status}: ${JSON.stringify(res.body)}`);
          p.acked = res.body.lastSeq;
        } catch (error) {
          if (killed) return;
          throw error;
        }
      }
    });
    // Let some pushes commit, then kill while others are in flight.
    let failure: unknown;
    for (const l of load) l.catch((error) => (failure ??= error));
    const deadline = Date.now() + 20_000;
    while (pushers.reduce((n, p) => n + p.acked, 0) < 900 && failure === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    if (failure !== undefined) throw failure;
    await new Promise((r) => setTimeout(r, 20));
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.all(load);
    await new Promise((r) => first.child.once('exit', r));

    const second = await startProcess(port);
    const pullAll = async () => {
      const rows: { key: string; fields: { title: string } }[] = [];
      let cursor = '';
      for (;;) {
        const res = await (
          await fetch(`${second.url}/v1/sync/pull?teamId=${teamId}&limit=1000&cursor=${cursor}`, { headers })
        ).json();
        rows.push(...res.changes);
        cursor = res.cursor;
        if (!res.hasMore) return rows;
      }
    };
    const lastSeqOf = async (clientId: string) =>
      (
        await (
          await fetch(`${second.url}/v1/sync/pull?teamId=${teamId}&clientId=${clientId}&limit=1`, { headers })
        ).json()
      ).lastSeq as number;

    const rows = await pullAll();
    const keys = new Set(rows.map((r) => r.key));
    expect(keys.size).toBe(rows.length);
    let acknowledged = 0;
    for (const p of pushers) {
      const serverLast = await lastSeqOf(p.clientId);
      // Acknowledged means durable; a push in flight at the kill may or may not have committed, but wholly.
      expect(serverLast).toBeGreaterThanOrEqual(p.acked);
      expect(serverLast % 100).toBe(0);
      acknowledged += p.acked;
      for (const m of p.mutations) expect(keys.has(m.key), `${p.clientId}#${m.seq}`).toBe(m.seq <= serverLast);
      // The client resends everything past what the server acknowledges now: applied exactly once.
      const rest = p.mutations.filter((m) => m.seq > serverLast);
      if (rest.length > 0) {
        const res = await push(second.url, p, rest);
        expect(res.status).toBe(200);
        expect(res.body.lastSeq).toBe(p.mutations.length);
      }
      // A resend of everything (a client that lost every response) changes nothing.
      const again = await push(second.url, p, p.mutations.slice(-100));
      expect(again.body.lastSeq).toBe(p.mutations.length);
    }
    expect(acknowledged).toBeGreaterThanOrEqual(900);
    const after = await pullAll();
    const total = pushers.reduce((n, p) => n + p.mutations.length, 0);
    expect(after).toHaveLength(total);
    expect(new Set(after.map((r) => r.key)).size).toBe(total);
    const titles = new Map<string, number>();
    for (const r of after) titles.set(r.fields.title, (titles.get(r.fields.title) ?? 0) + 1);
    for (const p of pushers) for (const m of p.mutations) expect(titles.get(`${p.clientId}#${m.seq}`)).toBe(1);

    // SIGTERM: drains and exits cleanly.
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', (c) => r(c)));
    expect(code).toBe(0);
  }, 60_000);
});
