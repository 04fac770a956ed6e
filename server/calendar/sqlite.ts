// SQLite implementation of the calendar feed storage (see storage.ts); migrations 30–39 belong to the feed.
import type Database from 'better-sqlite3';
import type { Migration } from '../storage/sqlite';
import { type SqliteChangeRecord, sqliteChange } from '../storage/stored-change';
import type { CalendarFeedRecord, CalendarStorage } from './storage';

export const SQLITE_CALENDAR_MIGRATIONS: Migration[] = [
  {
    version: 30,
    name: 'calendar feeds: one private ICS link per account',
    sql: `
      CREATE TABLE calendar_feeds (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), token_hash TEXT NOT NULL UNIQUE,
        time_zone TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER
      );
      CREATE UNIQUE INDEX calendar_feeds_live ON calendar_feeds(user_id) WHERE revoked_at IS NULL;
    `,
  },
];

const FEED_COLUMNS =
  'id, user_id AS userId, time_zone AS timeZone, created_at AS createdAt, revoked_at AS revokedAt FROM calendar_feeds';

export function createSqliteCalendar(db: Database.Database): CalendarStorage {
  const q = {
    revokeAll: db.prepare('UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
    insert: db.prepare(
      'INSERT INTO calendar_feeds (id, user_id, token_hash, time_zone, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    byId: db.prepare(`SELECT ${FEED_COLUMNS} WHERE id = ?`),
    live: db.prepare(`SELECT ${FEED_COLUMNS} WHERE user_id = ? AND revoked_at IS NULL`),
    byHash: db.prepare(`SELECT ${FEED_COLUMNS} WHERE token_hash = ?`),
    tasks: db.prepare(
      `SELECT r.tbl, r.key, r.fields, r.hlc, r.hlcs, r.deleted, r.version FROM sync_rows r
       JOIN members m ON m.team_id = r.team_id AND m.user_id = ?
       WHERE r.tbl = 'tasks' AND r.deleted = 0 AND json_extract(r.fields, '$.dueAt') IS NOT NULL
         AND json_extract(r.fields, '$.status') IS NOT 'done'
         AND (json_extract(r.fields, '$.assigneeId') = ?
           OR (json_extract(r.fields, '$.assigneeId') IS NULL AND r.author_id = ?))
       ORDER BY r.key LIMIT ?`,
    ),
    milestones: db.prepare(
      `SELECT r.tbl, r.key, r.fields, r.hlc, r.hlcs, r.deleted, r.version FROM sync_rows r
       JOIN members m ON m.team_id = r.team_id AND m.user_id = ?
       WHERE r.tbl = 'milestones' AND r.deleted = 0 AND json_extract(r.fields, '$.dueAt') IS NOT NULL
       ORDER BY r.key LIMIT ?`,
    ),
    projects: db.prepare(
      `SELECT r.tbl, r.key, r.fields, r.hlc, r.hlcs, r.deleted, r.version FROM sync_rows r
       JOIN members m ON m.team_id = r.team_id AND m.user_id = ?
       WHERE r.tbl = 'projects' AND r.deleted = 0 ORDER BY r.key LIMIT ?`,
    ),
    members: db.prepare(
      `SELECT DISTINCT u.id, u.name FROM members me JOIN members m ON m.team_id = me.team_id
       JOIN users u ON u.id = m.user_id WHERE me.user_id = ?`,
    ),
  };

  const createTx = db.transaction((id: string, userId: string, tokenHash: string, timeZone: string, now: number) => {
    q.revokeAll.run(now, userId);
    q.insert.run(id, userId, tokenHash, timeZone, now);
    return q.byId.get(id) as CalendarFeedRecord;
  });

  const rowsTx = db.transaction((userId: string, limit: number) => ({
    tasks: (q.tasks.all(userId, userId, userId, limit) as SqliteChangeRecord[]).map(sqliteChange),
    milestones: (q.milestones.all(userId, limit) as SqliteChangeRecord[]).map(sqliteChange),
    projects: (q.projects.all(userId, limit) as SqliteChangeRecord[]).map(sqliteChange),
    members: Object.fromEntries(
      (q.members.all(userId) as { id: string; name: string }[]).map((m) => [m.id, m.name] as const),
    ),
  }));

  return {
    async createCalendarFeed({ id, userId, tokenHash, timeZone, now }) {
      return createTx.immediate(id, userId, tokenHash, timeZone, now);
    },
    async liveCalendarFeed(userId) {
      return q.live.get(userId) as CalendarFeedRecord | undefined;
    },
    async revokeCalendarFeeds(userId, now) {
      return q.revokeAll.run(now, userId).changes > 0;
    },
    async findCalendarFeed(tokenHash) {
      return q.byHash.get(tokenHash) as CalendarFeedRecord | undefined;
    },
    async calendarRows(userId, limit) {
      // One read transaction: tasks, milestones and projects from the same moment.
      return rowsTx.deferred(userId, limit);
    },
  };
}
