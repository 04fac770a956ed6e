// Mentions of the signed-in person: comments (pulled from teammates) that name them, and which of them were
// already notified — kept in the database (settings `mentions.notified`), never in worker memory.
import type { WaypointDb } from '../db/database';
import type { CommentRow } from '../db/rows';
import { readAccount } from '../sync/account';

export const MENTIONS_NOTIFIED_KEY = 'mentions.notified';
/** Enough to cover any realistic backlog; the oldest ids fall off first. */
const KEEP = 2000;
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
