// The sync engine: pushes the outbox, pulls by cursor and rebases pending changes, reacts to pokes, backs off.
//
// One engine runs in the background service worker (and a Web Lock guards against a second context). Each
// space (team) is synced in turn: push every pending mutation of that space, then pull until caught up.
import type { Hlc } from '@@/shared/hlc';
import { applyMutation, maxHlc, type SyncRow } from '@@/shared/sync/merge';
import { LIMITS } from '@@/shared/sync/protocol';
import { isSyncTable, SYNC_TABLE_NAMES, type SyncTableName } from '@@/shared/sync/tables';
import type { OutboxEntry, SpaceRow, WaypointDb } from '../db/database';
import { type AnyRow, fromSyncRow, withLocalColumns } from '../db/rows';
import type { Account } from './account';
import { type Api, ApiError, NetworkError } from './api';
import { type SyncStatus, writeSyncStatus } from './status';

const PUSH_BATCH = 500;

type PullPage = Awaited<ReturnType<Api['pull']>>;
type PullChange = PullPage['changes'][number];
const TABLES_SIGNATURE = SYNC_TABLE_NAMES.join(',');

export interface SyncEngineOptions {
  db: WaypointDb;
  clock: Hlc;
  getAccount: () => Promise<Account | null>;
  createApi: (account: Account) => Api;
  now?: () => number;
  random?: () => number;
}

/** Errors that retrying will not fix: wait for the user (or a new account) instead of hammering the server. */
function isPermanent(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 426);
}

export function describeSyncError(error: unknown, pending: number): SyncStatus {
  const later = pending ? ` ${pending} change${pending === 1 ? '' : 's'} will sync when you're back.` : '';
  if (error instanceof NetworkError)
    return {
      state: 'offline',
      message: `Can't reach the team server (offline).${later}`,
      detail: String(error.cause ?? ''),
    };
  if (error instanceof ApiError) {
    if (error.status === 401)
      return {
        state: 'error',
        message: "The team server no longer accepts this browser's sign-in. Join the team again in Settings.",
        detail: error.message,
      };
    if (error.status === 426)
      return {
        state: 'error',
        message: 'The team server needs a newer version of Waypoint. Update the extension.',
        detail: error.message,
      };
    if (error.status === 429)
      return { state: 'error', message: `The team server is busy; retrying shortly.${later}`, detail: error.message };
    return {
      state: 'error',
      message: `The team server refused to sync: ${error.message}`,
      detail: `${error.status} ${error.code}`,
    };
  }
  return { state: 'error', message: `Sync failed: ${error instanceof Error ? error.message : String(error)}` };
}

