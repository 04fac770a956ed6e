// Start the HTTP server and its WebSocket on a storage; used by server/index.ts, tests and benchmarks.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app';
import { createPokeHub } from './pokes';
import type { Storage } from './storage/types';
import { attachSyncSocket } from './ws';

type PokeSource = (
  onPoke: (teamId: string, version: number) => void,
  onMember: (userId: string, teamId: string) => void,
) => Promise<() => Promise<void>>;

export interface StartOptions extends Omit<AppOptions, 'hub'> {
  storage: Storage;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  heartbeatMs?: number;
  /** Tombstones older than this are compacted (checked at start and every hour); undefined keeps them forever. */
  tombstoneTtlMs?: number;
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
  const app = createApp({ ...options, hub });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8787 }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const socket = attachSyncSocket({
    server,
    storage: options.storage,
    hub,
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  const { port } = server.address() as AddressInfo;
  // With PostgreSQL, pokes committed by other instances arrive through LISTEN/NOTIFY.
  const listenPokes = (options.storage as { listenPokes?: PokeSource }).listenPokes;
  const unlisten = listenPokes
    ? await listenPokes.call(
        options.storage,
        (teamId, version) => hub.publish(teamId, version),
        (userId, teamId) => hub.memberAdded(userId, teamId, 'member'),
      )
    : undefined;
  const compact = async () => {
    if (options.tombstoneTtlMs === undefined) return;
    try {
      await options.storage.compactTombstones({ olderThan: Date.now() - options.tombstoneTtlMs });
    } catch (error) {
      console.error('Tombstone compaction failed:', error);
    }
  };
  await compact();
  const compactor = setInterval(compact, 3_600_000);
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
        await unlisten?.();
        await socket.close();
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
