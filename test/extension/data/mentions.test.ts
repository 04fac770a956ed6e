// Mentions of the signed-in person: which comments count, and claiming each one for a notification exactly once.
import { describe, expect, it } from 'vitest';
import { claimNewMentions, MENTIONS_NOTIFIED_KEY, mentionsOf } from '@/data/mentions';
import type { CommentRow } from '@/db/rows';
import { createTestStore } from '../helpers';

const comment = (id: string, fields: Partial<CommentRow> = {}): CommentRow =>
  ({
    id,
    teamId: 't1',
    projectId: 'p1',
    taskId: null,
    body: `Comment ${id}`,
    mentions: ['me'],
    createdBy: 'ann',
    createdAt: `2026-12-01T10:00:0${id.length}.000Z`,
    deleted: false,
    ...fields,
  }) as CommentRow;

describe('mentionsOf', () => {
  it('keeps comments by others that mention me and are not deleted, newest first', () => {
    const rows = [
      comment('a', { createdAt: '2026-12-01T09:00:00.000Z' }),
      comment('b', { createdAt: '2026-12-01T11:00:00.000Z' }),
      comment('c', { createdBy: 'me' }),
      comment('d', { mentions: ['bob'] }),
      comment('e', { deleted: true }),
    ];
    expect(mentionsOf(rows, 'me').map((c) => c.id)).toEqual(['b', 'a']);
  });
});

describe('claimNewMentions', () => {
  it('claims each mention once, also when two runs overlap, and stores the claim', async () => {
    const { db } = createTestStore();
    const first = [comment('a'), comment('b')];
    const [x, y] = await Promise.all([claimNewMentions(db, first), claimNewMentions(db, first)]);
    expect([...x, ...y].map((c) => c.id).sort()).toEqual(['a', 'b']);
    expect((await claimNewMentions(db, [...first, comment('c')])).map((c) => c.id)).toEqual(['c']);
    expect((await db.settings.get(MENTIONS_NOTIFIED_KEY))?.value).toEqual(['a', 'b', 'c']);
  });
});
