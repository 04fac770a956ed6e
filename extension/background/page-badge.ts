// The toolbar badge: the number of open tasks captured from the page in the active tab, kept live; where the page
// has none, the number of overdue tasks when that option is on (Options → Reminders; set by background/reminders.ts).
import { liveQuery, type Subscription } from 'dexie';
import type { WaypointDb } from '../db/database';
import { openTaskCountForUrl } from '../db/queries';
import type { ActivePage } from './active-page';
import { toolbarAction } from './toolbar-action';

const PAGE_COLOR = '#2563eb';
const OVERDUE_COLOR = '#dc2626';

export function createPageBadge(db: WaypointDb) {
  let subscription: Subscription | undefined;
  let page: ActivePage | null = null;
  let count = 0;
  // Unknown until the first count: the first call always paints (the badge outlives a restarted worker).
  let overdue = -1;

  const paint = () => {
    if (!page) return;
    const tabId = page.tabId;
    if (count) {
      void toolbarAction().setBadgeBackgroundColor({ color: PAGE_COLOR, tabId });
      void toolbarAction().setBadgeText({ text: String(count), tabId });
      return;
    }
    // No tasks from this page: the tab shows the global badge (the overdue count, or nothing).
    void toolbarAction().setBadgeBackgroundColor({ color: OVERDUE_COLOR, tabId });
    void toolbarAction().setBadgeText({ text: null, tabId });
  };

  return {
    follow(next: ActivePage | null) {
      subscription?.unsubscribe();
      page = next;
      count = 0;
      if (!next) return;
      subscription = liveQuery(() => openTaskCountForUrl(db, next.url)).subscribe({
        next: (value) => {
          count = value;
          paint();
        },
        error: (error) => console.error('Waypoint: badge query failed', error),
      });
    },
    /** Paint the count again (after the capture check mark). */
    repaint: paint,
    /** The overdue count every tab without tasks of its own shows (0 hides it). */
    showOverdue(value: number) {
      if (value === overdue) return;
      overdue = value;
      void toolbarAction().setBadgeBackgroundColor({ color: OVERDUE_COLOR });
      void toolbarAction().setBadgeText({ text: value ? String(value) : '' });
      paint();
    },
  };
}
