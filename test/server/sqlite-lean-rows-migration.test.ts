// SQLite migration 8 (lean sync rows): a database that every earlier migration wrote (1–7 and the account, API
// and calendar ones) keeps every row of every team and table, exactly as clients pull it, and the new layout
// keeps working for pushes, the guest rule (row authors), tombstone purging and the readers of the sync_rows view.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage, hlcColumns, migrateSqlite, SQLITE_MIGRATIONS } from '../../server/storage/sqlite';
import { changeJson, changeText } from '../../server/storage/types';
import { hlcAt, newKey, taskFields } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'waypoint-lean-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const owner = newKey();
const writer = newKey();
const teamA = newKey();
const teamB = newKey();
const [k1, k2, k3, k4, k5, p1] = [newKey(), newKey(), newKey(), newKey(), newKey(), newKey()];

interface OldRow {
  team: string;
  tbl: string;
  key: string;
  fields: Record<string, unknown>;
  hlc: string;
  hlcs: Record<string, string> | null;
  deleted: boolean;
  version: number;
  updatedAt: number;
  author: string | null;
}

/** Rows as migration 7 left them: several teams and tables, tombstones, exceptions, old rows without author. */
const OLD: OldRow[] = [
  {
    team: teamA,
    tbl: 'tasks',
    key: k1,
    fields: taskFields({ title: 'Écrire « le rapport » "vite" 👩‍💻\nligne 2', createdBy: owner }),
    hlc: hlcAt(1_764_000_000_500, 'devA'),
    hlcs: null,
    deleted: false,
    version: 1,
    updatedAt: 100,
    author: owner,
  },
  {
    team: teamA,
    tbl: 'tasks',
    key: k2,
    fields: taskFields({ title: 'Gone', createdBy: writer }),
    hlc: hlcAt(1_764_000_000_900, 'devB', 0xff0a),
    hlcs: { title: hlcAt(1_764_000_000_200, 'devA') },
    deleted: true,
    version: 2,
    updatedAt: 200,
    author: writer,
  },
  {
    team: teamA,
    tbl: 'projects',
    key: p1,
    fields: { name: 'Launch', color: null },
    hlc: hlcAt(1_764_000_000_100, 'dev_with-dashes_and_underscores'),
    hlcs: null,
    deleted: false,
    version: 1,
    updatedAt: 100,
    author: owner,
  },
  {
    team: teamB,
    tbl: 'tasks',
    key: k3,
    fields: {},
    // A row nothing wrote has the empty HLC (shared/sync/clock.ts): kept as text.
    hlc: '',
    hlcs: null,
    deleted: false,
    version: 1,
    updatedAt: 50,
    author: null,
  },
  {
    team: teamB,
    tbl: 'comments',
    key: k4,
    fields: { body: 'Looks good', taskId: k3 },
    hlc: hlcAt(1_764_000_000_300, 'devB'),
    hlcs: { deleted: hlcAt(1_764_000_000_250, 'devB') },
    deleted: false,
    version: 3,
    updatedAt: 300,
    author: writer,
  },
  {
    team: teamB,
    tbl: 'comments',
    key: k5,
    fields: { body: 'By the owner', taskId: k3 },
    hlc: hlcAt(1_764_000_000_310, 'devA'),
    hlcs: null,
    deleted: false,
    version: 3,
    updatedAt: 300,
    author: owner,
  },
];

