// PostgreSQL storage (DATABASE_URL): the team row lock orders commits, and NOTIFY fans pokes out to other instances.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { uuidv7 } from '../../shared/id';
import type { Role } from '../../shared/schemas/team';
import { clockColumns, compactClock, expandClock } from '../../shared/sync/clock';
import { LIMITS, PROTOCOL_VERSION, type Rejection } from '../../shared/sync/protocol';
import { createPostgresCalendar, POSTGRES_CALENDAR_MIGRATIONS } from '../calendar/postgres';
import { clientsToLoad, keysToLoad, planPush, rowId, type StoredRow } from '../sync/push-plan';
import { createPostgresAccounts, POSTGRES_ACCOUNT_MIGRATIONS } from './postgres-accounts';
import { createPostgresApi, POSTGRES_API_MIGRATIONS } from './postgres-api';
import { type ListenHandlers, listenWithReconnect } from './postgres-listen';
import { type PostgresChangeRecord, postgresChange } from './stored-change';
import {
  changeJson,
  type PulledChange,
  type PullOutcome,
  type PushOutcome,
  pushedChanges,
  type RedeemOutcome,
  type Storage,
  type StoredChange,
  type TeamRecord,
  type UserRecord,
} from './types';
import { MAX_WRITERS_PER_MEMBER } from './writers';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
  /** Data work after `sql`, in the same transaction (rewriting rows with shared code). */
  run?: (c: pg.PoolClient) => Promise<void>;
}

