// The background's mention notifications: a notification for each comment that mentions the signed-in person
// and was not notified yet (see data/mentions.ts), so a stopped and restarted worker neither forgets nor repeats.
import { liveQuery } from 'dexie';
import browser from 'webextension-polyfill';
import { claimNewMentions, readMentions } from '../data/mentions';
import type { WaypointDb } from '../db/database';

/** More new mentions than this at once (a first pull) get one summary notification instead of a stack. */
const SUMMARY_OVER = 3;

const excerpt = (text: string) => (text.length > 180 ? `${text.slice(0, 179)}…` : text);

export function watchMentions(db: WaypointDb): () => void {
  const subscription = liveQuery(() => readMentions(db)).subscribe({
    next: (mentions) => {
      void claimNewMentions(db, mentions)
        .then(async (fresh) => {
          if (fresh.length === 0) return;
          const [members, projects] = await Promise.all([db.members.toArray(), db.projects.toArray()]);
          const nameOf = (id: string | null) => members.find((m) => m.id === id)?.name ?? 'A teammate';
          const projectOf = (id: string) => projects.find((p) => p.id === id)?.name ?? '';
          const iconUrl = browser.runtime.getURL('/icon/128.png');
          if (fresh.length > SUMMARY_OVER) {
            await browser.notifications.create('mentions:summary', {
              type: 'basic',
              iconUrl,
              title: `You were mentioned ${fresh.length} times`,
              message: 'Open the side panel → Mentions to read them.',
            });
            return;
          }
          for (const comment of fresh) {
            await browser.notifications.create(`mention:${comment.id}`, {
              type: 'basic',
              iconUrl,
              title: `${nameOf(comment.createdBy)} mentioned you${projectOf(comment.projectId) ? ` in ${projectOf(comment.projectId)}` : ''}`,
              message: excerpt(comment.body),
            });
          }
        })
        .catch((error) => console.error('Waypoint: mention notification failed', error));
    },
    error: (error) => console.error('Waypoint: mentions query failed', error),
  });
  return () => subscription.unsubscribe();
}
