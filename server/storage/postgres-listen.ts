// The LISTEN connection of a PostgreSQL instance: pokes, new members, revocations and removals committed by other
// instances. It survives a database restart or pg_terminate_backend: on any error it reconnects with back-off,
// and after a reconnect it calls onReconnect (the server pokes every connected team once, since NOTIFYs sent while
// it was away are lost).
import pg from 'pg';

export interface ListenHandlers {
  onPoke(teamId: string, version: number): void;
  onMember?(userId: string, teamId: string): void;
  onRevoke?(tokenIds: string[]): void;
  onRemoved?(userId: string, teamId: string): void;
  onReconnect?(): void;
  /** Connection state changes, for logs and metrics. */
  onState?(state: 'listening' | 'lost', error?: unknown): void;
}

export interface ListenOptions {
  connectionString: string;
  channel: string;
  /** Notifications from this instance are skipped (it told its own listeners already). */
  instance: string;
  types?: pg.CustomTypesConfig;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export async function listenWithReconnect(
  options: ListenOptions,
  handlers: ListenHandlers,
): Promise<() => Promise<void>> {
  const minDelay = options.minDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 10_000;
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const onNotification = (n: pg.Notification) => {
    if (n.channel !== options.channel || !n.payload) return;
    let p: {
      instance?: string;
      kind?: string;
      teamId?: string;
      version?: number;
      userId?: string;
      tokenIds?: unknown;
    };
    try {
      p = JSON.parse(n.payload);
    } catch {
      return;
    }
    if (p.instance === options.instance) return;
    if (p.kind === 'member' && p.userId && p.teamId) handlers.onMember?.(p.userId, p.teamId);
    else if (p.kind === 'revoke' && Array.isArray(p.tokenIds)) {
      handlers.onRevoke?.(p.tokenIds.filter((t): t is string => typeof t === 'string'));
    } else if (p.kind === 'removed' && p.userId && p.teamId) handlers.onRemoved?.(p.userId, p.teamId);
    else if (typeof p.version === 'number' && p.teamId) handlers.onPoke(p.teamId, p.version);
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: options.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      ...(options.types ? { types: options.types } : {}),
    });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      c.removeAllListeners('notification');
      c.end().catch(() => undefined);
      if (client === c) client = undefined;
      if (stopped) return;
      handlers.onState?.('lost', error);
      schedule();
    };
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', onNotification);
    try {
      await c.connect();
      await c.query(`LISTEN ${options.channel}`);
    } catch (error) {
      lost = true;
      c.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
  };

  const schedule = () => {
    if (stopped || timer) return;
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt += 1;
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => {
          if (stopped || !client) return;
          attempt = 0;
          handlers.onState?.('listening');
          handlers.onReconnect?.();
        },
        (error) => {
          handlers.onState?.('lost', error);
          schedule();
        },
      );
    }, delay);
    timer.unref?.();
  };

  // The first connection must work: a server that cannot LISTEN at start fails to start.
  await connect();
  handlers.onState?.('listening');

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => undefined);
  };
}
