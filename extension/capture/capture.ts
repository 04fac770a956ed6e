// Capture: from a context-menu click or the shortcut to a stored task, with duplicate check and feedback.
import { canonicalUrl } from '@@/shared/url';
import { readSettings, touchRecentProject } from '../data/settings';
import type { WaypointDb } from '../db/database';
import type { ProjectRow, TaskRow } from '../db/rows';
import type { Store, TaskDraft } from '../db/store';
import { type CaptureContext, type CaptureDraft, type CaptureTab, draftFromContext } from './draft';
import { suggestProjects } from './routing';

export type CaptureTarget = { kind: 'inbox' } | { kind: 'project'; projectId: string } | { kind: 'default' };

export type CaptureOutcome =
  | { kind: 'created'; task: TaskRow; projectName: string; routedBy?: 'rule' | 'learned' }
  | { kind: 'duplicate'; existing: TaskRow; projectName: string; owner: string | null };

export interface CaptureOptions {
  /** Create even when the page already has a task. */
  force?: boolean;
  /** Share the excerpt with the team; by default the project's setting decides (and it is off). */
  shareExcerpt?: boolean;
  /** Fields the capture dialog set (title, due, priority, assignee, objective, milestone). */
  overrides?: Partial<
    Pick<TaskDraft, 'title' | 'dueAt' | 'priority' | 'assigneeId' | 'objectiveId' | 'milestoneId' | 'notes'>
  >;
  /** A draft read from the page itself (an open e-mail), used instead of one built from the menu context. */
  draft?: CaptureDraft;
}

/** Same canonical URL: the same source, except two different messages of one mail thread. */
function sameSource(existing: TaskRow, source: CaptureDraft['source']): boolean {
  const mine = source.email?.messageId;
  const theirs = existing.source?.email?.messageId;
  return !mine || !theirs || mine === theirs;
}

export function createCapture({
  db,
  store,
  now = () => new Date(),
}: {
  db: WaypointDb;
  store: Store;
  now?: () => Date;
}) {
  const inbox = { project: null, projectName: 'Inbox' } as const;

  /** The explicit project, or for the shortcut: the page's project by URL rule or habit, else the default. */
  async function resolveProject(
    target: CaptureTarget,
    url: string,
  ): Promise<{ project: ProjectRow | null; projectName: string; routedBy?: 'rule' | 'learned' }> {
    if (target.kind === 'inbox') return inbox;
    let projectId: string | null = target.kind === 'project' ? target.projectId : null;
    let routedBy: 'rule' | 'learned' | undefined;
    if (target.kind === 'default') {
      const [suggestion] = await suggestProjects(db, url);
      projectId = suggestion?.project.id ?? (await readSettings(db)).defaultProjectId;
      routedBy = suggestion?.reason;
    }
    if (!projectId) return inbox;
    const project = await db.projects.get(projectId);
    // A project deleted since the menu was built: keep the capture rather than lose it.
    if (!project || project.deleted) return inbox;
    return { project, projectName: project.name, ...(routedBy ? { routedBy } : {}) };
  }

  /** Who to name in "already a task in Launch, owned by Sam": the assignee, else whoever captured it. */
  async function ownerOf(task: TaskRow): Promise<string | null> {
    if (task.assigneeId && task.teamId) {
      const member = await db.members.get([task.teamId, task.assigneeId]);
      if (member) return member.name;
    }
    return task.createdBy;
  }

  async function capture(
    context: CaptureContext,
    tab: CaptureTab,
    target: CaptureTarget,
    options: CaptureOptions = {},
  ): Promise<CaptureOutcome> {
    const draft = options.draft ?? draftFromContext(context, tab, now());
    const { project, projectName, routedBy } = await resolveProject(target, draft.source.url);
    if (
      draft.source.kind !== 'selection' &&
      draft.source.kind !== 'image' &&
      draft.source.kind !== 'link' &&
      !options.force
    ) {
      // Every team task is replicated here, so this finds a capture by anyone in the team.
      const sameUrl = await db.tasks.where('sourceKey').equals(canonicalUrl(draft.source.url)).toArray();
      const existing = sameUrl.find((task) => sameSource(task, draft.source));
      if (existing) {
        const home = existing.projectId ? await db.projects.get(existing.projectId) : undefined;
        return { kind: 'duplicate', existing, projectName: home?.name ?? 'Inbox', owner: await ownerOf(existing) };
      }
    }
    // By default teammates see the title, link and metadata; the quoted text and the page's description stay
    // on this device. The title is synced, so a selection is titled by its quote only where the quote is shared.
    const share = options.shareExcerpt ?? project?.shareExcerpts ?? false;
    const { excerpt, fragmentUrl, description, ...metadata } = draft.source;
    const source = share ? draft.source : metadata;
    // The task and the project's place among the recent ones are written in one transaction: one commit to wait
    // for, and no second write of the settings right after it to hold back the sync that pushes the task.
    const task = await db.transaction('rw', [db.tasks, db.outbox, db.settings, db.spaces, db.projects], async () => {
      const created = await store.createTask({
        title: share && draft.quoteTitle ? draft.quoteTitle : draft.title,
        ...options.overrides,
        source,
        projectId: project?.id ?? null,
        ...(!share && excerpt ? { privateExcerpt: excerpt } : {}),
        ...(!share && fragmentUrl ? { privateFragmentUrl: fragmentUrl } : {}),
        ...(!share && description ? { privateDescription: description } : {}),
      });
      if (project) await touchRecentProject(db, project.id);
      return created;
    });
    return { kind: 'created', task, projectName, ...(routedBy ? { routedBy } : {}) };
  }

  return { capture };
}

export type Capture = ReturnType<typeof createCapture>;
