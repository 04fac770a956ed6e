// A task: the unit of "what do I do, and when?", optionally captured from a source and routed to a project.
import { z } from 'zod';
import { anyIdSchema, dateOnlySchema, dueSchema, idSchema, instantSchema } from './common';
import { sourceSchema } from './source';

export const TASK_STATUSES = ['todo', 'doing', 'blocked', 'done'] as const;
export const TITLE_MAX = 500;
export const NOTES_MAX = 20_000;

export const RULE_MAX = 300;
export const ESTIMATE_MAX_MINUTES = 100 * 60;
/** A reminder at most four weeks before the due. */
export const REMINDER_MAX_MINUTES = 4 * 7 * 24 * 60;

/**
 * When to remind the assignee (shared/reminders.ts): minutes before the due (0 = at the due time), `'none'`, or
 * null (or absent) for the assignee's own default, a setting of each person's device.
 */
export const reminderSchema = z.union([z.literal('none'), z.number().int().min(0).max(REMINDER_MAX_MINUTES)]);

/** A reminder snoozed from its notification: it comes back at `until`, as long as the due is still `dueAt`. */
export const reminderSnoozeSchema = z.object({ until: instantSchema, dueAt: dueSchema }).strict();

/**
 * A repeat rule: an RFC 5545 RRULE body without DTSTART (the task's due is the occurrence; see
 * shared/recurrence.ts), and whether the next due follows the calendar or the completion.
 */
export const recurrenceSchema = z
  .object({
    rule: z
      .string()
      .max(RULE_MAX)
      .regex(
        /^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$/,
        'Expected an RRULE such as FREQ=WEEKLY;BYDAY=MO',
      ),
    mode: z.enum(['due', 'completion']),
  })
  .strict();

export const taskSchema = z.object({
  id: idSchema,
  /** null while the task lives on this device only. */
  teamId: anyIdSchema.nullable(),
  /** null means the Inbox. */
  projectId: idSchema.nullable(),
  title: z.string().trim().min(1, 'A task needs a title').max(TITLE_MAX),
  notes: z.string().max(NOTES_MAX),
  status: z.enum(TASK_STATUSES),
  /** 1 is the most urgent, 4 means no particular priority. */
  priority: z.number().int().min(1).max(4),
  assigneeId: anyIdSchema.nullable(),
  dueAt: dueSchema.nullable(),
  tags: z.array(z.string().trim().min(1).max(64)).max(50),
  source: sourceSchema.nullable(),
  createdBy: z.string().max(200).nullable(),
  createdAt: instantSchema,
  completedAt: instantSchema.nullable(),
  /** Fractional ordering key inside a list; lower comes first. */
  order: z.number().finite(),
  /** Why the task exists: the objective it serves and the milestone it belongs to (optional, added later). */
  objectiveId: idSchema.nullable().optional(),
  milestoneId: idSchema.nullable().optional(),
  /** Repeats (optional, added later): completing moves the due to the next occurrence, see shared/recurrence.ts. */
  recurrence: recurrenceSchema.nullable().optional(),
  /** How many occurrences of a recurring task were completed, and when the last one was. */
  timesDone: z.number().int().min(0).max(1_000_000).optional(),
  lastCompletedAt: instantSchema.nullable().optional(),
  /** The day work can start (Upcoming lists a task from it), and the time it should take. */
  startAt: dateOnlySchema.nullable().optional(),
  estimateMinutes: z.number().int().min(1).max(ESTIMATE_MAX_MINUTES).nullable().optional(),
  /** Reminders (optional, added later): see reminderSchema and reminderSnoozeSchema. */
  reminder: reminderSchema.nullable().optional(),
  reminderSnooze: reminderSnoozeSchema.nullable().optional(),
});
export type Task = z.infer<typeof taskSchema>;
export type TaskStatus = Task['status'];

/** The fields a user may change after creation. */
export const taskPatchSchema = taskSchema
  .pick({
    title: true,
    notes: true,
    status: true,
    priority: true,
    assigneeId: true,
    dueAt: true,
    tags: true,
    projectId: true,
    order: true,
    teamId: true,
    objectiveId: true,
    milestoneId: true,
    recurrence: true,
    timesDone: true,
    lastCompletedAt: true,
    startAt: true,
    estimateMinutes: true,
    reminder: true,
    reminderSnooze: true,
  })
  .partial()
  .strict();
export type TaskPatch = z.infer<typeof taskPatchSchema>;
