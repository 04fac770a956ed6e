// A hostile server (or anything between it and the browser), from the attacker's side: a proxy in front of a real
// server process slips malformed rows into every pull answer — an object as a task's title, a string as its tags,
// a `javascript:` source link. Waypoint parses every pulled row with its table's schema: the bad row is set aside
// (never stored, reported under the sync line's Details), and the person's own tasks keep rendering.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/id';
import { type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createTeamInOptions } from './team';
import { quickAdd, storedTasks } from './ui';

let server: ServerProcess;
let proxy: Server;
let proxyUrl = '';
let a: ExtensionBrowser;
const EVIL_KEY = uuidv7();
let injected = 0;

/** The row a hostile server sends: every field of the wrong kind, and a link that would run script. */
function evilChange(version: number) {
  const hlc = `${String(Date.now()).padStart(13, '0')}-0000-evil`;
  const fields = {
    projectId: null,
    title: { toString: 'boom' },
    notes: '',
    status: 'todo',
    priority: 1,
    assigneeId: null,
    dueAt: null,
    tags: 'not-a-list',
    source: {
      kind: 'page',
      url: 'javascript:alert(document.domain)',
      pageTitle: 'x',
      capturedAt: new Date().toISOString(),
    },
    createdBy: null,
    createdAt: new Date().toISOString(),
    completedAt: null,
    order: 0,
  };
  return {
    table: 'tasks',
    key: EVIL_KEY,
    version,
    deleted: false,
    fields,
    hlc,
  };
}

/** A change without a change's shape: a clock of the wrong kind (protocol 1's map in a protocol 2 page). */
function misshapenChange(version: number) {
  return { table: 'tasks', key: EVIL_KEY, version, deleted: false, fields: {}, hlc: { title: 'not-a-clock' } };
}

beforeAll(async () => {
  server = await startServerProcess();
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = new URL(server.url);
      const forward = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (upstream) => {
          const isPull =
            req.method === 'GET' && (req.url ?? '').startsWith('/v1/sync/pull') && upstream.statusCode === 200;
          if (!isPull) {
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            upstream.pipe(res);
            return;
          }
          const body: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => body.push(chunk));
          upstream.on('end', () => {
            const page = JSON.parse(Buffer.concat(body).toString('utf8'));
            page.changes.push(evilChange(page.version), misshapenChange(page.version));
            injected += 1;
            const text = JSON.stringify(page);
            const headers = { ...upstream.headers, 'content-length': String(Buffer.byteLength(text)) };
            res.writeHead(200, headers).end(text);
          });
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  a = await launchExtension();
});
afterAll(async () => {
  await a?.close();
  await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
  await server?.stop();
});

describe('rows a hostile server sends', () => {
  it('are parsed with their schema and set aside; the person’s own tasks keep rendering', async () => {
    const options = await createTeamInOptions(a, { serverUrl: proxyUrl, teamName: 'Proxied', userName: 'Ada' });
    const popup = await a.open('popup.html');
    await quickAdd(popup, 'Real task tomorrow', 'Real task');
    await expect.poll(() => injected, { timeout: 15_000 }).toBeGreaterThan(0);
    // The pull that carried the bad row was applied (the real task is synced) without storing it.
    await expect.poll(async () => (await storedTasks(a.worker)).map((t) => t.title)).toContain('Real task');
    await expect.poll(() => options.locator('.sync-status').getAttribute('data-pending')).toBe('0');
    expect((await storedTasks(a.worker)).some((t) => t.id === EVIL_KEY)).toBe(false);
    // The popup still renders the person's tasks, reopened after the bad rows arrived.
    const again = await a.open('popup.html');
    await again.locator('li.task', { hasText: 'Real task' }).waitFor();
    expect(await again.locator('a[href^="javascript:"]').count()).toBe(0);
    // The sync line says, under Details, that rows were set aside.
    const details = options.locator('.sync-status details');
    await details.locator('summary').click();
    await expect.poll(() => details.textContent()).toMatch(/did not look like Waypoint data and were set aside/);
    await Promise.all([options.close(), popup.close(), again.close()]);
  });
});