export function createSyncEngine({
  db,
  clock,
  getAccount,
  createApi,
  now = Date.now,
  random = Math.random,
}: SyncEngineOptions) {
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let blocked = false;
  let stopped = false;
  let statusWrite: Promise<void> = Promise.resolve();
  /** Spaces a poke reported as behind since the last cycle began pulling. */
  const poked = new Set<string>();

  const pendingCount = () => db.outbox.where('teamId').above('').count();

  /**
   * The next mutations of a space to push, in wire-seq order. Local writes give their mutation a wire seq in
   * the same transaction (see db/store.ts); the few written before the space existed here (an import, say)
   * get theirs now, once: a resend must carry the same seq.
   */
  async function nextBatch(space: SpaceRow): Promise<OutboxEntry[]> {
    let entries = await db.outbox.where('teamId').equals(space.teamId).limit(PUSH_BATCH).toArray();
    if (entries.some((e) => e.wireSeq === undefined)) {
      entries = await db.transaction('rw', [db.outbox, db.spaces], async () => {
        const fresh = await db.outbox.where('teamId').equals(space.teamId).limit(PUSH_BATCH).toArray();
        const current = (await db.spaces.get(space.teamId)) ?? space;
        let seq = current.lastWireSeq;
        const numbered = fresh.filter((e) => e.wireSeq === undefined);
        for (const entry of numbered) entry.wireSeq = ++seq;
        await db.outbox.bulkPut(numbered);
        await db.spaces.update(space.teamId, { lastWireSeq: seq });
        return fresh;
      });
    }
    // A push carries consecutive seqs: send the run that starts at the lowest one (the rest goes next time).
    entries.sort((a, b) => a.wireSeq! - b.wireSeq!);
    const run = entries.findIndex((e, i) => i > 0 && e.wireSeq !== entries[i - 1]!.wireSeq! + 1);
    return run === -1 ? entries : entries.slice(0, run);
  }

  /** Forget the mutations the server has applied (or permanently refused). */
  async function acknowledge(teamId: string, lastSeq: number): Promise<void> {
    await db.outbox
      .where('teamId')
      .equals(teamId)
      .filter((e) => e.wireSeq !== undefined && e.wireSeq <= lastSeq)
      .delete();
  }

  async function push(api: Api, account: Account, space: SpaceRow): Promise<void> {
    for (;;) {
      const batch = await nextBatch(space);
      if (!batch.length) return;
      try {
        const result = await api.push({
          teamId: space.teamId,
          clientId: account.clientId,
          mutations: batch.map((e) => ({
            seq: e.wireSeq!,
            op: e.op,
            table: e.table,
            key: e.key,
            hlc: e.hlc,
            ...(e.fields !== undefined ? { fields: e.fields } : {}),
          })),
        });
        if (result.rejected.length) await handleRejections(space, batch, result.rejected);
        await acknowledge(space.teamId, result.lastSeq);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'SeqGap' && typeof error.body.expectedSeq === 'number') {
          await realign(space.teamId, error.body.expectedSeq);
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * The server expects another seq than our first pending one. If it is ahead, it applied those already;
   * if it is behind (its data was restored from an older backup), it never saw ours: renumber from there.
   */
  async function realign(teamId: string, expectedSeq: number): Promise<void> {
    await db.transaction('rw', [db.outbox, db.spaces], async () => {
      await acknowledge(teamId, expectedSeq - 1);
      const pending = await db.outbox.where('teamId').equals(teamId).toArray();
      let seq = expectedSeq - 1;
      for (const entry of pending) if (entry.wireSeq !== undefined) entry.wireSeq = ++seq;
      await db.outbox.bulkPut(pending);
      await db.spaces.update(teamId, { lastWireSeq: seq });
    });
  }

  /**
   * A refused mutation is dropped from the outbox (it would never apply), the refusal is reported, and the
   * space is pulled again from the start so local rows show what the team really has. A refused creation
   * stays on this device instead of disappearing.
   */
  async function handleRejections(
    space: SpaceRow,
    batch: OutboxEntry[],
    rejected: { seq: number; code: string; message: string }[],
  ) {
    const bySeq = new Map(batch.map((e) => [e.wireSeq, e]));
    await db.transaction('rw', [db.tasks, db.projects, db.spaces, db.settings], async () => {
      for (const r of rejected) {
        const entry = bySeq.get(r.seq);
        if (entry?.op === 'upsert') await db.table(entry.table).update(entry.key, { teamId: null });
      }
      await db.spaces.update(space.teamId, { cursor: '' });
      await db.settings.put({
        key: 'syncRejections',
        value: {
          at: new Date(now()).toISOString(),
          count: rejected.length,
          message: rejected[0]?.message ?? '',
          team: space.name,
        },
      });
    });
  }

  /**
   * Pull until caught up. The next page is requested as soon as a page arrives (its cursor is known), so the
   * server and the network work while this page is written; pages are still applied strictly in order.
   */
  async function pull(api: Api, account: Account, space: SpaceRow): Promise<void> {
    const current = (await db.spaces.get(space.teamId)) ?? space;
    let cursor = current.cursorTables === TABLES_SIGNATURE ? current.cursor : '';
    // After a reset the whole space is pulled again; rows it no longer has are removed at the end.
    let seen: Set<string> | null = cursor === '' && current.cursor !== '' ? new Set() : null;
    const request = (from: string) => {
      const page = api.pull({
        teamId: space.teamId,
        clientId: account.clientId,
        cursor: from,
        limit: LIMITS.maxPullLimit,
      });
      // A prefetched page may go unused (an earlier page failed to apply): never an unhandled rejection.
      page.catch(() => undefined);
      return page;
    };
    let next = request(cursor);
    for (;;) {
      let page: PullPage;
      try {
        page = await next;
      } catch (error) {
        if (error instanceof ApiError && error.status === 410) {
          cursor = '';
          seen = new Set();
          next = request(cursor);
          continue;
        }
        throw error;
      }
      if (page.hasMore) next = request(page.cursor);
      await applyPage(space.teamId, account.user.id, page, seen);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    if (seen) await dropUnseen(space.teamId, seen);
  }

  /**
   * Write pulled rows with this device's pending changes re-applied on top (rebase), and the new cursor, in one
   * transaction. Per table of the page, the pending mutations and the stored rows are read with one request
   * each and the rows written with one bulkPut: three requests per row (and a second transaction for the
   * cursor) made a 10,000-row bootstrap take ~1.5 s per 1,000 rows.
   */
  async function applyPage(teamId: string, me: string, page: PullPage, seen: Set<string> | null) {
    const byTable = new Map<SyncTableName, PullChange[]>();
    for (const change of page.changes) {
      if (!isSyncTable(change.table)) continue;
      seen?.add(`${change.table}:${change.key}`);
      const list = byTable.get(change.table);
      if (list) list.push(change);
      else byTable.set(change.table, [change]);
    }
    const tables = [...byTable.keys()].map((table) => db.table(table));
    await db.transaction('rw', [...tables, db.outbox, db.settings, db.spaces], async () => {
      for (const [table, list] of byTable) {
        const keys = list.map((change) => change.key);
        const pending = new Map<string, OutboxEntry[]>();
        const entries = await db.outbox
          .where('[table+key]')
          .anyOf(keys.map((key) => [table, key]))
          .toArray();
        for (const entry of entries.sort((x, y) => (x.seq ?? 0) - (y.seq ?? 0))) {
          const forKey = pending.get(entry.key);
          if (forKey) forKey.push(entry);
          else pending.set(entry.key, [entry]);
        }
        // One cursor walk over the keys that exist (none, in a bootstrap) rather than a get per key.
        const stored = (await db.table(table).where(':id').anyOf(keys).toArray()) as AnyRow[];
        const previous = new Map(stored.map((row) => [row.id, row]));
        const rows = list.map((change) => {
          let row: SyncRow = { key: change.key, fields: change.fields, hlc: change.hlc, deleted: change.deleted };
          const newest = maxHlc(row);
          if (newest) clock.receive(newest);
          for (const mutation of pending.get(change.key) ?? []) row = applyMutation(row, mutation);
          return withLocalColumns(fromSyncRow(table, row, teamId, me), previous.get(change.key));
        });
        await db.table(table).bulkPut(rows);
      }
      await db.settings.put({ key: 'hlc', value: clock.last() });
      await db.spaces.update(teamId, { cursor: page.cursor, cursorTables: TABLES_SIGNATURE, version: page.version });
      await acknowledge(teamId, page.lastSeq);
    });
  }

  async function dropUnseen(teamId: string, seen: Set<string>) {
    await db.transaction('rw', [db.tasks, db.projects, db.outbox], async () => {
      for (const table of ['tasks', 'projects'] as const) {
        const rows = await db
          .table(table)
          .filter((r: { teamId: string | null }) => r.teamId === teamId)
          .toArray();
        for (const row of rows as { id: string }[]) {
          if (seen.has(`${table}:${row.id}`)) continue;
          if (await db.outbox.where('[table+key]').equals([table, row.id]).count()) continue;
          await db.table(table).delete(row.id);
        }
      }
    });
  }

  async function cycle(): Promise<void> {
    const account = await getAccount();
    if (!account) {
      await setStatus({ state: 'local' });
      return;
    }
    const api = createApi(account);
    // Not awaited: a capture-to-teammate round trip should not wait for a status line to be stored.
    void setStatus({ state: 'syncing' });
    try {
      const spaces = await db.spaces.toArray();
      // Every space pushes before any pulls, so a local change goes out at once; then the spaces that a poke
      // said are behind pull first.
      // One read finds the spaces with pending changes; the others skip the read-write transaction of a push.
      const pending = new Set(await db.outbox.orderBy('teamId').uniqueKeys());
      for (const space of spaces) if (pending.has(space.teamId)) await push(api, account, space);
      const order = [...spaces].sort((x, y) => Number(poked.has(y.teamId)) - Number(poked.has(x.teamId)));
      poked.clear();
      for (const space of order) await pull(api, account, space);
      failures = 0;
      blocked = false;
      await setStatus({ state: 'synced', at: new Date(now()).toISOString() });
    } catch (error) {
      failures += 1;
      blocked = isPermanent(error);
      await setStatus(describeSyncError(error, await pendingCount()));
      if (!blocked) scheduleRetry();
    }
  }

  /** Status writes are chained so they land in order, whether or not the caller waits for them. */
  function setStatus(status: SyncStatus): Promise<void> {
    statusWrite = statusWrite
      .then(() => writeSyncStatus(db, status))
      .catch((error: unknown) => console.error('Waypoint: could not store the sync status', error));
    return statusWrite;
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    if (stopped) return;
    // Exponential back-off with full jitter, capped at a minute; the alarm fallback also retries.
    const base = Math.min(60_000, 1000 * 2 ** Math.min(failures, 6));
    retryTimer = setTimeout(() => void sync(), Math.round(base * (0.5 + random() / 2)));
  }

  /** Run one sync now, or once more right after the one in progress. */
  function sync(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    // A failure is already reported through the status; a rejected promise here would only be unhandled.
    const run = () => cycle().catch((error: unknown) => console.error('Waypoint: sync cycle failed', error));
    running = (locks ? locks.request('waypoint-sync', run) : run()).finally(() => {
      running = null;
      if (again) {
        again = false;
        void sync();
      }
    });
    return running;
  }

  return {
    sync,
    /** A local change, a poke, the alarm or coming back online: sync soon. */
    kick(reason: 'change' | 'poke' | 'alarm' | 'online' | 'account') {
      if (reason === 'online' || reason === 'account') {
        failures = 0;
        blocked = false;
      }
      if (blocked && reason !== 'account') return;
      void sync();
    },
    /** Whether a poke for this version means there is something new to pull. */
    async isBehind(teamId: string, version: number): Promise<boolean> {
      const space = await db.spaces.get(teamId);
      const behind = !!space && version > space.version;
      if (behind) poked.add(teamId);
      return behind;
    },
    pendingCount,
    /** Stop syncing (the database is closing). */
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await running;
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
