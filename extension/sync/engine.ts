// The sync engine: pushes the outbox, pulls by cursor and rebases pending changes, reacts to pokes, backs off.
//
// One engine runs in the background service worker (and a Web Lock guards against a second context). Each
// space (team) is synced in turn: push every pending mutation of that space, then pull until caught up.

import type { Hlc } from '@@/shared/hlc';
import { expandClock, type RowClock } from '@@/shared/sync/clock';
import {
  acceptsPulledChange,
  consecutiveRun,
  numberEntries,
  rebase,
  refusalsFromInvalidPush,
  renumberFrom,
  rowsGoneAfterRepull,
  settlePush,
} from '@@/shared/sync/decisions';
import {
  type CarriedPoke,
  carriedPokeSchema,
  LIMITS,
  type MalformedChange,
  parsePulledFields,
  type Rejection,
} from '@@/shared/sync/protocol';
import { isSyncTable, SYNC_TABLE_NAMES, SYNC_TABLES, type SyncTableName } from '@@/shared/sync/tables';
import type { OutboxEntry, RejectionRow, SpaceRow, WaypointDb } from '../db/database';
import { type AnyRow, fromCompactRow, fromSyncRow, withLocalColumns } from '../db/rows';
import { t } from '../i18n';
import type { Account } from './account';
import { type Api, ApiError, NetworkError } from './api';
import { type SyncStatus, statusWithText, writeSyncStatus } from './status';

/** The tasks a pull has written so far, shown while it runs ("Syncing… 12,000 tasks received so far"). */
interface PullProgress {
  tasks: number;
}

const PUSH_BATCH = 500;
/** The Web Lock the syncing engine holds (one per browser profile). */
const LOCK = 'waypoint-sync';
/** A row key is a UUIDv7 (shared/schemas/common.ts idSchema). */
const ROW_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type PullPage = Awaited<ReturnType<Api['pull']>>;
/** Why carried changes were not written: the device has them already, they skip a version, or no such space. */
type CarriedRefusal = 'have' | 'gap' | 'unknown';

/**
 * Whether changes that take a space from version `follows` to `version` apply to the space as stored: they are
 * the whole difference only after a complete pull (caught up, with a cursor over the current tables) that stands
 * exactly at `follows`. Null when they apply.
 */
function carriedRefusal(space: SpaceRow | undefined, follows: number, version: number): CarriedRefusal | null {
  if (!space) return 'unknown';
  if (!space.caughtUp || space.cursor === '' || space.cursorTables !== TABLES_SIGNATURE) return 'gap';
  if (version <= space.version) return 'have';
  return space.version === follows ? null : 'gap';
}
type PullChange = Exclude<PullPage['changes'][number], MalformedChange>;
/** A pull page (or the changes a poke carried) with its changes checked (checkPage). */
interface CheckedPage {
  page: PullPage;
  byTable: Map<SyncTableName, PullChange[]>;
  quarantined: { table: string; key: string; message: string }[];
}

/** The newest HLC of a pulled change (the row's; a field's, should a server send one newer). */
function newestOf(change: PullChange): string {
  let max = change.hlc;
  if (change.hlcs) for (const field in change.hlcs) if (change.hlcs[field]! > max) max = change.hlcs[field]!;
  return max;
}
const TABLES_SIGNATURE = SYNC_TABLE_NAMES.join(',');
/**
 * A pull from the start asks for a small first page: it arrives and is written sooner, and the next (full) page
 * is fetched and checked meanwhile. Bootstrap of 10,000 rows, join click → first row: 392–468 → 210–352 ms; all
 * rows ÷ floor 1.18–1.37× → 1.10–1.28× (bench/sync.ts bootstrapTimings, 7 runs each, same machine).
 */
