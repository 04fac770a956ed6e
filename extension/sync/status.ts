// The sync state shown in popup and side panel: synced, N pending, offline, or an error with its reason.
import type { WaypointDb } from '../db/database';
import { type MessageKey, t, tn } from '../i18n';

export interface SyncStatus {
  state: 'local' | 'syncing' | 'synced' | 'offline' | 'error';
  /** The message as the background wrote it (in its language); `text` says it again in the UI's language. */
  message?: string;
  /** The message as a key and its values, with the count of changes waiting, translated where it is shown. */
  text?: SyncStatusText;
  detail?: string;
  /** When the last successful sync ended. */
  at?: string;
  /** While syncing: the tasks the pull in progress has brought so far (written with each page of a long pull). */
  received?: number;
}

export interface SyncStatusText {
  key: MessageKey;
  subs?: string[];
  /** Changes that will sync later: adds "2 changes will sync when you're back." */
  later?: number;
}

/** "Can't reach the team server (offline). 2 changes will sync when you're back.", in the UI language. */
export function syncStatusMessage(text: SyncStatusText): string {
  const main = t(text.key, ...(text.subs ?? []));
  return text.later ? `${main} ${tn('syncMsg_later', text.later)}` : main;
}

/** A status with its message, both as words (`message`) and as a key for the UI (`text`). */
export function statusWithText(status: Omit<SyncStatus, 'message' | 'text'>, text: SyncStatusText): SyncStatus {
  return { ...status, message: syncStatusMessage(text), text };
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
