// A long pull says how far it is: each page of a first sync stores the tasks received so far in the sync status
// (one small row in the page's transaction), so the sync line never counts the tasks table per page.
import { formatHlc } from '@@/shared/hlc';
import { uuidv7 } from '@@/shared/id';
import { API, PROTOCOL_VERSION } from '@@/shared/sync/protocol';
import { describe, expect, it } from 'vitest';
import { readAccount } from '@/sync/account';
import type { SyncStatus } from '@/sync/status';
import { readSyncStatus } from '@/sync/status';
import { createTeamOfTwo, SERVER, useDevices } from './devices';

const devices = useDevices();

describe('pull progress', () => {
  it('stores the tasks received so far with each page of a long pull, then "synced"', async () => {
    const { server, ana, ben, teamId } = await createTeamOfTwo(devices);
    await ben.engine.settled();

    // 2,300 tasks straight through the push API: a pull from the start asks for 250 first, then pages of 1,000.
    const token = (await readAccount(ana.db))!.token;
    const at = Date.now();
    const createdAt = new Date(at).toISOString();
    for (let first = 0; first < 2300; first += 500) {
      const mutations = Array.from({ length: 500 }, (_, j) => ({
        seq: first + j + 1,
        op: 'upsert',
        table: 'tasks',
        key: uuidv7(at),
        hlc: formatHlc({ ms: at, counter: first + j, clientId: 'seeder' }),
        fields: {
          projectId: null,
          title: `Task ${first + j + 1}`,
          notes: '',
          status: 'todo',
          priority: 2,
          assigneeId: null,
          dueAt: '2026-12-01',
          tags: [],
          source: null,
          createdBy: 'Seeder',
          createdAt,
          completedAt: null,
          order: first + j,
        },
      })).slice(0, 2300 - first);
      const response = await server.app.request(`${SERVER}${API.push}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, teamId, clientId: 'seeder', mutations }),
      });
      expect(response.status).toBe(200);
    }

    // Every status stored during the sync, as written (Dexie reports an update as the changed key paths).
    const seen: SyncStatus[] = [];
    ben.db.settings.hook('creating', (key, row) => {
      if (key === 'syncStatus') seen.push(row.value as SyncStatus);
    });
    ben.db.settings.hook('updating', (changes, key, row) => {
      if (key !== 'syncStatus') return;
      const next = structuredClone(row.value) as Record<string, unknown>;
      for (const [path, value] of Object.entries(changes as Record<string, unknown>)) {
        if (path === 'value') Object.assign(next, value);
        else if (path.startsWith('value.')) next[path.slice(6)] = value;
      }
      seen.push(next as unknown as SyncStatus);
    });
    await ben.engine.sync();

    expect(await ben.db.tasks.filter((t) => t.teamId === teamId).count()).toBe(2300);
    const received = seen.filter((s) => s.state === 'syncing' && s.received).map((s) => s.received);
    // After every page but the last, which ends the pull: the sync then says "synced".
    expect(received).toEqual([250, 1250, 2250]);
    expect(await readSyncStatus(ben.db)).toMatchObject({ state: 'synced' });
    expect((await readSyncStatus(ben.db)).received).toBeUndefined();
  }, 30_000);
});
