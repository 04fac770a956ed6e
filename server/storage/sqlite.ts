// SQLite storage (better-sqlite3): WAL with synchronous=FULL, so a push is on disk before it is acknowledged.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { uuidv7 } from '../../shared/id';
import type { Role } from '../../shared/schemas/team';
import { clockColumns, compactClock, expandClock } from '../../shared/sync/clock';
import { LIMITS, PROTOCOL_VERSION, type Rejection } from '../../shared/sync/protocol';
import { createSqliteCalendar, SQLITE_CALENDAR_MIGRATIONS } from '../calendar/sqlite';
import { clientsToLoad, keysToLoad, planPush, rowId, type StoredRow } from '../sync/push-plan';
import { createSqliteAccounts, SQLITE_ACCOUNT_MIGRATIONS } from './sqlite-accounts';
import { createSqliteApi, SQLITE_API_MIGRATIONS } from './sqlite-api';
import { sqliteChange } from './stored-change';
import {
  type AuthRecord,
  changeJson,
  POKE_MAX_ROWS,
  type PulledChange,
  type PulledPageChange,
  type PullOutcome,
  type PushInput,
  type PushOutcome,
  pushedChanges,
  type RedeemOutcome,
  type ShareRecord,
  type Storage,
  type StoredChange,
  type TeamRecord,
  type UserRecord,
} from './types';
import { MAX_WRITERS_PER_MEMBER } from './writers';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data work after `sql`, in the same transaction (rewriting rows with shared code). */
  run?: (db: Database.Database) => void;
}

/** Append-only: never edit a released migration, add the next one. */
export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'accounts, teams and rows',
    sql: `
      CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE teams (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, personal INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 0, horizon INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL
      );
      CREATE TABLE members (
        team_id TEXT NOT NULL REFERENCES teams(id), user_id TEXT NOT NULL REFERENCES users(id),
        role TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (team_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX members_by_user ON members(user_id);
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL, revoked_at INTEGER
      );
      CREATE TABLE invites (
        code_hash TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id), role TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        used_at INTEGER, used_by TEXT
      );
      CREATE TABLE client_seqs (
        team_id TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL, last_seq INTEGER NOT NULL,
        PRIMARY KEY (team_id, client_id)
      ) WITHOUT ROWID;
      CREATE TABLE sync_rows (
        team_id TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL, fields TEXT NOT NULL, hlc TEXT NOT NULL,
        deleted INTEGER NOT NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (team_id, tbl, key)
      ) WITHOUT ROWID;
      CREATE INDEX rows_by_version ON sync_rows(team_id, version, tbl, key);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'row authors (guests may only change their own comments)',
    sql: 'ALTER TABLE sync_rows ADD COLUMN author_id TEXT;',
  },
  {
    version: 3,
    name: 'sync_rows as a rowid table',
    // Rows of ~1 KB overflowed the leaf pages of the WITHOUT ROWID b-tree (about one page each); a rowid table
    // keeps them inline and the unique index holds only the key.
    sql: `
      CREATE TABLE sync_rows_v3 (
        team_id TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL, fields TEXT NOT NULL, hlc TEXT NOT NULL,
        deleted INTEGER NOT NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL, author_id TEXT
      );
      INSERT INTO sync_rows_v3 (team_id, tbl, key, fields, hlc, deleted, version, updated_at, author_id)
        SELECT team_id, tbl, key, fields, hlc, deleted, version, updated_at, author_id FROM sync_rows;
      DROP TABLE sync_rows;
      ALTER TABLE sync_rows_v3 RENAME TO sync_rows;
      CREATE UNIQUE INDEX sync_rows_by_key ON sync_rows(team_id, tbl, key);
      CREATE INDEX rows_by_version ON sync_rows(team_id, version, tbl, key);
    `,
  },
  {
    version: 4,
    name: 'status page share links',
    sql: `
      CREATE TABLE shares (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id), project_id TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL, revoked_at INTEGER
      );
      CREATE INDEX shares_by_project ON shares(team_id, project_id);
    `,
  },
  {
    version: 5,
    name: 'writers: which member each HLC client id belongs to',
    sql: `
      CREATE TABLE writers (
        team_id TEXT NOT NULL, hlc_client TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (team_id, hlc_client)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'HLC client ids bound to accounts; refusals remembered for resent pushes',
    sql: `
      CREATE TABLE hlc_clients (client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX hlc_clients_by_user ON hlc_clients(user_id);
      INSERT OR IGNORE INTO hlc_clients (client_id, user_id, created_at) SELECT hlc_client, user_id, 0 FROM writers;
      CREATE TABLE rejections (
        team_id TEXT NOT NULL, client_id TEXT NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
        PRIMARY KEY (team_id, client_id, seq)
      ) WITHOUT ROWID;
    `,
  },
];

