// Start the HTTP server and its WebSocket on a storage; used by server/index.ts, tests and benchmarks.
// Connection limits live here: idle and header timeouts, and a cap on open connections per client address.
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { SERVER_LIMITS } from '../shared/server-limits';
import { tokenSchema } from '../shared/sync/protocol';
import { type AppOptions, createApp } from './app';
import { sha256 } from './crypto';
import { createMetrics } from './metrics';
import { createPokeHub } from './pokes';
import type { ListenHandlers } from './storage/postgres-listen';
import type { Storage } from './storage/types';
import { createTokenUse } from './token-use';
import { createWebhookDispatcher } from './webhooks/dispatcher';
import { attachSyncSocket, type SyncSocketOptions } from './ws';

type PokeSource = (
  onPoke: (teamId: string, version: number) => void,
  onMember: (userId: string, teamId: string) => void,
  more?: Omit<ListenHandlers, 'onPoke' | 'onMember'>,
) => Promise<() => Promise<void>>;

export interface StartOptions extends Omit<AppOptions, 'hub'> {
  storage: Storage;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  heartbeatMs?: number;
  /** Tombstones older than this are compacted (checked at start and every hour); undefined keeps them forever. */
  tombstoneTtlMs?: number;
  /** A keep-alive connection with no request for this long is closed (default 5 s). */
  keepAliveMs?: number;
  /** A connection that has not sent complete request headers after this long is closed (default 15 s). */
  headersTimeoutMs?: number;
  /** A socket with no traffic at all for this long is closed (default 60 s; WebSockets have their heartbeat). */
  idleTimeoutMs?: number;
  /** Open TCP connections per client address (direct connections only; behind a proxy, the proxy limits). */
  connectionsPerAddress?: number;
  wsLimits?: SyncSocketOptions['limits'];
  /** How often used and expired invites are purged (default hourly). */
  purgeEveryMs?: number;
  /** Operational events (LISTEN lost/restored, pool errors); defaults to console.error. */
  logEvent?: (line: Record<string, unknown>) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  /** Stop accepting, finish in-flight requests (up to `graceMs`), close sockets and the storage. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const hub = createPokeHub();
  const metrics = options.metrics ?? createMetrics();
  const logEvent = options.logEvent ?? ((line) => console.error(JSON.stringify(line)));
  const tokenUse = createTokenUse(options.storage, options.tokenIdleMs ?? null);
  const app = createApp({ ...options, hub, metrics, tokenUse });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8787 }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  server.keepAliveTimeout = options.keepAliveMs ?? 5_000;
  server.headersTimeout = options.headersTimeoutMs ?? 15_000;
  server.requestTimeout = 60_000;
  server.timeout = options.idleTimeoutMs ?? 60_000;

  const hops = options.trustProxy === true ? 1 : options.trustProxy === false ? 0 : (options.trustProxy ?? 0);
  const perAddress = options.connectionsPerAddress ?? SERVER_LIMITS.connectionsPerAddress;
  const open = new Map<string, number>();
  const onConnection = (socket: Socket) => {
    // Behind a reverse proxy every connection comes from the proxy: the cap would throttle everyone at once.
    if (hops > 0) return;
    const address = socket.remoteAddress ?? 'unknown';
    const count = open.get(address) ?? 0;
    if (count >= perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  };
  server.on('connection', onConnection);

  const socket = attachSyncSocket({
    server,
    storage: options.storage,
    hub,
    trustedHops: Math.max(0, Math.floor(hops)),
    authenticate: async (token) => {
      if (!tokenSchema.safeParse(token).success) return undefined;
      const auth = await options.storage.authenticate(sha256(token), Date.now());
      return auth && (await tokenUse.fresh(auth, Date.now())) ? auth : undefined;
    },
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.wsLimits ? { limits: options.wsLimits } : {}),
  });
  hub.onDelivered = (count) => metrics.inc('waypoint_pokes_total', count);
  metrics.gauge('waypoint_ws_connections', 'Open WebSocket connections', () => socket.connections());
  metrics.gauge('waypoint_ws_listeners', 'Authenticated WebSocket connections', () => hub.size());

  const { port } = server.address() as AddressInfo;
  // With PostgreSQL, pokes, new members, revocations and removals committed by other instances arrive by NOTIFY.
  const listenPokes = (options.storage as { listenPokes?: PokeSource }).listenPokes;
  const pokeConnectedTeams = async () => {
    // NOTIFYs sent while the LISTEN connection was down are lost: one poke per connected team makes clients pull.
    for (const teamId of hub.connectedTeams()) {
      try {
        const team = await options.storage.getTeam(teamId);
        if (team) hub.publish(team.id, team.version);
      } catch (error) {
        logEvent({ time: new Date().toISOString(), event: 'repoke-failed', team: teamId, error: String(error) });
      }
    }
  };
  const unlisten = listenPokes
    ? await listenPokes.call(
        options.storage,
        (teamId, version) => hub.publish(teamId, version),
        (userId, teamId) => hub.memberAdded(userId, teamId, 'member'),
        {
          onRevoke: (tokenIds) => {
            for (const id of tokenIds) hub.tokenRevoked(id);
          },
          onRemoved: (userId, teamId) => hub.memberRemoved(userId, teamId),
          onReconnect: () => {
            metrics.inc('waypoint_listen_reconnects_total');
            void pokeConnectedTeams();
          },
          onState: (state, error) => {
            if (state === 'lost') {
              logEvent({
                time: new Date().toISOString(),
                event: 'listen-lost',
                error:
                  error instanceof Error ? error.message : error === undefined ? 'connection ended' : String(error),
              });
            } else logEvent({ time: new Date().toISOString(), event: 'listening' });
          },
        },
      )
    : undefined;
  const housekeeping = async () => {
    try {
      await options.storage.purgeInvites(Date.now() - SERVER_LIMITS.inviteRetentionMs);
    } catch (error) {
      logEvent({ time: new Date().toISOString(), event: 'invite-purge-failed', error: String(error) });
    }
    if (options.tombstoneTtlMs === undefined) return;
    try {
      await options.storage.compactTombstones({ olderThan: Date.now() - options.tombstoneTtlMs });
    } catch (error) {
      console.error('Tombstone compaction failed:', error);
    }
  };
  await housekeeping();
  // Webhook deliveries leave from here, never from the request that made the change.
  const webhooks = createWebhookDispatcher({
    storage: options.storage,
    ...(options.webhooks ? { options: options.webhooks } : {}),
    logEvent,
    metrics,
  });
  webhooks.start();
  const compactor = setInterval(housekeeping, options.purgeEveryMs ?? 3_600_000);
  compactor.unref();
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    close(graceMs = 5_000) {
      closing ??= (async () => {
        clearInterval(compactor);
        await webhooks.stop();
        await unlisten?.();
        await socket.close();
        server.off('connection', onConnection);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await options.storage.close();
      })();
      return closing;
    },
  };
}
