// The project charter around the tasks: objectives, milestones (with phases and deliverables), risks,
// stakeholders, documents, discussion and dated status updates. Each is a synced row of its own table.
import { z } from 'zod';
import { anyIdSchema, dateOnlySchema, idSchema, instantSchema, linkUrlSchema } from './common';

const base = {
  id: idSchema,
  teamId: anyIdSchema.nullable(),
  projectId: idSchema,
  createdBy: z.string().max(200).nullable(),
  createdAt: instantSchema,
};

/** What the project must achieve, with a measurable target. */
export const objectiveSchema = z.object({
  ...base,
  title: z.string().trim().min(1, 'An objective needs a title').max(300),
  /** The unit the target is counted in ("signups", "%", "€"); empty for a yes/no objective. */
  unit: z.string().max(40),
  target: z.number().finite().nullable(),
  current: z.number().finite().nullable(),
  dueAt: dateOnlySchema.nullable(),
  order: z.number().finite(),
});
export type Objective = z.infer<typeof objectiveSchema>;

export const MILESTONE_KINDS = ['phase', 'milestone', 'deliverable'] as const;
export const milestoneSchema = z.object({
  ...base,
  kind: z.enum(MILESTONE_KINDS),
  title: z.string().trim().min(1, 'A milestone needs a title').max(300),
  dueAt: dateOnlySchema.nullable(),
  done: z.boolean(),
  order: z.number().finite(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const RISK_STATUSES = ['open', 'mitigated', 'closed', 'occurred'] as const;
export const riskSchema = z.object({
  ...base,
  title: z.string().trim().min(1, 'A risk needs a title').max(300),
  probability: z.number().int().min(1).max(5),
  impact: z.number().int().min(1).max(5),
  mitigation: z.string().max(5000),
  /** A member id, or null while nobody owns it. */
  ownerId: anyIdSchema.nullable(),
  status: z.enum(RISK_STATUSES),
});
export type Risk = z.infer<typeof riskSchema>;

export const stakeholderSchema = z.object({
  ...base,
  name: z.string().trim().min(1, 'A stakeholder needs a name').max(200),
  organisation: z.string().max(200),
  role: z.string().max(200),
  internal: z.boolean(),
  interest: z.number().int().min(1).max(5),
  influence: z.number().int().min(1).max(5),
  contact: z.string().max(500),
  /** The team member this stakeholder is, if any. */
  memberId: anyIdSchema.nullable(),
});
export type Stakeholder = z.infer<typeof stakeholderSchema>;

export const DOCUMENT_KINDS = [
  'doc',
  'sheet',
  'slides',
  'pdf',
  'issue',
  'pull-request',
  'email',
  'page',
  'other',
] as const;
export const documentSchema = z.object({
  ...base,
  title: z.string().trim().min(1, 'A document needs a title').max(500),
  url: linkUrlSchema,
  kind: z.enum(DOCUMENT_KINDS),
});
export type ProjectDocument = z.infer<typeof documentSchema>;

/** A comment on a project or on one of its tasks; `@[Name](memberId)` marks a mention. */
export const commentSchema = z.object({
  ...base,
  taskId: idSchema.nullable(),
  body: z.string().trim().min(1, 'Write something first').max(10_000),
  mentions: z.array(anyIdSchema).max(50),
});
export type Comment = z.infer<typeof commentSchema>;

export const HEALTH_STATES = ['on-track', 'at-risk', 'off-track'] as const;
export const statusUpdateSchema = z.object({
  ...base,
  health: z.enum(HEALTH_STATES),
  body: z.string().trim().min(1, 'Say how the project is going').max(10_000),
});
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;
export type Health = StatusUpdate['health'];

/** The charter tables, each row belonging to one project. */
export const planningSchemas = {
  objectives: objectiveSchema,
  milestones: milestoneSchema,
  risks: riskSchema,
  stakeholders: stakeholderSchema,
  documents: documentSchema,
  comments: commentSchema,
  statusUpdates: statusUpdateSchema,
} as const;
export type PlanningTable = keyof typeof planningSchemas;
export const PLANNING_TABLES = Object.keys(planningSchemas) as PlanningTable[];

const fixed = { id: true, teamId: true, projectId: true, createdBy: true, createdAt: true } as const;
/** What may change after creation: everything but identity, project and authorship. */
export const planningPatchSchemas = {
  objectives: objectiveSchema.omit(fixed).partial().strict(),
  milestones: milestoneSchema.omit(fixed).partial().strict(),
  risks: riskSchema.omit(fixed).partial().strict(),
  stakeholders: stakeholderSchema.omit(fixed).partial().strict(),
  documents: documentSchema.omit(fixed).partial().strict(),
  comments: commentSchema
    .omit({ ...fixed, taskId: true })
    .partial()
    .strict(),
  statusUpdates: statusUpdateSchema.omit(fixed).partial().strict(),
} as const;
