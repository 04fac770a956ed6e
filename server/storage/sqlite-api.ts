// SQLite implementation of the HTTP API and webhooks part of the storage (see api.ts). Webhook deliveries are
// enqueued by `recordPushEvents` inside the push transaction, so an event exists exactly when its change does.
import type Database from 'better-sqlite3';
import { uuidv7 } from '../../shared/id';
import type { RowWrite, StoredRow } from '../sync/push-plan';
import { deriveEvents, eventBody, type WebhookEventType } from '../webhooks/events';
import {
  type ApiAuthRecord,
  type ApiStorage,
  type ApiTokenRecord,
  ATTEMPTS_KEPT,
  type ClaimedDelivery,
  type DeliveryAttemptRecord,
  type WebhookRecord,
} from './api';
import type { Migration } from './sqlite';
import { type SqliteChangeRecord, sqliteChange } from './stored-change';

/** Versions 20–29 belong to the HTTP API and webhooks. */
export const SQLITE_API_MIGRATIONS: Migration[] = [
  {
    version: 20,
    name: 'personal API tokens',
    sql: `
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL, scope TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, last_used_at INTEGER, revoked_at INTEGER
      );
      CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
    `,
  },
  {
    version: 21,
    name: 'webhooks, their delivery queue and attempt log',
    sql: `
      CREATE TABLE webhooks (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id), url TEXT NOT NULL, events TEXT NOT NULL,
        secret TEXT NOT NULL, enabled INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0, disabled_reason TEXT,
        created_by TEXT NOT NULL, created_at INTEGER NOT NULL
      );
      CREATE INDEX webhooks_by_team ON webhooks(team_id);
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, team_id TEXT NOT NULL, event TEXT NOT NULL, payload TEXT NOT NULL,
        status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
        locked_until INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
      CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries(webhook_id, status);
      CREATE TABLE webhook_attempts (
        id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, delivery_id TEXT NOT NULL, event TEXT NOT NULL,
        at INTEGER NOT NULL, attempt INTEGER NOT NULL, ok INTEGER NOT NULL, status_code INTEGER, error TEXT,
        duration_ms INTEGER NOT NULL
      );
      CREATE INDEX webhook_attempts_by_hook ON webhook_attempts(webhook_id, at);
    `,
  },
];

/** A use is recorded at most this often per token. */
const TOUCH_EVERY_MS = 60_000;