/** A database as the release before migration 8 left it (every other migration applied). */
function oldDatabase(path: string) {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  migrateSqlite(
    raw,
    SQLITE_MIGRATIONS.filter((m) => m.version !== 8),
  );
  for (const [id, name] of [
    [owner, 'Owner'],
    [writer, 'Writer'],
  ])
    raw.prepare('INSERT INTO users (id, name, created_at) VALUES (?, ?, 1)').run(id, name);
  for (const [id, version] of [
    [teamA, 2],
    [teamB, 3],
  ] as const) {
    raw
      .prepare("INSERT INTO teams (id, name, personal, version, created_at) VALUES (?, 'T', 0, ?, 1)")
      .run(id, version);
    raw.prepare("INSERT INTO members (team_id, user_id, role, created_at) VALUES (?, ?, 'owner', 1)").run(id, owner);
    raw.prepare("INSERT INTO members (team_id, user_id, role, created_at) VALUES (?, ?, 'guest', 2)").run(id, writer);
  }
  const insert = raw.prepare(
    `INSERT INTO sync_rows (team_id, tbl, key, fields, hlc, hlcs, deleted, version, updated_at, author_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of OLD) {
    insert.run(
      r.team,
      r.tbl,
      r.key,
      JSON.stringify(r.fields),
      r.hlc,
      r.hlcs ? JSON.stringify(r.hlcs) : null,
      r.deleted ? 1 : 0,
      r.version,
      r.updatedAt,
      r.author,
    );
  }
  raw.close();
}

const expectedPull = (team: string, protocolVersion: number) =>
  OLD.filter((r) => r.team === team)
    .sort((a, b) => a.version - b.version || a.tbl.localeCompare(b.tbl) || a.key.localeCompare(b.key))
    .map((r) =>
      JSON.parse(
        changeJson(
          protocolVersion,
          r.tbl,
          r.key,
          r.version,
          r.deleted,
          JSON.stringify(r.fields),
          r.hlc,
          r.hlcs ? JSON.stringify(r.hlcs) : null,
        ),
      ),
    );

describe('SQLite migration 8: lean sync rows', () => {
  it('carries every row of every team and table, as clients pull them (protocols 1 and 2)', async () => {
    const path = join(dir, 'carry.sqlite');
    oldDatabase(path);
    const storage = createSqliteStorage({ path });
    try {
      for (const team of [teamA, teamB]) {
        for (const protocolVersion of [1, 2]) {
          const pulled = await storage.pull({ teamId: team, limit: 100, protocolVersion });
          expect(pulled.kind).toBe('ok');
          if (pulled.kind !== 'ok') continue;
          expect(pulled.changes.map((c) => JSON.parse(changeText(c)))).toEqual(expectedPull(team, protocolVersion));
        }
      }
      // Paging by cursor walks the same order as before (version, table, key).
      const first = await storage.pull({ teamId: teamA, limit: 1, protocolVersion: 2 });
      expect(first.kind === 'ok' && first.hasMore).toBe(true);
    } finally {
      await storage.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The view keeps the old columns for the readers outside the sync path.
      const viewed = db
        .prepare('SELECT team_id, tbl, key, fields, hlc, hlcs, deleted, version, deleted_at, author_id FROM sync_rows')
        .all() as Record<string, unknown>[];
      expect(viewed).toHaveLength(OLD.length);
      for (const r of OLD) {
        expect(viewed.find((v) => v.key === r.key)).toEqual({
          team_id: r.team,
          tbl: r.tbl,
          key: r.key,
          fields: expect.any(String),
          hlc: r.hlc,
          hlcs: r.hlcs ? JSON.stringify(r.hlcs) : null,
          deleted: r.deleted ? 1 : 0,
          version: r.version,
          deleted_at: r.deleted ? r.updatedAt : null,
          author_id: r.author,
        });
        expect(JSON.parse(viewed.find((v) => v.key === r.key)!.fields as string)).toEqual(r.fields);
      }
      // The team id is no longer in every row and index entry: one number per team, author and HLC client.
      const ids = db.prepare('SELECT id FROM sync_ids ORDER BY id').pluck().all();
      expect(ids).toEqual(
        [teamA, teamB, owner, writer, 'devA', 'devB', 'dev_with-dashes_and_underscores'].sort((a, b) =>
          a < b ? -1 : 1,
        ),
      );
      const indexes = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sync_data'")
        .pluck()
        .all();
      expect(indexes).toEqual(['sync_data_by_version']);
    } finally {
      db.close();
    }
  });

  it('keeps pushes, the guest rule, purging and the REST reader working on migrated rows', async () => {
    const path = join(dir, 'use.sqlite');
    oldDatabase(path);
    const storage = createSqliteStorage({ path });
    try {
      // The owner edits a migrated row: updated in place (no second row), version bumped.
      const edit = await storage.push({
        teamId: teamA,
        clientId: 'c-owner',
        userId: owner,
        role: 'owner',
        mutations: [
          {
            seq: 1,
            op: 'patch',
            table: 'tasks',
            key: k1,
            fields: { title: 'Renamed' },
            hlc: hlcAt(1_764_000_001_000, 'devA'),
          },
        ],
        now: 1_764_000_010_000,
      });
      expect(edit).toMatchObject({ kind: 'ok', version: 3, rejected: [] });
      const restore = await storage.push({
        teamId: teamA,
        clientId: 'c-owner',
        userId: owner,
        role: 'owner',
        mutations: [{ seq: 2, op: 'restore', table: 'tasks', key: k2, hlc: hlcAt(1_764_000_002_001, 'devA') }],
        now: 1_764_000_020_000,
      });
      expect(restore).toMatchObject({ kind: 'ok', version: 4, rejected: [] });
      // A guest may change its own comment, not the owner's: row authors survived the migration.
      const guest = await storage.push({
        teamId: teamB,
        clientId: 'c-guest',
        userId: writer,
        role: 'guest',
        mutations: [
          {
            seq: 1,
            op: 'patch',
            table: 'comments',
            key: k5,
            fields: { body: 'Mine now' },
            hlc: hlcAt(1_764_000_002_000, 'devB'),
          },
          {
            seq: 2,
            op: 'patch',
            table: 'comments',
            key: k4,
            fields: { body: 'Edited' },
            hlc: hlcAt(1_764_000_002_001, 'devB'),
          },
        ],
        now: 1_764_000_020_000,
      });
      expect(guest.kind === 'ok' && guest.rejected.map((r) => [r.seq, r.code])).toEqual([[1, 'Forbidden']]);
      expect(guest).toMatchObject({ version: 4 });
      const pulled = await storage.pull({ teamId: teamA, limit: 100, protocolVersion: 1 });
      if (pulled.kind !== 'ok') throw new Error('pull failed');
      const byKey = new Map(pulled.changes.map((c) => [c.key, JSON.parse(changeText(c))]));
      expect(pulled.changes).toHaveLength(3);
      expect(byKey.get(k1)).toMatchObject({ version: 3, fields: { title: 'Renamed', createdBy: owner } });
      expect(byKey.get(k1).hlc.title).toBe(hlcAt(1_764_000_001_000, 'devA'));
      expect(byKey.get(k1).hlc.notes).toBe(hlcAt(1_764_000_000_500, 'devA'));
      expect(byKey.get(k2)).toMatchObject({ version: 4, deleted: false, fields: { title: 'Gone' } });
      // The REST reader (sqlite-api, through the view) sees the same row.
      expect(await storage.readRow(teamA, 'tasks', k1)).toMatchObject({ key: k1, fields: { title: 'Renamed' } });
      const scanned = await storage.scanRows({ teamId: teamA, table: 'tasks', afterKey: '', limit: 10 });
      expect(scanned.map((r) => r.key)).toEqual([k1, k2].sort());

      // A new tombstone is purged once old enough; the horizon moves with it.
      const del = await storage.push({
        teamId: teamB,
        clientId: 'c-owner-b',
        userId: owner,
        role: 'owner',
        mutations: [{ seq: 1, op: 'delete', table: 'comments', key: k4, hlc: hlcAt(1_764_000_003_000, 'devA') }],
        now: 1_764_000_030_000,
      });
      expect(del).toMatchObject({ kind: 'ok', version: 5 });
      expect(await storage.compactTombstones({ olderThan: 1_764_000_030_000 })).toBe(0);
      expect(await storage.compactTombstones({ olderThan: 1_764_000_030_001 })).toBe(1);
      const afterPurge = await storage.pull({ teamId: teamB, limit: 100, protocolVersion: 2 });
      expect(afterPurge.kind === 'ok' && afterPurge.changes.map((c) => c.key)).toEqual([k3, k5]);
      expect(await storage.pull({ teamId: teamB, limit: 100, after: { version: 1, table: 'tasks', key: k3 } })).toEqual(
        {
          kind: 'reset',
        },
      );
    } finally {
      await storage.close();
    }
  });
});

describe('hlcColumns', () => {
  it('splits an HLC into time, counter and client id, and keeps anything else as text', () => {
    expect(hlcColumns(hlcAt(1_764_000_000_500, 'dev-1_x', 0xab))).toEqual([1_764_000_000_500, 0xab, 'dev-1_x', null]);
    expect(hlcColumns('')).toEqual([null, null, null, '']);
    expect(hlcColumns('not an hlc')).toEqual([null, null, null, 'not an hlc']);
  });
});
