// PostgreSQL implementation of the HTTP API and webhooks part of the storage (see api.ts). Several server instances
// may drain one queue: a claim takes due rows `FOR UPDATE SKIP LOCKED` and leases them, so each delivery attempt
// is made by one instance (a lease that runs out, after a crash, lets another instance retry it).
import type pg from 'pg';
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
import type { PgMigration } from './postgres';
import { type PostgresChangeRecord, postgresChange } from './stored-change';

/** Versions 20–29 belong to the HTTP API and webhooks. */
export const POSTGRES_API_MIGRATIONS: PgMigration[] = [
  {
    version: 20,
    name: 'personal API tokens',
    sql: `
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL, scope TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, last_used_at BIGINT, revoked_at BIGINT
      );
      CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
    `,
  },
  {
    version: 21,
    name: 'webhooks, their delivery queue and attempt log',
    sql: `
      CREATE TABLE webhooks (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id), url TEXT NOT NULL, events JSONB NOT NULL,
        secret TEXT NOT NULL, enabled BOOLEAN NOT NULL, failures INTEGER NOT NULL DEFAULT 0, disabled_reason TEXT,
        created_by TEXT NOT NULL, created_at BIGINT NOT NULL
      );
      CREATE INDEX webhooks_by_team ON webhooks(team_id);
      CREATE TABLE webhook_deliveries (
        id TEXT COLLATE "C" PRIMARY KEY, webhook_id TEXT NOT NULL, team_id TEXT NOT NULL, event TEXT NOT NULL,
        payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL, locked_until BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
      CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries(webhook_id, status);
      CREATE TABLE webhook_attempts (
        id TEXT COLLATE "C" PRIMARY KEY, webhook_id TEXT NOT NULL, delivery_id TEXT NOT NULL, event TEXT NOT NULL,
        at BIGINT NOT NULL, attempt INTEGER NOT NULL, ok BOOLEAN NOT NULL, status_code INTEGER, error TEXT,
        duration_ms INTEGER NOT NULL
      );
      CREATE INDEX webhook_attempts_by_hook ON webhook_attempts(webhook_id, at);
    `,
  },
];

const TOUCH_EVERY_MS = 60_000;

