// The toolbar badge: the number of open tasks captured from the page in the active tab, kept live.
import { liveQuery, type Subscription } from 'dexie';
import type { WaypointDb } from '../db/database';
import { openTaskCountForUrl } from '../db/queries';
import type { ActivePage } from './active-page';
import { toolbarAction } from './toolbar-action';

export function createPageBadge(db: WaypointDb) {
  let subscription: Subscription | undefined;
  let page: ActivePage | null = null;
  let count = 0;

  const paint = () => {
    if (!page) return;
    void toolbarAction().setBadgeBackgroundColor({ color: '#2563eb', tabId: page.tabId });
    void toolbarAction().setBadgeText({ text: count ? String(count) : '', tabId: page.tabId });
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
  };
}
