// Crash safety: a real server process is SIGKILLed during a push load and restarted; every acknowledged
// mutation is there exactly once, and each push is all-or-nothing.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc';
import { uuidv7 } from '../../shared/id';
import { taskFields } from './helpers';
import { freePort, startServerProcess } from './process';

const dataDir = mkdtempSync(join(tmpdir(), 'waypoint-crash-'));
const children: ChildProcess[] = [];

async function startProcess(port: number) {
  const started = await startServerProcess({ PORT: String(port), WAYPOINT_DATA: dataDir });
  children.push(started.child);
  return started;
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
    await first.exited;

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
    expect(await second.exited).toBe(0);
  }, 60_000);
});
