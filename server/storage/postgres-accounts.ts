// PostgreSQL implementation of the member lifecycle and device token methods (see accounts.ts). Revocations and
// removals are NOTIFYed inside their transaction, so every instance closes the sockets concerned at commit.
import type pg from 'pg';
import type { Role } from '../../shared/schemas/team';
import type { AccountStorage, DeviceRecord } from './accounts';
import type { PgMigration } from './postgres';

/** Versions 10–19 belong to the member lifecycle. */
export const POSTGRES_ACCOUNT_MIGRATIONS: PgMigration[] = [
  {
    version: 10,
    name: 'device tokens: name and last use; indexes for token lists and invite purging',
    sql: `
      ALTER TABLE tokens ADD COLUMN name TEXT;
      ALTER TABLE tokens ADD COLUMN last_used_at BIGINT;
      CREATE INDEX tokens_by_user ON tokens(user_id);
      CREATE INDEX invites_by_expiry ON invites(expires_at);
    `,
  },
];

const TOUCH_EVERY_MS = 60_000;

/** Connection-level failures: the database is down, restarting, or dropped this connection. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown (restart, pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

export function isPgUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connection error|Connection ended/i.test(
    error.message,
  );
}

export type PgNotifier = (client: pg.PoolClient, payload: Record<string, unknown>) => Promise<void>;

export function createPostgresAccounts(
  pool: pg.Pool,
  tx: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>,
  notify: PgNotifier,
): AccountStorage {
  return {
    async touchToken(tokenId, now, idleMs) {
      const row = (
        await pool.query('SELECT created_at AS "createdAt", last_used_at AS "lastUsedAt" FROM tokens WHERE id = $1', [
          tokenId,
        ])
      ).rows[0] as { createdAt: number; lastUsedAt: number | null } | undefined;
      if (!row) return false;
      if (idleMs !== null && now - (row.lastUsedAt ?? row.createdAt) > idleMs) return false;
      if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS) {
        await pool.query('UPDATE tokens SET last_used_at = $1 WHERE id = $2', [now, tokenId]);
      }
      return true;
    },
    async listTokens(userId) {
      return (
        await pool.query(
          `SELECT id, COALESCE(name, '') AS name, created_at AS "createdAt", last_used_at AS "lastUsedAt" FROM tokens
           WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
          [userId],
        )
      ).rows as DeviceRecord[];
    },
    async nameToken(userId, tokenId, name) {
      const res = await pool.query(
        'UPDATE tokens SET name = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL',
        [name, tokenId, userId],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async revokeUserToken(userId, tokenId, now) {
      return tx(async (c) => {
        const res = await c.query(
          'UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL',
          [now, tokenId, userId],
        );
        if ((res.rowCount ?? 0) === 0) return false;
        await notify(c, { kind: 'revoke', tokenIds: [tokenId] });
        return true;
      });
    },
    async capTokens(userId, max, now) {
      return tx(async (c) => {
        const live = (
          await c.query(
            `SELECT id FROM tokens WHERE user_id = $1 AND revoked_at IS NULL
             ORDER BY COALESCE(last_used_at, created_at) DESC, created_at DESC, id DESC FOR UPDATE`,
            [userId],
          )
        ).rows.map((r) => r.id as string);
        const ids = live.slice(max);
        if (ids.length === 0) return [];
        await c.query('UPDATE tokens SET revoked_at = $1 WHERE id = ANY($2::text[])', [now, ids]);
        await notify(c, { kind: 'revoke', tokenIds: ids });
        return ids;
      });
    },
    async removeMember({ teamId, userId, now, revokeWhenNoTeamLeft }) {
      return tx(async (c) => {
        const team = (await c.query('SELECT personal FROM teams WHERE id = $1', [teamId])).rows[0] as
          | { personal: boolean }
          | undefined;
        if (!team || team.personal) return { removed: false, revokedTokenIds: [] };
        const res = await c.query('DELETE FROM members WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
        if ((res.rowCount ?? 0) === 0) return { removed: false, revokedTokenIds: [] };
        let revokedTokenIds: string[] = [];
        if (revokeWhenNoTeamLeft) {
          const left = (
            await c.query(
              'SELECT COUNT(*)::int AS n FROM members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = $1 AND NOT t.personal',
              [userId],
            )
          ).rows[0].n as number;
          if (left === 0) {
            revokedTokenIds = (
              await c.query(
                'UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING id',
                [now, userId],
              )
            ).rows.map((r) => r.id as string);
            // Personal API tokens (migration 20) end with the account's devices.
            await c.query('UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [
              now,
              userId,
            ]);
          }
        }
        await notify(c, { kind: 'removed', userId, teamId });
        if (revokedTokenIds.length > 0) await notify(c, { kind: 'revoke', tokenIds: revokedTokenIds });
        return { removed: true, revokedTokenIds };
      });
    },
    async setMemberRole({ teamId, userId, role }) {
      const res = await pool.query('UPDATE members SET role = $1 WHERE team_id = $2 AND user_id = $3', [
        role,
        teamId,
        userId,
      ]);
      return (res.rowCount ?? 0) > 0;
    },
    async transferOwnership({ teamId, from, to }) {
      return tx(async (c) => {
        const roles = new Map(
          (
            await c.query(
              'SELECT user_id, role FROM members WHERE team_id = $1 AND user_id = ANY($2::text[]) FOR UPDATE',
              [teamId, [from, to]],
            )
          ).rows.map((r) => [r.user_id as string, r.role as Role]),
        );
        if (from === to || roles.get(from) !== 'owner' || !roles.has(to)) return false;
        await c.query("UPDATE members SET role = 'admin' WHERE team_id = $1 AND user_id = $2", [teamId, from]);
        await c.query("UPDATE members SET role = 'owner' WHERE team_id = $1 AND user_id = $2", [teamId, to]);
        return true;
      });
    },
    async purgeInvites(before) {
      return (await pool.query('DELETE FROM invites WHERE expires_at < $1 OR used_at < $1', [before])).rowCount ?? 0;
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    isUnavailableError: isPgUnavailable,
  };
}