const FIRST_PAGE_LIMIT = 250;

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
  const later = pending || undefined;
  if (error instanceof NetworkError)
    return statusWithText({ state: 'offline', detail: String(error.cause ?? '') }, { key: 'syncMsg_offline', later });
  if (error instanceof ApiError) {
    if (error.status === 401)
      return statusWithText({ state: 'error', detail: error.message }, { key: 'syncMsg_signIn' });
    if (error.status === 426)
      return statusWithText({ state: 'error', detail: error.message }, { key: 'syncMsg_update' });
    if (error.status === 429)
      return statusWithText({ state: 'error', detail: error.message }, { key: 'syncMsg_busy', later });
    return statusWithText(
      { state: 'error', detail: `${error.status} ${error.code}` },
      { key: 'syncMsg_refused', subs: [error.message] },
    );
  }
  return statusWithText(
    { state: 'error' },
    { key: 'syncMsg_failed', subs: [error instanceof Error ? error.message : String(error)] },
  );
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
  /** The cycle queued after the one running (one at most: later requests join it). */
  let queued: Promise<void> | null = null;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let blocked = false;
  let stopped = false;
  let statusWrite: Promise<void> = Promise.resolve();
  /** Resolves once this engine holds the sync lock (see lead), which it keeps until stop. */
  let leadership: Promise<void> | undefined;
  let resign: (() => void) | undefined;
  /** Spaces a poke reported as behind since the last cycle began pulling. */
  const poked = new Set<string>();
  /**
   * Whether the next cycle pulls every space: any trigger but a local change (it only needs pushing) or a poke
   * that carried its changes. Teammates' changes reach this device by pokes, and the alarm pulls every space.
   */
  let fullCycle = true;
  /** Whether a local change (an outbox write) kicked a cycle since the last one began. */
  let localChange = false;
  /** Changes pokes carried (protocol 2), per space, until the next cycle applies them or pulls instead. */
  const carried = new Map<string, CarriedPoke[]>();
  /**
   * Mutations this context's store has just committed (noteQueued), with their wire seqs: the next cycle pushes
   * them before it reads anything. Only a shortcut: they are in the outbox too, which the cycle reads right after.
   */
  let fresh: OutboxEntry[] = [];
  /**
   * Spaces whose outbox this engine last saw emptied by a push that got its answer. Only there may fresh
   * mutations go first: after a failure an older mutation may still be pending (or have reached the server with
   * its answer lost), and mutations must reach the server in wire-seq order.
   */
  const drained = new Set<string>();
  /** The spaces as the last cycle read them (the team and role a push of fresh mutations needs). */
  let knownSpaces = new Map<string, SpaceRow>();

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
        const unnumbered = await db.outbox.where('teamId').equals(space.teamId).limit(PUSH_BATCH).toArray();
        const current = (await db.spaces.get(space.teamId)) ?? space;
        const numbered = numberEntries(unnumbered, current.lastWireSeq);
        await db.outbox.bulkPut(numbered.entries);
        await db.spaces.update(space.teamId, { lastWireSeq: numbered.lastWireSeq });
        return numbered.entries;
      });
      forgetFresh();
    }
    return consecutiveRun(entries);
  }

  /** `first`: the space's first batch as the cycle already read it (numbered), saving a read before the request. */
  async function push(api: Api, account: Account, space: SpaceRow, first?: OutboxEntry[]): Promise<boolean> {
    let refusedAny = false;
    let prefetched = first?.every((e) => e.wireSeq !== undefined) ? consecutiveRun(first) : undefined;
    for (;;) {
      const batch = prefetched ?? (await nextBatch(space));
      prefetched = undefined;
      if (!batch.length) {
        drained.add(space.teamId);
        return refusedAny;
      }
      drained.delete(space.teamId);
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
        const settled = settlePush(batch, result);
        await settle(space, settled.refused, settled.acknowledged);
        if (settled.refused.length) refusedAny = true;
        // An answer that acknowledges nothing would send the same batch again forever.
        if (settled.acknowledged.length === 0) throw new Error(t('syncMsg_noneAcked'));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'SeqGap' && typeof error.body.expectedSeq === 'number') {
          await renumber(space.teamId, error.body.expectedSeq);
          continue;
        }
        if (error instanceof ApiError && error.status === 400 && Array.isArray(error.body.issues)) {
          const decision = refusalsFromInvalidPush(batch, error.body.issues as { path?: unknown; message?: unknown }[]);
          if (decision.kind === 'refused') {
            // The named mutations can never apply: refuse them, renumber the rest, push again.
            const refused = decision.refused.map(({ entry, message }) => ({
              entry,
              rejection: { seq: entry.wireSeq!, code: 'Invalid', message },
            }));
            await settle(
              space,
              refused,
              refused.map(({ entry }) => entry),
            );
            await renumber(space.teamId, batch[0]!.wireSeq!);
            refusedAny = true;
            continue;
          }
        }
        throw error;
      }
    }
  }

  /** Record an answer's refusals and drop the entries it settled from the outbox, in one transaction. */
  async function settle(space: SpaceRow, refused: { entry: OutboxEntry; rejection: Rejection }[], done: OutboxEntry[]) {
    const tables = SYNC_TABLE_NAMES.map((t) => db.table(t));
    await db.transaction('rw', [db.outbox, db.rejections, db.spaces, ...tables], async () => {
      await recordRefusals(space, refused);
      await db.outbox.bulkDelete(done.map((e) => e.seq!));
    });
  }

  /** Remember refused mutations for the person, one per row (the latest), until they decide. */
  async function recordRefusals(space: SpaceRow, refused: { entry: OutboxEntry; rejection: Rejection }[]) {
    if (!refused.length) return;
    const at = new Date(now()).toISOString();
    const titles = await Promise.all(
      refused.map(async ({ entry }) => {
        const row = (await db.table(entry.table).get(entry.key)) as Record<string, unknown> | undefined;
        const title = row?.[SYNC_TABLES[entry.table].titleField] ?? entry.fields?.[SYNC_TABLES[entry.table].titleField];
        return typeof title === 'string' ? title.slice(0, 120) : undefined;
      }),
    );
    const rows: RejectionRow[] = refused.map(({ entry, rejection }, i) => ({
      id: `${entry.table}:${entry.key}`,
      teamId: space.teamId,
      table: entry.table,
      key: entry.key,
      op: entry.op,
      code: rejection.code,
      message: rejection.message,
      at,
      role: space.role,
      ...(titles[i] ? { title: titles[i] } : {}),
      kind: 'pending',
    }));
    await db.rejections.bulkPut(rows);
    // Pull the space again from the start: rows show what the team really has (a refused change rolls back).
    await db.spaces.update(space.teamId, { cursor: '' });
  }

  /**
   * The server expects another seq than our first pending one: it was restored from an older backup and never
   * saw ours, or refused entries were dropped. Renumber the space's pending entries from there.
   */
  async function renumber(teamId: string, firstSeq: number): Promise<void> {
    await db.transaction('rw', [db.outbox, db.spaces], async () => {
      const pending = await db.outbox.where('teamId').equals(teamId).toArray();
      const renumbered = renumberFrom(pending, firstSeq);
      await db.outbox.bulkPut(renumbered.entries);
      await db.spaces.update(teamId, { lastWireSeq: renumbered.lastWireSeq });
    });
    forgetFresh();
  }

  /**
   * Renumbering changed the wire seqs of pending mutations: fresh ones noted before may carry an old seq (which the
   * server may already hold for another mutation), so they are only pushed from the outbox now. Ones committed
   * after the renumbering were numbered after it (both write the space's row, so their transactions are ordered).
   */
  function forgetFresh() {
    fresh = [];
  }

  /** The fresh mutations a cycle may push before its read, per space this engine knows, in wire-seq order. */
  function takeFresh(): { space: SpaceRow; entries: OutboxEntry[] }[] {
    const taken = fresh;
    fresh = [];
    const bySpace = new Map<string, OutboxEntry[]>();
    for (const entry of taken) {
      if (!entry.teamId || entry.wireSeq === undefined || !knownSpaces.has(entry.teamId) || !drained.has(entry.teamId))
        continue;
      const list = bySpace.get(entry.teamId);
      if (list) list.push(entry);
      else bySpace.set(entry.teamId, [entry]);
    }
    return [...bySpace].map(([teamId, entries]) => ({
      space: knownSpaces.get(teamId)!,
      entries: entries.sort((a, b) => a.wireSeq! - b.wireSeq!),
    }));
  }

  /**
   * Pull until caught up. The next page is requested as soon as a page arrives (its cursor is known), so the
   * server and the network work while this page is written; pages are still applied strictly in order.
   */
  async function pull(api: Api, account: Account, space: SpaceRow): Promise<void> {
    const current = (await db.spaces.get(space.teamId)) ?? space;
    let cursor = current.cursorTables === TABLES_SIGNATURE ? current.cursor : '';
    // Pulling a space this device knew again from the start (a 410, a refusal, a newer table): rows the team no
    // longer has are removed at the end. A first pull has nothing to remove.
    const known = current.version > 0 || current.cursor !== '';
    let seen: Set<string> | null = cursor === '' && known ? new Set() : null;
    // Each page is checked as soon as it arrives: while the page before it is written (IndexedDB works in the
    // browser's process, this one waits), not after.
    const request = (from: string) => {
      const page = api
        .pull({
          teamId: space.teamId,
          clientId: account.clientId,
          cursor: from,
          limit: from === '' ? FIRST_PAGE_LIMIT : LIMITS.maxPullLimit,
        })
        .then(checkPage);
      // A prefetched page may go unused (an earlier page failed to apply): never an unhandled rejection.
      page.catch(() => undefined);
      return page;
    };
    let next = request(cursor);
    const progress: PullProgress = { tasks: 0 };
    for (;;) {
      let page: CheckedPage;
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
      if (page.page.hasMore) next = request(page.page.cursor);
      await applyPage(space.teamId, account.user.id, page, seen, progress);
      cursor = page.page.cursor;
      if (!page.page.hasMore) break;
    }
    if (seen) await dropUnseen(space.teamId, seen);
  }

  /**
   * A page's changes checked with their table's schema (pure: no database, no clock), grouped by table. One that
   * fails is kept out of the database: quarantined, and reported in the sync details.
   */
  function checkPage(page: PullPage): CheckedPage {
    const byTable = new Map<SyncTableName, PullChange[]>();
    const quarantined: { table: string; key: string; message: string }[] = [];
    for (const change of page.changes) {
      if ('malformed' in change) {
        quarantined.push({ table: change.table, key: change.key, message: change.message });
        continue;
      }
      if (!isSyncTable(change.table)) continue;
      const parsed = parsePulledFields(change.table, change.fields, change.deleted);
      if (!parsed.ok || !ROW_KEY.test(change.key)) {
        quarantined.push({
          table: change.table,
          key: change.key.slice(0, 64),
          message: parsed.ok ? 'malformed key' : parsed.message,
        });
        continue;
      }
      const checked = { ...change, fields: parsed.fields };
      const list = byTable.get(change.table);
      if (list) list.push(checked);
      else byTable.set(change.table, [checked]);
    }
    return { page, byTable, quarantined };
  }

  /**
   * Write pulled rows with this device's pending changes of this space re-applied on top (rebase), and the new
   * cursor, in one transaction, of a page checkPage has checked. Per table of the page, the pending mutations and
   * the stored rows are read at once and the rows written with one bulkPut.
   */
  async function applyPage(
    teamId: string,
    me: string,
    checked: CheckedPage,
    seen: Set<string> | null,
    progress?: PullProgress,
    follows?: number,
  ): Promise<'applied' | CarriedRefusal> {
    const { page, byTable, quarantined } = checked;
    if (seen) for (const [table, list] of byTable) for (const change of list) seen.add(`${table}:${change.key}`);
    const tables = [...byTable.keys()].map((table) => db.table(table));
    return db.transaction('rw', [...tables, db.outbox, db.settings, db.spaces], async () => {
      // Every read is sent at once, then every write: two round trips to the database whatever the page holds,
      // where one request after another made a carried change wait for seven.
      const reads = [...byTable].map(async ([table, list]) => {
        const keys = list.map((change) => change.key);
        const [entries, stored] = await Promise.all([
          db.outbox
            .where('[table+key]')
            .anyOf(keys.map((key) => [table, key]))
            .toArray(),
          // One cursor walk over the keys that exist (none, in a bootstrap) rather than a get per key.
          db.table(table).where(':id').anyOf(keys).toArray() as Promise<AnyRow[]>,
        ]);
        return { table, list, entries, stored };
      });
      const [space, ...perTable] = await Promise.all([db.spaces.get(teamId), ...reads]);
      // Changes a poke carried apply only on top of the version they follow (checked in this transaction, so no
      // other write can move the space in between).
      if (follows !== undefined) {
        const refusal = carriedRefusal(space, follows, page.version);
        if (refusal) return refusal;
      }
      const writes: Promise<unknown>[] = [];
      for (const { table, list, entries, stored } of perTable) {
        const pendingHere = new Map<string, OutboxEntry[]>();
        const pendingElsewhere = new Set<string>();
        for (const entry of entries) {
          if (entry.teamId !== teamId) {
            pendingElsewhere.add(entry.key);
            continue;
          }
          const forKey = pendingHere.get(entry.key);
          if (forKey) forKey.push(entry);
          else pendingHere.set(entry.key, [entry]);
        }
        const previous = new Map(stored.map((row) => [row.id, row]));
        const rows: AnyRow[] = [];
        for (const change of list) {
          const before = previous.get(change.key);
          clock.receive(newestOf(change));
          if (!acceptsPulledChange(before, teamId, pendingElsewhere.has(change.key))) continue;
          const pending = pendingHere.get(change.key);
          const clockOf: RowClock = change.hlcs ? { hlc: change.hlc, hlcs: change.hlcs } : { hlc: change.hlc };
          // Without pending changes the row is stored as it came, compact clock included: no expand, no merge.
          const next = pending
            ? fromSyncRow(
                table,
                rebase(
                  {
                    key: change.key,
                    fields: change.fields,
                    hlc: expandClock(change.fields, change.deleted, change.hlc, change.hlcs),
                    deleted: change.deleted,
                  },
                  pending,
                  change.key,
                )!,
                teamId,
                me,
              )
            : fromCompactRow(table, change.key, change.fields, clockOf, change.deleted, teamId, me);
          rows.push(withLocalColumns(next, before));
        }
        writes.push(db.table(table).bulkPut(rows));
        if (progress && table === 'tasks') progress.tasks += rows.length;
      }
      if (quarantined.length)
        writes.push(
          db.settings.get('syncQuarantine').then((row) =>
            db.settings.put({
              key: 'syncQuarantine',
              value: [...quarantined.map((q) => ({ ...q, teamId })), ...((row?.value as unknown[]) ?? [])].slice(0, 50),
            }),
          ),
        );
      writes.push(db.settings.put({ key: 'hlc', value: clock.last() }));
      // A space this device has no row for (signed out meanwhile) gets none: its rows are written, no cursor.
      if (space)
        writes.push(
          db.spaces.put({
            ...space,
            cursor: page.cursor,
            cursorTables: TABLES_SIGNATURE,
            version: page.version,
            caughtUp: !page.hasMore,
          }),
        );
      // The count rides along with the page (a small row in the same transaction): the UI reads the status
      // instead of counting a table of 100,000 rows after every page.
      if (progress?.tasks && page.hasMore)
        writes.push(writeSyncStatus(db, { state: 'syncing', received: progress.tasks }));
      await Promise.all(writes);
      return 'applied' as const;
    });
  }

  /**
   * Apply the changes pokes carried for a space instead of pulling it: only when this device's pull stands
   * exactly at the version before them (a complete pull, not one cut short) and they follow each other without
   * a gap. Then they are the whole difference to the team's version, so they are written like a pull page
   * (validated, rebased, with the cursor after them). Each poke's check and write are one transaction, so the
   * cycle needs no read of the space first. 'pull' when the space must pull; 'unknown' for a team this device has
   * no space for (yet): its first pull brings everything.
   */
  async function applyCarried(teamId: string, me: string): Promise<'applied' | 'pull' | 'unknown'> {
    const pokes = carried.get(teamId);
    carried.delete(teamId);
    if (!pokes?.length) return 'pull';
    for (const poke of [...pokes].sort((a, b) => a.from - b.from)) {
      const outcome = await applyPage(
        teamId,
        me,
        checkPage({ cursor: poke.cursor, hasMore: false, lastSeq: 0, version: poke.version, changes: poke.changes }),
        null,
        undefined,
        poke.from,
      );
      if (outcome === 'unknown') return 'unknown';
      if (outcome === 'gap') return 'pull';
    }
    return 'applied';
  }

  /**
   * After a full re-pull: rows of this space the server no longer has go, unless they are pending or refused; a
   * refusal whose row the team does not have is a refused creation (the row stays here for the person to decide),
   * otherwise the team's version is what now shows.
   */
  async function dropUnseen(teamId: string, seen: Set<string>) {
    await db.transaction('rw', [...SYNC_TABLE_NAMES.map((t) => db.table(t)), db.outbox, db.rejections], async () => {
      const refusals = await db.rejections.where('teamId').equals(teamId).toArray();
      const keep = new Set(refusals.map((r) => `${r.table}:${r.key}`));
      for (const entry of await db.outbox.where('teamId').equals(teamId).toArray())
        keep.add(`${entry.table}:${entry.key}`);
      for (const table of SYNC_TABLE_NAMES) {
        const local = await db
          .table(table)
          .filter((r: { teamId: string | null }) => r.teamId === teamId)
          .primaryKeys();
        const gone = rowsGoneAfterRepull(
          (local as string[]).map((key) => ({ table, key })),
          seen,
          keep,
        );
        if (gone.length) await db.table(table).bulkDelete(gone.map((g) => g.key));
      }
      for (const refusal of refusals) {
        if (refusal.kind !== 'pending') continue;
        await db.rejections.update(refusal.id, {
          kind: seen.has(`${refusal.table}:${refusal.key}`) ? 'change' : 'create',
        });
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
    const changed = localChange;
    localChange = false;
    // Spaces whose push was refused (their cursor was reset): they pull in this cycle.
    const refused = new Set<string>();
    // Spaces brought up to date by the changes their pokes carried: no pull.
    const current = new Set<string>();
    let announced = false;
    try {
      // Mutations this context has just committed go out before anything is read: a capture reaches the server
      // without waiting for a read behind the other work its commit sets off (badge, menus, open pages).
      const early = takeFresh();
      if (early.length) {
        void setStatus({ state: 'syncing' });
        announced = true;
        for (const { space, entries } of early) if (await push(api, account, space, entries)) refused.add(space.teamId);
      }
      // Changes pokes carried are written next, each checked against its space in its own transaction. A
      // teammate's edit arriving says nothing new about sync: no status write holds back the rows.
      for (const teamId of [...carried.keys()]) {
        const outcome = await applyCarried(teamId, account.user.id);
        if (outcome === 'pull') continue;
        poked.delete(teamId);
        if (outcome === 'applied') current.add(teamId);
      }
      // Only pokes that carried their changes, all written: nothing else can be waiting (a local change kicks a
      // cycle of its own, the alarm and reconnects ask for a full one).
      if (!fullCycle && !changed && poked.size === 0 && refused.size === 0) {
        if (announced) await synced();
        return;
      }
      // The spaces and those with pending changes, in one read (the others skip a push); the same read brings
      // the first pending mutations (when they are few, all of them), so a push goes out without another read.
      const { spaces, pending, queued } = await db.transaction('r', [db.spaces, db.outbox], async () => {
        const [spaces, teams, queued] = await Promise.all([
          db.spaces.toArray(),
          db.outbox.orderBy('teamId').uniqueKeys(),
          db.outbox.where('teamId').above('').limit(PUSH_BATCH).toArray(),
        ]);
        return { spaces, pending: new Set(teams), queued };
      });
      knownSpaces = new Map(spaces.map((space) => [space.teamId, space]));
      for (const space of spaces) if (!pending.has(space.teamId)) drained.add(space.teamId);
      // Nothing (more) to push, no poke to follow, no full pull asked for (the outbox just emptied, say): nothing
      // to do, and nothing new to say about sync unless mutations went out above.
      if (!fullCycle && pending.size === 0 && poked.size === 0 && refused.size === 0) {
        if (announced) await synced();
        return;
      }
      // Not awaited: a capture-to-teammate round trip should not wait for a status line. A cycle that only pulls
      // what pokes announced stays quiet.
      if (!announced && (fullCycle || pending.size > 0)) void setStatus({ state: 'syncing' });
      // Every space pushes before any pulls, so a local change goes out at once; then the spaces that a poke
      // said are behind pull first.
      // The mutations read above are every pending one only when they are fewer than a batch.
      const firstBatch = (teamId: string) =>
        queued.length < PUSH_BATCH ? queued.filter((e) => e.teamId === teamId) : undefined;
      for (const space of spaces)
        if (pending.has(space.teamId) && (await push(api, account, space, firstBatch(space.teamId))))
          refused.add(space.teamId);
      // A refusal reset the cursor of its space (a full re-pull shows what the team has): read it again. Without
      // a push the spaces read above are current (only cycles, one at a time, move a cursor).
      const latest = pending.size || refused.size ? await db.spaces.toArray() : spaces;
      knownSpaces = new Map(latest.map((space) => [space.teamId, space]));
      const order = [...latest].sort((x, y) => Number(poked.has(y.teamId)) - Number(poked.has(x.teamId)));
      const pokedNow = new Set(poked);
      poked.clear();
      // A cycle for local changes pulls only the spaces a poke said are behind (and that their carried changes
      // could not bring up to date), and those whose push was refused (their cursor was reset).
      const full = fullCycle;
      fullCycle = false;
      for (const space of order) {
        if (current.has(space.teamId) && !refused.has(space.teamId)) continue;
        if (!full && !pokedNow.has(space.teamId) && !refused.has(space.teamId)) continue;
        await pull(api, account, space);
      }
      await synced();
    } catch (error) {
      await failed(error);
    }
  }

  async function synced() {
    failures = 0;
    blocked = false;
    await setStatus({ state: 'synced', at: new Date(now()).toISOString() });
  }

  async function failed(error: unknown) {
    drained.clear();
    failures += 1;
    blocked = isPermanent(error);
    await setStatus(describeSyncError(error, await pendingCount()));
    if (!blocked) scheduleRetry();
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

  /** Run one sync now, or once more right after the one in progress (pulling every space). */
  function sync(): Promise<void> {
    fullCycle = true;
    return run();
  }

  /**
   * Start a cycle, or queue one after the cycle in progress. Resolves when a cycle that started after this call
   * has ended: what was written before it is pushed, and what the server had is pulled.
   */
  function run(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      queued ??= running.then(() => {
        queued = null;
        return run();
      });
      return queued;
    }
    // A failure is already reported through the status; a rejected promise here would only be unhandled.
    const once = () => cycle().catch((error: unknown) => console.error('Waypoint: sync cycle failed', error));
    const held = lead();
    running = (held ? held.then(once) : once()).finally(() => {
      running = null;
    });
    return running;
  }

  /**
   * Only one engine syncs (a second context's engine would push the same outbox): this one asks for the Web Lock
   * once and keeps it until it stops or its context goes away, which releases it. Asking per cycle put a round
   * trip to the browser before every push. Undefined where there are no Web Locks (Node tests).
   */
  function lead(): Promise<void> | undefined {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return undefined;
    leadership ??= new Promise<void>((held) => {
      void locks.request(LOCK, () => {
        held();
        // Granted after stop (it waited for another context's engine): a run already waiting may finish.
        if (stopped) return undefined;
        return new Promise<void>((release) => {
          resign = release;
        });
      });
    });
    return leadership;
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
      // A local change only needs pushing; every other trigger may mean the server has news for every space.
      if (reason === 'change') {
        localChange = true;
        void run();
      } else void sync();
    },
    /**
     * Whether a poke for this version means the caller should kick a sync. A poke that carries its push's
     * changes (protocol 2) starts a lighter cycle itself — push, apply them, pull only what they could not
     * bring up to date — and answers false.
     */
    async isBehind(teamId: string, version: number, poke?: unknown): Promise<boolean> {
      const parsed = carriedPokeSchema.safeParse(poke);
      const list = carried.get(teamId) ?? [];
      // Changes carried by the poke go straight to a cycle, which reads the space anyway: it applies them if
      // they follow its version, skips them if it has them already, and pulls otherwise. A burst of pokes beyond
      // this is pulled instead.
      if (parsed.success && parsed.data.version === version && list.length < 20) {
        poked.add(teamId);
        carried.set(teamId, [...list, parsed.data]);
        if (!blocked) void run();
        return false;
      }
      const space = await db.spaces.get(teamId);
      const behind = !!space && version > space.version;
      if (behind) poked.add(teamId);
      return behind;
    },
    /** Resolves when the cycle in progress (if any) and the one queued after it are done. */
    async settled(): Promise<void> {
      while (running || queued) await (queued ?? running);
    },
    pendingCount,
    /**
     * A mutation this context's store queued and committed (StoreOptions.onQueued): the next cycle pushes it
     * before reading the outbox. A local change kicks that cycle through Dexie's report of the write.
     */
    noteQueued(entry: OutboxEntry) {
      fresh.push(entry);
    },
    /** Stop syncing (the database is closing). */
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await running;
      resign?.();
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
