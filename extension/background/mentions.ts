// Mentions of the signed-in person: comments (pulled from teammates) that name them. The background shows a
// notification for each one not notified yet; which ones were notified is kept in the database (settings
// `mentions.notified`), never in worker memory, so a stopped and restarted worker neither forgets nor repeats.
import { liveQuery } from 'dexie';
import browser from 'webextension-polyfill';
import type { WaypointDb } from '../db/database';
import type { CommentRow } from '../db/rows';
import { readAccount } from '../sync/account';

export const MENTIONS_NOTIFIED_KEY = 'mentions.notified';
/** Enough to cover any realistic backlog; the oldest ids fall off first. */
const KEEP = 2000;
/** More new mentions than this at once (a first pull) get one summary notification instead of a stack. */
const SUMMARY_OVER = 3;

/** Comments that mention `me`, by someone else, not deleted; newest first. */
export function mentionsOf(comments: readonly CommentRow[], me: string): CommentRow[] {
  return comments
    .filter((c) => !c.deleted && c.createdBy !== me && c.mentions.includes(me))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function readMentions(db: WaypointDb): Promise<CommentRow[]> {
  const account = await readAccount(db);
  if (!account) return [];
  return mentionsOf(await db.comments.toArray(), account.user.id);
}

/** Claim the mentions not notified yet (in one transaction, so two runs never claim the same one). */
export async function claimNewMentions(db: WaypointDb, mentions: readonly CommentRow[]): Promise<CommentRow[]> {
  return db.transaction('rw', db.settings, async () => {
    const stored = (await db.settings.get(MENTIONS_NOTIFIED_KEY))?.value;
    const notified = new Set(Array.isArray(stored) ? (stored as string[]) : []);
    const fresh = mentions.filter((m) => !notified.has(m.id));
    if (fresh.length === 0) return [];
    const ids = [...(Array.isArray(stored) ? (stored as string[]) : []), ...fresh.map((m) => m.id)].slice(-KEEP);
    await db.settings.put({ key: MENTIONS_NOTIFIED_KEY, value: ids });
    return fresh;
  });
}

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
