// The WebSocket at /v1/sync/ws: authenticated by a first `auth` message (never a URL token), it pokes team members.
// Before authentication nothing but `auth` is answered; every socket has a message rate and a cap on bytes queued
// to it (a client that does not read is closed, it cannot grow the server's memory), and each address a socket cap.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { SERVER_LIMITS, WS_LIMIT_CLOSE } from '../shared/server-limits';
import {
  API,
  WS_AUTH_TIMEOUT_MS,
  WS_CLOSE,
  type WsServerMessage,
  wsClientMessageSchema,
} from '../shared/sync/protocol';
import { EXTENSION_ORIGIN } from './app';
import { clientAddressOf } from './client-address';
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
  /** Proxies in front of the server that append to X-Forwarded-For (see client-address.ts). */
  trustedHops?: number;
  /** Authenticate a token (default: no idle expiry); startServer passes the configured expiry. */
  authenticate?: (token: string) => Promise<{ userId: string; tokenId: string } | undefined>;
  limits?: Partial<{
    messagesPerWindow: number;
    messageWindowMs: number;
    maxQueuedBytes: number;
    connectionsPerAddress: number;
    /** How long a closing socket may take to read its close frame (default 5 s). */
    closeGraceMs: number;
  }>;
  logError?: (message: string, error: unknown) => void;
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
  trustedHops = 0,
  authenticate,
  limits = {},
  logError = (message, error) => console.error(message, error),
}: SyncSocketOptions): SyncSocket {
  const messagesPerWindow = limits.messagesPerWindow ?? SERVER_LIMITS.wsMessagesPerWindow;
  const messageWindowMs = limits.messageWindowMs ?? SERVER_LIMITS.wsMessageWindowMs;
  const maxQueuedBytes = limits.maxQueuedBytes ?? SERVER_LIMITS.wsMaxQueuedBytes;
  const perAddress = limits.connectionsPerAddress ?? SERVER_LIMITS.wsConnectionsPerAddress;
  const closeGraceMs = limits.closeGraceMs ?? 5_000;
  const checkToken =
    authenticate ??
    ((token: string) =>
      /^wp_[A-Za-z0-9_-]{43}$/.test(token)
        ? storage.authenticate(sha256(token), Date.now())
        : Promise.resolve(undefined));

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const extraOrigins = new Set(corsOrigins);
  const alive = new WeakMap<WebSocket, boolean>();
  const byAddress = new Map<string, number>();

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    const origin = req.headers.origin;
    if (path !== API.ws) return refuse(socket, '404 Not Found');
    // Browsers send an Origin: web pages may not open the socket; extensions and non-browser clients may.
    if (origin && !EXTENSION_ORIGIN.test(origin) && !extraOrigins.has(origin)) return refuse(socket, '403 Forbidden');
    const forwarded = req.headers['x-forwarded-for'];
    const address = clientAddressOf(
      req.socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
      trustedHops,
    );
    const open = byAddress.get(address) ?? 0;
    if (open >= perAddress) return refuse(socket, '429 Too Many Requests');
    byAddress.set(address, open + 1);
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left <= 0) byAddress.delete(address);
      else byAddress.set(address, left);
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', release);
      wss.emit('connection', ws, req);
    });
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    let closing = false;
    /**
     * Close with a code. The close frame waits behind what is already queued; a client that still does not read
     * within the grace period is cut without it.
     */
    const shut = (code: number, reason: string) => {
      if (closing) return;
      closing = true;
      // No more pokes for it from now on, even while the close handshake waits.
      removeListener?.();
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), closeGraceMs).unref();
    };
    const sendRaw = (data: string) => {
      if (closing || ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount + data.length > maxQueuedBytes) {
        shut(WS_LIMIT_CLOSE.slowConsumer, 'slow consumer');
        return;
      }
      ws.send(data);
    };
    const send = (message: WsServerMessage) => sendRaw(JSON.stringify(message));
    let listener: PokeListener | undefined;
    let removeListener: (() => void) | undefined;
    let authenticating = false;
    let windowStart = Date.now();
    let messages = 0;
    const authTimer = setTimeout(() => {
      if (!listener) shut(WS_CLOSE.authTimeout, 'auth timeout');
    }, authTimeoutMs);

    ws.on('close', () => {
      clearTimeout(authTimer);
      removeListener?.();
    });
    ws.on('error', () => ws.terminate());

    ws.on('message', (data, isBinary) => {
      if (closing) return;
      const now = Date.now();
      if (now - windowStart >= messageWindowMs) {
        windowStart = now;
        messages = 0;
      }
      messages += 1;
      if (messages > messagesPerWindow) {
        shut(WS_LIMIT_CLOSE.rateLimited, 'too many messages');
        return;
      }
      onMessage(data, isBinary).catch((error) => {
        // A storage failure must not take the process down: the client reconnects with back-off.
        if (storage.isUnavailableError(error)) {
          send({ type: 'error', error: 'Unavailable', message: 'The database is unreachable; reconnect shortly' });
          shut(WS_LIMIT_CLOSE.unavailable, 'server unavailable');
          return;
        }
        logError('WebSocket message failed:', error);
        send({ type: 'error', error: 'InternalError', message: 'Unexpected server error' });
        shut(1011, 'internal error');
      });
    });

    const onMessage = async (data: RawData, isBinary: boolean): Promise<void> => {
      let message: ReturnType<typeof wsClientMessageSchema.parse>;
      try {
        if (isBinary) throw new Error('binary');
        message = wsClientMessageSchema.parse(JSON.parse(data.toString()));
      } catch {
        // Not answered before authentication: just closed.
        if (!listener) return shut(WS_CLOSE.badMessage, 'bad message');
        send({ type: 'error', error: 'BadRequest', message: 'Expected a JSON message: auth, subscribe or ping' });
        shut(WS_CLOSE.badMessage, 'bad message');
        return;
      }
      if (!listener) {
        // Before authentication only `auth` is answered; anything else closes the socket without a reply.
        if (authenticating) return;
        if (message.type !== 'auth') return shut(WS_CLOSE.unauthorized, 'unauthorized');
        authenticating = true;
        const auth = await checkToken(message.token);
        if (!auth) {
          send({ type: 'error', error: 'Unauthorized', message: 'Unknown, expired or revoked token' });
          shut(WS_CLOSE.unauthorized, 'unauthorized');
          return;
        }
        const teams = await storage.listTeamsOf(auth.userId);
        if (closing || ws.readyState !== ws.OPEN) return;
        clearTimeout(authTimer);
        listener = {
          userId: auth.userId,
          tokenId: auth.tokenId,
          subscription: 'all',
          memberOf: new Set(teams.map((t) => t.id)),
          send: sendRaw,
          revoke: () => shut(WS_CLOSE.revoked, 'token revoked'),
          removed: () => shut(WS_LIMIT_CLOSE.membershipEnded, 'membership ended'),
        };
        removeListener = hub.add(listener);
        send({ type: 'ready', userId: auth.userId });
        return;
      }
      if (message.type === 'ping') {
        send({ type: 'pong' });
        return;
      }
      if (message.type === 'auth') return;
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
