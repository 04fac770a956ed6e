// Runs team sync in the background: the engine, its triggers (changes, pokes, alarm, online) and the account.

import type { Hlc } from '@@/shared/hlc';
import Dexie, { type ObservabilitySet } from 'dexie';
import browser from 'webextension-polyfill';
import type { WaypointDb } from '../db/database';
import type { Store } from '../db/store';
import { type Account, createAccountCache } from '../sync/account';
import { createApi } from '../sync/api';
import { createSyncEngine } from '../sync/engine';
import { connectPokes } from '../sync/pokes';
import { createAccountService } from '../sync/service';

const ALARM = 'waypoint-sync';

export function startSync({
  db,
  clock,
  store,
  getAccount,
}: {
  db: WaypointDb;
  clock: Hlc;
  store: Store;
  getAccount: () => Promise<Account | null>;
}) {
  const accountCache = createAccountCache(getAccount, db.name);
  const engine = createSyncEngine({
    db,
    clock,
    getAccount: accountCache.get,
    createApi: (account) => createApi(account),
  });
  let pokes: ReturnType<typeof connectPokes> | undefined;

  function follow(account: Account | null) {
    pokes?.close();
    pokes = undefined;
    if (!account) return;
    pokes = connectPokes({
      account,
      onOpen: () => engine.kick('poke'),
      onPoke: (teamId, version, message) => {
        void engine.isBehind(teamId, version, message).then((behind) => behind && engine.kick('poke'));
      },
      // Someone joined: refetch teams and members so pickers and the activity feed name them at once.
      onMembers: () => void accounts.refresh().catch(() => undefined),
    });
  }

  const accounts = createAccountService({ db, store, engine, createApi, onAccountChange: follow });

  // Every local change lands in the outbox: push it right away. Dexie reports each committed write (of this
  // worker, or of a page through its broadcast) with the stores it touched; a write to the outbox starts a cycle
  // at once, which reads what is pending itself. The cycle that a push's own clean-up starts finds nothing to do.
  const outbox = `idb://${db.name}/outbox/`;
  Dexie.on('storagemutated', (parts: ObservabilitySet) => {
    accountCache.mutated(parts);
    if (parts.all || parts[outbox]) {
      engine.kick('change');
    }
  });

  /** An alarm or the network coming back (see listenForSyncWakeUps). */
  function kick(reason: 'alarm' | 'online') {
    if (reason === 'online') pokes?.retry();
    engine.kick(reason);
  }

  void accountCache.get().then((account) => {
    follow(account);
    if (account) {
      engine.kick('account');
      void accounts.refresh().catch(() => undefined);
    }
  });

  return { engine, accounts, kick };
}

/**
 * The listeners that wake sync, registered synchronously in the background's main (an event that starts the
 * worker is delivered only to listeners added in its first turn); they reach the engine once it is ready.
 */
export function listenForSyncWakeUps(wake: (reason: 'alarm' | 'online') => Promise<void>): void {
  void browser.alarms.create(ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void wake('alarm');
  });
  globalThis.addEventListener?.('online', () => void wake('online'));
}
