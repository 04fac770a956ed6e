// The WebSocket at /v1/sync/ws: authenticated by a first `auth` message (never a URL token), it pokes team members.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import {
  API,
  WS_AUTH_TIMEOUT_MS,
  WS_CLOSE,
  type WsServerMessage,
  wsClientMessageSchema,
} from '../shared/sync/protocol';
import { EXTENSION_ORIGIN } from './app';
import { sha256 } from './crypto';
import type { PokeHub, PokeListener } from './pokes';
import type { Storage } from './storage/types';

export interface SyncSocketOptions {
  server: Server;
  storage: Storage;
  hub: PokeHub;
  corsOrigins?: string[];
  /** Ping interval; a connection that missed the previous pong is dropped. */
  heartbeatMs?: number;
  authTimeoutMs?: number;
}

export interface SyncSocket {
  /** Close every connection (1001 going away) and stop accepting new ones. */
  close(): Promise<void>;
  connections(): number;
}

export function attachSyncSocket({
  server,
  storage,
  hub,
  corsOrigins = [],
  heartbeatMs = 30_000,
  authTimeoutMs = WS_AUTH_TIMEOUT_MS,
}: SyncSocketOptions): SyncSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const extraOrigins = new Set(corsOrigins);
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    const origin = req.headers.origin;
    if (path !== API.ws) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    // Browsers send an Origin: web pages may not open the socket; extensions and non-browser clients may.
    if (origin && !EXTENSION_ORIGIN.test(origin) && !extraOrigins.has(origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    const send = (message: WsServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    let listener: PokeListener | undefined;
    let removeListener: (() => void) | undefined;
    let authenticating = false;
    const authTimer = setTimeout(() => {
      if (!listener) ws.close(WS_CLOSE.authTimeout, 'auth timeout');
    }, authTimeoutMs);

    ws.on('close', () => {
      clearTimeout(authTimer);
      removeListener?.();
    });
    ws.on('error', () => ws.terminate());

    ws.on('message', (data, isBinary) => {
      onMessage(data, isBinary).catch((error) => {
        // A storage failure must not take the process down: tell the client and let it reconnect.
        console.error('WebSocket message failed:', error);
        send({ type: 'error', error: 'InternalError', message: 'Unexpected server error' });
        ws.close(1011, 'internal error');
      });
    });

    const onMessage = async (data: RawData, isBinary: boolean): Promise<void> => {
      let message: ReturnType<typeof wsClientMessageSchema.parse>;
      try {
        if (isBinary) throw new Error('binary');
        message = wsClientMessageSchema.parse(JSON.parse(data.toString()));
      } catch {
        send({ type: 'error', error: 'BadRequest', message: 'Expected a JSON message: auth, subscribe or ping' });
        ws.close(WS_CLOSE.badMessage, 'bad message');
        return;
      }
      if (message.type === 'ping') {
        send({ type: 'pong' });
        return;
      }
      if (message.type === 'auth') {
        if (listener || authenticating) return;
        authenticating = true;
        const auth = /^wp_[A-Za-z0-9_-]{43}$/.test(message.token)
          ? await storage.authenticate(sha256(message.token), Date.now())
          : undefined;
        if (!auth) {
          send({ type: 'error', error: 'Unauthorized', message: 'Unknown or revoked token' });
          ws.close(WS_CLOSE.unauthorized, 'unauthorized');
          return;
        }
        const teams = await storage.listTeamsOf(auth.userId);
        if (ws.readyState !== ws.OPEN) return;
        clearTimeout(authTimer);
        listener = {
          userId: auth.userId,
          tokenId: auth.tokenId,
          subscription: 'all',
          memberOf: new Set(teams.map((t) => t.id)),
          poke: (teamId, version) => send({ type: 'poke', teamId, version }),
          members: (teamId) => send({ type: 'members', teamId }),
          revoke: () => ws.close(WS_CLOSE.revoked, 'token revoked'),
        };
        removeListener = hub.add(listener);
        send({ type: 'ready', userId: auth.userId });
        return;
      }
      // subscribe
      if (!listener) {
        send({ type: 'error', error: 'Unauthorized', message: 'Send {type:"auth", token} first' });
        ws.close(WS_CLOSE.unauthorized, 'unauthorized');
        return;
      }
      const wanted = [...(message.teamIds ?? []), ...(message.teamId ? [message.teamId] : [])];
      if (wanted.length === 0) {
        listener.subscription = 'all';
        send({ type: 'subscribed', teamIds: [...listener.memberOf] });
        return;
      }
      const current = listener;
      const foreign = wanted.filter((id) => !current.memberOf.has(id));
      if (foreign.length > 0) {
        send({ type: 'error', error: 'Forbidden', message: `Not a member of ${foreign.length} of these teams` });
      }
      const mine = wanted.filter((id) => current.memberOf.has(id));
      current.subscription = new Set(mine);
      send({ type: 'subscribed', teamIds: mine });
    };
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    connections: () => wss.clients.size,
    async close() {
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