/** Append-only, like the SQLite migrations. `COLLATE "C"` makes cursor comparison and ORDER BY agree byte-wise. */
export const POSTGRES_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'accounts, teams and rows',
    sql: `
      CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
      CREATE TABLE teams (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, personal BOOLEAN NOT NULL DEFAULT false,
        version BIGINT NOT NULL DEFAULT 0, horizon BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL
      );
      CREATE TABLE members (
        team_id TEXT NOT NULL REFERENCES teams(id), user_id TEXT NOT NULL REFERENCES users(id),
        role TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (team_id, user_id)
      );
      CREATE INDEX members_by_user ON members(user_id);
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), hash TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL, revoked_at BIGINT
      );
      CREATE TABLE invites (
        code_hash TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id), role TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
        used_at BIGINT, used_by TEXT
      );
      CREATE TABLE client_seqs (
        team_id TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL, last_seq BIGINT NOT NULL,
        PRIMARY KEY (team_id, client_id)
      );
      CREATE TABLE sync_rows (
        team_id TEXT NOT NULL, tbl TEXT COLLATE "C" NOT NULL, key TEXT COLLATE "C" NOT NULL,
        fields JSONB NOT NULL, hlc JSONB NOT NULL, deleted BOOLEAN NOT NULL, version BIGINT NOT NULL,
        updated_at BIGINT NOT NULL, PRIMARY KEY (team_id, tbl, key)
      );
      CREATE INDEX sync_rows_by_version ON sync_rows(team_id, version, tbl, key);
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
    name: 'status page share links',
    sql: `
      CREATE TABLE shares (
        id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id), project_id TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL REFERENCES users(id),
        created_at BIGINT NOT NULL, revoked_at BIGINT
      );
      CREATE INDEX shares_by_project ON shares(team_id, project_id);
    `,
  },
  {
    version: 4,
    name: 'writers: which member each HLC client id belongs to',
    sql: `
      CREATE TABLE writers (
        team_id TEXT NOT NULL, hlc_client TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (team_id, hlc_client)
      );
    `,
  },
  {
    version: 6,
    name: 'HLC client ids bound to accounts; refusals remembered for resent pushes',
    sql: `
      CREATE TABLE hlc_clients (client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at BIGINT NOT NULL);
      CREATE INDEX hlc_clients_by_user ON hlc_clients(user_id);
      INSERT INTO hlc_clients (client_id, user_id, created_at) SELECT hlc_client, MIN(user_id), 0 FROM writers
        GROUP BY hlc_client ON CONFLICT DO NOTHING;
      CREATE TABLE rejections (
        team_id TEXT NOT NULL, client_id TEXT NOT NULL, seq BIGINT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
        PRIMARY KEY (team_id, client_id, seq)
      );
    `,
  },
];

POSTGRES_MIGRATIONS.push({
  version: 7,
  name: 'compact row clocks: one HLC per row, per-field HLCs only where they differ',
  // `hlc` becomes the row's HLC (text); `hlcs` the exceptions (shared/sync/clock.ts), like SQLite's migration 7.
  sql: `
    ALTER TABLE sync_rows ADD COLUMN hlcs JSONB;
    ALTER TABLE sync_rows ALTER COLUMN hlc TYPE TEXT USING hlc::text;
  `,
  async run(c) {
    const BATCH = 1000;
    let after = { team: '', tbl: '', key: '' };
    for (;;) {
      const { rows } = await c.query(
        `SELECT team_id, tbl, key, fields, hlc, deleted FROM sync_rows
         WHERE (team_id, tbl, key) > ($1::text COLLATE "C", $2::text COLLATE "C", $3::text COLLATE "C")
         ORDER BY team_id, tbl, key LIMIT $4`,
        [after.team, after.tbl, after.key, BATCH],
      );
      if (rows.length === 0) return;
      const clocks = rows.map((r) => clockColumns(compactClock(r.fields, JSON.parse(r.hlc), r.deleted)));
      await c.query(
        `UPDATE sync_rows s SET hlc = t.hlc, hlcs = t.hlcs::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(team, tbl, key, hlc, hlcs)
         WHERE s.team_id = t.team AND s.tbl = t.tbl AND s.key = t.key`,
        [
          rows.map((r) => r.team_id),
          rows.map((r) => r.tbl),
          rows.map((r) => r.key),
          clocks.map((k) => k.hlc),
          clocks.map((k) => k.hlcs),
        ],
      );
      const last = rows[rows.length - 1]!;
      after = { team: last.team_id, tbl: last.tbl, key: last.key };
    }
  },
});

// Member lifecycle migrations (versions 10–19) live with their code in postgres-accounts.ts.
POSTGRES_MIGRATIONS.push(...POSTGRES_ACCOUNT_MIGRATIONS);
// HTTP API and webhook migrations (versions 20–29) live with their code in postgres-api.ts.
POSTGRES_MIGRATIONS.push(...POSTGRES_API_MIGRATIONS);
// Calendar feed migrations (versions 30–39) live with their code in server/calendar/postgres.ts.
POSTGRES_MIGRATIONS.push(...POSTGRES_CALENDAR_MIGRATIONS);

const POKE_CHANNEL = 'waypoint_pokes';
/** Serialises migrations of concurrently starting instances. */
const MIGRATION_LOCK = 7_461_001;

export interface PostgresStorageOptions {
  connectionString: string;
  max?: number;
  /** Errors of idle pooled connections (a restart, pg_terminate_backend); defaults to console.error. */
  onPoolError?: (error: Error) => void;
}

export interface PostgresStorage extends Storage {
  /** Pokes committed by other server instances (via LISTEN/NOTIFY). */
  listenPokes(
    onPoke: (teamId: string, version: number) => void,
    onMember?: (userId: string, teamId: string) => void,
    more?: Omit<ListenHandlers, 'onPoke' | 'onMember'>,
  ): Promise<() => Promise<void>>;
  /** Drop every table (tests only). */
  dropAll(): Promise<void>;
}

// BIGINT (oid 20) as number: versions, seqs and times stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

type TeamRow = { id: string; name: string; personal: boolean; version: number; horizon: number };
const toTeam = (r: TeamRow): TeamRecord => ({ id: r.id, name: r.name, personal: r.personal, version: r.version });

export async function createPostgresStorage({
  connectionString,
  max = 10,
  onPoolError = (error) => console.error('PostgreSQL connection lost:', error.message),
}: PostgresStorageOptions): Promise<PostgresStorage> {
  // A bounded connect wait: while the database is unreachable requests fail fast (503) instead of queueing forever.
  const pool = new pg.Pool({ connectionString, max, types, connectionTimeoutMillis: 5_000, keepAlive: true });
  // Without a listener an idle client's error (restart, pg_terminate_backend) is an uncaught 'error' event.
  pool.on('error', onPoolError);
  const instance = randomUUID();

  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  await tx(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const applied = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of [...POSTGRES_MIGRATIONS].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await c.query(m.sql);
      await m.run?.(c);
      await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
    }
  });

  const newAccount = async (c: pg.PoolClient, userName: string, tokenHash: string, now: number) => {
    const user: UserRecord = { id: uuidv7(now), name: userName };
    await c.query('INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3)', [user.id, user.name, now]);
    const personalTeam: TeamRecord = { id: uuidv7(now), name: 'Personal', personal: true, version: 0 };
    await c.query('INSERT INTO teams (id, name, personal, created_at) VALUES ($1, $2, true, $3)', [
      personalTeam.id,
      personalTeam.name,
      now,
    ]);
    await c.query("INSERT INTO members (team_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)", [
      personalTeam.id,
      user.id,
      now,
    ]);
    const tokenId = uuidv7(now);
    await c.query('INSERT INTO tokens (id, user_id, hash, created_at) VALUES ($1, $2, $3, $4)', [
      tokenId,
      user.id,
      tokenHash,
      now,
    ]);
    return { user, personalTeam, tokenId };
  };

  const listTeamsOf = async (q: pg.Pool | pg.PoolClient, userId: string) =>
    (
      await q.query(
        `SELECT t.id, t.name, t.personal, t.version, t.horizon, m.role FROM members m JOIN teams t ON t.id = m.team_id
         WHERE m.user_id = $1 ORDER BY t.personal DESC, t.created_at, t.id`,
        [userId],
      )
    ).rows as (TeamRow & { role: Role })[];

  const notify = async (c: pg.PoolClient, payload: Record<string, unknown>) => {
    await c.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ instance, ...payload })]);
  };

  const api = createPostgresApi(pool, tx);

  const storage: PostgresStorage = {
    ...createPostgresAccounts(pool, tx, notify),
    ...api,
    ...createPostgresCalendar(pool, tx),
    kind: 'postgres',
    async createTeam({ teamName, owner, now }) {
      return tx(async (c) => {
        const account = await newAccount(c, owner.userName, owner.tokenHash, now);
        const team: TeamRecord = { id: uuidv7(now), name: teamName, personal: false, version: 0 };
        await c.query('INSERT INTO teams (id, name, personal, created_at) VALUES ($1, $2, false, $3)', [
          team.id,
          team.name,
          now,
        ]);
        await c.query("INSERT INTO members (team_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)", [
          team.id,
          account.user.id,
          now,
        ]);
        return { team, ...account };
      });
    },
    async getTeam(teamId) {
      const r = (await pool.query('SELECT id, name, personal, version, horizon FROM teams WHERE id = $1', [teamId]))
        .rows[0];
      return r ? toTeam(r) : undefined;
    },
    async getRole(teamId, userId) {
      return (await pool.query('SELECT role FROM members WHERE team_id = $1 AND user_id = $2', [teamId, userId]))
        .rows[0]?.role;
    },
    async listMembers(teamId) {
      const [members, writers] = await Promise.all([
        pool.query(
          'SELECT u.id, u.name, m.role FROM members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 ORDER BY m.created_at, u.id',
          [teamId],
        ),
        pool.query('SELECT user_id, hlc_client FROM writers WHERE team_id = $1', [teamId]),
      ]);
      return members.rows.map((m) => ({
        ...m,
        clients: writers.rows.filter((w) => w.user_id === m.id).map((w) => w.hlc_client as string),
      }));
    },
    async listTeamsOf(userId) {
      return (await listTeamsOf(pool, userId)).map((r) => ({ ...toTeam(r), role: r.role }));
    },
    async getUser(userId) {
      return (await pool.query('SELECT id, name FROM users WHERE id = $1', [userId])).rows[0];
    },
    async createInvite({ teamId, role, codeHash, expiresAt, createdBy, now }) {
      await pool.query(
        'INSERT INTO invites (code_hash, team_id, role, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [codeHash, teamId, role, createdBy, now, expiresAt],
      );
    },
    async redeemInvite({ codeHash, now, account, existingUserId }) {
      return tx(async (c): Promise<RedeemOutcome> => {
        // FOR UPDATE: two concurrent joins with one code, only one wins.
        const invite = (
          await c.query('SELECT team_id, role, expires_at, used_at FROM invites WHERE code_hash = $1 FOR UPDATE', [
            codeHash,
          ])
        ).rows[0] as { team_id: string; role: Role; expires_at: number; used_at: number | null } | undefined;
        if (!invite || invite.used_at !== null || invite.expires_at <= now) return { kind: 'invalid' };
        const teamRow = (
          await c.query('SELECT id, name, personal, version, horizon FROM teams WHERE id = $1', [invite.team_id])
        ).rows[0] as TeamRow | undefined;
        if (!teamRow) return { kind: 'invalid' };
        let user: UserRecord;
        let personalTeam: TeamRecord;
        let tokenId: string;
        if (existingUserId) {
          const existing = (await c.query('SELECT id, name FROM users WHERE id = $1', [existingUserId])).rows[0] as
            | UserRecord
            | undefined;
          const personal = (await listTeamsOf(c, existingUserId)).find((t) => t.personal);
          if (!existing || !personal) return { kind: 'invalid' };
          user = existing;
          personalTeam = toTeam(personal);
          tokenId = uuidv7(now);
          await c.query('INSERT INTO tokens (id, user_id, hash, created_at) VALUES ($1, $2, $3, $4)', [
            tokenId,
            user.id,
            account.tokenHash,
            now,
          ]);
        } else {
          ({ user, personalTeam, tokenId } = await newAccount(c, account.userName, account.tokenHash, now));
        }
        await c.query('UPDATE invites SET used_at = $1, used_by = $2 WHERE code_hash = $3', [now, user.id, codeHash]);
        await c.query(
          'INSERT INTO members (team_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [invite.team_id, user.id, invite.role, now],
        );
        // Other instances add the team to this account's open sockets that follow all its teams.
        await c.query('SELECT pg_notify($1, $2)', [
          POKE_CHANNEL,
          JSON.stringify({ instance, kind: 'member', userId: user.id, teamId: invite.team_id }),
        ]);
        const role = (
          await c.query('SELECT role FROM members WHERE team_id = $1 AND user_id = $2', [invite.team_id, user.id])
        ).rows[0].role as Role;
        return { kind: 'ok', team: toTeam(teamRow), role, user, personalTeam, tokenId };
      });
    },
    async authenticate(tokenHash) {
      return (
        await pool.query(
          `SELECT t.id AS "tokenId", t.user_id AS "userId", u.name AS "userName" FROM tokens t JOIN users u ON u.id = t.user_id
           WHERE t.hash = $1 AND t.revoked_at IS NULL`,
          [tokenHash],
        )
      ).rows[0];
    },
    async revokeToken(tokenId, now) {
      await tx(async (c) => {
        await c.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now, tokenId]);
        // Other instances close this token's sockets.
        await notify(c, { kind: 'revoke', tokenIds: [tokenId] });
      });
    },
    async push({ teamId, clientId, userId, role, mutations, now }) {
      return tx(async (c): Promise<PushOutcome> => {
        // The team row lock serialises pushes of a team: commit order equals version order.
        const team = (
          await c.query('SELECT id, name, personal, version, horizon FROM teams WHERE id = $1 FOR UPDATE', [teamId])
        ).rows[0] as TeamRow | undefined;
        if (!team) throw new Error(`push to unknown team ${teamId}`);
        const seqRow = (
          await c.query('SELECT user_id, last_seq FROM client_seqs WHERE team_id = $1 AND client_id = $2', [
            teamId,
            clientId,
          ])
        ).rows[0] as { user_id: string; last_seq: number } | undefined;
        const lastSeq = seqRow?.last_seq ?? 0;
        const keys = keysToLoad(mutations, lastSeq);
        const rows = new Map<string, StoredRow>();
        if (keys.length > 0) {
          const found = await c.query(
            `SELECT r.tbl, r.key, r.fields, r.hlc, r.hlcs, r.deleted, r.author_id FROM sync_rows r
             JOIN unnest($2::text[], $3::text[]) AS w(tbl, key) ON r.tbl = w.tbl AND r.key = w.key
             WHERE r.team_id = $1`,
            [teamId, keys.map((k) => k.table), keys.map((k) => k.key)],
          );
          for (const r of found.rows) {
            rows.set(rowId(r.tbl, r.key), {
              row: {
                key: r.key,
                fields: r.fields,
                hlc: expandClock(r.fields, r.deleted, r.hlc, r.hlcs),
                deleted: r.deleted,
              },
              author: r.author_id,
            });
          }
        }
        const clients = clientsToLoad(mutations, lastSeq);
        const hlcOwners = new Map<string, string>();
        if (clients.length > 0) {
          const owners = await c.query('SELECT client_id, user_id FROM hlc_clients WHERE client_id = ANY($1::text[])', [
            clients,
          ]);
          for (const r of owners.rows) hlcOwners.set(r.client_id, r.user_id);
        }
        const bound = Number(
          (await c.query('SELECT COUNT(*) AS n FROM hlc_clients WHERE user_id = $1', [userId])).rows[0].n,
        );
        const first = mutations[0]?.seq ?? 0;
        const last = mutations[mutations.length - 1]?.seq ?? 0;
        const storedRejections =
          first <= lastSeq
            ? ((
                await c.query(
                  'SELECT seq, code, message FROM rejections WHERE team_id = $1 AND client_id = $2 AND seq BETWEEN $3 AND $4',
                  [teamId, clientId, first, Math.min(last, lastSeq)],
                )
              ).rows as Rejection[])
            : [];
        const plan = planPush({
          userId,
          role,
          teamVersion: team.version,
          lastSeq,
          seqOwner: seqRow?.user_id,
          mutations,
          rows,
          storedRejections,
          hlcOwners,
          boundClients: bound,
          now,
          maxClockAheadMs: LIMITS.maxClockAheadMs,
        });
        if (plan.kind !== 'ok') return plan;
        let changes: PulledChange[] | undefined;
        if (plan.writes.length > 0) {
          const w = plan.writes;
          const clocks = w.map((r) => clockColumns(compactClock(r.row.fields, r.row.hlc, r.row.deleted)));
          const fieldsJson = w.map((r) => JSON.stringify(r.row.fields));
          changes = pushedChanges(
            plan.version,
            w.map((r, i) => ({
              table: r.table,
              key: r.key,
              fields: fieldsJson[i]!,
              ...clocks[i]!,
              deleted: r.row.deleted,
            })),
          );
          await c.query(
            `INSERT INTO sync_rows (team_id, tbl, key, fields, hlc, hlcs, deleted, version, updated_at, author_id)
             SELECT $1, t.tbl, t.key, t.fields::jsonb, t.hlc, t.hlcs::jsonb, t.deleted, $2, $3, t.author
             FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::text[])
               AS t(tbl, key, fields, hlc, hlcs, deleted, author)
             ON CONFLICT (team_id, tbl, key) DO UPDATE SET fields = excluded.fields, hlc = excluded.hlc, hlcs = excluded.hlcs,
               deleted = excluded.deleted, version = excluded.version, updated_at = excluded.updated_at`,
            [
              teamId,
              plan.version,
              now,
              w.map((r) => r.table),
              w.map((r) => r.key),
              fieldsJson,
              clocks.map((k) => k.hlc),
              clocks.map((k) => k.hlcs),
              w.map((r) => r.row.deleted),
              w.map((r) => r.author),
            ],
          );
          await c.query('UPDATE teams SET version = $1 WHERE id = $2', [plan.version, teamId]);
          // Webhook deliveries commit with the change they announce.
          await api.recordPushEvents(c, { teamId, actorId: userId, writes: plan.writes, before: rows, now });
          // Delivered to every LISTENing instance at commit, never before.
          await c.query('SELECT pg_notify($1, $2)', [
            POKE_CHANNEL,
            JSON.stringify({ instance, teamId, version: plan.version }),
          ]);
        }
        if (plan.firstNewSeq !== undefined) {
          await c.query(
            `INSERT INTO client_seqs (team_id, client_id, user_id, last_seq) VALUES ($1, $2, $3, $4)
             ON CONFLICT (team_id, client_id) DO UPDATE SET last_seq = excluded.last_seq`,
            [teamId, clientId, userId, plan.lastSeq],
          );
        }
        // The client has read every answer before the first seq it sends: older refusals need not be kept.
        if (first > 0) {
          await c.query('DELETE FROM rejections WHERE team_id = $1 AND client_id = $2 AND seq < $3', [
            teamId,
            clientId,
            first,
          ]);
        }
        if (plan.newRejections.length > 0) {
          await c.query(
            `INSERT INTO rejections (team_id, client_id, seq, code, message)
             SELECT $1, $2, t.seq, t.code, t.message FROM unnest($3::bigint[], $4::text[], $5::text[]) AS t(seq, code, message)
             ON CONFLICT DO NOTHING`,
            [
              teamId,
              clientId,
              plan.newRejections.map((r) => r.seq),
              plan.newRejections.map((r) => r.code),
              plan.newRejections.map((r) => r.message),
            ],
          );
        }
        if (plan.bind.length > 0) {
          await c.query(
            `INSERT INTO hlc_clients (client_id, user_id, created_at) SELECT u, $2, $3 FROM unnest($1::text[]) AS u
             ON CONFLICT DO NOTHING`,
            [plan.bind, userId, now],
          );
        }
        for (const client of plan.writers) {
          // Bounded per member: a device that churns client ids cannot grow the members list without end.
          await c.query(
            `INSERT INTO writers (team_id, hlc_client, user_id) SELECT $1, $2, $3
             WHERE (SELECT COUNT(*) FROM writers WHERE team_id = $1 AND user_id = $3) < ${MAX_WRITERS_PER_MEMBER}
             ON CONFLICT DO NOTHING`,
            [teamId, client, userId],
          );
        }
        return changes ? { ...plan, changes } : plan;
      });
    },
    async pull({ teamId, clientId, after, limit, protocolVersion = PROTOCOL_VERSION }) {
      // One snapshot for the team version, the rows and the seq.
      return tx(async (c): Promise<PullOutcome> => {
        const team = (await c.query('SELECT id, name, personal, version, horizon FROM teams WHERE id = $1', [teamId]))
          .rows[0] as TeamRow | undefined;
        if (!team) throw new Error(`pull from unknown team ${teamId}`);
        if (after && (after.version < team.horizon || after.version > team.version)) return { kind: 'reset' };
        const from = after ?? { version: 0, table: '', key: '' };
        const records = (
          await c.query(
            // The JSON as text: it goes to the client as it is, never parsed and stringified again here.
            `SELECT tbl, key, fields::text AS fields, hlc, hlcs::text AS hlcs, deleted, version FROM sync_rows
             WHERE team_id = $1 AND (version, tbl, key) > ($2, $3::text COLLATE "C", $4::text COLLATE "C")
             ORDER BY version, tbl, key LIMIT $5`,
            [teamId, from.version, from.table, from.key, limit + 1],
          )
        ).rows;
        const hasMore = records.length > limit;
        if (hasMore) records.length = limit;
        const changes: PulledChange[] = records.map((r) => ({
          table: r.tbl,
          key: r.key,
          version: r.version,
          json: changeJson(protocolVersion, r.tbl, r.key, r.version, r.deleted, r.fields, r.hlc, r.hlcs),
        }));
        const seq = clientId
          ? (
              await c.query('SELECT last_seq FROM client_seqs WHERE team_id = $1 AND client_id = $2', [
                teamId,
                clientId,
              ])
            ).rows[0]
          : undefined;
        return { kind: 'ok', changes, hasMore, lastSeq: seq?.last_seq ?? 0, version: team.version };
      }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
    async compactTombstones({ olderThan }) {
      return tx(async (c) => {
        await c.query(
          `UPDATE teams t SET horizon = GREATEST(t.horizon, p.max_version)
           FROM (SELECT team_id, MAX(version) AS max_version FROM sync_rows WHERE deleted AND updated_at < $1 GROUP BY team_id) p
           WHERE t.id = p.team_id`,
          [olderThan],
        );
        return (await c.query('DELETE FROM sync_rows WHERE deleted AND updated_at < $1', [olderThan])).rowCount ?? 0;
      });
    },
    async createShare({ id, teamId, projectId, tokenHash, userId, now }) {
      await pool.query(
        'INSERT INTO shares (id, team_id, project_id, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, teamId, projectId, tokenHash, userId, now],
      );
      return (await storage.findShare(tokenHash))!;
    },
    async listShares(teamId, projectId) {
      return (
        await pool.query(
          `SELECT s.id, s.team_id AS "teamId", s.project_id AS "projectId", s.created_at AS "createdAt",
             u.name AS "createdBy", s.revoked_at AS "revokedAt" FROM shares s JOIN users u ON u.id = s.created_by
           WHERE s.team_id = $1 AND s.project_id = $2 AND s.revoked_at IS NULL ORDER BY s.created_at, s.id`,
          [teamId, projectId],
        )
      ).rows;
    },
    async revokeShare(teamId, shareId, now) {
      const res = await pool.query(
        'UPDATE shares SET revoked_at = $1 WHERE team_id = $2 AND id = $3 AND revoked_at IS NULL',
        [now, teamId, shareId],
      );
      return (res.rowCount ?? 0) > 0;
    },
    async findShare(tokenHash) {
      return (
        await pool.query(
          `SELECT s.id, s.team_id AS "teamId", s.project_id AS "projectId", s.created_at AS "createdAt",
             u.name AS "createdBy", s.revoked_at AS "revokedAt" FROM shares s JOIN users u ON u.id = s.created_by
           WHERE s.token_hash = $1`,
          [tokenHash],
        )
      ).rows[0];
    },
    async projectSnapshot(teamId, projectId, tables) {
      const project = (
        await pool.query(
          `SELECT tbl, key, fields, hlc, hlcs, deleted, version FROM sync_rows
           WHERE team_id = $1 AND tbl = 'projects' AND key = $2 AND NOT deleted`,
          [teamId, projectId],
        )
      ).rows[0] as PostgresChangeRecord | undefined;
      const rows: Record<string, StoredChange[]> = {};
      for (const table of tables) {
        const found = await pool.query(
          `SELECT tbl, key, fields, hlc, hlcs, deleted, version FROM sync_rows
           WHERE team_id = $1 AND tbl = $2 AND NOT deleted AND fields->>'projectId' = $3 LIMIT 5000`,
          [teamId, table, projectId],
        );
        rows[table] = (found.rows as PostgresChangeRecord[]).map(postgresChange);
      }
      return { project: project ? postgresChange(project) : undefined, rows };
    },
    async getSetting(key) {
      return (await pool.query('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value;
    },
    async setSetting(key, value) {
      await pool.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    },
    async listenPokes(onPoke, onMember, more = {}) {
      return listenWithReconnect(
        { connectionString, channel: POKE_CHANNEL, instance, types },
        { onPoke, ...(onMember ? { onMember } : {}), ...more },
      );
    },
    async dropAll() {
      // Every table of the current schema, so a table added by a later migration can never be left behind.
      const tables = (await pool.query('SELECT tablename FROM pg_tables WHERE schemaname = current_schema()')).rows;
      if (tables.length === 0) return;
      await pool.query(`DROP TABLE IF EXISTS ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
    },
    async close() {
      await pool.end();
    },
  };
  return storage;
}
