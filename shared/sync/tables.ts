// The one registry of synced tables. Everything that must handle "every table" is derived from it: the wire
// schemas and validation, the Dexie stores, export and import, moves between spaces, rejection handling, the
// activity feed's nouns, the project bundle, the status page and docs/protocol.md. Adding a synced table is
// one entry here plus its UI; test/shared/tables.test.ts fails when a derived path misses a table.
import type { z } from 'zod';
import {
  commentSchema,
  documentSchema,
  milestoneSchema,
  objectiveSchema,
  planningPatchSchemas,
  riskSchema,
  stakeholderSchema,
  statusUpdateSchema,
} from '../schemas/planning';
import { projectPatchSchema, projectSchema } from '../schemas/project';
import { stepPatchSchema, stepSchema } from '../schemas/step';
import { taskPatchSchema, taskSchema } from '../schemas/task';

export interface SyncTableSpec {
  /** The whole row as the domain knows it (with `id` and `teamId`). */
  readonly schema: z.ZodObject;
  /** What may change after creation (`id`, `teamId`, authorship and the owning project are fixed). */
  readonly patch: z.ZodObject;
  /**
   * Secondary Dexie indexes of the table, after the primary key `id` (see extension/db/database.ts). Columns
   * named in `derivedColumns` are computed on the device and never synced.
   */
  readonly indexes: readonly string[];
  /** Columns derived on the device from the row (index keys); never on the wire, never exported. */
  readonly derivedColumns: readonly string[];
  /** Columns that never leave this device (kept across pulls, exported, never pushed). */
  readonly localColumns: readonly string[];
  /**
   * How a row belongs to a project: it is the project, it names one in `projectId`, or it may (`null` = Inbox), or
   * `task`: it names its task in `taskId` and belongs to that task's project and space — it moves with the task,
   * is hidden with it while the task is deleted (and back with Undo), and is imported into the task's space.
   */
  readonly project: 'self' | 'required' | 'optional' | 'task';
  /** The field that names a row in messages and the activity feed. */
  readonly titleField: string;
  /** Singular noun as people say it ("status update"), and its plural. */
  readonly noun: string;
  readonly plural: string;
  /** Guests read everything; they may create rows only in the tables marked here (and edit only their own). */
  readonly guestWritable: boolean;
  /** Export files written before the table existed lack it: only the first tables are required in an import. */
  readonly requiredInExport: boolean;
}

const spec = (s: SyncTableSpec): SyncTableSpec => s;

