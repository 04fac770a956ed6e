// The server under hostile traffic, over real HTTP and WebSocket: auth-first sockets with a message rate, a queued-byte
// cap and a per-address cap; connection caps and idle timeouts; 413 and 415 without dropped connections; deep JSON.
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPokeHub } from '../../server/pokes';
import { type RunningServer, startServer } from '../../server/start';
import { createSqliteStorage } from '../../server/storage/sqlite';
import { attachSyncSocket } from '../../server/ws';
import { WS_LIMIT_CLOSE } from '../../shared/server-limits';

const running: RunningServer[] = [];
afterAll(async () => {
  for (const s of running) await s.close(100).catch(() => undefined);
});

async function start(options: Partial<Parameters<typeof startServer>[0]> = {}) {
  const server = await startServer({ storage: createSqliteStorage({ path: ':memory:' }), port: 0, ...options });
  running.push(server);
  return server;
}

async function createTeam(url: string) {
  const res = await fetch(`${url}/v1/teams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ teamName: 'T', userName: 'U' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; team: { id: string } };
}

function openSocket(url: string, localAddress?: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/sync/ws`, localAddress ? { localAddress } : {});
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return { ws, messages, closed, opened };
}

describe('WebSocket limits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start({ wsLimits: { messagesPerWindow: 20, messageWindowMs: 60_000, connectionsPerAddress: 3 } });
  });

  it('answers nothing but auth before authentication: a ping closes the socket, unanswered', async () => {
    const s = openSocket(server.url);
    await s.opened;
    s.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await s.closed).toBe(4401);
    expect(s.messages).toEqual([]);
  });

  it('a flood of pings from a client that never reads is cut at the message rate, not buffered', async () => {
    const { token } = await createTeam(server.url);
    const s = openSocket(server.url);
    await s.opened;
    s.ws.send(JSON.stringify({ type: 'auth', token }));
    await expect.poll(() => s.messages.some((m) => m.type === 'ready')).toBe(true);
    for (let i = 0; i < 200; i++) s.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await s.closed).toBe(WS_LIMIT_CLOSE.rateLimited);
    // 1 auth + 19 pings fit the window of 20; the rest were refused, not answered.
    expect(s.messages.filter((m) => m.type === 'pong').length).toBeLessThanOrEqual(19);
  });

  it('caps open sockets per address (429 at upgrade) and frees the slot when one closes', async () => {
    const sockets = [openSocket(server.url), openSocket(server.url), openSocket(server.url)];
    await Promise.all(sockets.map((s) => s.opened));
    const fourth = openSocket(server.url);
    await expect(fourth.opened).rejects.toThrow(/429/);
    // Another address is not affected by this one's sockets.
    const other = openSocket(server.url, '127.0.0.2');
    await other.opened;
    other.ws.close();
    sockets[0]!.ws.close();
    await sockets[0]!.closed;
    await expect
      .poll(async () => {
        const again = openSocket(server.url);
        try {
          await again.opened;
          again.ws.close();
          return true;
        } catch {
          return false;
        }
      })
      .toBe(true);
    for (const s of sockets.slice(1)) s.ws.close();
  });
});

describe('a slow consumer', () => {
  it('is closed with 4508 once more than the queued-byte cap waits for it', { timeout: 20_000 }, async () => {
    const storage = createSqliteStorage({ path: ':memory:' });
    const hub = createPokeHub();
    const httpServer = http.createServer();
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
    const socket = attachSyncSocket({
      server: httpServer,
      storage,
      hub,
      limits: { maxQueuedBytes: 64 * 1024, closeGraceMs: 30_000 },
    });
    const { port } = httpServer.address() as net.AddressInfo;
    const created = await storage.createTeam({
      teamName: 'S',
      owner: { userName: 'S', tokenHash: 'x'.repeat(64) },
      now: Date.now(),
    });
    const fast = openSocket(`http://127.0.0.1:${port}`);
    const slow = openSocket(`http://127.0.0.1:${port}`);
    await Promise.all([fast.opened, slow.opened]);
    const token = `wp_${'s'.repeat(43)}`;
    // The storage knows the token by its hash: give the account one we can present.
    const { sha256 } = await import('../../server/crypto');
    const db = storage as unknown as { nameToken: unknown };
    expect(db.nameToken).toBeTypeOf('function');
    const joined = await storage.createTeam({
      teamName: 'S2',
      owner: { userName: 'S2', tokenHash: sha256(token) },
      now: Date.now(),
    });
    for (const s of [fast, slow]) s.ws.send(JSON.stringify({ type: 'auth', token }));
    await expect.poll(() => fast.messages.some((m) => m.type === 'ready')).toBe(true);
    await expect.poll(() => slow.messages.some((m) => m.type === 'ready')).toBe(true);
    (slow.ws as unknown as { _socket: net.Socket })._socket.pause();
    // One burst of pokes; the reading client drains its share, the paused one's queue passes the cap.
    // Small batches, so a client that reads keeps up while the paused one falls behind.
    let sent = 0;
    while (hub.size() === 2 && sent < 200_000) {
      for (let i = 0; i < 100; i++) hub.publish(joined.team.id, ++sent);
      await new Promise((r) => setImmediate(r));
    }
    // The server stopped queueing for it: reading again, it gets what was queued, then the close code.
    await expect.poll(() => hub.size()).toBe(1);
    (slow.ws as unknown as { _socket: net.Socket })._socket.resume();
    expect(await slow.closed).toBe(WS_LIMIT_CLOSE.slowConsumer);
    expect(slow.messages.length).toBeLessThan(sent);
    await expect.poll(() => fast.messages.filter((m) => m.type === 'poke').length, { timeout: 15_000 }).toBe(sent);
    expect(created.team.id).not.toBe(joined.team.id);
    fast.ws.close();
    await socket.close();
    await new Promise<void>((r) => httpServer.close(() => r()));
    await storage.close();
  });
});

