// Migration 7 on both storages: rows written with per-field HLC maps get compact clocks (one HLC per row, the
// differing fields beside it), and nothing a client can see changes — protocol 1 pulls still get the same maps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, POSTGRES_MIGRATIONS } from '../../server/storage/postgres';
import { createSqliteStorage, migrateSqlite, SQLITE_MIGRATIONS } from '../../server/storage/sqlite';
import { changeText, type PulledPageChange, type Storage } from '../../server/storage/types';
import { hlcAt, newKey, taskFields } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'waypoint-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pgUrl = process.env.WAYPOINT_TEST_DATABASE_URL;

const team = newKey();
const user = newKey();
const once = newKey();
const edited = newKey();
const gone = newKey();
const fields = taskFields();
const onceHlc = Object.fromEntries(Object.keys(fields).map((f) => [f, hlcAt(1)]));
// Renamed later, then deleted and restored before the rename: the restore tombstone is older than the row.
const editedHlc = { ...onceHlc, title: hlcAt(9, 'b'), deleted: hlcAt(5) };
const goneHlc = { ...onceHlc, deleted: hlcAt(7) };
/** The rows as migrations 1–6 stored them: [key, fields, per-field map, deleted]. */
const OLD_ROWS: [string, Record<string, unknown>, Record<string, string>, boolean][] = [
  [once, fields, onceHlc, false],
  [edited, { ...fields, title: 'Renamed' }, editedHlc, false],
  [gone, fields, goneHlc, true],
];

async function expectMigrated(storage: Storage) {
  const v2 = await storage.pull({ teamId: team, limit: 10, protocolVersion: 2 });
  const v1 = await storage.pull({ teamId: team, limit: 10, protocolVersion: 1 });
  if (v2.kind !== 'ok' || v1.kind !== 'ok') throw new Error('pull failed');
  const byKey = (changes: PulledPageChange[]) =>
    Object.fromEntries(changes.map((c) => [c.key, JSON.parse(changeText(c)) as Record<string, unknown>]));
  const compact = byKey(v2.changes);
  expect(compact[once]).toMatchObject({ hlc: hlcAt(1), fields });
  expect(compact[once]).not.toHaveProperty('hlcs');
  expect(compact[edited]).toMatchObject({ hlc: hlcAt(9, 'b'), hlcs: { deleted: hlcAt(5), ...withoutTitle(onceHlc) } });
  expect(compact[gone]).toMatchObject({ hlc: hlcAt(7), hlcs: onceHlc, deleted: true });
  // Protocol 1 sees exactly the maps it saw before the migration.
  const maps = byKey(v1.changes);
  expect(maps[once]?.hlc).toEqual(onceHlc);
  expect(maps[edited]?.hlc).toEqual(editedHlc);
  expect(maps[gone]?.hlc).toEqual(goneHlc);
  // Merging still compares with the old clocks: a write older than the rename loses, a newer one wins.
  await storage.push({
    teamId: team,
    clientId: 'c1',
    userId: user,
    role: 'owner',
    mutations: [
      {
        seq: 1,
        op: 'patch',
        table: 'tasks',
        key: edited,
        fields: { title: 'Too late', notes: 'newer' },
        hlc: hlcAt(8),
      },
      { seq: 2, op: 'delete', table: 'tasks', key: edited, hlc: hlcAt(4) },
    ],
    now: Date.now(),
  });
  const after = await storage.pull({ teamId: team, limit: 10, protocolVersion: 1 });
  if (after.kind !== 'ok') throw new Error('pull failed');
  const row = byKey(after.changes)[edited] as {
    fields: Record<string, unknown>;
    hlc: Record<string, string>;
    deleted: boolean;
  };
  expect(row.fields).toMatchObject({ title: 'Renamed', notes: 'newer' });
  expect(row.deleted).toBe(false);
  expect(row.hlc).toEqual({ ...editedHlc, notes: hlcAt(8) });
}

function withoutTitle(map: Record<string, string>) {
  const { title: _t, ...rest } = map;
  return rest;
}

describe('migration 7: compact row clocks', () => {
  it('SQLite', async () => {
    const path = join(dir, 'v6.sqlite');
    const raw = new Database(path);
    migrateSqlite(
      raw,
      SQLITE_MIGRATIONS.filter((m) => m.version <= 6),
    );
    raw.prepare("INSERT INTO users (id, name, created_at) VALUES (?, 'U', 1)").run(user);
    raw.prepare("INSERT INTO teams (id, name, personal, version, created_at) VALUES (?, 'T', 0, 1, 1)").run(team);
    raw.prepare("INSERT INTO members (team_id, user_id, role, created_at) VALUES (?, ?, 'owner', 1)").run(team, user);
    const insert = raw.prepare(
      "INSERT INTO sync_rows (team_id, tbl, key, fields, hlc, deleted, version, updated_at, author_id) VALUES (?, 'tasks', ?, ?, ?, ?, 1, 1, ?)",
    );
    for (const [key, f, hlc, deleted] of OLD_ROWS)
      insert.run(team, key, JSON.stringify(f), JSON.stringify(hlc), deleted ? 1 : 0, user);
    raw.close();
    const storage = createSqliteStorage({ path });
    try {
      await expectMigrated(storage);
    } finally {
      await storage.close();
    }
  });

  it.skipIf(!pgUrl)('PostgreSQL', async () => {
    const schema = 'waypoint_clock_migration_test';
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(`SET search_path = ${schema}`);
      await admin.query(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      for (const m of POSTGRES_MIGRATIONS.filter((x) => x.version <= 6).sort((a, b) => a.version - b.version)) {
        await admin.query(m.sql);
        await admin.query('INSERT INTO schema_migrations VALUES ($1, $2, 0)', [m.version, m.name]);
      }
      await admin.query("INSERT INTO users (id, name, created_at) VALUES ($1, 'U', 1)", [user]);
      await admin.query("INSERT INTO teams (id, name, personal, version, created_at) VALUES ($1, 'T', false, 1, 1)", [
        team,
      ]);
      await admin.query("INSERT INTO members (team_id, user_id, role, created_at) VALUES ($1, $2, 'owner', 1)", [
        team,
        user,
      ]);
      for (const [key, f, hlc, deleted] of OLD_ROWS) {
        await admin.query(
          `INSERT INTO sync_rows (team_id, tbl, key, fields, hlc, deleted, version, updated_at, author_id)
           VALUES ($1, 'tasks', $2, $3, $4, $5, 1, 1, $6)`,
          [team, key, JSON.stringify(f), JSON.stringify(hlc), deleted, user],
        );
      }
    } finally {
      await admin.end();
    }
    const url = new URL(pgUrl!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const storage = await createPostgresStorage({ connectionString: url.toString(), max: 2 });
    try {
      await expectMigrated(storage);
    } finally {
      await storage.close();
    }
  });
});
