// Read queries of the popup and side panel. Each is an index range scan; none walks the whole tasks table.

import { dayBounds, NO_DUE_KEY, sectionKeys } from '@@/shared/dates';
import { progressByTask, sortSteps } from '@@/shared/steps';
import { PROJECT_ROW_TABLES, SYNC_TABLES } from '@@/shared/sync/tables';
import { canonicalUrl, projectsForUrl } from '@@/shared/url';
import type { WaypointDb } from './database';
import { type AnyRow, INBOX_KEY, type ProjectRow, type RowTypes, type StepRow, type TaskRow } from './rows';
import { SECTION_IDS, type SectionId, type SectionTotals, type TaskSection } from './sections';

export { SECTION_IDS, type SectionId, type SectionTotals, type TaskSection } from './sections';

export interface SectionQuery {
  now: Date;
  /** Restrict to one project; `inbox` for tasks without a project. */
  projectKey?: string | null;
}

function sectionRanges(db: WaypointDb, { now, projectKey }: SectionQuery) {
  const { overdueBefore, todayUntil } = sectionKeys(now);
  const byDue = (lower: string, upper: string, includeUpper = false) =>
    projectKey
      ? db.tasks.where('[projectKey+openDue]').between([projectKey, lower], [projectKey, upper], true, includeUpper)
      : db.tasks.where('openDue').between(lower, upper, true, includeUpper);
  const done = () =>
    db.tasks
      .where('doneAt')
      .aboveOrEqual(dayBounds(now).startOfToday)
      .filter((task) => !projectKey || task.projectKey === projectKey);
  return {
    overdue: () => byDue('', overdueBefore),
    today: () => byDue(overdueBefore, todayUntil),
    upcoming: () => byDue(todayUntil, NO_DUE_KEY),
    none: () => byDue(NO_DUE_KEY, NO_DUE_KEY, true),
    doneToday: () => done().reverse(),
  } satisfies Record<SectionId, () => unknown>;
}

/**
 * My tasks by section, in due order: only the first `limit` of each, so the list paints at once whatever the
 * size of the database (the counts come separately, see sectionTotals).
 */
export async function taskSections(db: WaypointDb, query: SectionQuery & { limit?: number }): Promise<TaskSection[]> {
  const ranges = sectionRanges(db, query);
  const limit = query.limit ?? 100;
  return Promise.all(SECTION_IDS.map(async (id) => ({ id, tasks: await ranges[id]().limit(limit).toArray() })));
}

/** How many tasks each section holds: index counts, cheap but not free on large databases. */
export async function sectionTotals(db: WaypointDb, query: SectionQuery): Promise<SectionTotals> {
  const ranges = sectionRanges(db, query);
  const counts = await Promise.all(SECTION_IDS.map((id) => ranges[id]().count()));
  return Object.fromEntries(SECTION_IDS.map((id, i) => [id, counts[i] ?? 0])) as SectionTotals;
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

/** Everything the project dashboard shows: the live rows of every table that belongs to a project. */
export type ProjectBundle = { [T in (typeof PROJECT_ROW_TABLES)[number]]: RowTypes[T][] };

const byOrder = <R extends { order: number }>(rows: R[]) => rows.sort((a, b) => a.order - b.order);
const byCreated = <R extends { createdAt: string }>(rows: R[]) =>
  rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
/** How each table's rows are listed; a table without an entry is listed by creation. */
const BUNDLE_ORDER: { [T in keyof ProjectBundle]?: (rows: ProjectBundle[T]) => ProjectBundle[T] } = {
  tasks: (rows) => byOrder(rows),
  objectives: (rows) => byOrder(rows),
  milestones: (rows) => byOrder(rows),
  risks: (rows) => rows.sort((a, b) => b.probability * b.impact - a.probability * a.impact),
  stakeholders: (rows) => rows.sort((a, b) => a.name.localeCompare(b.name)),
  statusUpdates: (rows) => byCreated(rows).reverse(),
  steps: (rows) => sortSteps(rows),
};

/** A table of the project bundle whose rows belong to a task (steps), not to the project itself. */
export const isTaskPart = (table: keyof ProjectBundle): boolean => SYNC_TABLES[table].project === 'task';

/**
 * One table of the bundle, read by its project index (tasks by their index of live rows; the rows that belong to
 * a task by their task, for the given tasks), deleted rows left out, in the order the dashboard lists them.
 */
export async function projectTableRows<T extends keyof ProjectBundle>(
  db: WaypointDb,
  table: T,
  projectId: string,
  taskIds: readonly string[] = [],
): Promise<ProjectBundle[T]> {
  const rows = (
    table === 'tasks'
      ? await db.tasks.where('projectKey').equals(projectId).toArray()
      : isTaskPart(table)
        ? taskIds.length
          ? await db
              .table(table)
              .where('taskId')
              .anyOf([...taskIds])
              .toArray()
          : []
        : await db.table(table).where('projectId').equals(projectId).toArray()
  ) as AnyRow[];
  const live = rows.filter((row) => !row.deleted);
  const order = (BUNDLE_ORDER[table] ?? byCreated) as (rows: AnyRow[]) => AnyRow[];
  return order(live as never) as ProjectBundle[T];
}

/** Every table of the bundle at once (the rows of a task part for the project's live tasks). */
export async function projectBundle(db: WaypointDb, projectId: string): Promise<ProjectBundle> {
  const taskIds = db.tasks.where('projectKey').equals(projectId).primaryKeys() as Promise<string[]>;
  const lists = await Promise.all(
    PROJECT_ROW_TABLES.map(
      async (table) =>
        [table, await projectTableRows(db, table, projectId, isTaskPart(table) ? await taskIds : [])] as const,
    ),
  );
  return Object.fromEntries(lists) as unknown as ProjectBundle;
}

/** The live steps of a task, in list order. */
export async function taskSteps(db: WaypointDb, taskId: string): Promise<StepRow[]> {
  const rows = await db.steps.where('taskId').equals(taskId).toArray();
  return sortSteps(rows.filter((step) => !step.deleted));
}

export type StepCounts = ReadonlyMap<string, { done: number; total: number }>;

/** "2/5" for each of these tasks that has steps: one index read for the whole list on screen. */
export async function stepCounts(db: WaypointDb, taskIds: readonly string[]): Promise<StepCounts> {
  if (taskIds.length === 0) return new Map();
  return progressByTask(await db.steps.where('taskId').anyOf(taskIds).toArray());
}