describe('HTTP connection limits', () => {
  it('drops connections over the per-address cap; other addresses are still served', async () => {
    const server = await start({ connectionsPerAddress: 5 });
    const { port } = new URL(server.url);
    const held: net.Socket[] = [];
    const closedEarly: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const s = net.connect({ host: '127.0.0.1', port: Number(port) });
      const index = i;
      closedEarly[index] = false;
      s.on('close', () => {
        closedEarly[index] = true;
      });
      s.on('error', () => undefined);
      held.push(s);
    }
    await expect.poll(() => closedEarly.filter(Boolean).length).toBe(3);
    // From another address the server still answers.
    const res = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: Number(port), path: '/healthz', localAddress: '127.0.0.2' }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(res).toBe(200);
    for (const s of held) s.destroy();
  });

  it('closes a connection that sends nothing once it is idle', async () => {
    const server = await start({ idleTimeoutMs: 300, headersTimeoutMs: 400 });
    const { port } = new URL(server.url);
    const s = net.connect({ host: '127.0.0.1', port: Number(port) });
    s.on('error', () => undefined);
    const started = Date.now();
    await new Promise((r) => s.once('close', r));
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('bodies', () => {
  let server: RunningServer;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  beforeAll(async () => {
    server = await start();
  });
  afterEach(() => undefined);
  afterAll(() => agent.destroy());

  const request = (path: string, body: Buffer | string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const { port } = new URL(server.url);
      const req = http.request(
        { host: '127.0.0.1', port: Number(port), path, method: 'POST', agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('answers a 2 MiB body with 413 JSON on a keep-alive connection, and the next request works', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'x');
    for (let i = 0; i < 3; i++) {
      const res = await request('/v1/teams', big, { 'content-type': 'application/json' });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'PayloadTooLarge', message: expect.any(String) });
      expect(res.headers.connection).toBe('close');
    }
    // Chunked (no Content-Length) too.
    const chunked = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(server.url);
      const req = http.request(
        {
          host: '127.0.0.1',
          port: Number(port),
          path: '/v1/teams',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 32; i++) req.write(Buffer.alloc(64 * 1024, 'y'));
      req.end();
    });
    expect(chunked).toBe(413);
    const ok = await request('/v1/teams', JSON.stringify({ teamName: 'A', userName: 'B' }), {
      'content-type': 'application/json',
    });
    expect(ok.status).toBe(201);
  });

  it('refuses bodies that are not JSON with 415 (a cross-site form cannot create a team)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await request('/v1/teams', '{"teamName":"A","userName":"B"}', type ? { 'content-type': type } : {});
      expect(res.status, type).toBe(415);
      expect(JSON.parse(res.body).error).toBe('UnsupportedMediaType');
    }
    const withCharset = await request('/v1/teams', '{"teamName":"A","userName":"B"}', {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(withCharset.status).toBe(201);
  });

  it('deeply nested JSON (with __proto__ or a \\u escape) is a 400, also without login', async () => {
    const deep = '['.repeat(100_000);
    const bodies = [
      `${deep}${']'.repeat(100_000)}`,
      `{"__proto__":${deep}${']'.repeat(100_000)}}`,
      `{"a\\u0041":${deep}${']'.repeat(100_000)}}`,
      `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
    ];
    for (const path of ['/v1/teams', '/v1/join', '/v1/sync/push']) {
      for (const body of bodies) {
        const res = await request(path, body, { 'content-type': 'application/json' });
        expect([400, 401], `${path}: ${res.body.slice(0, 100)}`).toContain(res.status);
        expect(JSON.parse(res.body)).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      }
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