SQLITE_MIGRATIONS.push({
  version: 7,
  name: 'compact row clocks: one HLC per row, per-field HLCs only where they differ',
  // `hlc` keeps its name and now holds the row's HLC; `hlcs` the exceptions (shared/sync/clock.ts).
  sql: 'ALTER TABLE sync_rows ADD COLUMN hlcs TEXT;',
  run(db) {
    const update = db.prepare('UPDATE sync_rows SET hlc = ?, hlcs = ? WHERE rowid = ?');
    const rows = db.prepare('SELECT rowid AS id, fields, hlc, deleted FROM sync_rows').iterate() as IterableIterator<{
      id: number;
      fields: string;
      hlc: string;
      deleted: number;
    }>;
    const pending: [string, string | null, number][] = [];
    for (const r of rows) {
      const clock = clockColumns(compactClock(JSON.parse(r.fields), JSON.parse(r.hlc), r.deleted === 1));
      pending.push([clock.hlc, clock.hlcs, r.id]);
    }
    for (const [hlc, hlcs, id] of pending) update.run(hlc, hlcs, id);
  },
});

/** A row's HLC in sync_data: the text again, from its time, counter and client id (a sync_ids number). */
const hlcSql = (row: string, client: string) =>
  `CASE WHEN ${row}.hlc_text IS NULL THEN printf('%013d-%04x-', ${row}.hlc_ms, ${row}.hlc_n) || ${client}.id ELSE ${row}.hlc_text END`;

const HLC_PARTS = /^(\d{13})-([0-9a-f]{4})-(.+)$/s;

/**
 * The HLC columns of a row: [time, counter, client id, text]. An HLC is 13 digits, 4 hex digits and a client id
 * (shared/hlc.ts); anything else (the empty HLC of a row nothing wrote) is kept as text.
 */
export function hlcColumns(hlc: string): [number, number, string, null] | [null, null, null, string] {
  const parts = HLC_PARTS.exec(hlc);
  if (!parts) return [null, null, null, hlc];
  return [Number(parts[1]), Number.parseInt(parts[2]!, 16), parts[3]!, null];
}

SQLITE_MIGRATIONS.push({
  version: 8,
  name: 'lean sync rows: integer team, author and HLC client references, one b-tree keyed by row, binary JSON',
  // Where the bytes went (dbstat, 10,000 tasks, 7.7 MiB): the row table 5.9 MB, its key index 1.0 MB and its
  // version index 1.0 MB. Every row and both indexes repeated the 36-character team id, and the row its
  // 36-character author id and a 37-character HLC. Now (4.9 MiB, bench/server.ts):
  //   - `sync_ids` numbers team, account and HLC client ids once; rows and the index hold that small integer,
  //     and an HLC is stored as its time and counter (integers) and its client's number;
  //   - the row table is WITHOUT ROWID keyed by (team, tbl, key), so it is its own key index (rows are ~400
  //     bytes since the compact clocks of migration 7, well inside a b-tree cell; migration 3 moved away from
  //     this layout when rows were ~1 KB and overflowed), and the version index holds (team, version) plus
  //     that key;
  //   - `fields` is SQLite's binary JSON (jsonb), ~15% smaller than the text and read back as text by json();
  //   - `deleted_at` (was updated_at) is kept for tombstones only: it is what purging reads, nothing else.
  // `sync_rows` stays as a view with the old columns, so readers outside the sync path (REST, calendar, status
  // pages) see the rows as before.
  sql: `
    CREATE TABLE sync_ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
    CREATE TABLE sync_data (
      team INTEGER NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, deleted INTEGER NOT NULL,
      deleted_at INTEGER, author INTEGER, hlc_ms INTEGER, hlc_n INTEGER, hlc_client INTEGER, hlc_text TEXT,
      hlcs TEXT, fields BLOB NOT NULL,
      PRIMARY KEY (team, tbl, key)
    ) WITHOUT ROWID;
  `,
  run(db) {
    const idOf = db.prepare('SELECT n FROM sync_ids WHERE id = ?').pluck();
    const addId = db.prepare('INSERT INTO sync_ids (id) VALUES (?) RETURNING n').pluck();
    const ref = (id: string): number => (idOf.get(id) as number | undefined) ?? (addId.get(id) as number);
    const insert = db.prepare(
      `INSERT INTO sync_data (team, tbl, key, version, deleted, deleted_at, author, hlc_ms, hlc_n, hlc_client,
         hlc_text, hlcs, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?))`,
    );
    const rows = db
      .prepare(
        'SELECT team_id, tbl, key, fields, hlc, hlcs, deleted, version, updated_at, author_id FROM sync_rows ORDER BY team_id, tbl, key',
      )
      .raw()
      .all() as [string, string, string, string, string, string | null, number, number, number, string | null][];
    for (const [teamId, tbl, key, fields, hlc, hlcs, deleted, version, updatedAt, authorId] of rows) {
      const [ms, counter, client, text] = hlcColumns(hlc);
      insert.run(
        ref(teamId),
        tbl,
        key,
        version,
        deleted,
        deleted === 1 ? updatedAt : null,
        authorId === null ? null : ref(authorId),
        ms,
        counter,
        client === null ? null : ref(client),
        text,
        hlcs,
        fields,
      );
    }
    db.exec(`
      DROP TABLE sync_rows;
      CREATE INDEX sync_data_by_version ON sync_data(team, version);
      CREATE VIEW sync_rows AS
        SELECT t.id AS team_id, r.tbl, r.key, json(r.fields) AS fields, ${hlcSql('r', 'c')} AS hlc, r.hlcs,
          r.deleted, r.version, r.deleted_at, a.id AS author_id
        FROM sync_data r JOIN sync_ids t ON t.n = r.team LEFT JOIN sync_ids a ON a.n = r.author
          LEFT JOIN sync_ids c ON c.n = r.hlc_client;
    `);
  },
});

