// The REST surface's request and response schemas, built from the shared domain schemas (shared/schemas/*) so the
// OpenAPI document, the validation and the rows sync carries can never disagree.
import { z } from 'zod';
import { anyIdSchema, dateOnlySchema, dueSchema, idSchema } from '../../../shared/schemas/common';
import { projectSchema } from '../../../shared/schemas/project';
import { ESTIMATE_MAX_MINUTES, TASK_STATUSES, taskSchema } from '../../../shared/schemas/task';
import { roleSchema } from '../../../shared/schemas/team';

export const errorSchema = z
  .object({
    error: z.string().meta({ description: 'A stable code: Unauthorized, Forbidden, NotFound, Invalid, …' }),
    message: z.string().meta({ description: 'What went wrong, in plain words' }),
  })
  .meta({ id: 'Error' });

export const taskOutSchema = taskSchema.meta({ id: 'Task', description: 'A task, as the extension syncs it' });
export const projectOutSchema = projectSchema.meta({ id: 'Project' });

export const teamOutSchema = z
  .object({ id: anyIdSchema, name: z.string(), role: roleSchema, personal: z.boolean() })
  .meta({ id: 'Team' });

export const teamsResponseSchema = z.object({ teams: z.array(teamOutSchema) });
export const projectsResponseSchema = z.object({ projects: z.array(projectOutSchema) });
export const taskListResponseSchema = z.object({
  tasks: z.array(taskOutSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
});
export const taskResponseSchema = z.object({ task: taskOutSchema });
export const deletedResponseSchema = z.object({ id: idSchema, deleted: z.literal(true) });

const t = taskSchema.shape;

export const teamQuerySchema = z.object({ teamId: anyIdSchema.meta({ description: 'A team id from GET /v1/teams' }) });

export const listTasksQuerySchema = z.object({
  teamId: anyIdSchema.meta({ description: 'A team id from GET /v1/teams' }),
  projectId: z
    .union([idSchema, z.literal('inbox')])
    .optional()
    .meta({ description: 'Only the tasks of this project; `inbox` for tasks without one' }),
  status: z.enum(TASK_STATUSES).optional(),
  assigneeId: z
    .union([anyIdSchema, z.literal('none')])
    .optional()
    .meta({ description: 'Only the tasks assigned to this member; `none` for unassigned tasks' }),
  dueBefore: dueSchema
    .optional()
    .meta({ description: 'Due strictly before this date or instant (a date is 00:00 UTC)' }),
  dueFrom: dueSchema.optional().meta({ description: 'Due at or after this date or instant' }),
  limit: z.coerce.number().int().min(1).max(200).optional().meta({ description: 'Page size, 1–200 (default 50)' }),
  cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the previous page' }),
});

export const taskIdParamSchema = z.object({ id: idSchema.meta({ description: 'The task id (a UUIDv7)' }) });

/** What a script may set on a task: everything the extension edits, not the sync bookkeeping. */
const editable = {
  title: t.title,
  notes: t.notes,
  status: t.status,
  priority: t.priority,
  assigneeId: t.assigneeId,
  dueAt: t.dueAt,
  tags: t.tags,
  projectId: t.projectId,
  startAt: dateOnlySchema.nullable(),
  estimateMinutes: z.number().int().min(1).max(ESTIMATE_MAX_MINUTES).nullable(),
};

export const createTaskBodySchema = z
  .strictObject({
    teamId: anyIdSchema.meta({ description: 'The team the task belongs to' }),
    ...editable,
    notes: editable.notes.optional(),
    status: editable.status.optional(),
    priority: editable.priority.optional().meta({ description: '1 (most urgent) to 4 (default)' }),
    assigneeId: editable.assigneeId.optional(),
    dueAt: editable.dueAt.optional(),
    tags: editable.tags.optional(),
    projectId: editable.projectId.optional(),
    startAt: editable.startAt.optional(),
    estimateMinutes: editable.estimateMinutes.optional(),
  })
  .meta({ id: 'NewTask' });

export const updateTaskBodySchema = z
  .strictObject(editable)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change')
  .meta({ id: 'TaskChanges' });
