// The popup's first screen read straight from IndexedDB, before Dexie and the rest of the app have loaded.
// Written against plain IndexedDB for a measured reason: the popup's first task row waited ~150 ms for Dexie,
// zod and the app chunk to load and evaluate (bench/extension.ts, "app shell mounted"); this module needs none of
// them, so the rows paint while that code is still arriving. It reads the same index ranges as `taskSections`
// and `liveProjects` (extension/db/queries.ts); test/extension/popup/first-screen.test.ts checks that both agree.
// The read starts in a classic script of popup.html's head (entrypoints/popup-first-screen.ts), before the popup's
// modules have arrived: IndexedDB answers while they load, parse and evaluate, instead of after.
import { dayBounds, NO_DUE_KEY, sectionKeys } from '@@/shared/dates';
import type { ProjectRow, TaskRow } from '../db/rows';
import type { SectionId, TaskSection } from '../db/sections';

/** extension/db/database.ts DB_NAME (not imported: that module brings Dexie). */
const DB_NAME = 'waypoint';

export interface FirstScreen {
  sections: TaskSection[];
  projects: ProjectRow[];
}

/**
 * The first screen: up to FIRST_ROWS rows in all, in section order — more than a 600 px popup shows. The rest
 * (and "Show more") follows with the live half, below the fold, so nothing on screen moves.
 */
export const FIRST_ROWS = 12;

/** The read the early script started: when (the popup's "now"), and its answer. */
export interface StartedFirstScreen {
  now: Date;
  read: Promise<FirstScreen | null>;
}

/** Where the early script leaves its read for the popup's entry module (two bundles: a global is the handover). */
const STARTED = '__waypointFirstScreen';
type WithStarted = typeof globalThis & { [STARTED]?: StartedFirstScreen };

/** Start the first screen's read now and leave it for `takeFirstScreen` (popup.html's early script). */
export function startFirstScreen(options?: Parameters<typeof readFirstScreen>[2]): void {
  const now = new Date();
  (globalThis as WithStarted)[STARTED] = { now, read: readFirstScreen(now, FIRST_ROWS, options).catch(() => null) };
}

/** The read `startFirstScreen` started, once; undefined if the early script did not run. */
export function takeFirstScreen(): StartedFirstScreen | undefined {
  const scope = globalThis as WithStarted;
  const started = scope[STARTED];
  delete scope[STARTED];
  return started;
}

const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** Open the existing database, or resolve null if there is none yet (never creates one: Dexie does that). */
function openExisting(name: string, idb: IDBFactory): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let created = false;
    const open = idb.open(name);
    open.onupgradeneeded = () => {
      // No database yet: abort, so the app creates it with its schema.
      created = true;
      open.transaction?.abort();
    };
    open.onsuccess = () => {
      if (created) {
        open.result.close();
        resolve(null);
      } else resolve(open.result);
    };
    open.onerror = () => resolve(null);
    open.onblocked = () => resolve(null);
  });
}

/**
 * Up to `limit` tasks of each section (all projects) and the live projects, as the popup's live queries would
 * return them; null when the database does not exist yet or lacks the stores (then the app's own queries run).
 */
export async function readFirstScreen(
  now: Date,
  limit: number,
  { name = DB_NAME, idb = indexedDB }: { name?: string; idb?: IDBFactory } = {},
): Promise<FirstScreen | null> {
  const db = await openExisting(name, idb);
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('tasks') || !db.objectStoreNames.contains('projects')) return null;
    const tx = db.transaction(['tasks', 'projects'], 'readonly');
    const tasks = tx.objectStore('tasks');
    const { overdueBefore, todayUntil } = sectionKeys(now);
    const openDue = tasks.index('openDue');
    const range = (lower: string, upper: string, includeUpper = false) =>
      request(openDue.getAll(IDBKeyRange.bound(lower, upper, false, !includeUpper), limit)) as Promise<TaskRow[]>;
    const doneToday = new Promise<TaskRow[]>((resolve, reject) => {
      const rows: TaskRow[] = [];
      if (limit <= 0) return resolve(rows);
      const cursor = tasks.index('doneAt').openCursor(IDBKeyRange.lowerBound(dayBounds(now).startOfToday), 'prev');
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return resolve(rows);
        rows.push(at.value as TaskRow);
        if (rows.length >= limit) resolve(rows);
        else at.continue();
      };
    });
    const [overdue, today, upcoming, none, done, projects] = await Promise.all([
      range('', overdueBefore),
      range(overdueBefore, todayUntil),
      range(todayUntil, NO_DUE_KEY),
      range(NO_DUE_KEY, NO_DUE_KEY, true),
      doneToday,
      request(tx.objectStore('projects').getAll()) as Promise<ProjectRow[]>,
    ]);
    const byId: Record<SectionId, TaskRow[]> = { overdue, today, upcoming, none, doneToday: done };
    return {
      sections: (Object.keys(byId) as SectionId[]).map((id) => ({ id, tasks: byId[id] })),
      projects: projects.filter((p) => !p.deleted && !p.archived).sort((a, b) => a.name.localeCompare(b.name)),
    };
  } catch {
    // Anything unexpected (an index renamed by a newer schema): the app's own queries will show the rows.
    return null;
  } finally {
    db.close();
  }
}
