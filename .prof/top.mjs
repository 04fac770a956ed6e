import { readFileSync, readdirSync } from 'node:fs';
const f = readdirSync('/tmp/prof').filter((n) => n.endsWith('.cpuprofile')).sort().pop();
const p = JSON.parse(readFileSync('/tmp/prof/' + f));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const dt = new Map(); for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const self = {}; let total = 0;
for (const [id, t] of dt) { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self[k] = (self[k] ?? 0) + t; total += t; }
console.log('total ms', (total / 1000).toFixed(0));
for (const [k, t] of Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[2] ?? 40))) console.log((t / 1000).toFixed(1).padStart(8), k);
