// The synced tables and the schema of the fields each row carries on the wire (everything but its key and space).
import type { z } from 'zod';
import {
  commentSchema,
  documentSchema,
  milestoneSchema,
  objectiveSchema,
  riskSchema,
  stakeholderSchema,
  statusUpdateSchema,
} from '../schemas/planning';
import { projectSchema } from '../schemas/project';
import { taskSchema } from '../schemas/task';

const wire = <S extends z.ZodObject>(schema: S) => schema.omit({ id: true, teamId: true } as never);

export const syncTables = {
  projects: wire(projectSchema),
  tasks: wire(taskSchema),
  objectives: wire(objectiveSchema),
  milestones: wire(milestoneSchema),
  risks: wire(riskSchema),
  stakeholders: wire(stakeholderSchema),
  documents: wire(documentSchema),
  comments: wire(commentSchema),
  statusUpdates: wire(statusUpdateSchema),
} as const;

export type SyncTableName = keyof typeof syncTables;
export const SYNC_TABLE_NAMES = Object.keys(syncTables) as SyncTableName[];

export function isSyncTable(name: unknown): name is SyncTableName {
  return typeof name === 'string' && Object.hasOwn(syncTables, name);
}
