// Read queries of the popup and side panel. Each is an index range scan; none walks the whole tasks table.

import { dayBounds, NO_DUE_KEY, sectionKeys } from '@@/shared/dates';
import { canonicalUrl, projectsForUrl } from '@@/shared/url';
import type { WaypointDb } from './database';
import { INBOX_KEY, type ProjectRow, type TaskRow } from './rows';

export const SECTION_IDS = ['overdue', 'today', 'upcoming', 'none', 'doneToday'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface TaskSection {
  id: SectionId;
  /** All tasks in the section; `tasks` holds at most `limit` of them. */
  total: number;
  tasks: TaskRow[];
}

export interface SectionQuery {
  now: Date;
  /** Restrict to one project; `inbox` for tasks without a project. */
  projectKey?: string | null;
  /** Rows returned per section; the rest is counted. */
  limit?: number;
}

/** My tasks by section, in due order. */
export async function taskSections(
  db: WaypointDb,
  { now, projectKey, limit = 100 }: SectionQuery,
): Promise<TaskSection[]> {
  const { overdueBefore, todayUntil } = sectionKeys(now);
  const byDue = (lower: string, upper: string, includeUpper = false) =>
    projectKey
      ? db.tasks.where('[projectKey+openDue]').between([projectKey, lower], [projectKey, upper], true, includeUpper)
      : db.tasks.where('openDue').between(lower, upper, true, includeUpper);
  const ranges: Record<Exclude<SectionId, 'doneToday'>, ReturnType<typeof byDue>> = {
    overdue: byDue('', overdueBefore),
    today: byDue(overdueBefore, todayUntil),
    upcoming: byDue(todayUntil, NO_DUE_KEY),
    none: byDue(NO_DUE_KEY, NO_DUE_KEY, true),
  };
  const sections = await Promise.all(
    (Object.keys(ranges) as (keyof typeof ranges)[]).map(async (id) => {
      const range = ranges[id];
      const [tasks, total] = await Promise.all([range.clone().limit(limit).toArray(), range.clone().count()]);
      return { id, total, tasks };
    }),
  );
  const doneRange = db.tasks
    .where('doneAt')
    .aboveOrEqual(dayBounds(now).startOfToday)
    .filter((task) => !projectKey || task.projectKey === projectKey);
  const done = await doneRange.reverse().toArray();
  return [...sections, { id: 'doneToday', total: done.length, tasks: done.slice(0, limit) }];
}

/** Live tasks whose source is this page. */
export async function tasksForUrl(db: WaypointDb, url: string): Promise<TaskRow[]> {
  const tasks = await db.tasks.where('sourceKey').equals(canonicalUrl(url)).toArray();
  return tasks.sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done') || a.order - b.order);
}

export async function openTaskCountForUrl(db: WaypointDb, url: string): Promise<number> {
  return db.tasks
    .where('sourceKey')
    .equals(canonicalUrl(url))
    .filter((task) => task.status !== 'done')
    .count();
}

/** All live tasks of a project (or the inbox). */
export async function projectTasks(db: WaypointDb, projectId: string | null): Promise<TaskRow[]> {
  const tasks = await db.tasks
    .where('projectKey')
    .equals(projectId ?? INBOX_KEY)
    .toArray();
  return tasks.sort((a, b) => a.order - b.order);
}

export async function liveProjects(db: WaypointDb, { includeArchived = false } = {}): Promise<ProjectRow[]> {
  const projects = await db.projects.filter((p) => !p.deleted && (includeArchived || !p.archived)).toArray();
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}

/** Projects whose URL rules match the page, most specific rule first. */
export async function projectsMatchingUrl(db: WaypointDb, url: string): Promise<ProjectRow[]> {
  const projects = await liveProjects(db);
  const byId = new Map(projects.map((p) => [p.id, p]));
  return projectsForUrl(projects, url).flatMap((id) => byId.get(id) ?? []);
}

export interface ProjectProgress {
  total: number;
  done: number;
  byStatus: Record<TaskRow['status'], number>;
  overdue: number;
}

export function projectProgress(tasks: TaskRow[], now: Date): ProjectProgress {
  const { overdueBefore } = sectionKeys(now);
  const byStatus = { todo: 0, doing: 0, blocked: 0, done: 0 };
  let overdue = 0;
  for (const task of tasks) {
    byStatus[task.status] += 1;
    if (task.openDue !== undefined && task.openDue < overdueBefore) overdue += 1;
  }
  return { total: tasks.length, done: byStatus.done, byStatus, overdue };
}