type HookRow = {
  id: string;
  team_id: string;
  url: string;
  events: string;
  enabled: number;
  failures: number;
  disabled_reason: string | null;
  created_by: string;
  created_at: number;
};
const toHook = (r: HookRow): WebhookRecord => ({
  id: r.id,
  teamId: r.team_id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEventType[],
  enabled: r.enabled === 1,
  failures: r.failures,
  disabledReason: r.disabled_reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export interface SqliteApiPart extends ApiStorage {
  /** Inside the push transaction: one queued delivery per event and subscribed, enabled webhook of the team. */
  recordPushEvents(input: {
    teamId: string;
    actorId: string;
    writes: readonly RowWrite[];
    before: ReadonlyMap<string, StoredRow>;
    now: number;
  }): void;
}

export function createSqliteApi(db: Database.Database): SqliteApiPart {
  const q = {
    insertToken: db.prepare(
      'INSERT INTO api_tokens (id, user_id, name, scope, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    listTokens: db.prepare(
      `SELECT id, name, scope, created_at AS createdAt, last_used_at AS lastUsedAt FROM api_tokens
       WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at, id`,
    ),
    revokeToken: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL'),
    auth: db.prepare(
      `SELECT t.id AS tokenId, t.user_id AS userId, u.name AS userName, t.scope, t.last_used_at AS lastUsedAt
       FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.revoked_at IS NULL`,
    ),
    touch: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    readRow: db.prepare(
      'SELECT tbl, key, fields, hlc, hlcs, deleted, version FROM sync_rows WHERE team_id = ? AND tbl = ? AND key = ?',
    ),
    scan: db.prepare(
      `SELECT tbl, key, fields, hlc, hlcs, deleted, version FROM sync_rows
       WHERE team_id = ? AND tbl = ? AND key > ? AND deleted = 0 ORDER BY key LIMIT ?`,
    ),
    forgetSeq: db.prepare('DELETE FROM client_seqs WHERE team_id = ? AND client_id = ?'),
    forgetRejections: db.prepare('DELETE FROM rejections WHERE team_id = ? AND client_id = ?'),
    insertHook: db.prepare(
      `INSERT INTO webhooks (id, team_id, url, events, secret, enabled, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    listHooks: db.prepare('SELECT * FROM webhooks WHERE team_id = ? ORDER BY created_at, id'),
    getHook: db.prepare('SELECT * FROM webhooks WHERE team_id = ? AND id = ?'),
    enabledHooks: db.prepare('SELECT id, events FROM webhooks WHERE team_id = ? AND enabled = 1'),
    setUrl: db.prepare('UPDATE webhooks SET url = ? WHERE id = ?'),
    setEvents: db.prepare('UPDATE webhooks SET events = ? WHERE id = ?'),
    enable: db.prepare('UPDATE webhooks SET enabled = 1, failures = 0, disabled_reason = NULL WHERE id = ?'),
    disable: db.prepare('UPDATE webhooks SET enabled = 0, disabled_reason = ? WHERE id = ?'),
    deleteHook: db.prepare('DELETE FROM webhooks WHERE team_id = ? AND id = ?'),
    deleteDeliveries: db.prepare('DELETE FROM webhook_deliveries WHERE webhook_id = ?'),
    deleteAttempts: db.prepare('DELETE FROM webhook_attempts WHERE webhook_id = ?'),
    enqueue: db.prepare(
      `INSERT INTO webhook_deliveries (id, webhook_id, team_id, event, payload, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    attempts: db.prepare(
      `SELECT id, delivery_id AS deliveryId, event, at, attempt, ok, status_code AS statusCode, error,
         duration_ms AS durationMs FROM webhook_attempts WHERE webhook_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    claim: db.prepare(
      `UPDATE webhook_deliveries SET locked_until = ? WHERE id IN (
         SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.locked_until <= ? AND w.enabled = 1
         ORDER BY d.next_attempt_at, d.id LIMIT ?)
       RETURNING id, webhook_id AS webhookId, team_id AS teamId, event, payload, attempts`,
    ),
    hookSecret: db.prepare('SELECT url, secret FROM webhooks WHERE id = ?'),
    done: db.prepare(
      "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, locked_until = 0 WHERE id = ?",
    ),
    retry: db.prepare(
      'UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, locked_until = 0 WHERE id = ?',
    ),
    giveUp: db.prepare(
      "UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, locked_until = 0 WHERE id = ?",
    ),
    attemptNo: db.prepare('SELECT attempts FROM webhook_deliveries WHERE id = ?'),
    logAttempt: db.prepare(
      `INSERT INTO webhook_attempts (id, webhook_id, delivery_id, event, at, attempt, ok, status_code, error, duration_ms)
       SELECT ?, ?, id, event, ?, attempts, ?, ?, ?, ? FROM webhook_deliveries WHERE id = ?`,
    ),
    pruneAttempts: db.prepare(
      `DELETE FROM webhook_attempts WHERE webhook_id = ? AND id NOT IN (
         SELECT id FROM webhook_attempts WHERE webhook_id = ? ORDER BY at DESC, id DESC LIMIT ${ATTEMPTS_KEPT})`,
    ),
    pruneFinished: db.prepare(
      `DELETE FROM webhook_deliveries WHERE webhook_id = ? AND status != 'pending' AND id NOT IN (
         SELECT id FROM webhook_deliveries WHERE webhook_id = ? AND status != 'pending' ORDER BY id DESC LIMIT ${ATTEMPTS_KEPT})`,
    ),
    succeeded: db.prepare('UPDATE webhooks SET failures = 0 WHERE id = ?'),
    failed: db.prepare('UPDATE webhooks SET failures = failures + 1 WHERE id = ? RETURNING failures'),
    pending: db.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND status = 'pending'"),
  };

  const deleteTx = db.transaction((teamId: string, id: string) => {
    if (q.deleteHook.run(teamId, id).changes === 0) return false;
    q.deleteDeliveries.run(id);
    q.deleteAttempts.run(id);
    return true;
  });

  const updateTx = db.transaction(
    (teamId: string, id: string, patch: { url?: string; events?: WebhookEventType[]; enabled?: boolean }) => {
      if (!q.getHook.get(teamId, id)) return undefined;
      if (patch.url !== undefined) q.setUrl.run(patch.url, id);
      if (patch.events !== undefined) q.setEvents.run(JSON.stringify(patch.events), id);
      if (patch.enabled === true) q.enable.run(id);
      if (patch.enabled === false) q.disable.run(null, id);
      return toHook(q.getHook.get(teamId, id) as HookRow);
    },
  );

  const finishTx = db.transaction((r: Parameters<ApiStorage['finishDelivery']>[0]) => {
    if (!q.attemptNo.get(r.deliveryId)) return;
    if (r.ok) q.done.run(r.deliveryId);
    else if (r.retryAt === null) q.giveUp.run(r.deliveryId);
    else q.retry.run(r.retryAt, r.deliveryId);
    q.logAttempt.run(
      uuidv7(r.now),
      r.webhookId,
      r.now,
      r.ok ? 1 : 0,
      r.statusCode,
      r.error,
      Math.round(r.durationMs),
      r.deliveryId,
    );
    if (r.ok) q.succeeded.run(r.webhookId);
    else {
      const failures = (q.failed.get(r.webhookId) as { failures: number } | undefined)?.failures ?? 0;
      if (failures >= r.disableAfter) {
        q.disable.run(`Disabled after ${failures} failed deliveries in a row`, r.webhookId);
      }
    }
    q.pruneAttempts.run(r.webhookId, r.webhookId);
    q.pruneFinished.run(r.webhookId, r.webhookId);
  });

  return {
    recordPushEvents({ teamId, actorId, writes, before, now }) {
      const hooks = q.enabledHooks.all(teamId) as { id: string; events: string }[];
      if (hooks.length === 0) return;
      const subscribed = hooks.map((h) => ({ id: h.id, events: new Set(JSON.parse(h.events) as string[]) }));
      for (const event of deriveEvents(writes, before)) {
        const targets = subscribed.filter((h) => h.events.has(event.type));
        if (targets.length === 0) continue;
        const body = eventBody({ id: uuidv7(now), event, teamId, actorId, at: now });
        for (const hook of targets) q.enqueue.run(uuidv7(now), hook.id, teamId, event.type, body, now, now);
      }
    },
    async createApiToken({ id, userId, name, scope, hash, now }) {
      q.insertToken.run(id, userId, name, scope, hash, now);
      return { id, name, scope, createdAt: now, lastUsedAt: null };
    },
    async listApiTokens(userId) {
      return q.listTokens.all(userId) as ApiTokenRecord[];
    },
    async revokeApiToken(userId, tokenId, now) {
      return q.revokeToken.run(now, tokenId, userId).changes > 0;
    },
    async authenticateApiToken(hash, now) {
      const r = q.auth.get(hash) as (ApiAuthRecord & { lastUsedAt: number | null }) | undefined;
      if (!r) return undefined;
      if (r.lastUsedAt === null || now - r.lastUsedAt >= TOUCH_EVERY_MS) q.touch.run(now, r.tokenId);
      return { userId: r.userId, userName: r.userName, tokenId: r.tokenId, scope: r.scope };
    },
    async readRow(teamId, table, key) {
      const r = q.readRow.get(teamId, table, key) as SqliteChangeRecord | undefined;
      return r ? sqliteChange(r) : undefined;
    },
    async scanRows({ teamId, table, afterKey, limit }) {
      return (q.scan.all(teamId, table, afterKey, limit) as SqliteChangeRecord[]).map(sqliteChange);
    },
    async forgetClient(teamId, clientId) {
      q.forgetSeq.run(teamId, clientId);
      q.forgetRejections.run(teamId, clientId);
    },
    async createWebhook({ id, teamId, url, events, secret, createdBy, createdAt }) {
      q.insertHook.run(id, teamId, url, JSON.stringify(events), secret, createdBy, createdAt);
    },
    async listWebhooks(teamId) {
      return (q.listHooks.all(teamId) as HookRow[]).map(toHook);
    },
    async getWebhook(teamId, id) {
      const r = q.getHook.get(teamId, id) as HookRow | undefined;
      return r ? toHook(r) : undefined;
    },
    async updateWebhook(teamId, id, patch) {
      return updateTx.immediate(teamId, id, patch);
    },
    async deleteWebhook(teamId, id) {
      return deleteTx.immediate(teamId, id);
    },
    async listAttempts(webhookId, limit) {
      return (q.attempts.all(webhookId, limit) as (Omit<DeliveryAttemptRecord, 'ok'> & { ok: number })[]).map((a) => ({
        ...a,
        ok: a.ok === 1,
      }));
    },
    async claimDeliveries({ now, leaseMs, limit }) {
      const claimed = db.transaction(() => {
        const rows = q.claim.all(now + leaseMs, now, now, limit) as Omit<ClaimedDelivery, 'url' | 'secret'>[];
        return rows.map((r) => ({ ...r, ...(q.hookSecret.get(r.webhookId) as { url: string; secret: string }) }));
      });
      return claimed.immediate() as ClaimedDelivery[];
    },
    async finishDelivery(result) {
      finishTx.immediate(result);
    },
    async pendingDeliveries(webhookId) {
      return (q.pending.get(webhookId) as { n: number }).n;
    },
  };
}
