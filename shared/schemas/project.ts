// A project: the shared objective a team works towards, with the URL rules that tie web pages to it.
import { z } from 'zod';
import { anyIdSchema, dateOnlySchema, idSchema, instantSchema } from './common';

export const PROJECT_STATUSES = ['planned', 'active', 'on-hold', 'done', 'cancelled'] as const;

/** An accessible palette (AA contrast on white and on the dark theme background). */
export const PROJECT_COLORS = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
] as const;

export const urlRuleSchema = z.object({
  /** domain: host or any sub-domain; prefix: URL starts with; docId: an id that appears in the path. */
  kind: z.enum(['domain', 'prefix', 'docId']),
  value: z.string().trim().min(1).max(2000),
});
export type UrlRule = z.infer<typeof urlRuleSchema>;

export const closingReviewSchema = z.object({
  objectivesMet: z.enum(['met', 'partly', 'not-met']),
  lessons: z.string().max(10_000),
  closedAt: instantSchema,
});
export type ClosingReview = z.infer<typeof closingReviewSchema>;

export const projectSchema = z.object({
  id: idSchema,
  teamId: anyIdSchema.nullable(),
  name: z.string().trim().min(1, 'A project needs a name').max(200),
  objective: z.string().max(5000),
  status: z.enum(PROJECT_STATUSES),
  startAt: dateOnlySchema.nullable(),
  dueAt: dateOnlySchema.nullable(),
  color: z.enum(PROJECT_COLORS),
  urlRules: z.array(urlRuleSchema).max(100),
  archived: z.boolean(),
  createdBy: z.string().max(200).nullable(),
  createdAt: instantSchema,
  // Charter fields, added with project management; optional so rows written before them stay valid.
  scopeIn: z.string().max(10_000).optional(),
  scopeOut: z.string().max(10_000).optional(),
  constraints: z.string().max(10_000).optional(),
  /** The template the project was created from, if any. */
  template: z.string().max(64).nullable().optional(),
  /** Whether captures into this project share their excerpt (selection, e-mail body) with the team by default. */
  shareExcerpts: z.boolean().optional(),
  /** Written when the project ends: were the objectives met, and what did the team learn? */
  closingReview: closingReviewSchema.nullable().optional(),
});
export type Project = z.infer<typeof projectSchema>;
export type ProjectStatus = Project['status'];

export const projectPatchSchema = projectSchema
  .pick({
    name: true,
    objective: true,
    status: true,
    startAt: true,
    dueAt: true,
    color: true,
    urlRules: true,
    archived: true,
    teamId: true,
    scopeIn: true,
    scopeOut: true,
    constraints: true,
    template: true,
    closingReview: true,
    shareExcerpts: true,
  })
  .partial()
  .strict();
export type ProjectPatch = z.infer<typeof projectPatchSchema>;