// Member lifecycle migrations (versions 10–19) live with their code in sqlite-accounts.ts.
SQLITE_MIGRATIONS.push(...SQLITE_ACCOUNT_MIGRATIONS);
// HTTP API and webhook migrations (versions 20–29) live with their code in sqlite-api.ts.
SQLITE_MIGRATIONS.push(...SQLITE_API_MIGRATIONS);
// Calendar feed migrations (versions 30–39) live with their code in server/calendar/sqlite.ts.
SQLITE_MIGRATIONS.push(...SQLITE_CALENDAR_MIGRATIONS);

export interface SqliteStorageOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  migrations?: Migration[];
}

type RowRecord = {
  fields: string;
  hlc: string;
  hlcs: string | null;
  deleted: number;
  version: number;
  author_id: string | null;
};
type ChangeRecord = RowRecord & { tbl: string; key: string };

/** Apply the migrations not yet recorded in schema_migrations, each in its own transaction. */
export function migrateSqlite(db: Database.Database, migrations: Migration[] = SQLITE_MIGRATIONS): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const ran: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
    ran.push(migration.version);
  }
  return ran;
}

export function createSqliteStorage({ path, migrations }: SqliteStorageOptions): Storage {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: the WAL is fsynced at every commit, so an acknowledged push survives a crash or power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 2 MiB of page cache (about SQLite's default): the version index and a team's hot rows fit; whole-team pulls read
  // through the OS page cache, which is not the server's memory. 8 MiB cost ~5 MiB of RSS after 10,000 tasks with
  // no measurable push or pull gain, 64 MiB grew RSS with the database (bench/server.ts).
  db.pragma('cache_size = -2048');
  migrateSqlite(db, migrations);

  const q = {
    insertUser: db.prepare('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)'),
    insertTeam: db.prepare('INSERT INTO teams (id, name, personal, created_at) VALUES (?, ?, ?, ?)'),
    insertMember: db.prepare(
      'INSERT INTO members (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    insertToken: db.prepare('INSERT INTO tokens (id, user_id, hash, created_at) VALUES (?, ?, ?, ?)'),
    getTeam: db.prepare('SELECT id, name, personal, version, horizon FROM teams WHERE id = ?'),
    getRole: db.prepare('SELECT role FROM members WHERE team_id = ? AND user_id = ?'),
    // Bounded per member: a device that churns client ids cannot grow the members list without end.
    addWriter: db.prepare(
      `INSERT INTO writers (team_id, hlc_client, user_id) SELECT ?, ?, ?
       WHERE (SELECT COUNT(*) FROM writers WHERE team_id = ? AND user_id = ?) < ${MAX_WRITERS_PER_MEMBER}
       ON CONFLICT DO NOTHING`,
    ),
    hlcOwner: db.prepare('SELECT user_id FROM hlc_clients WHERE client_id = ?'),
    boundClients: db.prepare('SELECT COUNT(*) AS n FROM hlc_clients WHERE user_id = ?'),
    bindClient: db.prepare(
      'INSERT INTO hlc_clients (client_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    storedRejections: db.prepare(
      'SELECT seq, code, message FROM rejections WHERE team_id = ? AND client_id = ? AND seq BETWEEN ? AND ?',
    ),
    addRejection: db.prepare(
      'INSERT INTO rejections (team_id, client_id, seq, code, message) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    forgetRejections: db.prepare('DELETE FROM rejections WHERE team_id = ? AND client_id = ? AND seq < ?'),
    listWriters: db.prepare('SELECT user_id, hlc_client FROM writers WHERE team_id = ?'),
    listMembers: db.prepare(
      'SELECT u.id, u.name, m.role FROM members m JOIN users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY m.created_at, u.id',
    ),
    listTeamsOf: db.prepare(
      'SELECT t.id, t.name, t.personal, t.version, m.role FROM members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ? ORDER BY t.personal DESC, t.created_at, t.id',
    ),
    getUser: db.prepare('SELECT id, name FROM users WHERE id = ?'),
    insertInvite: db.prepare(
      'INSERT INTO invites (code_hash, team_id, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    getInvite: db.prepare('SELECT team_id, role, expires_at, used_at FROM invites WHERE code_hash = ?'),
    useInvite: db.prepare('UPDATE invites SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL'),
    auth: db.prepare(
      'SELECT t.id AS tokenId, t.user_id AS userId, u.name AS userName FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.revoked_at IS NULL',
    ),
    revoke: db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    getSeq: db.prepare('SELECT user_id, last_seq FROM client_seqs WHERE team_id = ? AND client_id = ?'),
    setSeq: db.prepare(
      'INSERT INTO client_seqs (team_id, client_id, user_id, last_seq) VALUES (?, ?, ?, ?) ON CONFLICT (team_id, client_id) DO UPDATE SET last_seq = excluded.last_seq',
    ),
    getRow: db.prepare(
      'SELECT fields, hlc, hlcs, deleted, version, author_id FROM sync_rows WHERE team_id = ? AND tbl = ? AND key = ?',
    ),
    // The sync path works on sync_data itself (migration 8), with team and author ids as sync_ids numbers.
    idOf: db.prepare('SELECT n FROM sync_ids WHERE id = ?').pluck(),
    addId: db.prepare('INSERT INTO sync_ids (id) VALUES (?) RETURNING n').pluck(),
    // All the stored rows of one table that a push touches, in one statement (one b-tree descent per key).
    readRows: db.prepare(
      `SELECT r.key, json(r.fields) AS fields, ${hlcSql('r', 'c')} AS hlc, r.hlcs, r.deleted, a.id AS author_id
       FROM sync_data r LEFT JOIN sync_ids a ON a.n = r.author LEFT JOIN sync_ids c ON c.n = r.hlc_client
       WHERE r.team = ? AND r.tbl = ? AND r.key IN (SELECT value FROM json_each(?))`,
    ),
    // The push has read the rows it changes inside its transaction, so it knows which statement each needs.
    insertRow: db.prepare(
      `INSERT INTO sync_data (team, tbl, key, version, deleted, deleted_at, author, hlc_ms, hlc_n, hlc_client,
         hlc_text, hlcs, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb(?))`,
    ),
    updateRow: db.prepare(
      `UPDATE sync_data SET version = ?, deleted = ?, deleted_at = ?, hlc_ms = ?, hlc_n = ?, hlc_client = ?,
         hlc_text = ?, hlcs = ?, fields = jsonb(?)
       WHERE team = ? AND tbl = ? AND key = ?`,
    ),
    bumpVersion: db.prepare('UPDATE teams SET version = ? WHERE id = ?'),
    // Protocol 2: SQLite writes each change's wire JSON (changeJson's exact bytes) and hands it over as a BLOB, so
    // a page of 1,000 rows is copied into the response without a JavaScript string per row to build, join and
    // encode again (5 instead of 8–13 ms of CPU per page of 1,000 tasks, measured in issue 10). Keys and table
    // names are plain (UUIDs, registry names), so json_quote writes them as changeJson's quote() does; the test
    // compares the bytes (test/server/sqlite-pull-wire.test.ts).
    pullWire: db
      .prepare(
        `SELECT r.tbl, r.key, r.version, CAST('{"table":' || json_quote(r.tbl) || ',"key":' || json_quote(r.key)
           || ',"version":' || r.version || ',"deleted":' || iif(r.deleted, 'true', 'false')
           || ',"fields":' || json(r.fields) || ',"hlc":"' || ${hlcSql('r', 'c')} || '"'
           || iif(r.hlcs IS NULL, '', ',"hlcs":' || r.hlcs) || '}' AS BLOB)
         FROM sync_data r LEFT JOIN sync_ids c ON c.n = r.hlc_client
         WHERE r.team = ? AND (r.version, r.tbl, r.key) > (?, ?, ?) ORDER BY r.version, r.tbl, r.key LIMIT ?`,
      )
      .raw(),
    // Protocol 1: the per-field clock map is expanded in JavaScript (changeJson).
    pullFrom: db
      .prepare(
        `SELECT r.tbl, r.key, json(r.fields), ${hlcSql('r', 'c')}, r.hlcs, r.deleted, r.version
         FROM sync_data r LEFT JOIN sync_ids c ON c.n = r.hlc_client
         WHERE r.team = ? AND (r.version, r.tbl, r.key) > (?, ?, ?) ORDER BY r.version, r.tbl, r.key LIMIT ?`,
      )
      .raw(),
    purgeable: db.prepare(
      `SELECT t.id AS teamId, MAX(r.version) AS maxVersion FROM sync_data r JOIN sync_ids t ON t.n = r.team
       WHERE r.deleted = 1 AND r.deleted_at < ? GROUP BY r.team`,
    ),
    raiseHorizon: db.prepare('UPDATE teams SET horizon = MAX(horizon, ?) WHERE id = ?'),
    purge: db.prepare('DELETE FROM sync_data WHERE deleted = 1 AND deleted_at < ?'),
    insertShare: db.prepare(
      'INSERT INTO shares (id, team_id, project_id, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    listShares: db.prepare(
      `SELECT s.id, s.team_id AS teamId, s.project_id AS projectId, s.created_at AS createdAt, u.name AS createdBy,
         s.revoked_at AS revokedAt FROM shares s JOIN users u ON u.id = s.created_by
       WHERE s.team_id = ? AND s.project_id = ? AND s.revoked_at IS NULL ORDER BY s.created_at, s.id`,
    ),
    revokeShare: db.prepare('UPDATE shares SET revoked_at = ? WHERE team_id = ? AND id = ? AND revoked_at IS NULL'),
    findShare: db.prepare(
      `SELECT s.id, s.team_id AS teamId, s.project_id AS projectId, s.created_at AS createdAt, u.name AS createdBy,
         s.revoked_at AS revokedAt FROM shares s JOIN users u ON u.id = s.created_by WHERE s.token_hash = ?`,
    ),
    projectRows: db.prepare(
      `SELECT tbl, key, fields, hlc, hlcs, deleted, version FROM sync_rows
       WHERE team_id = ? AND tbl = ? AND deleted = 0 AND json_extract(fields, '$.projectId') = ? LIMIT 5000`,
    ),
    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };

  type TeamRow = { id: string; name: string; personal: number; version: number; horizon: number };
  const toTeam = (r: TeamRow): TeamRecord => ({
    id: r.id,
    name: r.name,
    personal: r.personal === 1,
    version: r.version,
  });

  /** A user, their private space (owner) and a first token. */
  const newAccount = (userName: string, tokenHash: string, now: number) => {
    const user: UserRecord = { id: uuidv7(now), name: userName };
    q.insertUser.run(user.id, user.name, now);
    const personalTeam: TeamRecord = { id: uuidv7(now), name: 'Personal', personal: true, version: 0 };
    q.insertTeam.run(personalTeam.id, personalTeam.name, 1, now);
    q.insertMember.run(personalTeam.id, user.id, 'owner', now);
    const tokenId = uuidv7(now);
    q.insertToken.run(tokenId, user.id, tokenHash, now);
    return { user, personalTeam, tokenId };
  };

  const createTeamTx = db.transaction((teamName: string, userName: string, tokenHash: string, now: number) => {
    const account = newAccount(userName, tokenHash, now);
    const team: TeamRecord = { id: uuidv7(now), name: teamName, personal: false, version: 0 };
    q.insertTeam.run(team.id, team.name, 0, now);
    q.insertMember.run(team.id, account.user.id, 'owner', now);
    return { team, ...account };
  });

  const redeemTx = db.transaction(
    (codeHash: string, now: number, userName: string, tokenHash: string, existingUserId?: string): RedeemOutcome => {
      const invite = q.getInvite.get(codeHash) as
        | { team_id: string; role: Role; expires_at: number; used_at: number | null }
        | undefined;
      if (!invite || invite.used_at !== null || invite.expires_at <= now) return { kind: 'invalid' };
      const teamRow = q.getTeam.get(invite.team_id) as TeamRow | undefined;
      if (!teamRow) return { kind: 'invalid' };
      let user: UserRecord;
      let personalTeam: TeamRecord;
      let tokenId: string;
      if (existingUserId) {
        const existing = q.getUser.get(existingUserId) as UserRecord | undefined;
        const personal = (q.listTeamsOf.all(existingUserId) as (TeamRow & { role: Role })[]).find(
          (t) => t.personal === 1,
        );
        if (!existing || !personal) return { kind: 'invalid' };
        user = existing;
        personalTeam = toTeam(personal);
        tokenId = uuidv7(now);
        q.insertToken.run(tokenId, user.id, tokenHash, now);
      } else {
        ({ user, personalTeam, tokenId } = newAccount(userName, tokenHash, now));
      }
      q.useInvite.run(now, user.id, codeHash);
      // Joining a team one already belongs to keeps the existing role (never a silent downgrade).
      q.insertMember.run(invite.team_id, user.id, invite.role, now);
      const role = (q.getRole.get(invite.team_id, user.id) as { role: Role }).role;
      return { kind: 'ok', team: toTeam(teamRow), role, user, personalTeam, tokenId };
    },
  );

  /** The sync_ids number of a team or account id, numbered on first use. */
  const ref = (id: string): number => (q.idOf.get(id) as number | undefined) ?? (q.addId.get(id) as number);

  /** The stored rows of the keys a push touches, by rowId. */
  const readRows = (team: number | undefined, keys: readonly { table: string; key: string }[]) => {
    const rows = new Map<string, StoredRow>();
    if (team === undefined || keys.length === 0) return rows;
    const byTable = new Map<string, string[]>();
    for (const { table, key } of keys) {
      const list = byTable.get(table);
      if (list) list.push(key);
      else byTable.set(table, [key]);
    }
    for (const [table, list] of byTable) {
      for (const stored of q.readRows.all(team, table, JSON.stringify(list)) as (RowRecord & { key: string })[]) {
        const fields = JSON.parse(stored.fields) as Record<string, unknown>;
        const deleted = stored.deleted === 1;
        const hlc = expandClock(fields, deleted, stored.hlc, stored.hlcs === null ? null : JSON.parse(stored.hlcs));
        rows.set(rowId(table, stored.key), {
          row: { key: stored.key, fields, hlc, deleted },
          author: stored.author_id,
        });
      }
    }
    return rows;
  };

  const api = createSqliteApi(db);

  const pushTx = db.transaction((input: PushInput): PushOutcome => {
    const { teamId, clientId, userId, mutations, now } = input;
    const team = q.getTeam.get(teamId) as TeamRow | undefined;
    if (!team) throw new Error(`push to unknown team ${teamId}`);
    const seqRow = q.getSeq.get(teamId, clientId) as { user_id: string; last_seq: number } | undefined;
    const lastSeq = seqRow?.last_seq ?? 0;
    let teamRef = q.idOf.get(teamId) as number | undefined;
    const rows = readRows(teamRef, keysToLoad(mutations, lastSeq));
    const hlcOwners = new Map<string, string>();
    for (const client of clientsToLoad(mutations, lastSeq)) {
      const owner = q.hlcOwner.get(client) as { user_id: string } | undefined;
      if (owner) hlcOwners.set(client, owner.user_id);
    }
    const first = mutations[0]?.seq ?? 0;
    const last = mutations[mutations.length - 1]?.seq ?? 0;
    const plan = planPush({
      userId,
      role: input.role,
      teamVersion: team.version,
      lastSeq,
      seqOwner: seqRow?.user_id,
      mutations,
      rows,
      storedRejections:
        first <= lastSeq
          ? (q.storedRejections.all(teamId, clientId, first, Math.min(last, lastSeq)) as Rejection[])
          : [],
      hlcOwners,
      boundClients: (q.boundClients.get(userId) as { n: number }).n,
      now,
      maxClockAheadMs: LIMITS.maxClockAheadMs,
    });
    if (plan.kind !== 'ok') return plan;
    const written = [];
    // Team, author and HLC client numbers, looked up once per push.
    const refs = new Map<string, number>();
    const refOnce = (id: string): number => {
      let n = refs.get(id);
      if (n === undefined) {
        n = ref(id);
        refs.set(id, n);
      }
      return n;
    };
    for (const w of plan.writes) {
      const { fields, hlc, deleted } = w.row;
      const clock = clockColumns(compactClock(fields, hlc, deleted));
      const fieldsJson = JSON.stringify(fields);
      if (plan.writes.length <= POKE_MAX_ROWS)
        written.push({ table: w.table, key: w.key, fields: fieldsJson, ...clock, deleted });
      const [ms, counter, client, text] = hlcColumns(clock.hlc);
      const clientRef = client === null ? null : refOnce(client);
      const deletedAt = deleted ? now : null;
      if (w.created) {
        teamRef ??= ref(teamId);
        q.insertRow.run(
          teamRef,
          w.table,
          w.key,
          plan.version,
          deleted ? 1 : 0,
          deletedAt,
          w.author === null ? null : refOnce(w.author),
          ms,
          counter,
          clientRef,
          text,
          clock.hlcs,
          fieldsJson,
        );
      } else {
        q.updateRow.run(
          plan.version,
          deleted ? 1 : 0,
          deletedAt,
          ms,
          counter,
          clientRef,
          text,
          clock.hlcs,
          fieldsJson,
          teamRef,
          w.table,
          w.key,
        );
      }
    }
    if (plan.bumped) q.bumpVersion.run(plan.version, teamId);
    // Webhook deliveries commit with the change they announce.
    if (plan.bumped) api.recordPushEvents({ teamId, actorId: userId, writes: plan.writes, before: rows, now });
    if (plan.firstNewSeq !== undefined) q.setSeq.run(teamId, clientId, userId, plan.lastSeq);
    // The client has read every answer before the first seq it sends: older refusals need not be kept.
    if (first > 0) q.forgetRejections.run(teamId, clientId, first);
    for (const r of plan.newRejections) q.addRejection.run(teamId, clientId, r.seq, r.code, r.message);
    for (const client of plan.bind) q.bindClient.run(client, userId, now);
    for (const client of plan.writers) q.addWriter.run(teamId, client, userId, teamId, userId);
    const changes = pushedChanges(plan.version, written);
    return changes ? { ...plan, changes } : plan;
  });

  const pullTx = db.transaction(
    (
      teamId: string,
      clientId: string | undefined,
      after: { version: number; table: string; key: string } | undefined,
      limit: number,
      protocolVersion: number,
    ): PullOutcome => {
      const team = q.getTeam.get(teamId) as TeamRow | undefined;
      if (!team) throw new Error(`pull from unknown team ${teamId}`);
      // A cursor behind the horizon may have missed purged tombstones; one ahead of the team comes from another database.
      if (after && (after.version < team.horizon || after.version > team.version)) return { kind: 'reset' };
      const from = after ?? { version: 0, table: '', key: '' };
      const teamRef = q.idOf.get(teamId) as number | undefined;
      const seqRow = clientId ? (q.getSeq.get(teamId, clientId) as { last_seq: number } | undefined) : undefined;
      const lastSeq = seqRow?.last_seq ?? 0;
      if (teamRef === undefined) return { kind: 'ok', changes: [], hasMore: false, lastSeq, version: team.version };
      if (protocolVersion >= 2) {
        const wire = q.pullWire.all(teamRef, from.version, from.table, from.key, limit + 1) as [
          string,
          string,
          number,
          Buffer,
        ][];
        const hasMore = wire.length > limit;
        if (hasMore) wire.length = limit;
        const changes: PulledPageChange[] = new Array(wire.length);
        for (let i = 0; i < wire.length; i++) {
          const [table, key, version, json] = wire[i]!;
          changes[i] = { table, key, version, json };
        }
        return { kind: 'ok', changes, hasMore, lastSeq, version: team.version };
      }
      // Arrays, not objects: a page of 1,000 rows builds no 7-key object per row.
      const records = q.pullFrom.all(teamRef, from.version, from.table, from.key, limit + 1) as [
        string,
        string,
        string,
        string,
        string | null,
        number,
        number,
      ][];
      const hasMore = records.length > limit;
      if (hasMore) records.length = limit;
      const changes: PulledChange[] = new Array(records.length);
      for (let i = 0; i < records.length; i++) {
        const [tbl, key, fields, hlc, hlcs, deleted, version] = records[i]!;
        changes[i] = {
          table: tbl,
          key,
          version,
          json: changeJson(protocolVersion, tbl, key, version, deleted === 1, fields, hlc, hlcs),
        };
      }
      return { kind: 'ok', changes, hasMore, lastSeq, version: team.version };
    },
  );

  const compactTx = db.transaction((olderThan: number): number => {
    for (const { teamId, maxVersion } of q.purgeable.all(olderThan) as { teamId: string; maxVersion: number }[]) {
      q.raiseHorizon.run(maxVersion, teamId);
    }
    return q.purge.run(olderThan).changes;
  });

  return {
    ...createSqliteAccounts(db),
    ...api,
    ...createSqliteCalendar(db),
    kind: 'sqlite',
    async createTeam({ teamName, owner, now }) {
      return createTeamTx.immediate(teamName, owner.userName, owner.tokenHash, now);
    },
    async getTeam(teamId) {
      const r = q.getTeam.get(teamId) as TeamRow | undefined;
      return r ? toTeam(r) : undefined;
    },
    async getRole(teamId, userId) {
      return (q.getRole.get(teamId, userId) as { role: Role } | undefined)?.role;
    },
    async listMembers(teamId) {
      const writers = q.listWriters.all(teamId) as { user_id: string; hlc_client: string }[];
      return (q.listMembers.all(teamId) as { id: string; name: string; role: Role }[]).map((m) => ({
        ...m,
        clients: writers.filter((w) => w.user_id === m.id).map((w) => w.hlc_client),
      }));
    },
    async listTeamsOf(userId) {
      return (q.listTeamsOf.all(userId) as (TeamRow & { role: Role })[]).map((r) => ({ ...toTeam(r), role: r.role }));
    },
    async getUser(userId) {
      return q.getUser.get(userId) as UserRecord | undefined;
    },
    async createInvite({ teamId, role, codeHash, expiresAt, createdBy, now }) {
      q.insertInvite.run(codeHash, teamId, role, createdBy, now, expiresAt);
    },
    async redeemInvite({ codeHash, now, account, existingUserId }) {
      return redeemTx.immediate(codeHash, now, account.userName, account.tokenHash, existingUserId);
    },
    async authenticate(tokenHash) {
      return q.auth.get(tokenHash) as AuthRecord | undefined;
    },
    async revokeToken(tokenId, now) {
      q.revoke.run(now, tokenId);
    },
    async push(input) {
      // IMMEDIATE takes the write lock up front: commit order equals version order.
      return pushTx.immediate(input);
    },
    async pull({ teamId, clientId, after, limit, protocolVersion }) {
      return pullTx.deferred(teamId, clientId, after, limit, protocolVersion ?? PROTOCOL_VERSION);
    },
    async compactTombstones({ olderThan }) {
      return compactTx.immediate(olderThan);
    },
    async createShare({ id, teamId, projectId, tokenHash, userId, now }) {
      q.insertShare.run(id, teamId, projectId, tokenHash, userId, now);
      return q.findShare.get(tokenHash) as ShareRecord;
    },
    async listShares(teamId, projectId) {
      return q.listShares.all(teamId, projectId) as ShareRecord[];
    },
    async revokeShare(teamId, shareId, now) {
      return q.revokeShare.run(now, teamId, shareId).changes > 0;
    },
    async findShare(tokenHash) {
      return q.findShare.get(tokenHash) as ShareRecord | undefined;
    },
    async projectSnapshot(teamId, projectId, tables) {
      const project = q.getRow.get(teamId, 'projects', projectId) as RowRecord | undefined;
      const rows: Record<string, StoredChange[]> = {};
      for (const table of tables) {
        rows[table] = (q.projectRows.all(teamId, table, projectId) as ChangeRecord[]).map(sqliteChange);
      }
      return {
        project:
          project && project.deleted === 0 ? sqliteChange({ ...project, tbl: 'projects', key: projectId }) : undefined,
        rows,
      };
    },
    async getSetting(key) {
      return (q.getSetting.get(key) as { value: string } | undefined)?.value;
    },
    async setSetting(key, value) {
      q.setSetting.run(key, value);
    },
    async close() {
      if (db.open) {
        // Fold the WAL back into the main file so a clean shutdown leaves one self-contained database.
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
    },
  };
}
