// WebSocket keepalive: the server pings, live clients answer and stay, silent ones are dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../../server/start';
import { createSqliteStorage } from '../../server/storage/sqlite';

let server: RunningServer;
let wsUrl: string;

beforeAll(async () => {
  server = await startServer({ storage: createSqliteStorage({ path: ':memory:' }), port: 0, heartbeatMs: 100 });
  wsUrl = `${server.url.replace('http', 'ws')}/v1/sync/ws`;
});
afterAll(async () => {
  await server.close();
});

const open = async () => {
  const ws = new WebSocket(wsUrl);
  await new Promise((r) => ws.once('open', r));
  return ws;
};

describe('WebSocket heartbeat', () => {
  it('keeps answering clients and drops silent ones', async () => {
    const created = await (
      await fetch(`${server.url}/v1/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ teamName: 'HB', userName: 'HB' }),
      })
    ).json();
    const live = await open();
    let pings = 0;
    live.on('ping', () => pings++);
    live.send(JSON.stringify({ type: 'auth', token: created.token }));

    const silent = await open();
    silent.send(JSON.stringify({ type: 'auth', token: created.token }));
    await new Promise((r) => setTimeout(r, 50));
    // Stop reading: pings pile up unanswered, as with a frozen client or a dead network path.
    (silent as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));

    await new Promise((r) => setTimeout(r, 450));
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(live.readyState).toBe(WebSocket.OPEN);
    (silent as unknown as { _socket: { resume(): void } })._socket.resume();
    // Terminated by the server: an abnormal closure without a close frame.
    expect(await closed).toBe(1006);
    live.close();
  });
});

describe('WebSocket failures', () => {
  it('a storage error during auth closes that socket (1011) and leaves the server running', async () => {
    const storage = createSqliteStorage({ path: ':memory:' });
    const broken = {
      ...storage,
      authenticate: async () => {
        throw new Error('database unavailable');
      },
    };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    const s = await startServer({ storage: broken, port: 0 });
    try {
      const ws = new WebSocket(`${s.url.replace('http', 'ws')}/v1/sync/ws`);
      await new Promise((r) => ws.once('open', r));
      const messages: string[] = [];
      ws.on('message', (d) => messages.push(d.toString()));
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(JSON.stringify({ type: 'auth', token: `wp_${'a'.repeat(43)}` }));
      expect(await closed).toBe(1011);
      expect(messages.map((m) => JSON.parse(m).error)).toEqual(['InternalError']);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
      await s.close();
    }
  });
});
