// SQLite writes a protocol 2 pull change's JSON in its query (server/storage/sqlite.ts, pullWire): the bytes must be
// exactly what changeJson writes from the same row, for new, patched, deleted and restored rows and any text.
import { describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../server/storage/sqlite';
import { changeJson, changeText } from '../../server/storage/types';
import { hlcAt, newKey, taskFields } from './helpers';

describe('SQLite pull wire form', () => {
  it('is byte for byte the JSON changeJson writes, and the same row protocol 1 reads', async () => {
    const storage = createSqliteStorage({ path: ':memory:' });
    const now = Date.UTC(2026, 10, 25, 12);
    const { team, user } = await storage.createTeam({
      teamName: 'T',
      owner: { userName: 'U', tokenHash: 'h'.repeat(64) },
      now,
    });
    const [plain, patched, deleted, restored, comment] = [newKey(), newKey(), newKey(), newKey(), newKey()];
    const tricky = 'Quotes " and \\ backslashes, tab\t, é, 😀, \u2028 and </script>';
    const mutations = [
      { op: 'upsert', table: 'tasks', key: plain, fields: taskFields({ title: tricky, tags: ['a', 'b"c'] }) },
      { op: 'upsert', table: 'tasks', key: patched, fields: taskFields() },
      { op: 'patch', table: 'tasks', key: patched, fields: { title: 'Later' } },
      { op: 'upsert', table: 'tasks', key: deleted, fields: taskFields() },
      { op: 'delete', table: 'tasks', key: deleted },
      { op: 'upsert', table: 'tasks', key: restored, fields: taskFields() },
      { op: 'delete', table: 'tasks', key: restored },
      { op: 'restore', table: 'tasks', key: restored },
      { op: 'upsert', table: 'comments', key: comment, fields: { taskId: plain, body: tricky } },
    ].map((m, i) => ({ ...m, seq: i + 1, hlc: hlcAt(now - 10_000 + i) }));
    const pushed = await storage.push({
      teamId: team.id,
      clientId: 'c1',
      userId: user.id,
      role: 'owner',
      mutations: mutations as never,
      now,
    });
    expect(pushed).toMatchObject({ kind: 'ok', rejected: [] });

    const v2 = await storage.pull({ teamId: team.id, limit: 100, protocolVersion: 2 });
    const v1 = await storage.pull({ teamId: team.id, limit: 100, protocolVersion: 1 });
    if (v2.kind !== 'ok' || v1.kind !== 'ok') throw new Error('pull failed');
    expect(v2.changes.map((c) => c.key)).toEqual(v1.changes.map((c) => c.key));
    expect(v2.changes).toHaveLength(5);
    for (const [i, change] of v2.changes.entries()) {
      expect(change.json).toBeInstanceOf(Uint8Array);
      const text = changeText(change);
      const parsed = JSON.parse(text);
      const expected = changeJson(
        2,
        parsed.table,
        parsed.key,
        parsed.version,
        parsed.deleted,
        JSON.stringify(parsed.fields),
        parsed.hlc,
        parsed.hlcs === undefined ? null : JSON.stringify(parsed.hlcs),
      );
      expect(text).toBe(expected);
      expect({ table: change.table, key: change.key, version: change.version }).toEqual({
        table: parsed.table,
        key: parsed.key,
        version: parsed.version,
      });
      // Protocol 1 (built in JavaScript) reads the same row.
      const old = JSON.parse(changeText(v1.changes[i]!));
      expect({ ...old, hlc: undefined }).toEqual({ ...parsed, hlc: undefined, hlcs: undefined });
    }
    const byKey = new Map(v2.changes.map((c) => [c.key, JSON.parse(changeText(c))]));
    expect(byKey.get(plain)).toMatchObject({ fields: { title: tricky }, deleted: false });
    expect(byKey.get(patched)?.hlcs).toBeDefined();
    expect(byKey.get(deleted)).toMatchObject({ deleted: true });
    expect(byKey.get(restored)).toMatchObject({ deleted: false, hlcs: { deleted: expect.any(String) } });
    await storage.close();
  });
});
