// The popup's live half, loaded after the first rows have painted: Dexie and its live queries, the task editor
// and the sync status line. The shell (popup/app.tsx) renders what this module reports; splitting it off keeps
// Dexie, zod and the editor out of the code that must load before the first task row appears.
import { liveQuery } from 'dexie';
import { useEffect } from 'preact/hooks';
import { createDatabase } from '../db/database';
import {
  liveProjects,
  type SectionTotals,
  type StepCounts,
  sectionTotals,
  stepCounts,
  type TaskSection,
  taskSections,
} from '../db/queries';
import type { ProjectRow, TaskRow } from '../db/rows';
import { SyncStatusLine } from '../ui/sync-status';
import { TaskEditor } from '../ui/task-editor';

export const db = createDatabase();

export interface LiveDataProps {
  now: Date;
  filter: string;
  /** Rows read per section. */
  limit: number;
  /** Start counting once rows are on screen: the counts are cheap but not free on large databases. */
  count: boolean;
  onSections: (sections: TaskSection[], limit: number) => void;
  onTotals: (totals: SectionTotals) => void;
  onProjects: (projects: ProjectRow[]) => void;
  /** The tasks on screen, and where their steps' progress ("2/5") goes. */
  taskIds: string[];
  onStepCounts: (counts: StepCounts) => void;
  onError: (error: Error) => void;
}

function useLiveQuery<T>(
  query: () => Promise<T>,
  next: (value: T) => void,
  onError: (e: Error) => void,
  deps: unknown[],
) {
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next,
      error: (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))),
    });
    return () => subscription.unsubscribe();
  }, deps);
}

/** Subscribes to the popup's queries for as long as it is mounted; renders nothing. */
export function LiveData({
  now,
  filter,
  limit,
  count,
  onSections,
  onTotals,
  onProjects,
  taskIds,
  onStepCounts,
  onError,
}: LiveDataProps) {
  const projectKey = filter || null;
  useLiveQuery(
    () => taskSections(db, { now, projectKey, limit }),
    (sections) => onSections(sections, limit),
    onError,
    [filter, limit],
  );
  useLiveQuery(
    async () => (count ? sectionTotals(db, { now, projectKey }) : undefined),
    (totals) => totals && onTotals(totals),
    onError,
    [filter, count],
  );
  useLiveQuery(() => liveProjects(db), onProjects, onError, []);
  useLiveQuery(() => stepCounts(db, taskIds), onStepCounts, onError, [taskIds.join(',')]);
  return null;
}

/** The task opened from a notification or the "Choose project…" menu (`?task=…`), if it still exists. */
export async function taskToOpen(id: string): Promise<TaskRow | undefined> {
  const task = await db.tasks.get(id);
  return task && !task.deleted ? task : undefined;
}

export function Editor(props: {
  task: TaskRow;
  projects: ProjectRow[];
  focus: 'title' | 'project';
  onClose: () => void;
}) {
  return <TaskEditor db={db} {...props} />;
}

export function SyncLine() {
  return <SyncStatusLine db={db} />;
}
