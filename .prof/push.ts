import { spawn } from 'node:child_process';
import { formatHlc } from '../shared/hlc';
import { randomClientId, uuidv7 } from '../shared/id';
import { API, PROTOCOL_VERSION } from '../shared/sync/protocol';
const port = 8797;
const dir = `/tmp/prof-data-${Date.now()}`;
const child = spawn('node', ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--cpu-prof-interval=200', '--max-semi-space-size=2', '--heap-growing-percent=20', '.output/server/index.mjs'], { env: { ...process.env, PORT: String(port), WAYPOINT_DATA: dir, WAYPOINT_LOG: 'off', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536' }, stdio: 'inherit' });
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 50; i++) { try { await fetch(url + '/health'); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
const TOTAL = Number(process.argv[2] ?? 10000);
for (let round = 0; round < 2; round++) {
  const created = await (await fetch(url + API.teams, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ teamName: 'P', userName: 'A' }) })).json() as any;
  const clientId = randomClientId(); let seq = 0; const at = Date.now() - 60000;
  const bodies: string[] = [];
  for (let first = 0; first < TOTAL; first += 500) {
    const muts = Array.from({ length: 500 }, (_, j) => { const i = first + j; seq++; const createdAt = new Date(at).toISOString(); return { seq, op: 'upsert', table: 'tasks', key: uuidv7(at), hlc: formatHlc({ ms: at + Math.floor(i / 0xffff), counter: i % 0xffff, clientId }), fields: { projectId: null, title: `Benchmark task ${i + 1}: follow up on item ${(i * 7919) % 10000}`, notes: i % 3 === 0 ? 'Some notes that make the row a realistic size for a captured task.' : '', status: i % 17 === 0 ? 'done' : 'todo', priority: (i % 4) + 1, assigneeId: null, dueAt: i % 5 === 0 ? null : '2026-12-01', tags: i % 7 === 0 ? ['bench'] : [], source: i % 2 === 0 ? { kind: 'page', url: `https://example.com/articles/${i}`, pageTitle: `Article ${i}`, capturedAt: createdAt } : null, createdBy: 'Bench', createdAt, completedAt: i % 17 === 0 ? createdAt : null, order: i } }; });
    bodies.push(JSON.stringify({ protocolVersion: PROTOCOL_VERSION, teamId: created.team.id, clientId, mutations: muts }));
  }
  const t0 = performance.now();
  for (const body of bodies) { const r = await fetch(url + API.push, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` }, body }); const j = await r.json() as any; if (!r.ok || j.rejected.length) throw new Error(JSON.stringify(j).slice(0, 300)); }
  const ms = performance.now() - t0;
  console.log(`round ${round}: ${Math.round(TOTAL / ms * 1000)}/s (${ms.toFixed(0)} ms)`);
}
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
