// The sync server (loaded by server/index.ts): read the environment, open the storage, start the server, and shut down
// cleanly on SIGTERM.
import { join, resolve } from 'node:path';
import { SERVER_LIMITS } from '../shared/server-limits';
import { matchesHash, newAdminCode, sha256 } from './crypto';
import { startServer } from './start';
import { createSqliteStorage } from './storage/sqlite';
import type { Storage } from './storage/types';

const ADMIN_CODE_SETTING = 'admin_code_hash';

async function openStorage(): Promise<{ storage: Storage; where: string }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const { createPostgresStorage } = await import('./storage/postgres');
    return { storage: await createPostgresStorage({ connectionString: databaseUrl }), where: 'PostgreSQL' };
  }
  const dir = resolve(process.env.WAYPOINT_DATA ?? './data');
  const path = join(dir, 'waypoint.sqlite');
  return { storage: createSqliteStorage({ path }), where: path };
}

/** With WAYPOINT_SIGNUP=closed, team creation needs an admin code: printed once, at the first start. */
async function adminCodeHash(storage: Storage): Promise<string | undefined> {
  if (process.env.WAYPOINT_SIGNUP !== 'closed') return undefined;
  const fromEnv = process.env.WAYPOINT_ADMIN_CODE;
  if (fromEnv) {
    const hash = sha256(fromEnv);
    await storage.setSetting(ADMIN_CODE_SETTING, hash);
    return hash;
  }
  const stored = await storage.getSetting(ADMIN_CODE_SETTING);
  if (stored) {
    console.log('Team creation is closed: it needs the admin code printed at the first start.');
    return stored;
  }
  const code = newAdminCode();
  const hash = sha256(code);
  if (!matchesHash(code, hash)) throw new Error('admin code hashing is broken');
  await storage.setSetting(ADMIN_CODE_SETTING, hash);
  console.log(`Team creation is closed. Admin code (shown once, keep it): ${code}`);
  return hash;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid PORT: ${process.env.PORT}`);
  const host = process.env.HOST ?? '127.0.0.1';
  const { storage, where } = await openStorage();
  const codeHash = await adminCodeHash(storage);
  const corsOrigins = (process.env.WAYPOINT_CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const tombstoneDays = Number(process.env.WAYPOINT_TOMBSTONE_DAYS ?? 90);
  if (!Number.isFinite(tombstoneDays) || tombstoneDays < 0) {
    throw new Error(`Invalid WAYPOINT_TOMBSTONE_DAYS: ${process.env.WAYPOINT_TOMBSTONE_DAYS}`);
  }
  // WAYPOINT_TRUST_PROXY=N: N reverse proxies in front append to X-Forwarded-For (1 for one TLS proxy).
  const trustProxy = Number(process.env.WAYPOINT_TRUST_PROXY ?? 0);
  if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 10) {
    throw new Error(`Invalid WAYPOINT_TRUST_PROXY: ${process.env.WAYPOINT_TRUST_PROXY} (a number of proxies, 0–10)`);
  }
  const idleDays = Number(process.env.WAYPOINT_TOKEN_IDLE_DAYS ?? SERVER_LIMITS.defaultTokenIdleDays);
  if (!Number.isFinite(idleDays) || idleDays < 0) {
    throw new Error(`Invalid WAYPOINT_TOKEN_IDLE_DAYS: ${process.env.WAYPOINT_TOKEN_IDLE_DAYS}`);
  }
  const quiet = process.env.WAYPOINT_LOG === 'off';
  const webhookRetryMs = Number(process.env.WAYPOINT_WEBHOOK_RETRY_BASE_MS ?? 30_000);
  if (!Number.isFinite(webhookRetryMs) || webhookRetryMs < 10) {
    throw new Error(`Invalid WAYPOINT_WEBHOOK_RETRY_BASE_MS: ${process.env.WAYPOINT_WEBHOOK_RETRY_BASE_MS}`);
  }
  const server = await startServer({
    storage,
    host,
    port,
    corsOrigins,
    trustProxy,
    // 0 never expires an unused token.
    tokenIdleMs: idleDays > 0 ? idleDays * 86_400_000 : null,
    ...(process.env.WAYPOINT_METRICS_TOKEN ? { metricsToken: process.env.WAYPOINT_METRICS_TOKEN } : {}),
    ...(quiet ? {} : { logRequest: (line) => process.stdout.write(`${JSON.stringify(line)}\n`) }),
    ...(process.env.WAYPOINT_PUBLIC_URL ? { publicUrl: process.env.WAYPOINT_PUBLIC_URL } : {}),
    // 0 keeps tombstones forever.
    ...(tombstoneDays > 0 ? { tombstoneTtlMs: tombstoneDays * 86_400_000 } : {}),
    ...(codeHash ? { adminCodeHash: codeHash } : {}),
    webhooks: {
      // Off by default: a webhook URL must not reach into the server's own network (SSRF).
      allowPrivateTargets: process.env.WAYPOINT_WEBHOOK_ALLOW_PRIVATE === '1',
      retryBaseMs: webhookRetryMs,
      ...(process.env.WAYPOINT_WEBHOOK_POLL_MS
        ? { pollMs: Math.max(50, Number(process.env.WAYPOINT_WEBHOOK_POLL_MS)) }
        : {}),
    },
  });
  console.log(`Waypoint sync server listening on ${server.url} (data: ${where})`);
  console.log(
    `Create the first team: in the extension's options page choose "Create a team" with server ${server.url},\n` +
      `  or: curl -X POST ${server.url}/v1/teams -H 'content-type: application/json' -d '{"teamName":"My team","userName":"Me"${codeHash ? ',"adminCode":"…"' : ''}}'`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests and closing the database…`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
