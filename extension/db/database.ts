// The one IndexedDB database of the extension: typed tables and append-only version(n) migrations.

import type { Role } from '@@/shared/schemas/team';
import type { MutationOp } from '@@/shared/sync/merge';
import type { SyncTableName } from '@@/shared/sync/tables';
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { RowTypes } from './rows';

export interface OutboxEntry {
  /** Local, strictly increasing sequence number: the push order and the client seq on the wire. */
  seq?: number;
  table: SyncTableName;
  key: string;
  op: MutationOp;
  fields?: Record<string, unknown>;
  hlc: string;
  /** The space the row belongs to; null while the row lives on this device only. */
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
}

export interface MemberRow {
  teamId: string;
  id: string;
  name: string;
  role: Role;
  /** The HLC client ids this member writes with (names the activity feed); absent on older servers. */
  clients?: string[];
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
  };

export const DB_NAME = 'waypoint';
/** The newest schema version below. */
export const SCHEMA_VERSION = 3;

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
}

export function createDatabase(name: string = DB_NAME): WaypointDb {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as WaypointDb;
  defineSchema(db);
  return db;
}
