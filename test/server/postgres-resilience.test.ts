// PostgreSQL failures with two server instances on one database: pooled and LISTEN connections killed with
// pg_terminate_backend, the database unreachable (a TCP proxy in front of it is stopped and started again), and —
// opt-in, WAYPOINT_TEST_PG_RESTART_CMD — a real restart. The servers never exit, answer 503 with Retry-After and
// /readyz 503 while the database is away, reconnect LISTEN with back-off and poke every connected team once after.
// Revocations and member removals on one instance close the sockets concerned on the other.
import { execSync } from 'node:child_process';
import net from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../../server/start';
import { createPostgresStorage, type PostgresStorage } from '../../server/storage/postgres';
import { WS_LIMIT_CLOSE } from '../../shared/server-limits';
import { WS_CLOSE } from '../../shared/sync/protocol';
import { hlcAt, newKey, taskFields } from './helpers';
import { pgUrlWithSchema } from './pg-schema';

const url = process.env.WAYPOINT_TEST_DATABASE_URL;
const APP = 'wp_resilience';
const running: RunningServer[] = [];
const events: Record<string, unknown>[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) await s.close(200).catch(() => undefined);
});

async function fresh(connectionString: string) {
  const cleaner = (await createPostgresStorage({ connectionString, max: 1 })) as PostgresStorage;
  await cleaner.dropAll();
  await cleaner.close();
}

async function instance(connectionString: string) {
  const storage = await createPostgresStorage({ connectionString, max: 4, onPoolError: () => undefined });
  const server = await startServer({
    storage,
    port: 0,
    logError: () => undefined,
    logEvent: (line) => events.push(line),
  });
  running.push(server);
  return server;
}

