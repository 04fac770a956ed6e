// Test helpers: a fresh in-memory database, a deterministic clock and a store over them.
import { createHlc } from '@@/shared/hlc';
import { createDatabase } from '@/db/database';
import { createStore } from '@/db/store';
import { createHandlers, dispatch } from '@/messaging/handlers';

let counter = 0;

/** A team id for tests whose rows must live in a space (a row on this device only queues nothing to push). */
export const TEST_TEAM = '0190a000-0000-7000-8000-0000000000ee';

export function createTestStore(options: { now?: () => Date; clientId?: string; space?: string | null } = {}) {
  const db = createDatabase(`waypoint-test-${Date.now()}-${counter++}`);
  const clock = createHlc({ clientId: options.clientId ?? 'testclient' });
  const space = options.space ?? null;
  const store = createStore({ db, clock, now: options.now, actor: () => 'Tester', defaultSpace: () => space });
  return { db, clock, store };
}

/** The background's message handlers over a fresh test store, and a `send` that goes through validation. */
export function createTestHandlers() {
  const t = createTestStore();
  const handlers = createHandlers({
    db: t.db,
    store: t.store,
    clock: t.clock,
    captureActiveTab: async () => ({ taskId: null, duplicateOf: null }),
  });
  return { ...t, send: (type: string, payload: unknown) => dispatch(handlers, { type, payload }) };
}
