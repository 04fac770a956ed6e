// The "Add to Waypoint" context menu: Inbox, the five most recently used projects, and "Choose project…".

import type { CaptureTarget } from '../capture/capture';
import type { ProjectRow } from '../db/rows';
import { t } from '../i18n';

export const MENU_ROOT = 'capture';
export const MENU_INBOX = 'capture:inbox';
export const MENU_CHOOSE = 'capture:choose';
const PROJECT_PREFIX = 'capture:project:';
type Contexts = NonNullable<chrome.contextMenus.CreateProperties['contexts']>;
export const MENU_CONTEXTS = ['page', 'selection', 'link', 'image'] as Contexts;

export type MenuAction = { kind: 'capture'; target: CaptureTarget } | { kind: 'choose' };

export function parseMenuId(id: string | number): MenuAction | null {
  const value = String(id);
  if (value === MENU_INBOX) return { kind: 'capture', target: { kind: 'inbox' } };
  if (value === MENU_CHOOSE) return { kind: 'choose' };
  if (value.startsWith(PROJECT_PREFIX)) {
    return { kind: 'capture', target: { kind: 'project', projectId: value.slice(PROJECT_PREFIX.length) } };
  }
  return null;
}

/** Up to five projects: most recently used first, then the other open projects by name. */
export function menuProjects(projects: ProjectRow[], recentIds: string[], limit = 5): ProjectRow[] {
  const open = projects.filter((p) => !p.deleted && !p.archived && p.status !== 'done' && p.status !== 'cancelled');
  const byId = new Map(open.map((p) => [p.id, p]));
  const recent = recentIds.flatMap((id) => byId.get(id) ?? []);
  const rest = open.filter((p) => !recentIds.includes(p.id)).sort((a, b) => a.name.localeCompare(b.name));
  return [...recent, ...rest].slice(0, limit);
}

const create = (props: chrome.contextMenus.CreateProperties) =>
  new Promise<void>((resolve) => {
    chrome.contextMenus.create(props, () => {
      // Reading lastError marks it handled; a duplicate id during a racing rebuild is harmless.
      void chrome.runtime.lastError;
      resolve();
    });
  });

let building: Promise<void> = Promise.resolve();
/** The items the menu was last built with (this worker's lifetime; a new worker builds once). */
let built: string | null = null;

/**
 * Rebuild the whole menu when its items differ from the last build; calls are serialised so two rebuilds never
 * interleave. The menu follows the data through a live query that a capture wakes (it writes the clock and the
 * recent projects): without the comparison every capture removed and re-created the whole menu.
 */
export function buildMenus(projects: ProjectRow[]): Promise<void> {
  const items = JSON.stringify(projects.map((project) => [project.id, project.name]));
  building = building.then(async () => {
    if (items === built) return;
    built = null;
    await chrome.contextMenus.removeAll();
    await create({ id: MENU_ROOT, title: t('menu_addToWaypoint'), contexts: MENU_CONTEXTS });
    await create({ id: MENU_INBOX, parentId: MENU_ROOT, title: t('common_inbox'), contexts: MENU_CONTEXTS });
    if (projects.length) {
      await create({ id: 'capture:sep1', parentId: MENU_ROOT, type: 'separator', contexts: MENU_CONTEXTS });
      for (const project of projects) {
        await create({
          id: `${PROJECT_PREFIX}${project.id}`,
          parentId: MENU_ROOT,
          title: project.name,
          contexts: MENU_CONTEXTS,
        });
      }
    }
    await create({ id: 'capture:sep2', parentId: MENU_ROOT, type: 'separator', contexts: MENU_CONTEXTS });
    await create({ id: MENU_CHOOSE, parentId: MENU_ROOT, title: t('menu_chooseProject'), contexts: MENU_CONTEXTS });
    built = items;
  });
  return building;
}
