// SQLite migrations: applied once, in order, recorded in schema_migrations, and data survives later ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage, SQLITE_MIGRATIONS } from '../../server/storage/sqlite';
import { hlcAt, newKey, taskFields } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'waypoint-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite migrations', () => {
  it('upgrades a database written by older migrations without losing rows', async () => {
    const path = join(dir, 'old.sqlite');
    const old = createSqliteStorage({ path, migrations: SQLITE_MIGRATIONS.filter((m) => m.version <= 2) });
    const { team, user } = await old.createTeam({ teamName: 'T', owner: { userName: 'U', tokenHash: 'h' }, now: 1 });
    const key = newKey();
    const pushed = await old.push({
      teamId: team.id,
      clientId: 'c1',
      userId: user.id,
      mutations: [{ seq: 1, op: 'upsert', table: 'tasks', key, fields: taskFields(), hlc: hlcAt(1) }],
      now: 1,
    });
    expect(pushed).toMatchObject({ kind: 'ok', version: 1 });
    await old.close();

    const current = createSqliteStorage({ path });
    const pulled = await current.pull({ teamId: team.id, clientId: 'c1', limit: 10 });
    expect(pulled).toMatchObject({
      kind: 'ok',
      lastSeq: 1,
      version: 1,
      changes: [{ key, version: 1, fields: taskFields() }],
    });
    // The unique key still holds after the table was rebuilt: a second write updates the same row.
    await current.push({
      teamId: team.id,
      clientId: 'c1',
      userId: user.id,
      mutations: [{ seq: 2, op: 'patch', table: 'tasks', key, fields: { title: 'After' }, hlc: hlcAt(2) }],
      now: 2,
    });
    const again = await current.pull({ teamId: team.id, limit: 10 });
    expect(again.kind === 'ok' && again.changes.map((c) => c.fields.title)).toEqual(['After']);
    await current.close();

    const db = new Database(path, { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
      version: number;
    }[];
    expect(versions.map((v) => v.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    db.close();
  });
});
