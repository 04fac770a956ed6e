// @vitest-environment happy-dom
// The sync line during a large first sync: it says how many tasks the pull has brought so far (the count the
// engine stores with each page), and stays a plain "Syncing…" for a short sync.
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskRow } from '@/db/rows';
import { writeSyncStatus } from '@/sync/status';
import { SyncStatusLine } from '@/ui/sync-status';
import { createTestStore } from '../helpers';

vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: async () => ({ ok: true, result: null }) } },
}));

const account = {
  serverUrl: 'http://127.0.0.1:8787',
  token: 'token',
  clientId: 'client',
  user: { id: 'u1', name: 'Newcomer' },
  personalTeamId: 'p1',
};

const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `task-${from + i}`, title: `Task ${from + i}` }) as TaskRow);

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

describe('sync status line', () => {
  it('shows the tasks received so far while a long pull runs', async () => {
    const { db } = createTestStore();
    const root = document.createElement('div');
    document.body.append(root);
    cleanup = async () => {
      render(null, root);
      root.remove();
      await db.delete();
    };
    await db.settings.put({ key: 'account', value: account });
    await db.tasks.bulkPut(rows(0, 3));
    await writeSyncStatus(db, { state: 'syncing' });
    render(<SyncStatusLine db={db} />, root);
    const line = () => root.querySelector('[role=status]')?.textContent ?? '';
    await vi.waitFor(() => expect(line()).toContain('Syncing…'));
    // Nothing has arrived yet: no count.
    expect(line()).not.toMatch(/\d/);
    await db.tasks.bulkPut(rows(3, 1000));
    await writeSyncStatus(db, { state: 'syncing', received: 1000 });
    await vi.waitFor(() => expect(line()).toContain('Syncing… 1,000 tasks received so far'));
    await writeSyncStatus(db, { state: 'syncing', received: 2000 });
    await vi.waitFor(() => expect(line()).toContain('Syncing… 2,000 tasks received so far'));
    // Rows written without a new status (a page in progress) do not make the line count anything itself.
    await db.tasks.bulkPut(rows(1003, 1000));
    await new Promise((settle) => setTimeout(settle, 50));
    expect(line()).toContain('Syncing… 2,000 tasks received so far');
    await writeSyncStatus(db, { state: 'synced', at: new Date().toISOString() });
    await vi.waitFor(() => expect(line()).toMatch(/^\s*Synced/));
    // The next short sync brings one page: plain "Syncing…" again.
    await writeSyncStatus(db, { state: 'syncing' });
    await vi.waitFor(() => expect(line()).toContain('Syncing…'));
    expect(line()).not.toMatch(/\d/);
  });
});
