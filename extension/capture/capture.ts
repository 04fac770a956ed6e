// Capture: from a context-menu click or the shortcut to a stored task, with duplicate check and feedback.
import { canonicalUrl } from '@@/shared/url';
import { readSettings, touchRecentProject } from '../data/settings';
import type { WaypointDb } from '../db/database';
import type { TaskRow } from '../db/rows';
import type { Store } from '../db/store';
import { type CaptureContext, type CaptureTab, draftFromContext } from './draft';

export type CaptureTarget = { kind: 'inbox' } | { kind: 'project'; projectId: string } | { kind: 'default' };

export type CaptureOutcome =
  | { kind: 'created'; task: TaskRow; projectName: string }
  | { kind: 'duplicate'; existing: TaskRow; projectName: string };

export interface CaptureOptions {
  /** Create even when the page already has a task. */
  force?: boolean;
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
  async function resolveProject(target: CaptureTarget): Promise<{ projectId: string | null; projectName: string }> {
    let projectId: string | null = null;
    if (target.kind === 'project') projectId = target.projectId;
    if (target.kind === 'default') projectId = (await readSettings(db)).defaultProjectId;
    if (!projectId) return { projectId: null, projectName: 'Inbox' };
    const project = await db.projects.get(projectId);
    // A project deleted since the menu was built: keep the capture rather than lose it.
    if (!project || project.deleted) return { projectId: null, projectName: 'Inbox' };
    return { projectId, projectName: project.name };
  }

  async function capture(
    context: CaptureContext,
    tab: CaptureTab,
    target: CaptureTarget,
    options: CaptureOptions = {},
  ): Promise<CaptureOutcome> {
    const draft = draftFromContext(context, tab, now());
    const { projectId, projectName } = await resolveProject(target);
    if (draft.source.kind === 'page' && !options.force) {
      const existing = await db.tasks.where('sourceKey').equals(canonicalUrl(draft.source.url)).first();
      if (existing) {
        const owner = existing.projectId ? await db.projects.get(existing.projectId) : undefined;
        return { kind: 'duplicate', existing, projectName: owner?.name ?? 'Inbox' };
      }
    }
    const task = await store.createTask({ title: draft.title, source: draft.source, projectId });
    if (projectId) await touchRecentProject(db, projectId);
    return { kind: 'created', task, projectName };
  }

  return { capture };
}

export type Capture = ReturnType<typeof createCapture>;
