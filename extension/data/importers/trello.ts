// Trello: a board's JSON export (Menu → Print, export and share → Export as JSON). The board becomes a project; its
// lists become either statuses (by their names: "Done" is done, "Doing"/"In progress" doing, "Blocked" blocked,
// others to do) or milestones; cards become tasks with their labels as tags, due dates, members matched by name and
// the card link as source, checklist items → the task's steps (named "Checklist: item" when a card has several
// checklists). Archived cards and lists are skipped.
import { z } from 'zod';
import { t } from '../../i18n';
import { readStatus } from '../csv';
import type { ImportedMilestone, ImportedTask, ImportPlan, ImportProblem } from './plan';

const idText = z.string().max(200);
const boardSchema = z.object({
  id: idText,
  name: z.string().max(1000),
  url: z.string().max(4096).optional(),
  dateLastActivity: z.string().nullable().optional(),
  lists: z.array(z.object({ id: idText, name: z.string().max(1000), closed: z.boolean().optional() }).loose()),
  cards: z.array(
    z
      .object({
        id: idText,
        name: z.string().max(100_000).nullable().optional(),
        desc: z.string().max(100_000).nullable().optional(),
        idList: idText,
        closed: z.boolean().optional(),
        due: z.string().nullable().optional(),
        dueComplete: z.boolean().optional(),
        idMembers: z.array(idText).optional(),
        labels: z.array(z.object({ name: z.string().max(1000).nullable().optional(), color: z.string().nullable().optional() }).loose()).optional(),
        shortUrl: z.string().max(4096).optional(),
        url: z.string().max(4096).optional(),
        dateLastActivity: z.string().nullable().optional(),
      })
      .loose(),
  ),
  members: z.array(z.object({ id: idText, fullName: z.string().max(1000).nullable().optional(), username: z.string().max(1000).optional() }).loose()).optional(),
  checklists: z
    .array(
      z
        .object({
          id: idText,
          idCard: idText,
          name: z.string().max(1000).optional(),
          checkItems: z.array(z.object({ id: idText.optional(), name: z.string().max(10_000), state: z.string().optional(), pos: z.number().optional() }).loose()).optional(),
        })
        .loose(),
    )
    .optional(),
});
type Board = z.infer<typeof boardSchema>;

/** A Trello board export has these keys; nothing else does. */
export function isTrelloBoard(json: unknown): boolean {
  if (!json || typeof json !== 'object') return false;
  const o = json as Record<string, unknown>;
  return Array.isArray(o.lists) && Array.isArray(o.cards) && typeof o.name === 'string' && typeof o.id === 'string';
}

export type TrelloListsAs = 'status' | 'milestones';

function listStatus(name: string) {
  const direct = readStatus(name);
  if (direct) return direct;
  const lc = name.toLowerCase();
  if (/\b(done|complete|completed|finished|shipped|terminé|fait)\b/.test(lc)) return 'done' as const;
  if (/\b(doing|in progress|review|testing|en cours)\b/.test(lc)) return 'doing' as const;
  if (/\b(blocked|waiting|on hold|bloqué)\b/.test(lc)) return 'blocked' as const;
  return 'todo' as const;
}

export function trelloPlan(json: unknown, listsAs: TrelloListsAs = 'status'): ImportPlan {
  const parsed = boardSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error('This looks like a Trello board, but some of it is missing or unreadable. Export it again from Trello.');
  }
  const board: Board = parsed.data;
  const projectKey = board.id;
  const lists = new Map(board.lists.map((l) => [l.id, l] as const));
  const members = new Map((board.members ?? []).map((m) => [m.id, m.fullName || m.username || ''] as const));
  const checklists = new Map<string, NonNullable<Board['checklists']>>();
  for (const list of board.checklists ?? []) {
    checklists.set(list.idCard, [...(checklists.get(list.idCard) ?? []), list]);
  }
  const problems: ImportProblem[] = [];
  const milestones: ImportedMilestone[] =
    listsAs === 'milestones'
      ? board.lists
          .filter((l) => !l.closed)
          .map((l) => ({ key: `${board.id}:${l.id}`, projectKey, title: l.name, dueAt: null, done: false }))
      : [];
  const tasks: ImportedTask[] = [];
  board.cards.forEach((card, i) => {
    const row = i + 1;
    const title = (card.name ?? '').trim();
    const list = lists.get(card.idList);
    if (card.closed) return problems.push({ row, column: 'card', message: t('importProblem_archivedCard'), skipped: true });
    if (list?.closed) return problems.push({ row, column: 'list', message: t('importProblem_archivedList'), skipped: true });
    if (!title) return problems.push({ row, column: 'name', message: t('importProblem_noTitle'), skipped: true });
    let dueAt: string | null = null;
    if (card.due) {
      const ms = Date.parse(card.due);
      if (Number.isNaN(ms)) problems.push({ row, column: 'due', message: t('importProblem_notDate', String(card.due)), skipped: false });
      else dueAt = new Date(ms).toISOString();
    }
    const cardLists = checklists.get(card.id) ?? [];
    const steps = cardLists.flatMap((cl) =>
      [...(cl.checkItems ?? [])]
        .sort((a, b) => (a.pos ?? 0) - (b.pos ?? 0))
        .map((item) => ({
          key: `${board.id}:${card.id}:${item.id ?? `${cl.name}:${item.name}`}`,
          title: cardLists.length > 1 && cl.name ? `${cl.name}: ${item.name}` : item.name,
          done: item.state === 'complete',
        })),
    );
    const notes = (card.desc ?? '').trim();
    const status = card.dueComplete ? 'done' : listsAs === 'status' && list ? listStatus(list.name) : 'todo';
    const assignees = (card.idMembers ?? []).map((id) => members.get(id)).filter((n): n is string => !!n);
    const url = card.shortUrl ?? card.url ?? null;
    tasks.push({
      key: `${board.id}:${card.id}`,
      title,
      notes: assignees.length > 1 ? `${notes}\n\nMembers on Trello: ${assignees.join(', ')}`.trim() : notes,
      status,
      priority: 4,
      dueAt,
      recurrence: null,
      tags: (card.labels ?? []).map((l) => (l.name ?? '').trim() || (l.color ?? '')).filter(Boolean),
      sourceUrl: url && /^https:\/\/trello\.com\//.test(url) ? url : null,
      projectKey,
      milestoneKey: listsAs === 'milestones' && list ? `${board.id}:${list.id}` : null,
      assigneeName: assignees[0] ?? null,
      createdAt: null,
      completedAt: status === 'done' ? (card.dateLastActivity ?? null) : null,
      steps,
    });
    return undefined;
  });
  return {
    source: 'trello',
    label: t('importPreview_labelTrello', board.name),
    projects: [{ key: projectKey, name: board.name }],
    milestones,
    tasks,
    problems,
    modifiedAt: board.dateLastActivity ?? null,
  };
}