async function json(server: RunningServer, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

function socket(server: RunningServer, token: string) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/sync/ws`);
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
  const ready = () => expect.poll(() => messages.some((m) => m.type === 'ready'), { timeout: 5_000 }).toBe(true);
  return { ws, messages, closed, ready };
}

let clients = 0;
/** One new task from a new client id (seq 1): a failed attempt never leaves a seq gap for the next one. */
async function pushTask(server: RunningServer, token: string, teamId: string) {
  clients += 1;
  const clientId = `res${clients}`;
  return json(server, 'POST', '/v1/sync/push', token, {
    protocolVersion: 1,
    teamId,
    clientId,
    mutations: [
      { seq: 1, op: 'upsert', table: 'tasks', key: newKey(), fields: taskFields(), hlc: hlcAt(Date.now(), clientId) },
    ],
  });
}

async function terminateBackends(adminUrl: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const res = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
      [APP],
    );
    return res.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** A TCP proxy in front of PostgreSQL that can be stopped (connections cut, new ones refused) and started again. */
function createPgProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target);
        sockets.add(client);
        sockets.add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve(port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
    });
  return { start, stop };
}

describe.skipIf(!url)(
  'PostgreSQL resilience (two instances)',
  () => {
    afterAll(async () => {
      for (const s of running.splice(0)) await s.close(200).catch(() => undefined);
    });

    it('a revocation or a member removal on one instance closes the sockets on the other', async () => {
      const db = await pgUrlWithSchema(url!, 'resilience_a', APP);
      await fresh(db);
      const a = await instance(db);
      const b = await instance(db);
      const owner = await json(a, 'POST', '/v1/teams', undefined, { teamName: 'R', userName: 'Owner' });
      const teamId = owner.body.team.id;
      const code = (await json(a, 'POST', `/v1/teams/${teamId}/invites`, owner.body.token, { role: 'member' })).body
        .code;
      const member = (await json(a, 'POST', '/v1/join', undefined, { code, userName: 'M' })).body;

      // The owner's socket on B; the owner revokes that token on A.
      const ownerOnB = socket(b, owner.body.token);
      await ownerOnB.ready();
      const memberOnB = socket(b, member.token);
      await memberOnB.ready();
      // A second device of the member (a token kept) would survive; this member has only one, which is revoked.
      expect((await json(a, 'DELETE', `/v1/teams/${teamId}/members/${member.user.id}`, owner.body.token)).status).toBe(
        200,
      );
      expect([WS_LIMIT_CLOSE.membershipEnded, WS_CLOSE.revoked]).toContain(await memberOnB.closed);
      expect((await json(b, 'GET', `/v1/sync/pull?teamId=${teamId}`, member.token)).status).toBe(401);

      expect((await json(a, 'DELETE', '/v1/tokens/current', owner.body.token)).status).toBe(200);
      expect(await ownerOnB.closed).toBe(WS_CLOSE.revoked);
    });

    it('survives pg_terminate_backend of every connection: LISTEN reconnects and every connected team is poked', async () => {
      const db = await pgUrlWithSchema(url!, 'resilience_b', APP);
      await fresh(db);
      const a = await instance(db);
      const b = await instance(db);
      const owner = (await json(a, 'POST', '/v1/teams', undefined, { teamName: 'K', userName: 'Owner' })).body;
      const teamId = owner.team.id;
      expect((await pushTask(a, owner.token, teamId)).status).toBe(200);
      const onB = socket(b, owner.token);
      await onB.ready();
      const reconnectsBefore = events.filter((e) => e.event === 'listening').length;

      expect(await terminateBackends(url!)).toBeGreaterThanOrEqual(2);
      // Both instances are still up, and answer: 200 once the pool reconnects, 503 (never 500) if it has not yet.
      for (const s of [a, b]) {
        const res = await json(s, 'GET', `/v1/sync/pull?teamId=${teamId}`, owner.token);
        expect([200, 503]).toContain(res.status);
      }
      // B's LISTEN connection came back and poked the connected team once, with its current version.
      await expect
        .poll(() => events.filter((e) => e.event === 'listening').length, { timeout: 15_000 })
        .toBeGreaterThan(reconnectsBefore);
      await expect
        .poll(() => onB.messages.filter((m) => m.type === 'poke' && m.teamId === teamId && m.version === 1).length, {
          timeout: 10_000,
        })
        .toBeGreaterThanOrEqual(1);
      // New pushes on A reach B's socket again.
      await expect.poll(async () => (await pushTask(a, owner.token, teamId)).status, { timeout: 10_000 }).toBe(200);
      await expect
        .poll(() => onB.messages.some((m) => m.type === 'poke' && (m.version as number) >= 2), { timeout: 10_000 })
        .toBe(true);
      expect((await json(a, 'GET', '/readyz')).status).toBe(200);
      onB.ws.close();
    });

    it('while the database is unreachable: /readyz 503, requests 503 with Retry-After; then it recovers', async () => {
      const direct = new URL(url!);
      const proxy = createPgProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const port = await proxy.start();
      const viaProxy = new URL(await pgUrlWithSchema(url!, 'resilience_c', APP));
      viaProxy.port = String(port);
      await fresh(viaProxy.toString());
      const a = await instance(viaProxy.toString());
      const owner = (await json(a, 'POST', '/v1/teams', undefined, { teamName: 'U', userName: 'Owner' })).body;
      const teamId = owner.team.id;
      const onA = socket(a, owner.token);
      await onA.ready();

      await proxy.stop();
      const ready = await json(a, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.error).toBe('Unavailable');
      const pull = await json(a, 'GET', `/v1/sync/pull?teamId=${teamId}`, owner.token);
      expect(pull.status).toBe(503);
      expect(pull.headers.get('retry-after')).toBe('5');
      expect(pull.body).toMatchObject({ error: 'Unavailable', message: expect.any(String) });
      expect((await json(a, 'GET', '/healthz')).status).toBe(200);
      // A socket authenticating meanwhile is told to come back later, not dropped with an internal error.
      const late = socket(a, owner.token);
      expect(await late.closed).toBe(WS_LIMIT_CLOSE.unavailable);
      expect(late.messages).toEqual([expect.objectContaining({ type: 'error', error: 'Unavailable' })]);

      await proxy.start();
      await expect.poll(async () => (await json(a, 'GET', '/readyz')).status, { timeout: 15_000 }).toBe(200);
      await expect.poll(async () => (await pushTask(a, owner.token, teamId)).status, { timeout: 10_000 }).toBe(200);
      // LISTEN is back too: the socket (still open) hears about a push made through a second instance.
      const b = await instance(viaProxy.toString());
      await expect
        .poll(
          async () => {
            await pushTask(b, owner.token, teamId);
            return onA.messages.filter((m) => m.type === 'poke').length;
          },
          { timeout: 20_000, interval: 500 },
        )
        .toBeGreaterThanOrEqual(2);
      onA.ws.close();
      await proxy.stop();
    });

    it.skipIf(!process.env.WAYPOINT_TEST_PG_RESTART_CMD)(
      'survives a real PostgreSQL restart',
      async () => {
        const db = await pgUrlWithSchema(url!, 'resilience_d', APP);
        await fresh(db);
        const a = await instance(db);
        const b = await instance(db);
        const owner = (await json(a, 'POST', '/v1/teams', undefined, { teamName: 'X', userName: 'Owner' })).body;
        const teamId = owner.team.id;
        const onB = socket(b, owner.token);
        await onB.ready();
        execSync(process.env.WAYPOINT_TEST_PG_RESTART_CMD!, { stdio: 'ignore' });
        await expect.poll(async () => (await json(a, 'GET', '/readyz')).status, { timeout: 30_000 }).toBe(200);
        await expect.poll(async () => (await pushTask(a, owner.token, teamId)).status, { timeout: 15_000 }).toBe(200);
        await expect.poll(() => onB.messages.some((m) => m.type === 'poke'), { timeout: 20_000 }).toBe(true);
        onB.ws.close();
      },
      90_000,
    );
  },
  120_000,
);