export const SYNC_TABLES = {
  projects: spec({
    schema: projectSchema,
    patch: projectPatchSchema.omit({ teamId: true }),
    indexes: ['name'],
    derivedColumns: [],
    localColumns: [],
    project: 'self',
    titleField: 'name',
    noun: 'project',
    plural: 'projects',
    guestWritable: false,
    requiredInExport: true,
  }),
  tasks: spec({
    schema: taskSchema,
    patch: taskPatchSchema.omit({ teamId: true }),
    // Derived keys exist only for the rows their queries want (see extension/db/rows.ts).
    indexes: ['openDue', '[projectKey+openDue]', 'projectKey', 'sourceKey', 'doneAt'],
    derivedColumns: ['openDue', 'projectKey', 'sourceKey', 'doneAt'],
    // A capture's quote stays on this device unless the capturer shares it.
    localColumns: ['privateExcerpt', 'privateFragmentUrl', 'privateDescription'],
    project: 'optional',
    titleField: 'title',
    noun: 'task',
    plural: 'tasks',
    guestWritable: false,
    requiredInExport: true,
  }),
  objectives: spec({
    schema: objectiveSchema,
    patch: planningPatchSchemas.objectives,
    indexes: ['projectId'],
    derivedColumns: [],
    localColumns: [],
    project: 'required',
    titleField: 'title',
    noun: 'objective',
    plural: 'objectives',
    guestWritable: false,
    requiredInExport: false,
  }),
  milestones: spec({
    schema: milestoneSchema,
    patch: planningPatchSchemas.milestones,
    indexes: ['projectId'],
    derivedColumns: [],
    localColumns: [],
    project: 'required',
    titleField: 'title',
    noun: 'milestone',
    plural: 'milestones',
    guestWritable: false,
    requiredInExport: false,
  }),
  risks: spec({
    schema: riskSchema,
    patch: planningPatchSchemas.risks,
    indexes: ['projectId'],
    derivedColumns: [],
    localColumns: [],
    project: 'required',
    titleField: 'title',
    noun: 'risk',
    plural: 'risks',
    guestWritable: false,
    requiredInExport: false,
  }),
  stakeholders: spec({
    schema: stakeholderSchema,
    patch: planningPatchSchemas.stakeholders,
    indexes: ['projectId'],
    derivedColumns: [],
    localColumns: [],
    project: 'required',
    titleField: 'name',
    noun: 'stakeholder',
    plural: 'stakeholders',
    guestWritable: false,
    requiredInExport: false,
  }),
  documents: spec({
    schema: documentSchema,
    patch: planningPatchSchemas.documents,
    indexes: ['projectId'],
    derivedColumns: [],
    localColumns: [],
    project: 'required',
    titleField: 'title',
    noun: 'document',
    plural: 'documents',
    guestWritable: false,
    requiredInExport: false,
  }),
  comments: spec({
    schema: commentSchema,
    patch: planningPatchSchemas.comments,
    indexes: ['projectId', 'taskId'],
    derivedColumns: [],
    localColumns: [],
    project: 'required',
    titleField: 'body',
    noun: 'comment',
    plural: 'comments',
    guestWritable: true,
    requiredInExport: false,
  }),
  statusUpdates: spec({
    schema: statusUpdateSchema,
    patch: planningPatchSchemas.statusUpdates,
    indexes: ['projectId'],
    derivedColumns: [],
    localColumns: [],
    project: 'required',
    titleField: 'body',
    noun: 'status update',
    plural: 'status updates',
    guestWritable: false,
    requiredInExport: false,
  }),
  // A task's checklist: one row per step, so edits of different steps never meet (shared/steps.ts orders them).
  // Guests write no tasks, so no steps either.
  steps: spec({
    schema: stepSchema,
    patch: stepPatchSchema,
    indexes: ['taskId'],
    derivedColumns: [],
    localColumns: [],
    project: 'task',
    titleField: 'title',
    noun: 'step',
    plural: 'steps',
    guestWritable: false,
    requiredInExport: false,
  }),
} as const satisfies Record<string, SyncTableSpec>;

export type SyncTableName = keyof typeof SYNC_TABLES;
export const SYNC_TABLE_NAMES = Object.keys(SYNC_TABLES) as SyncTableName[];
/** The tables whose rows belong to a project (everything but `projects` itself). */
export const PROJECT_ROW_TABLES = SYNC_TABLE_NAMES.filter((t) => SYNC_TABLES[t].project !== 'self');
/** The charter tables: rows that always belong to a project. */
export const CHARTER_TABLES = SYNC_TABLE_NAMES.filter((t) => SYNC_TABLES[t].project === 'required') as Exclude<
  SyncTableName,
  'projects' | 'tasks' | 'steps'
>[];
/** The tables whose rows belong to a task (`taskId`) and through it to its project and space. */
export const TASK_PART_TABLES = SYNC_TABLE_NAMES.filter((t) => SYNC_TABLES[t].project === 'task') as Extract<
  SyncTableName,
  'steps'
>[];
export type TaskPartTable = (typeof TASK_PART_TABLES)[number];
export type CharterTable = (typeof CHARTER_TABLES)[number];

export function isSyncTable(name: unknown): name is SyncTableName {
  return typeof name === 'string' && Object.hasOwn(SYNC_TABLES, name);
}

/** The fields each row carries on the wire: everything but its key (`id`) and its space (`teamId`). */
const wire = (schema: z.ZodObject) => schema.omit({ id: true, teamId: true } as never) as z.ZodObject;
export const syncTables = Object.fromEntries(
  SYNC_TABLE_NAMES.map((name) => [name, wire(SYNC_TABLES[name].schema)]),
) as Record<SyncTableName, z.ZodObject>;

/** Whether a role may write a table at all (guests: only the guest-writable ones, and only their own rows). */
export function canWriteTable(role: string, table: string): boolean {
  return role !== 'guest' || (isSyncTable(table) && SYNC_TABLES[table].guestWritable);
}
