// Test helpers: a fresh in-memory database, a deterministic clock and a store over them.
import { createHlc } from '@@/shared/hlc';
import { createDatabase } from '@/db/database';
import { createStore } from '@/db/store';

let counter = 0;

export function createTestStore(options: { now?: () => Date; clientId?: string } = {}) {
  const db = createDatabase(`waypoint-test-${Date.now()}-${counter++}`);
  const clock = createHlc({ clientId: options.clientId ?? 'testclient' });
  const store = createStore({ db, clock, now: options.now, actor: () => 'Tester' });
  return { db, clock, store };
}
