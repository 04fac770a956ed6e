// How synced domain objects are stored in IndexedDB: the object, its sync metadata and derived index keys.

import { openDueKey } from '@@/shared/dates';
import type {
  Comment,
  Milestone,
  Objective,
  ProjectDocument,
  Risk,
  Stakeholder,
  StatusUpdate,
} from '@@/shared/schemas/planning';
import type { Project } from '@@/shared/schemas/project';
import type { Step } from '@@/shared/schemas/step';
import type { Task } from '@@/shared/schemas/task';
import { compactClock, expandClock, type RowClock } from '@@/shared/sync/clock';
import type { SyncRow } from '@@/shared/sync/merge';
import { SYNC_TABLE_NAMES, SYNC_TABLES, type SyncTableName } from '@@/shared/sync/tables';
import { canonicalUrl } from '@@/shared/url';

export { taskExcerpt, taskSourceHref } from './task-source';

/**
 * The row's clock in its compact form (shared/sync/clock.ts, Dexie v6): the HLC of its newest write, and the
 * fields (or the tombstone, `deleted`) written earlier than that. `rowClocks` gives the per-field map back.
 */
export interface SyncMetaColumns {
  hlc: string;
  hlcs?: Record<string, string>;
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

/**
 * Columns that never leave this device. The excerpt of a capture is private unless the capturer shares it
 * (see capture): it is kept here and stays out of the synced `source`.
 */
export interface TaskLocalColumns {
  privateExcerpt?: string;
  /** The text-fragment link quotes the selection too, so it is as private as the excerpt. */
  privateFragmentUrl?: string;
  /** The page's description (source.description) of a capture whose text is not shared. */
  privateDescription?: string;
}
/** Columns of any table that stay on this device (from the synced-table registry). */
export const LOCAL_COLUMNS: readonly string[] = [
  ...new Set(SYNC_TABLE_NAMES.flatMap((t) => SYNC_TABLES[t].localColumns)),
];
/** Everything a stored row holds besides its synced fields: derived index keys and device-only columns. */
export const DEVICE_COLUMNS: readonly string[] = [
  'id',
  'teamId',
  'hlc',
  'hlcs',
  'deleted',
  ...new Set(SYNC_TABLE_NAMES.flatMap((t) => [...SYNC_TABLES[t].derivedColumns, ...SYNC_TABLES[t].localColumns])),
];

export type TaskRow = Task & SyncMetaColumns & TaskIndexColumns & TaskLocalColumns;
export type ProjectRow = Project & SyncMetaColumns;
export type ObjectiveRow = Objective & SyncMetaColumns;
export type MilestoneRow = Milestone & SyncMetaColumns;
export type RiskRow = Risk & SyncMetaColumns;
export type StakeholderRow = Stakeholder & SyncMetaColumns;
export type DocumentRow = ProjectDocument & SyncMetaColumns;
export type CommentRow = Comment & SyncMetaColumns;
export type StatusUpdateRow = StatusUpdate & SyncMetaColumns;
export type StepRow = Step & SyncMetaColumns;

/** The stored row type of each synced table. */
export interface RowTypes {
  tasks: TaskRow;
  projects: ProjectRow;
  objectives: ObjectiveRow;
  milestones: MilestoneRow;
  risks: RiskRow;
  stakeholders: StakeholderRow;
  documents: DocumentRow;
  comments: CommentRow;
  statusUpdates: StatusUpdateRow;
  steps: StepRow;
}
export type AnyRow = RowTypes[SyncTableName];

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
    columns.openDue = openDueKey(task);
  }
  if (task.source) columns.sourceKey = canonicalUrl(task.source.url);
  return columns;
}

/** The synced fields of a stored row: everything but its device columns. */
function syncedFields(row: AnyRow): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...row };
  for (const column of DEVICE_COLUMNS) delete fields[column];
  return fields;
}

/** Strip storage-only columns, leaving the form merge works on (with the per-field HLC map). */
export function toSyncRow(row: AnyRow): SyncRow {
  const fields = syncedFields(row);
  return { key: row.id, fields, hlc: clocksOf(row, fields), deleted: row.deleted };
}

/** The HLC of the last write of each field of a stored row, and of its tombstone under `deleted`. */
export function rowClocks(row: AnyRow): Record<string, string> {
  return clocksOf(row, syncedFields(row));
}

// A row of an export file (and a row from before Dexie v6) carries the per-field map itself.
const clocksOf = (row: AnyRow, fields: Record<string, unknown>): Record<string, string> =>
  typeof row.hlc === 'object' && row.hlc !== null
    ? { ...(row.hlc as Record<string, string>) }
    : expandClock(fields, row.deleted, row.hlc, row.hlcs);

/**
 * A stored row whose clock is still the per-field map (before Dexie v6, or an import of an older export file)
 * in its compact form; rows already compact are returned as they are.
 */
export function compactStoredRow<R extends Record<string, unknown>>(row: R): R {
  const hlc = row.hlc;
  if (typeof hlc !== 'object' || hlc === null) return row;
  const fields: Record<string, unknown> = { ...row };
  for (const column of DEVICE_COLUMNS) delete fields[column];
  const clock = compactClock(fields, hlc as Record<string, string>, row.deleted === true);
  const { hlcs: _old, ...rest } = row;
  return (clock.hlcs ? { ...rest, hlc: clock.hlc, hlcs: clock.hlcs } : { ...rest, hlc: clock.hlc }) as unknown as R;
}

/** The columns of a stored row that are this device's own (kept across pulls, never pushed). */
export function localColumnsOf(row: AnyRow | undefined): Record<string, unknown> {
  const local: Record<string, unknown> = {};
  if (!row) return local;
  for (const column of LOCAL_COLUMNS)
    if (column in row) local[column] = (row as unknown as Record<string, unknown>)[column];
  return local;
}

/** Carry this device's local-only columns from the stored row over to its new version. */
export function withLocalColumns<R extends AnyRow>(next: R, previous: AnyRow | undefined): R {
  const local = localColumnsOf(previous);
  return Object.keys(local).length ? { ...next, ...local } : next;
}

export function fromSyncRow<T extends SyncTableName>(
  table: T,
  row: SyncRow,
  teamId: string | null,
  me: string | null = null,
): RowTypes[T] {
  return fromCompactRow(
    table,
    row.key,
    row.fields,
    compactClock(row.fields, row.hlc, row.deleted),
    row.deleted,
    teamId,
    me,
  );
}

/** The stored row of synced fields with a compact clock (a pulled change, as the server sends it). */
export function fromCompactRow<T extends SyncTableName>(
  table: T,
  key: string,
  fields: Record<string, unknown>,
  clock: RowClock,
  deleted: boolean,
  teamId: string | null,
  me: string | null = null,
): RowTypes[T] {
  const base: Record<string, unknown> = { ...fields, id: key, teamId, hlc: clock.hlc, deleted };
  if (clock.hlcs) base.hlcs = clock.hlcs;
  // One object per row (a first sync builds 100,000): the index keys go onto the copy already made.
  if (table === 'tasks') Object.assign(base, taskIndexColumns(base as unknown as TaskRow, deleted, me));
  return base as unknown as RowTypes[T];
}
