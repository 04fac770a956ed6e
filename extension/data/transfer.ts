// Export of all data as one JSON file and its lossless, validated, idempotent import.
import { z } from 'zod';
import type { Hlc } from '@@/shared/hlc';
import { hlcSchema } from '@@/shared/schemas/common';
import { PLANNING_TABLES, planningSchemas } from '@@/shared/schemas/planning';
import { projectSchema } from '@@/shared/schemas/project';
import { DESCRIPTION_MAX, EXCERPT_MAX } from '@@/shared/schemas/source';
import { taskSchema } from '@@/shared/schemas/task';
import { DELETED_FIELD, mergeRows, type SyncRow, maxHlc } from '@@/shared/sync/merge';
import type { SyncTableName } from '@@/shared/sync/tables';
import type { OutboxEntry, WaypointDb } from '../db/database';
import { type AnyRow, fromSyncRow, type TaskRow, toSyncRow, withLocalColumns } from '../db/rows';
import { settingsSchema } from '../messaging/protocol';

export const EXPORT_FORMAT = 'waypoint-export';
export const EXPORT_VERSION = 1;

const meta = { hlc: z.record(z.string(), hlcSchema), deleted: z.boolean() };
const optionalRows = <S extends z.ZodObject>(schema: S) => z.array(schema.extend(meta)).optional();
const exportSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { message: 'This is not a Waypoint export file.' }),
  version: z.literal(EXPORT_VERSION, { message: `Only version ${EXPORT_VERSION} exports can be imported.` }),
  exportedAt: z.string(),
  projects: z.array(projectSchema.extend(meta)),
  tasks: z.array(
    taskSchema.extend({ ...meta, privateExcerpt: z.string().max(EXCERPT_MAX).optional(), privateFragmentUrl: z.string().max(4096).optional(), privateDescription: z.string().max(DESCRIPTION_MAX).optional() }),
  ),
  // The project charter tables came later: files written before them are still valid.
  objectives: optionalRows(planningSchemas.objectives),
  milestones: optionalRows(planningSchemas.milestones),
  risks: optionalRows(planningSchemas.risks),
  stakeholders: optionalRows(planningSchemas.stakeholders),
  documents: optionalRows(planningSchemas.documents),
  comments: optionalRows(planningSchemas.comments),
  statusUpdates: optionalRows(planningSchemas.statusUpdates),
  settings: settingsSchema.partial().optional(),
});
export type ExportFile = z.infer<typeof exportSchema>;

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

const stripIndexes = (row: TaskRow): TaskRow => {
  const { openDue: _a, projectKey: _b, sourceKey: _c, doneAt: _d, ...task } = row;
  return task as TaskRow;
};

export async function exportData(db: WaypointDb, now = new Date()): Promise<ExportFile> {
  const [projects, tasks, settings, ...planning] = await Promise.all([
    db.projects.toArray(),
    db.tasks.toArray(),
    db.settings.bulkGet(['displayName', 'defaultProjectId']),
    ...PLANNING_TABLES.map((table) => db.table(table).toArray()),
  ]);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    projects,
    tasks: tasks.map(stripIndexes),
    ...Object.fromEntries(PLANNING_TABLES.map((table, i) => [table, planning[i]])),
    settings: {
      ...(typeof settings[0]?.value === 'string' ? { displayName: settings[0].value } : {}),
      ...(settings[1] ? { defaultProjectId: (settings[1].value as string | null) ?? null } : {}),
    },
  };
}

/** Describe the first few problems of a zod error in words a person can act on. */
function explain(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return `${issue.message}${where}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `The file is not a valid Waypoint export: ${issues.join('; ')}${more}.`;
}

export function parseExport(text: string): ExportFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError('The file is not JSON. Choose a file exported from Waypoint (waypoint-export.json).');
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) throw new ImportError(explain(parsed.error));
  return parsed.data;
}

/**
 * Re-create a row's history as mutations: one upsert per distinct HLC, plus its tombstone write. Applied
 * by any replica with the shared merge rules, they rebuild exactly this row.
 */
function rowAsMutations(table: SyncTableName, row: SyncRow, teamId: string | null, at: string): OutboxEntry[] {
  const groups = new Map<string, Record<string, unknown>>();
  for (const [field, hlc] of Object.entries(row.hlc)) {
    if (field === DELETED_FIELD) continue;
    const group = groups.get(hlc) ?? {};
    group[field] = row.fields[field];
    groups.set(hlc, group);
  }
  const entries: OutboxEntry[] = [...groups].map(([hlc, fields]) => ({
    table,
    key: row.key,
    op: 'upsert',
    fields,
    hlc,
    teamId,
    createdAt: at,
  }));
  const tombstone = row.hlc[DELETED_FIELD];
  if (tombstone) {
    entries.push({ table, key: row.key, op: row.deleted ? 'delete' : 'restore', hlc: tombstone, teamId, createdAt: at });
  }
  return entries;
}

export interface ImportSummary {
  projects: number;
  tasks: number;
  /** Objectives, milestones, risks and the other charter rows. */
  planning?: number;
}

/** Merge an export into the database: importing the same file twice, or an older copy, changes nothing. */
export async function importData(db: WaypointDb, text: string, clock: Hlc, now = new Date()): Promise<ImportSummary> {
  const file = parseExport(text);
  const at = now.toISOString();
  const tables: [SyncTableName, { id: string; teamId: string | null }[]][] = [
    ['projects', file.projects],
    ['tasks', file.tasks],
    ...PLANNING_TABLES.map((table) => [table, file[table] ?? []] as [SyncTableName, { id: string; teamId: string | null }[]]),
  ];
  await db.transaction('rw', [...tables.map(([table]) => db.table(table)), db.outbox, db.settings], async () => {
    for (const [table, rows] of tables) {
      const existing = await db.table(table).bulkGet(rows.map((row) => row.id));
      const merged: AnyRow[] = [];
      const outbox: OutboxEntry[] = [];
      rows.forEach((row, i) => {
        const incoming = toSyncRow(row as AnyRow);
        const current = existing[i] as AnyRow | undefined;
        const result = current ? mergeRows(toSyncRow(current), incoming) : incoming;
        const teamId = current?.teamId ?? row.teamId;
        merged.push(withLocalColumns(withLocalColumns(fromSyncRow(table, result, teamId), row as AnyRow), current));
        outbox.push(...rowAsMutations(table, incoming, teamId, at));
        const newest = maxHlc(incoming);
        if (newest) clock.receive(newest);
      });
      await db.table(table).bulkPut(merged);
      await db.outbox.bulkAdd(outbox);
    }
    if (file.settings) {
      await db.settings.bulkPut(Object.entries(file.settings).map(([key, value]) => ({ key, value })));
    }
    await db.settings.put({ key: 'hlc', value: clock.last() });
  });
  const rows = PLANNING_TABLES.reduce((n, table) => n + (file[table]?.length ?? 0), 0);
  return { projects: file.projects.length, tasks: file.tasks.length, ...(rows ? { planning: rows } : {}) };
}
