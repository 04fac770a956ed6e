// The write path: every local change validates, writes its row and appends its mutation to the outbox in one transaction.

import type { Hlc } from '@@/shared/hlc';
import { uuidv7 } from '@@/shared/id';
import { completeOccurrence } from '@@/shared/recurrence';
import type { PlanningTable } from '@@/shared/schemas/planning';
import {
  PROJECT_COLORS,
  type Project,
  type ProjectPatch,
  projectPatchSchema,
  projectSchema,
} from '@@/shared/schemas/project';
import { STEPS_PER_TASK_MAX, type StepPatch, stepPatchSchema, stepSchema } from '@@/shared/schemas/step';
import { type Task, type TaskPatch, taskPatchSchema, taskSchema } from '@@/shared/schemas/task';
import { placeStep, stepsToReset } from '@@/shared/steps';
import { moveMutations } from '@@/shared/sync/decisions';
import { applyMutation, type MutationOp } from '@@/shared/sync/merge';
import {
  PROJECT_ROW_TABLES,
  SYNC_TABLES,
  type SyncTableName,
  syncTables,
  TASK_PART_TABLES,
} from '@@/shared/sync/tables';
import { findTemplate, instantiateTemplate } from '@@/shared/templates';
import { findUnstorableText } from '@@/shared/text';
import Dexie from 'dexie';
import { templateWords } from '../i18n/templates';
import type { OutboxEntry, SpaceRow, WaypointDb } from './database';
import { taskSteps as readTaskSteps } from './queries';
import {
  type AnyRow,
  fromSyncRow,
  type ProjectRow,
  type RowTypes,
  type StepRow,
  type TaskLocalColumns,
  type TaskRow,
  toSyncRow,
  withLocalColumns,
} from './rows';

/** What a row is called in messages ("Task … does not exist"). */
const rowName = (table: SyncTableName): string => {
  const { noun } = SYNC_TABLES[table];
  return noun.charAt(0).toUpperCase() + noun.slice(1);
};

/** A value the store refuses before anything is written, with the field it is about. */
export class InvalidValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidValueError';
  }
}

export class NotFoundError extends Error {
  constructor(what: string, id: string) {
    super(`${what} ${id} does not exist (it may have been deleted).`);
    this.name = 'RowNotFoundError';
  }
}

export type TaskDraft = Partial<Omit<Task, 'id' | 'createdAt' | 'completedAt'>> &
  Pick<Task, 'title'> &
  TaskLocalColumns;
export type ProjectDraft = Partial<Omit<Project, 'id' | 'createdAt'>> & Pick<Project, 'name'>;

export interface StoreOptions {
  db: WaypointDb;
  clock: Hlc;
  now?: () => Date;
  /** Display name or user id recorded as `createdBy`. */
  actor?: () => string | null;
  /** This account's user id (null without an account): decides which tasks are "mine". */
  me?: () => string | null;
  /** The space new rows without a project go to: the account's private space, or null (this device). */
  defaultSpace?: () => string | null;
  /**
   * Told of each mutation this store queued with its wire seq, once its transaction has committed (sync pushes it
   * without reading the outbox first, see SyncEngine.noteQueued). The outbox stays the source of truth.
   */
  onQueued?: (entry: OutboxEntry) => void;
}

function live<R extends { deleted: boolean }>(row: R | undefined, what: string, id: string): R {
  if (!row || row.deleted) throw new NotFoundError(what, id);
  return row;
}

type RowOf<T extends SyncTableName> = RowTypes[T];

