// The one IndexedDB database of the extension: typed tables and append-only version(n) migrations.

import type { MutationOp } from '@@/shared/sync/merge';
import type { SyncTableName } from '@@/shared/sync/tables';
import Dexie, { type EntityTable } from 'dexie';
import type { ProjectRow, TaskRow } from './rows';

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
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export type WaypointDb = Dexie & {
  tasks: EntityTable<TaskRow, 'id'>;
  projects: EntityTable<ProjectRow, 'id'>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  settings: EntityTable<SettingRow, 'key'>;
};

export const DB_NAME = 'waypoint';

/** Schema history. Never edit a released version: append a new one with an upgrade when the shape changes. */
export function defineSchema(db: Dexie): void {
  db.version(1).stores({
    tasks: 'id, openDue, [projectKey+openDue], projectKey, sourceKey, doneAt',
    projects: 'id, name',
    outbox: '++seq, teamId, [table+key]',
    settings: 'key',
  });
}

export function createDatabase(name: string = DB_NAME): WaypointDb {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as WaypointDb;
  defineSchema(db);
  return db;
}
