// SQLite migrations: applied once, in order, recorded in schema_migrations, and data survives later ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage, migrateSqlite, SQLITE_MIGRATIONS } from '../../server/storage/sqlite';
import { parsePulled } from '../../server/storage/types';
import { hlcAt, newKey, taskFields } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'waypoint-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite migrations', () => {
  it('upgrades a database written by older migrations without losing rows', async () => {
    const path = join(dir, 'old.sqlite');
    // A database as the release with migrations 1–2 left it (the storage's statements need the latest schema,
    // so the old state is written with SQL directly).
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    expect(
      migrateSqlite(
        raw,
        SQLITE_MIGRATIONS.filter((m) => m.version <= 2),
      ),
    ).toEqual([1, 2]);
    const team = { id: newKey() };
    const user = { id: newKey() };
    const key = newKey();
    raw.prepare("INSERT INTO users (id, name, created_at) VALUES (?, 'U', 1)").run(user.id);
    raw.prepare("INSERT INTO teams (id, name, personal, version, created_at) VALUES (?, 'T', 0, 1, 1)").run(team.id);
    raw
      .prepare("INSERT INTO members (team_id, user_id, role, created_at) VALUES (?, ?, 'owner', 1)")
      .run(team.id, user.id);
    raw
      .prepare("INSERT INTO client_seqs (team_id, client_id, user_id, last_seq) VALUES (?, 'c1', ?, 1)")
      .run(team.id, user.id);
    const hlc = Object.fromEntries(Object.keys(taskFields()).map((f) => [f, hlcAt(1)]));
    raw
      .prepare(
        'INSERT INTO sync_rows (team_id, tbl, key, fields, hlc, deleted, version, updated_at, author_id) VALUES (?, ?, ?, ?, ?, 0, 1, 1, ?)',
      )
      .run(team.id, 'tasks', key, JSON.stringify(taskFields()), JSON.stringify(hlc), user.id);
    raw.close();

    const current = createSqliteStorage({ path });
    const pulled = await current.pull({ teamId: team.id, clientId: 'c1', limit: 10 });
    expect(pulled).toMatchObject({ kind: 'ok', lastSeq: 1, version: 1 });
    expect(pulled.kind === 'ok' && pulled.changes.map(parsePulled)).toMatchObject([
      { key, version: 1, fields: taskFields() },
    ]);
    // The unique key still holds after the table was rebuilt: a second write updates the same row.
    await current.push({
      teamId: team.id,
      clientId: 'c1',
      userId: user.id,
      role: 'owner',
      mutations: [{ seq: 2, op: 'patch', table: 'tasks', key, fields: { title: 'After' }, hlc: hlcAt(2) }],
      now: 2,
    });
    const again = await current.pull({ teamId: team.id, limit: 10 });
    expect(again.kind === 'ok' && again.changes.map((c) => parsePulled(c).fields.title)).toEqual(['After']);
    await current.close();

    const db = new Database(path, { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
      version: number;
    }[];
    expect(versions.map((v) => v.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    db.close();
  });
});