export function createStore({
  db,
  clock,
  now = () => new Date(),
  actor = () => null,
  me = () => null,
  defaultSpace = () => null,
  onQueued,
}: StoreOptions) {
  /** Apply one local mutation: merge into the row, write it, and queue it for sync — atomically. */
  async function mutate<T extends SyncTableName>(
    table: T,
    key: string,
    op: MutationOp,
    fields: Record<string, unknown> | undefined,
    teamId?: string | null,
    local?: TaskLocalColumns,
  ): Promise<RowOf<T>> {
    const unstorable = fields ? findUnstorableText(fields) : null;
    if (unstorable) throw new InvalidValueError(`${unstorable.path.join('.')}: ${unstorable.message}`);
    return db.transaction('rw', [db.table(table), db.outbox, db.settings, db.spaces], async () => {
      // The row and the spaces (a handful of rows: the one this goes to is not known before the row is read)
      // in one round trip to the database, then every write at once.
      const [existing, spaces] = await Promise.all([
        db.table(table).get(key) as Promise<RowOf<T> | undefined>,
        db.spaces.toArray(),
      ]);
      if (!existing && op !== 'upsert') throw new NotFoundError(rowName(table), key);
      const space = teamId !== undefined ? teamId : (existing?.teamId ?? null);
      const hlc = clock.now();
      const merged = applyMutation(existing ? toSyncRow(existing) : undefined, { op, key, fields, hlc });
      const row = { ...withLocalColumns(fromSyncRow(table, merged, space, me()), existing), ...local } as RowOf<T>;
      // An undefined local column means "remove it" (an excerpt that has just been shared, say).
      for (const [column, value] of Object.entries(local ?? {}))
        if (value === undefined) delete (row as unknown as Record<string, unknown>)[column];
      await Promise.all([
        db.table(table).put(row),
        enqueue({ table, key, op, fields, hlc, teamId: space }, spaces),
        db.settings.put({ key: 'hlc', value: clock.last() }),
      ]);
      return row;
    });
  }

  /**
   * Append a mutation to the outbox (inside the caller's transaction). Its wire seq is fixed here, with the write,
   * so pushing needs no write of its own (sync/engine.ts). A row on this device only has nowhere to go: nothing is
   * queued for it (moving it into a space later queues the whole row, see moveToSpace), which saves a write per
   * change and per imported row while offline.
   */
  async function enqueue(
    entry: Omit<OutboxEntry, 'createdAt' | 'wireSeq' | 'seq'>,
    /** The spaces as this transaction read them, when it did. */
    spaces?: SpaceRow[],
  ): Promise<void> {
    if (entry.teamId === null) return;
    const spaceRow = !entry.teamId
      ? undefined
      : spaces
        ? spaces.find((space) => space.teamId === entry.teamId)
        : await db.spaces.get(entry.teamId);
    const wireSeq = spaceRow ? spaceRow.lastWireSeq + 1 : undefined;
    // Sent without waiting: the outbox entry follows in the same transaction.
    const numbered = spaceRow ? db.spaces.put({ ...spaceRow, lastWireSeq: wireSeq! }) : undefined;
    if (spaceRow) spaceRow.lastWireSeq = wireSeq!;
    const queued: OutboxEntry = {
      ...entry,
      createdAt: now().toISOString(),
      ...(wireSeq !== undefined ? { wireSeq } : {}),
    };
    const [seq] = await Promise.all([db.outbox.add(queued), numbered]);
    if (!onQueued || wireSeq === undefined) return;
    // The outermost transaction commits (a capture writes its task inside a transaction of its own).
    let transaction = Dexie.currentTransaction;
    while (transaction?.parent) transaction = transaction.parent;
    transaction?.on('complete', () => onQueued({ ...queued, seq }));
  }

  const wireFields = (table: SyncTableName, value: Record<string, unknown>): Record<string, unknown> => {
    const { id: _id, teamId: _teamId, ...rest } = value;
    return syncTables[table].parse(rest) as Record<string, unknown>;
  };

  /** A task lives in its project's space; one without a project in the account's private space. */
  async function spaceForProject(projectId: string | null | undefined): Promise<string | null> {
    if (!projectId) return defaultSpace();
    const project = await db.projects.get(projectId);
    return project?.teamId ?? defaultSpace();
  }

  async function createTask(draft: TaskDraft): Promise<TaskRow> {
    const at = now().toISOString();
    const status = draft.status ?? 'todo';
    const task = taskSchema.parse({
      id: uuidv7(),
      teamId: draft.teamId !== undefined ? draft.teamId : await spaceForProject(draft.projectId),
      projectId: draft.projectId ?? null,
      title: draft.title,
      notes: draft.notes ?? '',
      status,
      priority: draft.priority ?? 4,
      assigneeId: draft.assigneeId ?? null,
      dueAt: draft.dueAt ?? null,
      tags: draft.tags ?? [],
      source: draft.source ?? null,
      createdBy: draft.createdBy ?? actor(),
      createdAt: at,
      completedAt: status === 'done' ? at : null,
      order: draft.order ?? -Date.parse(at),
      ...(draft.objectiveId ? { objectiveId: draft.objectiveId } : {}),
      ...(draft.milestoneId ? { milestoneId: draft.milestoneId } : {}),
      ...(draft.recurrence ? { recurrence: draft.recurrence } : {}),
      ...(draft.startAt ? { startAt: draft.startAt } : {}),
      ...(draft.estimateMinutes ? { estimateMinutes: draft.estimateMinutes } : {}),
      ...(draft.reminder != null ? { reminder: draft.reminder } : {}),
    });
    const local: TaskLocalColumns = {
      ...(draft.privateExcerpt ? { privateExcerpt: draft.privateExcerpt } : {}),
      ...(draft.privateFragmentUrl ? { privateFragmentUrl: draft.privateFragmentUrl } : {}),
      ...(draft.privateDescription ? { privateDescription: draft.privateDescription } : {}),
    };
    return mutate('tasks', task.id, 'upsert', wireFields('tasks', task), task.teamId, local);
  }

  /**
   * Share a capture's excerpt with the team (it moves into the synced source), or take it back to this
   * device for what is synced from now on.
   */
  async function shareExcerpt(id: string, share: boolean): Promise<TaskRow> {
    const task = live(await db.tasks.get(id), 'Task', id);
    if (!task.source) return task;
    const excerpt = task.source.excerpt ?? task.privateExcerpt;
    const fragmentUrl = task.source.fragmentUrl ?? task.privateFragmentUrl;
    const description = task.source.description ?? task.privateDescription;
    if (!excerpt && !description) return task;
    const { excerpt: _e, fragmentUrl: _f, description: _d, ...metadata } = task.source;
    const source = share
      ? {
          ...metadata,
          ...(excerpt ? { excerpt } : {}),
          ...(fragmentUrl ? { fragmentUrl } : {}),
          ...(description ? { description } : {}),
        }
      : metadata;
    return mutate('tasks', id, 'patch', { source }, undefined, {
      privateExcerpt: share ? undefined : excerpt,
      privateFragmentUrl: share ? undefined : fragmentUrl,
      privateDescription: share ? undefined : description,
    });
  }

  async function updateTask(id: string, patch: TaskPatch): Promise<TaskRow> {
    const { teamId, ...changes } = taskPatchSchema.parse(patch);
    // A task follows its project into the project's space.
    const target =
      teamId !== undefined
        ? teamId
        : changes.projectId !== undefined
          ? await spaceForProject(changes.projectId)
          : undefined;
    if (target !== undefined) await moveToSpace('tasks', id, target);
    if (Object.keys(changes).length === 0) return live(await db.tasks.get(id), 'Task', id);
    let fields: Record<string, unknown> = { ...changes };
    if (changes.status !== undefined) {
      const current = live(await db.tasks.get(id), 'Task', id);
      // Completing a recurring task moves it to its next occurrence instead (shared/recurrence.ts).
      const next = changes.status === 'done' && current.status !== 'done' ? completeOccurrence(current, now()) : null;
      if (next) {
        const { status: _status, ...rest } = changes;
        fields = { ...rest, ...next };
        if (next.status === 'done') fields.completedAt = now().toISOString();
        const moved = await mutate('tasks', id, 'patch', fields);
        // The next occurrence starts with an unticked checklist; a rule that ended leaves the steps as done.
        if (moved.status !== 'done')
          await setStepsDone(
            stepsToReset(await taskSteps(id)).map((s) => s.id),
            false,
          );
        return moved;
      }
      // completedAt follows status: set once when a task becomes done, cleared when it is reopened.
      if (changes.status === 'done' && current.status !== 'done') fields.completedAt = now().toISOString();
      if (changes.status !== 'done' && current.status === 'done') fields.completedAt = null;
    }
    return mutate('tasks', id, 'patch', fields);
  }

  async function createProject(draft: ProjectDraft): Promise<ProjectRow> {
    const count = await db.projects.count();
    const project = projectSchema.parse({
      id: uuidv7(),
      teamId: draft.teamId !== undefined ? draft.teamId : defaultSpace(),
      name: draft.name,
      objective: draft.objective ?? '',
      status: draft.status ?? 'active',
      startAt: draft.startAt ?? null,
      dueAt: draft.dueAt ?? null,
      color: draft.color ?? PROJECT_COLORS[count % PROJECT_COLORS.length],
      urlRules: draft.urlRules ?? [],
      archived: draft.archived ?? false,
      createdBy: draft.createdBy ?? actor(),
      createdAt: now().toISOString(),
      ...(draft.shareExcerpts !== undefined ? { shareExcerpts: draft.shareExcerpts } : {}),
      ...(draft.scopeIn ? { scopeIn: draft.scopeIn } : {}),
      ...(draft.scopeOut ? { scopeOut: draft.scopeOut } : {}),
      ...(draft.constraints ? { constraints: draft.constraints } : {}),
    });
    return mutate('projects', project.id, 'upsert', wireFields('projects', project), project.teamId);
  }

  async function updateProject(id: string, patch: ProjectPatch): Promise<ProjectRow> {
    const { teamId, ...changes } = projectPatchSchema.parse(patch);
    if (teamId !== undefined) {
      // A project moves with every row that belongs to it, so the team sees the whole project.
      await moveToSpace('projects', id, teamId);
      // The rows that belong to a task follow it (moveToSpace).
      for (const table of PROJECT_ROW_TABLES.filter((t) => SYNC_TABLES[t].project !== 'task')) {
        const rows = (await projectRows(table, id)) as AnyRow[];
        for (const row of rows) if (!row.deleted) await moveToSpace(table, row.id, teamId);
      }
    }
    if (Object.keys(changes).length === 0) return live(await db.projects.get(id), 'Project', id);
    return mutate('projects', id, 'patch', changes);
  }

  /** The rows of a table that belong to a project (tasks by their index of live rows, the rest by projectId). */
  function projectRows(table: SyncTableName, projectId: string) {
    return table === 'tasks'
      ? db.tasks.where('projectKey').equals(projectId).toArray()
      : db.table(table).where('projectId').equals(projectId).toArray();
  }

  /**
   * Move a row into another space (a team, or back to this device): a full upsert there (and a restore, in case
   * it holds an old tombstone of the row), and a tombstone in the team it leaves (shared/sync/decisions.ts).
   */
  async function moveToSpace(table: SyncTableName, id: string, teamId: string | null): Promise<void> {
    await db.transaction('rw', [db.table(table), db.outbox, db.settings, db.spaces], async () => {
      const current = (await db.table(table).get(id)) as AnyRow | undefined;
      if (!current || current.deleted) throw new NotFoundError(rowName(table), id);
      if (current.teamId === teamId) return;
      let row = toSyncRow(current);
      for (const m of moveMutations(row, current.teamId, teamId, () => clock.now())) {
        if (m.teamId === teamId)
          row = applyMutation(row, { op: m.op, key: id, hlc: m.hlc, ...(m.fields ? { fields: m.fields } : {}) });
        await enqueue({ table, key: id, op: m.op, fields: m.fields, hlc: m.hlc, teamId: m.teamId });
      }
      await db.table(table).put(withLocalColumns(fromSyncRow(table, row, teamId, me()), current));
      await db.settings.put({ key: 'hlc', value: clock.last() });
    });
    // A task's steps live in the task's space: they move with it.
    if (table === 'tasks') {
      for (const part of TASK_PART_TABLES) {
        const rows = (await db.table(part).where('taskId').equals(id).toArray()) as AnyRow[];
        for (const row of rows) if (!row.deleted && row.teamId !== teamId) await moveToSpace(part, row.id, teamId);
      }
    }
  }

  // ---- steps: a task's checklist (shared/steps.ts orders it) ----------------------------------------------

  const taskSteps = (taskId: string): Promise<StepRow[]> => readTaskSteps(db, taskId);

  /**
   * A step lives in its task's space. One added on another device while the task moved stays in the space it was
   * made in; the first change to it brings it over, so the team the task is in sees it.
   */
  async function stepInTaskSpace(id: string): Promise<{ step: StepRow; task: TaskRow }> {
    const step = live(await db.steps.get(id), 'Step', id);
    const task = live(await db.tasks.get(step.taskId), 'Task', step.taskId);
    if (step.teamId !== task.teamId) await moveToSpace('steps', id, task.teamId);
    return { step: live(await db.steps.get(id), 'Step', id), task };
  }

  async function writePositions(placed: { id: string; position: string }[], skip?: string): Promise<void> {
    for (const { id, position } of placed) if (id !== skip) await mutate('steps', id, 'patch', { position });
  }

  /** Add a step to a task, at `index` of its list (at the end by default). */
  async function createStep(input: { taskId: string; title: string; index?: number }): Promise<StepRow> {
    const task = live(await db.tasks.get(input.taskId), 'Task', input.taskId);
    const steps = await taskSteps(task.id);
    if (steps.length >= STEPS_PER_TASK_MAX)
      throw new InvalidValueError(`a task holds at most ${STEPS_PER_TASK_MAX} steps`);
    const id = uuidv7();
    const placed = placeStep(steps, id, input.index ?? steps.length);
    const step = stepSchema.parse({
      id,
      teamId: task.teamId,
      taskId: task.id,
      title: input.title,
      done: false,
      position: placed.find((p) => p.id === id)?.position,
      createdBy: actor(),
      createdAt: now().toISOString(),
    });
    const created = await mutate('steps', id, 'upsert', wireFields('steps', step), task.teamId);
    await writePositions(placed, id);
    return created;
  }

  /** Rename or tick a step. */
  async function updateStep(id: string, patch: StepPatch): Promise<StepRow> {
    const changes = stepPatchSchema.parse(patch);
    const { step } = await stepInTaskSpace(id);
    if (Object.keys(changes).length === 0) return step;
    return mutate('steps', id, 'patch', changes);
  }

  /** Move a step to `index` of its task's list: one new position (and, in a tied gap, the tied steps' too). */
  async function moveStep(id: string, index: number): Promise<StepRow> {
    const { step } = await stepInTaskSpace(id);
    await writePositions(placeStep(await taskSteps(step.taskId), id, index));
    return live(await db.steps.get(id), 'Step', id);
  }

  /** Tick or untick several steps (the undo of a completion that reset a checklist). */
  async function setStepsDone(ids: readonly string[], done: boolean): Promise<void> {
    for (const id of ids) {
      const step = await db.steps.get(id);
      if (step && !step.deleted && step.done !== done) await mutate('steps', id, 'patch', { done });
    }
  }

  /**
   * Create a charter row (objective, milestone, risk, …) of a project. It lives in the project's space and
   * moves with it.
   */
  async function createPlanningRow<T extends PlanningTable>(
    table: T,
    draft: Record<string, unknown>,
  ): Promise<RowTypes[T]> {
    const projectId = String(draft.projectId ?? '');
    const project = live(await db.projects.get(projectId), 'Project', projectId);
    const row = SYNC_TABLES[table].schema.parse({
      ...draft,
      id: uuidv7(),
      teamId: project.teamId,
      createdBy: actor(),
      createdAt: now().toISOString(),
    }) as Record<string, unknown>;
    return mutate(table, row.id as string, 'upsert', wireFields(table, row), project.teamId);
  }

  async function updatePlanningRow<T extends PlanningTable>(
    table: T,
    id: string,
    patch: Record<string, unknown>,
  ): Promise<RowTypes[T]> {
    const changes = SYNC_TABLES[table].patch.parse(patch) as Record<string, unknown>;
    if (Object.keys(changes).length === 0)
      return live((await db.table(table).get(id)) as RowTypes[T] | undefined, rowName(table), id);
    return mutate(table, id, 'patch', changes);
  }

  /** A project filled in from a template: charter text, objectives, phases, milestones and typical risks. */
  async function createProjectFromTemplate(input: {
    templateId: string;
    name: string;
    start: string;
    teamId?: string | null;
    color?: ProjectRow['color'];
  }) {
    const template = findTemplate(input.templateId, templateWords);
    if (!template) throw new NotFoundError('Template', input.templateId);
    const projectId = uuidv7();
    const teamId = input.teamId !== undefined ? input.teamId : defaultSpace();
    const rows = instantiateTemplate(template, {
      projectId,
      teamId,
      start: input.start,
      createdBy: actor(),
      now: now(),
      newId: uuidv7,
    });
    const count = await db.projects.count();
    const project = projectSchema.parse({
      id: projectId,
      teamId,
      name: input.name,
      status: 'planned',
      color: input.color ?? PROJECT_COLORS[count % PROJECT_COLORS.length],
      urlRules: [],
      archived: false,
      createdBy: actor(),
      createdAt: now().toISOString(),
      ...rows.project,
    });
    const created = await mutate('projects', projectId, 'upsert', wireFields('projects', project), teamId);
    for (const [table, list] of [
      ['objectives', rows.objectives],
      ['milestones', rows.milestones],
      ['risks', rows.risks],
    ] as const) {
      for (const row of list) await mutate(table, row.id, 'upsert', wireFields(table, row), teamId);
    }
    return created;
  }

  return {
    db,
    /** This account's user id, and the space rows without a project go to (for imports). */
    me,
    defaultSpace,
    createProjectFromTemplate,
    createPlanningRow,
    updatePlanningRow,
    deleteRow: (table: SyncTableName, id: string) => mutate(table, id, 'delete', undefined),
    restoreRow: (table: SyncTableName, id: string) => mutate(table, id, 'restore', undefined),
    createTask,
    updateTask,
    taskSteps,
    createStep,
    updateStep,
    moveStep,
    setStepsDone,
    deleteStep: (id: string) => mutate('steps', id, 'delete', undefined),
    restoreStep: (id: string) => mutate('steps', id, 'restore', undefined),
    shareExcerpt,
    deleteTask: (id: string) => mutate('tasks', id, 'delete', undefined),
    restoreTask: (id: string) => mutate('tasks', id, 'restore', undefined),
    createProject,
    updateProject,
    deleteProject: (id: string) => mutate('projects', id, 'delete', undefined),
    restoreProject: (id: string) => mutate('projects', id, 'restore', undefined),
    moveToSpace,
    mutate,
  };
}

export type Store = ReturnType<typeof createStore>;
