// The sync state shown in popup and side panel: synced, N pending, offline, or an error with its reason.
import type { WaypointDb } from '../db/database';

export interface SyncStatus {
  state: 'local' | 'syncing' | 'synced' | 'offline' | 'error';
  message?: string;
  detail?: string;
  /** When the last successful sync ended. */
  at?: string;
}

const KEY = 'syncStatus';

export async function writeSyncStatus(db: WaypointDb, status: SyncStatus): Promise<void> {
  const previous = await readSyncStatus(db);
  // Keep the time of the last success while syncing or failing, so "last synced" stays meaningful.
  const next = { ...status, ...(status.at ? {} : previous.at ? { at: previous.at } : {}) };
  if (JSON.stringify(next) !== JSON.stringify(previous)) await db.settings.put({ key: KEY, value: next });
}

export async function readSyncStatus(db: WaypointDb): Promise<SyncStatus> {
  const value = (await db.settings.get(KEY))?.value as SyncStatus | undefined;
  return value ?? { state: 'local' };
}
