// What the capture dialog offers: the draft, the suggested project, every open project with its objectives and
// milestones, the people who could own the task with their workload, and any existing task for the source.
import { workload } from '@@/shared/project-signals';
import { canonicalUrl } from '@@/shared/url';
import { readSettings } from '../data/settings';
import type { WaypointDb } from '../db/database';
import { liveProjects } from '../db/queries';
import type { TaskRow } from '../db/rows';
import { readAccount } from '../sync/account';
import type { CaptureDraft } from './draft';
import { suggestProjects } from './routing';

export interface CapturePreparation {
  title: string;
  /** For a selection: the title made of the quote, offered when the person shares the quote. */
  quoteTitle?: string;
  source: {
    kind: string;
    url: string;
    pageTitle: string;
    excerpt?: string;
    app?: string;
    /** The page's description: private like the quote unless shared. */
    description?: string;
    /** For a link or an image: the page it was found on. */
    contextUrl?: string;
  };
  suggestedProjectId: string | null;
  /** Why that project: "matches its URL rules", "where you filed this site before", "your default project". */
  suggestionReason: string | null;
  projects: {
    id: string;
    name: string;
    color: string;
    teamId: string | null;
    /** Shared with a team (not the account's private space): teammates see what the capture syncs. */
    shared: boolean;
    shareExcerpts: boolean;
    objectives: { id: string; title: string }[];
    milestones: { id: string; title: string; dueAt: string | null }[];
    people: { id: string; name: string; open: number; dueThisWeek: number }[];
  }[];
  duplicate: { taskId: string; title: string; projectName: string; owner: string | null } | null;
  note?: string;
}

export async function prepareCapture(
  db: WaypointDb,
  draft: CaptureDraft,
  now: Date,
  note?: string,
): Promise<CapturePreparation> {
  const [suggestions, settings, projects, account] = await Promise.all([
    suggestProjects(db, draft.source.url),
    readSettings(db),
    liveProjects(db),
    readAccount(db),
  ]);
  const open = projects.filter((p) => p.status !== 'done' && p.status !== 'cancelled');
  const [first] = suggestions;
  const fallback =
    settings.defaultProjectId && open.some((p) => p.id === settings.defaultProjectId)
      ? settings.defaultProjectId
      : null;
  // Workload counts everyone's open tasks across a space: one read for all teams, shared by their projects.
  const teams = new Set(open.flatMap((p) => (p.teamId ? [p.teamId] : [])));
  const teamTasks = new Map<string, TaskRow[]>();
  if (teams.size) {
    const openTasks = await db.tasks
      .filter((t) => !t.deleted && t.status !== 'done' && !!t.teamId && teams.has(t.teamId))
      .toArray();
    for (const task of openTasks) {
      const list = teamTasks.get(task.teamId as string);
      if (list) list.push(task);
      else teamTasks.set(task.teamId as string, [task]);
    }
  }
  const details = await Promise.all(
    open.map(async (project) => {
      const [objectives, milestones, members] = await Promise.all([
        db.objectives.where('projectId').equals(project.id).toArray(),
        db.milestones.where('projectId').equals(project.id).toArray(),
        project.teamId ? db.members.where('teamId').equals(project.teamId).toArray() : Promise.resolve([]),
      ]);
      const tasks = project.teamId ? (teamTasks.get(project.teamId) ?? []) : [];
      const people = workload(
        tasks,
        members.filter((m) => m.role !== 'guest'),
        now,
      )
        .filter((row) => row.memberId !== null && members.some((m) => m.id === row.memberId))
        .map((row) => ({ id: row.memberId as string, name: row.name, open: row.open, dueThisWeek: row.dueThisWeek }));
      return {
        id: project.id,
        name: project.name,
        color: project.color,
        teamId: project.teamId,
        shared: !!project.teamId && project.teamId !== account?.personalTeamId,
        shareExcerpts: project.shareExcerpts ?? false,
        objectives: objectives.filter((o) => !o.deleted).map((o) => ({ id: o.id, title: o.title })),
        milestones: milestones
          .filter((m) => !m.deleted && !m.done)
          .map((m) => ({ id: m.id, title: m.title, dueAt: m.dueAt })),
        people,
      };
    }),
  );
  let duplicate: CapturePreparation['duplicate'] = null;
  if (draft.source.kind !== 'selection' && draft.source.kind !== 'link' && draft.source.kind !== 'image') {
    const existing = await db.tasks.where('sourceKey').equals(canonicalUrl(draft.source.url)).first();
    if (existing) {
      const home = existing.projectId ? projects.find((p) => p.id === existing.projectId) : undefined;
      const owner =
        existing.assigneeId && existing.teamId
          ? await db.members.get([existing.teamId, existing.assigneeId])
          : undefined;
      duplicate = {
        taskId: existing.id,
        title: existing.title,
        projectName: home?.name ?? 'Inbox',
        owner: owner?.name ?? existing.createdBy,
      };
    }
  }
  const { kind, url, pageTitle, excerpt, app, description, contextUrl } = draft.source;
  return {
    // The dialog starts from the title teammates may see: for a selection, the page's, never the quote.
    title: draft.title,
    ...(draft.quoteTitle ? { quoteTitle: draft.quoteTitle } : {}),
    source: {
      kind,
      url,
      pageTitle,
      ...(excerpt ? { excerpt } : {}),
      ...(app ? { app } : {}),
      ...(description ? { description } : {}),
      ...(contextUrl ? { contextUrl } : {}),
    },
    suggestedProjectId: first?.project.id ?? fallback,
    suggestionReason: first
      ? first.reason === 'rule'
        ? 'matches its URL rules'
        : 'where you filed this site before'
      : fallback
        ? 'your default project'
        : null,
    projects: details,
    duplicate,
    ...(note ? { note } : {}),
  };
}
