// The account the sync engine reads before every cycle is kept in memory until its settings row is written.
import Dexie, { type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from '@/db/database';
import { type Account, createAccountCache, readAccount } from '@/sync/account';

const account = (name: string): Account => ({
  serverUrl: 'http://waypoint.test',
  token: 't',
  clientId: 'c',
  user: { id: 'u', name },
  personalTeamId: 'p',
});

let listener: ((parts: ObservabilitySet) => void) | undefined;
afterEach(() => {
  if (listener) Dexie.on.storagemutated.unsubscribe(listener);
});

describe('account cache', () => {
  it('reads once, keeps it through other settings writes, and reads again after the account row changes', async () => {
    const db = createDatabase(`account-cache-${Date.now()}`);
    let reads = 0;
    const cache = createAccountCache(async () => {
      reads += 1;
      return readAccount(db);
    }, db.name);
    listener = (parts) => cache.mutated(parts);
    Dexie.on('storagemutated', listener);

    expect(await cache.get()).toBeNull();
    await db.settings.put({ key: 'account', value: account('Ada') });
    expect((await cache.get())?.user.name).toBe('Ada');
    expect((await cache.get())?.user.name).toBe('Ada');
    expect(reads).toBe(2);

    // A capture remembering its project, a status line: not the account.
    await db.settings.put({ key: 'recentProjects', value: ['x'] });
    await db.settings.put({ key: 'syncStatus', value: { state: 'synced' } });
    expect((await cache.get())?.user.name).toBe('Ada');
    expect(reads).toBe(2);

    await db.settings.put({ key: 'account', value: account('Bo') });
    expect((await cache.get())?.user.name).toBe('Bo');
    await db.settings.delete('account');
    expect(await cache.get()).toBeNull();
    expect(reads).toBe(4);
    await db.delete();
  });
});
