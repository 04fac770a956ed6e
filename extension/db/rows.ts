// How synced domain objects are stored in IndexedDB: the object, its sync metadata and derived index keys.

import { dueSortKey } from '@@/shared/dates';
import type { Project } from '@@/shared/schemas/project';
import type { Task } from '@@/shared/schemas/task';
import type { SyncRow } from '@@/shared/sync/merge';
import type { SyncTableName } from '@@/shared/sync/tables';
import { canonicalUrl } from '@@/shared/url';

export interface SyncMetaColumns {
  /** HLC of the last write of each field (and of the tombstone under `deleted`). */
  hlc: Record<string, string>;
  deleted: boolean;
}

/**
 * Index keys derived from a task. IndexedDB leaves rows whose key is `undefined` out of an index, so each
 * key exists only for the rows its queries want: open tasks in `openDue`, live tasks in `projectKey`, ...
 * This keeps every popup and side panel query an index range scan over exactly the rows it shows.
 */
export interface TaskIndexColumns {
  /** Due sort key of an open, live task (see shared/dates.ts); absent otherwise. */
  openDue?: string;
  /** Project id, or `inbox`, of a live task. */
  projectKey?: string;
  /** Canonical source URL of a live task. */
  sourceKey?: string;
  /** Completion instant of a live, done task. */
  doneAt?: string;
}

export type TaskRow = Task & SyncMetaColumns & TaskIndexColumns;
export type ProjectRow = Project & SyncMetaColumns;

export const INBOX_KEY = 'inbox';

/**
 * `me` is this account's user id: tasks assigned to someone else stay in the project views but leave the
 * personal lists (open by due, done today), which are "my tasks".
 */
export function taskIndexColumns(task: Task, deleted: boolean, me: string | null = null): TaskIndexColumns {
  if (deleted) return {};
  const columns: TaskIndexColumns = { projectKey: task.projectId ?? INBOX_KEY };
  const mine = task.assigneeId === null || task.assigneeId === me;
  if (task.status === 'done') {
    if (task.completedAt && mine) columns.doneAt = task.completedAt;
  } else if (mine) {
    columns.openDue = dueSortKey(task.dueAt);
  }
  if (task.source) columns.sourceKey = canonicalUrl(task.source.url);
  return columns;
}

/** Strip storage-only columns, leaving the wire form used by merge. */
export function toSyncRow(row: TaskRow | ProjectRow): SyncRow {
  const { id, teamId: _teamId, hlc, deleted, ...rest } = row as TaskRow;
  const { openDue: _a, projectKey: _b, sourceKey: _c, doneAt: _d, ...fields } = rest as TaskRow;
  return { key: id, fields: fields as Record<string, unknown>, hlc, deleted };
}

export function fromSyncRow(
  table: SyncTableName,
  row: SyncRow,
  teamId: string | null,
  me: string | null = null,
): TaskRow | ProjectRow {
  const base = { ...row.fields, id: row.key, teamId, hlc: row.hlc, deleted: row.deleted };
  if (table === 'tasks') {
    const task = base as TaskRow;
    return { ...task, ...taskIndexColumns(task, row.deleted, me) };
  }
  return base as ProjectRow;
}
