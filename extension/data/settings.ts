// Small key-value settings kept in the database, with defaults, shared by background and pages.
import { randomClientId } from '@@/shared/id';
import { createHlc, type Hlc } from '@@/shared/hlc';
import type { WaypointDb } from '../db/database';
import type { Settings } from '../messaging/protocol';

export const DEFAULT_SETTINGS: Settings = {
  displayName: '',
  defaultProjectId: null,
  onboardingDismissed: false,
  captureAsk: false,
};
const RECENT_KEY = 'recentProjects';
export const RECENT_LIMIT = 5;

export async function readSettings(db: WaypointDb): Promise<Settings> {
  const rows = await db.settings.bulkGet(['displayName', 'defaultProjectId', 'onboardingDismissed', 'captureAsk']);
  return {
    displayName: typeof rows[0]?.value === 'string' ? rows[0].value : DEFAULT_SETTINGS.displayName,
    defaultProjectId: typeof rows[1]?.value === 'string' ? rows[1].value : null,
    onboardingDismissed: rows[2]?.value === true,
    captureAsk: rows[3]?.value === true,
  };
}

export async function writeSettings(db: WaypointDb, patch: Partial<Settings>): Promise<Settings> {
  await db.settings.bulkPut(Object.entries(patch).map(([key, value]) => ({ key, value })));
  return readSettings(db);
}

/** Most recently used project ids, newest first. */
export async function recentProjectIds(db: WaypointDb): Promise<string[]> {
  const row = await db.settings.get(RECENT_KEY);
  return Array.isArray(row?.value) ? (row.value as string[]) : [];
}

export async function touchRecentProject(db: WaypointDb, projectId: string): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const ids = (await recentProjectIds(db)).filter((id) => id !== projectId);
    await db.settings.put({ key: RECENT_KEY, value: [projectId, ...ids].slice(0, 20) });
  });
}

/** This device's clock: a stable client id and the HLC state saved by the last write. */
export async function loadClock(db: WaypointDb): Promise<Hlc> {
  return db.transaction('rw', db.settings, async () => {
    let clientId = (await db.settings.get('clientId'))?.value;
    if (typeof clientId !== 'string') {
      clientId = randomClientId();
      await db.settings.put({ key: 'clientId', value: clientId });
    }
    const saved = (await db.settings.get('hlc'))?.value;
    return createHlc({ clientId: clientId as string, initial: typeof saved === 'string' ? saved : undefined });
  });
}