type HookRow = {
  id: string;
  team_id: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  failures: number;
  disabled_reason: string | null;
  created_by: string;
  created_at: number;
};
const toHook = (r: HookRow): WebhookRecord => ({
  id: r.id,
  teamId: r.team_id,
  url: r.url,
  events: r.events,
  enabled: r.enabled,
  failures: r.failures,
  disabledReason: r.disabled_reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export interface PostgresApiPart extends ApiStorage {
  /** Inside the push transaction: one queued delivery per event and subscribed, enabled webhook of the team. */
  recordPushEvents(
    c: pg.PoolClient,
    input: {
      teamId: string;
      actorId: string;
      writes: readonly RowWrite[];
      before: ReadonlyMap<string, StoredRow>;
      now: number;
    },
  ): Promise<void>;
}

export function createPostgresApi(
  pool: pg.Pool,
  tx: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>,
): PostgresApiPart {
  return {
    async recordPushEvents(c, { teamId, actorId, writes, before, now }) {
      const hooks = (await c.query('SELECT id, events FROM webhooks WHERE team_id = $1 AND enabled', [teamId]))
        .rows as { id: string; events: string[] }[];
      if (hooks.length === 0) return;
      const ids: string[] = [];
      const hookIds: string[] = [];
      const types: string[] = [];
      const bodies: string[] = [];
      for (const event of deriveEvents(writes, before)) {
        const targets = hooks.filter((h) => h.events.includes(event.type));
        if (targets.length === 0) continue;
        const body = eventBody({ id: uuidv7(now), event, teamId, actorId, at: now });
        for (const hook of targets) {
          ids.push(uuidv7(now));
          hookIds.push(hook.id);
          types.push(event.type);
          bodies.push(body);
        }
      }
      if (ids.length === 0) return;
      await c.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, team_id, event, payload, status, next_attempt_at, created_at)
         SELECT t.id, t.hook, $1, t.event, t.body, 'pending', $2, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, hook, event, body)`,
        [teamId, now, ids, hookIds, types, bodies],
      );
    },
    async createApiToken({ id, userId, name, scope, hash, now }) {
      await pool.query(
        'INSERT INTO api_tokens (id, user_id, name, scope, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, userId, name, scope, hash, now],
      );
      return { id, name, scope, createdAt: now, lastUsedAt: null };
    },
    async listApiTokens(userId) {
      return (
        await pool.query(
          `SELECT id, name, scope, created_at AS "createdAt", last_used_at AS "lastUsedAt" FROM api_tokens
           WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
          [userId],
        )
      ).rows as ApiTokenRecord[];
    },
    async revokeApiToken(userId, tokenId, now) {
      const res = await pool.query(
        'UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL',
        [now, tokenId, userId],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async authenticateApiToken(hash, now) {
      const r = (
        await pool.query(
          `SELECT t.id AS "tokenId", t.user_id AS "userId", u.name AS "userName", t.scope, t.last_used_at AS "lastUsedAt"
           FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1 AND t.revoked_at IS NULL`,
          [hash],
        )
      ).rows[0] as (ApiAuthRecord & { lastUsedAt: number | null }) | undefined;
      if (!r) return undefined;
      if (r.lastUsedAt === null || now - r.lastUsedAt >= TOUCH_EVERY_MS) {
        await pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now, r.tokenId]);
      }
      return { userId: r.userId, userName: r.userName, tokenId: r.tokenId, scope: r.scope };
    },
    async readRow(teamId, table, key) {
      const r = (
        await pool.query(
          'SELECT tbl, key, fields, hlc, hlcs, deleted, version FROM sync_rows WHERE team_id = $1 AND tbl = $2 AND key = $3',
          [teamId, table, key],
        )
      ).rows[0] as PostgresChangeRecord | undefined;
      return r ? postgresChange(r) : undefined;
    },
    async scanRows({ teamId, table, afterKey, limit }) {
      return (
        (
          await pool.query(
            `SELECT tbl, key, fields, hlc, hlcs, deleted, version FROM sync_rows
             WHERE team_id = $1 AND tbl = $2 AND key > $3 AND NOT deleted ORDER BY key LIMIT $4`,
            [teamId, table, afterKey, limit],
          )
        ).rows as PostgresChangeRecord[]
      ).map(postgresChange);
    },
    async forgetClient(teamId, clientId) {
      await pool.query('DELETE FROM client_seqs WHERE team_id = $1 AND client_id = $2', [teamId, clientId]);
      await pool.query('DELETE FROM rejections WHERE team_id = $1 AND client_id = $2', [teamId, clientId]);
    },
    async createWebhook({ id, teamId, url, events, secret, createdBy, createdAt }) {
      await pool.query(
        `INSERT INTO webhooks (id, team_id, url, events, secret, enabled, created_by, created_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, true, $6, $7)`,
        [id, teamId, url, JSON.stringify(events), secret, createdBy, createdAt],
      );
    },
    async listWebhooks(teamId) {
      return (
        (await pool.query('SELECT * FROM webhooks WHERE team_id = $1 ORDER BY created_at, id', [teamId]))
          .rows as HookRow[]
      ).map(toHook);
    },
    async getWebhook(teamId, id) {
      const r = (await pool.query('SELECT * FROM webhooks WHERE team_id = $1 AND id = $2', [teamId, id])).rows[0] as
        | HookRow
        | undefined;
      return r ? toHook(r) : undefined;
    },
    async updateWebhook(teamId, id, patch) {
      return tx(async (c) => {
        const found = (await c.query('SELECT id FROM webhooks WHERE team_id = $1 AND id = $2 FOR UPDATE', [teamId, id]))
          .rows[0];
        if (!found) return undefined;
        if (patch.url !== undefined) await c.query('UPDATE webhooks SET url = $1 WHERE id = $2', [patch.url, id]);
        if (patch.events !== undefined) {
          await c.query('UPDATE webhooks SET events = $1::jsonb WHERE id = $2', [JSON.stringify(patch.events), id]);
        }
        if (patch.enabled === true) {
          await c.query('UPDATE webhooks SET enabled = true, failures = 0, disabled_reason = NULL WHERE id = $1', [id]);
        }
        if (patch.enabled === false) {
          await c.query('UPDATE webhooks SET enabled = false, disabled_reason = NULL WHERE id = $1', [id]);
        }
        return toHook((await c.query('SELECT * FROM webhooks WHERE id = $1', [id])).rows[0] as HookRow);
      });
    },
    async deleteWebhook(teamId, id) {
      return tx(async (c) => {
        const res = await c.query('DELETE FROM webhooks WHERE team_id = $1 AND id = $2', [teamId, id]);
        if ((res.rowCount ?? 0) === 0) return false;
        await c.query('DELETE FROM webhook_deliveries WHERE webhook_id = $1', [id]);
        await c.query('DELETE FROM webhook_attempts WHERE webhook_id = $1', [id]);
        return true;
      });
    },
    async listAttempts(webhookId, limit) {
      return (
        await pool.query(
          `SELECT id, delivery_id AS "deliveryId", event, at, attempt, ok, status_code AS "statusCode", error,
             duration_ms AS "durationMs" FROM webhook_attempts WHERE webhook_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
          [webhookId, limit],
        )
      ).rows as DeliveryAttemptRecord[];
    },
    async claimDeliveries({ now, leaseMs, limit }) {
      // SKIP LOCKED: instances claiming at the same moment take disjoint rows instead of waiting for each other.
      return (
        await pool.query(
          `WITH due AS (
             SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.locked_until <= $1 AND w.enabled
             ORDER BY d.next_attempt_at, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED
           )
           UPDATE webhook_deliveries d SET locked_until = $2 FROM due, webhooks w
           WHERE d.id = due.id AND w.id = d.webhook_id
           RETURNING d.id, d.webhook_id AS "webhookId", d.team_id AS "teamId", d.event, d.payload, d.attempts,
             w.url, w.secret`,
          [now, now + leaseMs, limit],
        )
      ).rows as ClaimedDelivery[];
    },
    async finishDelivery(r) {
      await tx(async (c) => {
        const status = r.ok ? 'delivered' : r.retryAt === null ? 'failed' : 'pending';
        const updated = await c.query(
          `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, locked_until = 0,
             next_attempt_at = COALESCE($2, next_attempt_at) WHERE id = $3 RETURNING event, attempts`,
          [status, r.retryAt, r.deliveryId],
        );
        const delivery = updated.rows[0] as { event: string; attempts: number } | undefined;
        if (!delivery) return;
        await c.query(
          `INSERT INTO webhook_attempts (id, webhook_id, delivery_id, event, at, attempt, ok, status_code, error, duration_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            uuidv7(r.now),
            r.webhookId,
            r.deliveryId,
            delivery.event,
            r.now,
            delivery.attempts,
            r.ok,
            r.statusCode,
            r.error,
            Math.round(r.durationMs),
          ],
        );
        if (r.ok) await c.query('UPDATE webhooks SET failures = 0 WHERE id = $1', [r.webhookId]);
        else {
          const failures = (
            await c.query('UPDATE webhooks SET failures = failures + 1 WHERE id = $1 RETURNING failures', [r.webhookId])
          ).rows[0]?.failures as number | undefined;
          if (failures !== undefined && failures >= r.disableAfter) {
            await c.query('UPDATE webhooks SET enabled = false, disabled_reason = $1 WHERE id = $2', [
              `Disabled after ${failures} failed deliveries in a row`,
              r.webhookId,
            ]);
          }
        }
        await c.query(
          `DELETE FROM webhook_attempts WHERE webhook_id = $1 AND id NOT IN (
             SELECT id FROM webhook_attempts WHERE webhook_id = $1 ORDER BY at DESC, id DESC LIMIT ${ATTEMPTS_KEPT})`,
          [r.webhookId],
        );
        await c.query(
          `DELETE FROM webhook_deliveries WHERE webhook_id = $1 AND status != 'pending' AND id NOT IN (
             SELECT id FROM webhook_deliveries WHERE webhook_id = $1 AND status != 'pending'
             ORDER BY id DESC LIMIT ${ATTEMPTS_KEPT})`,
          [r.webhookId],
        );
      });
    },
    async pendingDeliveries(webhookId) {
      return Number(
        (
          await pool.query(
            "SELECT COUNT(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'pending'",
            [webhookId],
          )
        ).rows[0].n,
      );
    },
  };
}
