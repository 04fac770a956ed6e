// A step: one line of a task's checklist ("tasks with steps"). Each step is a synced row of its own, so two
// people ticking, renaming or reordering different steps of one task never touch the same row. A step belongs to
// its task (`taskId`, fixed at creation) and, through it, to the task's project and space.
import { z } from 'zod';
import { POSITION_MAX, POSITION_PATTERN } from '../steps';
import { anyIdSchema, idSchema, instantSchema } from './common';

export const STEP_TITLE_MAX = 500;
/** A task holds at most this many steps (the editor and the store refuse more). */
export const STEPS_PER_TASK_MAX = 200;

/**
 * Where the step sits in its task's list: a fractional-indexing key (`a0`, `a0V`, `a1`; see shared/steps.ts).
 * Keys compare as plain strings (code-unit order); two equal keys are ordered by step id.
 */
export const positionSchema = z
  .string()
  .min(2)
  .max(POSITION_MAX)
  .regex(POSITION_PATTERN, 'Expected an order key such as a0');

export const stepSchema = z.object({
  id: idSchema,
  teamId: anyIdSchema.nullable(),
  /** The task this step belongs to. */
  taskId: idSchema,
  title: z.string().trim().min(1, 'A step needs a title').max(STEP_TITLE_MAX),
  done: z.boolean(),
  position: positionSchema,
  createdBy: z.string().max(200).nullable(),
  createdAt: instantSchema,
});
export type Step = z.infer<typeof stepSchema>;

/** What may change after creation: the text, the tick and the place in the list (never the task). */
export const stepPatchSchema = stepSchema.pick({ title: true, done: true, position: true }).partial().strict();
export type StepPatch = z.infer<typeof stepPatchSchema>;
