// The one IndexedDB database of the extension: typed tables and append-only version(n) migrations.

import type { Role } from '@@/shared/schemas/team';
import type { MutationOp } from '@@/shared/sync/merge';
import { SYNC_TABLE_NAMES, SYNC_TABLES, type SyncTableName } from '@@/shared/sync/tables';
import Dexie, { type EntityTable, type Table } from 'dexie';
import { compactStoredRow, type RowTypes } from './rows';

export interface OutboxEntry {
  /** Local, strictly increasing sequence number: the push order and the client seq on the wire. */
  seq?: number;
  table: SyncTableName;
  key: string;
  op: MutationOp;
  fields?: Record<string, unknown>;
  hlc: string;
  /**
   * The space the mutation goes to. Never null for entries written now (a row on this device only queues nothing);
   * databases from before that may still hold such entries until the device joins a team (sync/service.ts).
   */
  teamId: string | null;
  createdAt: string;
  /** The per-space sequence number this mutation carries on the wire, fixed at its first push attempt. */
  wireSeq?: number;
}

/** A team space this device syncs with (the account's private space is one), and where its pull stands. */
export interface SpaceRow {
  teamId: string;
  name: string;
  role: Role;
  personal: boolean;
  /** Opaque pull cursor; empty to pull from the start. */
  cursor: string;
  /** The synced tables the cursor covers: a new table in a newer extension means pulling again. */
  cursorTables: string;
  /** The team version seen by the last pull. */
  version: number;
  /** The last wire seq assigned to a mutation of this space. */
  lastWireSeq: number;
  /** The last pull read to the end (the cursor holds every change up to `version`): pokes' changes may apply. */
  caughtUp?: boolean;
}

export interface MemberRow {
  teamId: string;
  id: string;
  name: string;
  role: Role;
  /** The HLC client ids this member writes with (names the activity feed); absent on older servers. */
  clients?: string[];
}

/**
 * A change the team server refused for good, kept until the person decides: a refused new row stays on this
 * device ("Keep on this device" / "Discard"), a refused change is rolled back to the team's version.
 */
export interface RejectionRow {
  /** `<table>:<key>`: one refusal per row, the latest. */
  id: string;
  teamId: string;
  table: SyncTableName;
  key: string;
  op: MutationOp;
  code: string;
  message: string;
  at: string;
  /** The row's title when it was refused, to name it in the status line. */
  title?: string;
  /** This account's role in the team when it was refused (a guest is told what guests may do). */
  role?: Role;
  /**
   * `create`: the team has no such row (only this device does); `change`: the team's version is shown again;
   * `pending` until the re-pull after the refusal tells which.
   */
  kind: 'pending' | 'create' | 'change';
}

export interface SettingRow {
  key: string;
  value: unknown;
}

type SyncTables = { [T in keyof RowTypes]: EntityTable<RowTypes[T], 'id'> };

export type WaypointDb = Dexie &
  SyncTables & {
    outbox: EntityTable<OutboxEntry, 'seq'>;
    settings: EntityTable<SettingRow, 'key'>;
    spaces: EntityTable<SpaceRow, 'teamId'>;
    members: Table<MemberRow, [string, string]>;
    rejections: EntityTable<RejectionRow, 'id'>;
  };

export const DB_NAME = 'waypoint';
/** The newest schema version below. */
export const SCHEMA_VERSION = 6;

/** The stores of the synced tables, as the registry (shared/sync/tables.ts) declares their indexes. */
export function syncedStores(): Record<SyncTableName, string> {
  return Object.fromEntries(
    SYNC_TABLE_NAMES.map((table) => [table, ['id', ...SYNC_TABLES[table].indexes].join(', ')]),
  ) as Record<SyncTableName, string>;
}

/** Schema history. Never edit a released version: append a new one with an upgrade when the shape changes. */
export function defineSchema(db: Dexie): void {
  db.version(1).stores({
    tasks: 'id, openDue, [projectKey+openDue], projectKey, sourceKey, doneAt',
    projects: 'id, name',
    outbox: '++seq, teamId, [table+key]',
    settings: 'key',
  });
  // v2 (team sync): the spaces this device syncs with and their members.
  db.version(2).stores({
    spaces: 'teamId',
    members: '[teamId+id], teamId',
  });
  // v3 (project management): the charter around the tasks, each row tied to its project.
  db.version(3).stores({
    objectives: 'id, projectId',
    milestones: 'id, projectId',
    risks: 'id, projectId',
    stakeholders: 'id, projectId',
    documents: 'id, projectId',
    comments: 'id, projectId, taskId',
    statusUpdates: 'id, projectId',
  });
  // v4 (one registry of synced tables): every synced store as the registry declared it then, and the refused
  // changes. A table added to the registry later gets a version of its own below.
  const { steps: _v5, ...v4 } = syncedStores();
  db.version(4).stores({ ...v4, rejections: 'id, teamId' });
  // v5 (steps): a task's checklist, one row per step, found by its task.
  db.version(5).stores({ steps: syncedStores().steps });
  // v6 (compact clocks, shared/sync/clock.ts): a row keeps one HLC and only the per-field HLCs that differ,
  // instead of a dozen copies of the same one. Outbox entries already carry one HLC each: they stay as they are.
  db.version(6)
    .stores({})
    .upgrade(async (tx) => {
      for (const table of SYNC_TABLE_NAMES) {
        await tx
          .table(table)
          .toCollection()
          .modify((row: Record<string, unknown>, ref: { value: Record<string, unknown> }) => {
            if (typeof row.hlc === 'object' && row.hlc !== null) ref.value = compactStoredRow(row);
          });
      }
    });
}

export function createDatabase(name: string = DB_NAME): WaypointDb {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as WaypointDb;
  defineSchema(db);
  return db;
}
