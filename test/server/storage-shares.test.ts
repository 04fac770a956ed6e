// Storage of status page links and the project snapshot behind a status page, on SQLite (and PostgreSQL when set).
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../server/crypto';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { freshPostgresStorage, hlcAt, newKey, taskFields } from './helpers';

const pgUrl = process.env.WAYPOINT_TEST_DATABASE_URL;
const kinds: [string, () => Promise<Storage>][] = [['sqlite', async () => createSqliteStorage({ path: ':memory:' })]];
if (pgUrl) {
  kinds.push([
    'postgres',
    // A schema of its own: test files run in parallel on one database.
    () => freshPostgresStorage('waypoint_storage_shares_test', 2),
  ]);
}

const projectFields = {
  name: 'Launch',
  objective: '',
  status: 'active',
  startAt: null,
  dueAt: null,
  color: '#2563eb',
  urlRules: [],
  archived: false,
  createdBy: null,
  createdAt: '2026-11-25T12:00:00.000Z',
};

describe.each(kinds)('%s: shares and project snapshots', (_kind, open) => {
  it('creates, lists, finds and revokes links; snapshots only live rows of the project', async () => {
    const storage = await open();
    try {
      const { team, user } = await storage.createTeam({
        teamName: 'T',
        owner: { userName: 'Ada', tokenHash: 'h' },
        now: 1,
      });
      const projectId = newKey();
      const otherProject = newKey();
      const [t1, t2, t3] = [newKey(), newKey(), newKey()];
      const result = await storage.push({
        teamId: team.id,
        clientId: 'c1',
        userId: user.id,
        role: 'owner',
        now: 1,
        mutations: [
          { seq: 1, op: 'upsert', table: 'projects', key: projectId, fields: projectFields, hlc: hlcAt(1) },
          { seq: 2, op: 'upsert', table: 'tasks', key: t1, fields: taskFields({ projectId }), hlc: hlcAt(1, 'c1', 1) },
          { seq: 3, op: 'upsert', table: 'tasks', key: t2, fields: taskFields({ projectId }), hlc: hlcAt(1, 'c1', 2) },
          { seq: 4, op: 'delete', table: 'tasks', key: t2, hlc: hlcAt(1, 'c1', 3) },
          {
            seq: 5,
            op: 'upsert',
            table: 'tasks',
            key: t3,
            fields: taskFields({ projectId: otherProject }),
            hlc: hlcAt(1, 'c1', 4),
          },
        ],
      });
      expect(result.kind).toBe('ok');

      const snapshot = await storage.projectSnapshot(team.id, projectId, ['tasks', 'milestones']);
      expect(snapshot.project?.fields.name).toBe('Launch');
      expect(snapshot.rows.tasks?.map((r) => r.key)).toEqual([t1]);
      expect(snapshot.rows.milestones).toEqual([]);
      expect((await storage.projectSnapshot(team.id, otherProject, [])).project).toBeUndefined();

      const share = await storage.createShare({
        id: newKey(),
        teamId: team.id,
        projectId,
        tokenHash: sha256('tok'),
        userId: user.id,
        now: 5,
      });
      expect(share).toMatchObject({ teamId: team.id, projectId, createdAt: 5, createdBy: 'Ada', revokedAt: null });
      expect(await storage.listShares(team.id, projectId)).toEqual([share]);
      expect(await storage.findShare(sha256('tok'))).toEqual(share);
      expect(await storage.findShare(sha256('other'))).toBeUndefined();
      expect(await storage.revokeShare('00000000-0000-4000-8000-000000000000', share.id, 6)).toBe(false);
      expect(await storage.revokeShare(team.id, share.id, 6)).toBe(true);
      expect(await storage.revokeShare(team.id, share.id, 7)).toBe(false);
      expect(await storage.listShares(team.id, projectId)).toEqual([]);
      expect((await storage.findShare(sha256('tok')))?.revokedAt).toBe(6);
    } finally {
      await storage.close();
    }
  });
});
