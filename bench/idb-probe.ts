// Probe: what a plain IndexedDB put of a stored task costs in this Chromium, by index count, record size and
// transaction size (issue 10). node --import tsx bench/idb-probe.ts
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchExtension } from '../test/e2e/harness';
import { benchBuild } from './extension';

const dir = await mkdtemp(join(tmpdir(), 'waypoint-probe-'));
const browser = await launchExtension({ extensionDir: await benchBuild(dir) });
await browser.worker.evaluate('globalThis.__name ??= (fn) => fn');
const variants = process.argv.slice(2);
const result = await browser.worker.evaluate(async (variants: string[]) => {
  const N = 10_000;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const full = (i: number) => {
    const done = i % 17 === 0;
    const row: Record<string, unknown> = {
      projectId: i % 4 === 3 ? null : `0190a1b2-c3d4-7e5f-8a9b-${hex(i % 3, 12)}`,
      title: `Benchmark task ${i + 1}: follow up on item ${(i * 7919) % 10_000}`,
      notes: i % 3 === 0 ? 'Some notes that make the row a realistic size for a captured task.' : '',
      status: done ? 'done' : 'todo',
      priority: (i % 4) + 1,
      assigneeId: null,
      dueAt: i % 5 === 0 ? null : `2026-12-${String((i % 28) + 1).padStart(2, '0')}`,
      tags: i % 7 === 0 ? ['bench'] : [],
      source:
        i % 2 === 0
          ? {
              kind: 'selection',
              url: `https://example.com/articles/${i}`,
              pageTitle: `Article ${i}`,
              excerpt: 'A selected sentence from the article that became this task.',
              capturedAt: '2026-12-02T04:00:00.000Z',
            }
          : null,
      createdBy: null,
      createdAt: '2026-12-02T04:00:00.000Z',
      completedAt: done ? '2026-12-01T04:00:00.000Z' : null,
      order: i,
      id: `0190a1b2-c3d4-7e5f-8a9b-${hex(i + 1000, 12)}`,
      teamId: null,
      hlc: `2026-12-02T04:00:00.000Z-${hex(i, 4)}-deadbeefdeadbeef`,
      deleted: false,
      projectKey: i % 4 === 3 ? 'inbox' : `0190a1b2-c3d4-7e5f-8a9b-${hex(i % 3, 12)}`,
    };
    if (done) row.doneAt = row.completedAt;
    else row.openDue = `${row.dueAt ?? '9999'}|${hex(i, 6)}`;
    if (row.source) row.sourceKey = `https://example.com/articles/${i}`;
    return row;
  };
  const lean = (i: number) => {
    const row = full(i);
    for (const [k, v] of Object.entries(row))
      if (v === null || v === '' || (Array.isArray(v) && v.length === 0) || v === false) delete row[k];
    return row;
  };
  const tiny = (i: number) => ({ id: full(i).id, title: full(i).title });
  const INDEXES: Record<string, string[]> = {
    i0: [],
    i1: ['openDue'],
    i3: ['openDue', 'projectKey', 'doneAt'],
    i5: ['openDue', 'projectKey+openDue', 'projectKey', 'sourceKey', 'doneAt'],
  };
  const run = async (idx: string, shape: string, txn: number, strict: boolean) => {
    const make = shape === 'full' ? full : shape === 'lean' ? lean : tiny;
    const rows = Array.from({ length: N }, (_, i) => make(i));
    const name = `probe-${Math.random()}`;
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const s = open.result.createObjectStore('tasks', { keyPath: 'id' });
        for (const ix of INDEXES[idx] ?? []) s.createIndex(ix, ix.includes('+') ? ix.split('+') : ix);
      };
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let start = 0; start < N; start += txn) {
      const tx = db.transaction('tasks', 'readwrite', { durability: strict ? 'strict' : 'relaxed' });
      const store = tx.objectStore('tasks');
      for (let i = start; i < Math.min(N, start + txn); i++) store.put(rows[i]);
      pending.push(
        new Promise((ok, fail) => {
          tx.oncomplete = () => ok();
          tx.onerror = () => fail(tx.error);
        }),
      );
      if (txn < N) await pending[pending.length - 1];
    }
    await Promise.all(pending);
    const ms = performance.now() - t0;
    db.close();
    await new Promise((ok) => {
      const d = indexedDB.deleteDatabase(name);
      d.onsuccess = ok;
      d.onerror = ok;
    });
    return ms;
  };
  const clone = (shape: string) => {
    const make = shape === 'full' ? full : shape === 'lean' ? lean : tiny;
    const rows = Array.from({ length: N }, (_, i) => make(i));
    const t0 = performance.now();
    for (const r of rows) structuredClone(r);
    return performance.now() - t0;
  };
  const out: string[] = [];
  for (const v of variants) {
    const [idx, shape, txn, dur] = v.split(':') as [string, string, string, string];
    const times: number[] = [];
    for (let r = 0; r < 3; r++) times.push(await run(idx, shape, Number(txn), dur !== 'relaxed'));
    times.sort((a, b) => a - b);
    out.push(`${v}: median ${times[1]!.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
  out.push(
    `clone full ${clone('full').toFixed(0)} ms, lean ${clone('lean').toFixed(0)} ms, tiny ${clone('tiny').toFixed(0)} ms`,
  );
  return out;
}, variants);
console.log(result.join('\n'));
await browser.close();
process.exit(0);
