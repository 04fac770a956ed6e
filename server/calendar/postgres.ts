// PostgreSQL implementation of the calendar feed storage (see storage.ts); migrations 30–39 belong to the feed.
import type pg from 'pg';
import type { PgMigration } from '../storage/postgres';
import { type PostgresChangeRecord, postgresChange } from '../storage/stored-change';
import type { CalendarFeedRecord, CalendarStorage } from './storage';

export const POSTGRES_CALENDAR_MIGRATIONS: PgMigration[] = [
  {
    version: 30,
    name: 'calendar feeds: one private ICS link per account',
    sql: `
      CREATE TABLE calendar_feeds (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), token_hash TEXT NOT NULL UNIQUE,
        time_zone TEXT NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT
      );
      CREATE UNIQUE INDEX calendar_feeds_live ON calendar_feeds(user_id) WHERE revoked_at IS NULL;
    `,
  },
];

const FEED_COLUMNS =
  'id, user_id AS "userId", time_zone AS "timeZone", created_at AS "createdAt", revoked_at AS "revokedAt" FROM calendar_feeds';

export function createPostgresCalendar(
  pool: pg.Pool,
  tx: <T>(fn: (c: pg.PoolClient) => Promise<T>, begin?: string) => Promise<T>,
): CalendarStorage {
  return {
    async createCalendarFeed({ id, userId, tokenHash, timeZone, now }) {
      return tx(async (c) => {
        // The account row lock orders two concurrent regenerations, so the one-live-feed index never trips.
        await c.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
        await c.query('UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [
          now,
          userId,
        ]);
        await c.query(
          'INSERT INTO calendar_feeds (id, user_id, token_hash, time_zone, created_at) VALUES ($1, $2, $3, $4, $5)',
          [id, userId, tokenHash, timeZone, now],
        );
        return (await c.query(`SELECT ${FEED_COLUMNS} WHERE id = $1`, [id])).rows[0] as CalendarFeedRecord;
      });
    },
    async liveCalendarFeed(userId) {
      return (await pool.query(`SELECT ${FEED_COLUMNS} WHERE user_id = $1 AND revoked_at IS NULL`, [userId])).rows[0] as
        | CalendarFeedRecord
        | undefined;
    },
    async revokeCalendarFeeds(userId, now) {
      const res = await pool.query(
        'UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL',
        [now, userId],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async findCalendarFeed(tokenHash) {
      return (await pool.query(`SELECT ${FEED_COLUMNS} WHERE token_hash = $1`, [tokenHash])).rows[0] as
        | CalendarFeedRecord
        | undefined;
    },
    async calendarRows(userId, limit) {
      // One snapshot: tasks, milestones and projects from the same moment.
      return tx(async (c) => {
        const tasks = await c.query(
          `SELECT r.tbl, r.key, r.fields, r.hlc, r.hlcs, r.deleted, r.version FROM sync_rows r
           JOIN members m ON m.team_id = r.team_id AND m.user_id = $1
           WHERE r.tbl = 'tasks' AND NOT r.deleted AND r.fields->>'dueAt' IS NOT NULL
             AND r.fields->>'status' IS DISTINCT FROM 'done'
             AND (r.fields->>'assigneeId' = $1 OR (r.fields->>'assigneeId' IS NULL AND r.author_id = $1))
           ORDER BY r.key LIMIT $2`,
          [userId, limit],
        );
        const milestones = await c.query(
          `SELECT r.tbl, r.key, r.fields, r.hlc, r.hlcs, r.deleted, r.version FROM sync_rows r
           JOIN members m ON m.team_id = r.team_id AND m.user_id = $1
           WHERE r.tbl = 'milestones' AND NOT r.deleted AND r.fields->>'dueAt' IS NOT NULL
           ORDER BY r.key LIMIT $2`,
          [userId, limit],
        );
        const projects = await c.query(
          `SELECT r.tbl, r.key, r.fields, r.hlc, r.hlcs, r.deleted, r.version FROM sync_rows r
           JOIN members m ON m.team_id = r.team_id AND m.user_id = $1
           WHERE r.tbl = 'projects' AND NOT r.deleted ORDER BY r.key LIMIT $2`,
          [userId, limit],
        );
        const members = await c.query(
          `SELECT DISTINCT u.id, u.name FROM members me JOIN members m ON m.team_id = me.team_id
           JOIN users u ON u.id = m.user_id WHERE me.user_id = $1`,
          [userId],
        );
        return {
          tasks: (tasks.rows as PostgresChangeRecord[]).map(postgresChange),
          milestones: (milestones.rows as PostgresChangeRecord[]).map(postgresChange),
          projects: (projects.rows as PostgresChangeRecord[]).map(postgresChange),
          members: Object.fromEntries(
            (members.rows as { id: string; name: string }[]).map((m) => [m.id, m.name] as const),
          ),
        };
      }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
  };
}
