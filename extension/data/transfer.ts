// Export of all data as one JSON file, and its validated, idempotent import that merges: every synced table of
// the registry (shared/sync/tables.ts) is exported and imported, nothing is listed here by hand.
//
// Importing is a person's action now: for each row of the file, only what is newer than this device's copy (by
// the file's per-field clocks) is written, and it is queued for sync as complete mutations with this device's
// clock — a new row as one upsert of every field, a changed row as a patch of the fields that changed, a
// deletion or restoration as such. Importing the same file again, or an older copy, changes nothing.
import type { Hlc } from '@@/shared/hlc';
import { hlcSchema } from '@@/shared/schemas/common';
import { compileNode, REFUSED } from '@@/shared/sync/field-checker';
import { DELETED_FIELD, type SyncRow } from '@@/shared/sync/merge';
import { SYNC_TABLE_NAMES, SYNC_TABLES, type SyncTableName } from '@@/shared/sync/tables';
import { findUnstorableText, jsonTextIsStorable } from '@@/shared/text';
import { z } from 'zod';
import type { OutboxEntry, WaypointDb } from '../db/database';
import { type AnyRow, fromSyncRow, localColumnsOf, toSyncRow } from '../db/rows';
import { settingsSchema } from '../messaging/protocol';

export const EXPORT_FORMAT = 'waypoint-export';
export const EXPORT_VERSION = 1;

const meta = { hlc: z.record(z.string(), hlcSchema), deleted: z.boolean() };
const rowsSchema = (table: SyncTableName) => {
  const { schema, localColumns } = SYNC_TABLES[table];
  const local = Object.fromEntries(localColumns.map((column) => [column, z.string().max(5000).optional()]));
  const rows = z.array(schema.extend({ ...meta, ...local }));
  // Tables that came later are optional: files written before them are still valid.
  return SYNC_TABLES[table].requiredInExport ? rows : rows.optional();
};
const exportSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { message: 'This is not a Waypoint export file.' }),
  version: z.literal(EXPORT_VERSION, { message: `Only version ${EXPORT_VERSION} exports can be imported.` }),
  exportedAt: z.string(),
  ...(Object.fromEntries(SYNC_TABLE_NAMES.map((table) => [table, rowsSchema(table)])) as unknown as Record<
    SyncTableName,
    z.ZodType<Record<string, unknown>[] | undefined>
  >),
  settings: settingsSchema.partial().optional(),
});
const checkExport = compileNode(exportSchema)!;
export type ExportFile = { format: typeof EXPORT_FORMAT; version: typeof EXPORT_VERSION; exportedAt: string } & {
  [T in SyncTableName]: AnyRow[];
} & { settings?: Record<string, unknown> };

/** Rows per bulkPut of an import (see importData). */
const WRITE_CHUNK = 500;

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** A stored row as exported: its fields, clocks and device-only columns, without derived index keys. */
function exportedRow(table: SyncTableName, row: AnyRow): AnyRow {
  const { key, fields, hlc, deleted } = toSyncRow(row);
  return { ...fields, id: key, teamId: row.teamId, hlc, deleted, ...localColumnsOf(row) } as unknown as AnyRow;
}

export async function exportData(db: WaypointDb, now = new Date()): Promise<ExportFile> {
  const [settings, ...tables] = await Promise.all([
    db.settings.bulkGet(['displayName', 'defaultProjectId']),
    ...SYNC_TABLE_NAMES.map((table) => db.table(table).toArray() as Promise<AnyRow[]>),
  ]);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    ...(Object.fromEntries(
      SYNC_TABLE_NAMES.map((table, i) => [table, (tables[i] ?? []).map((row) => exportedRow(table, row))]),
    ) as { [T in SyncTableName]: AnyRow[] }),
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
  // The compiled checker accepts a valid file without zod (10,000 rows took zod a quarter of a second); zod runs
  // only when it refuses, to say what is wrong in zod's words.
  let data = checkExport(json);
  if (data === REFUSED) {
    const parsed = exportSchema.safeParse(json);
    if (!parsed.success) throw new ImportError(explain(parsed.error));
    data = parsed.data;
  }
  const unstorable = jsonTextIsStorable(text) ? null : findUnstorableText(data);
  if (unstorable) {
    throw new ImportError(
      `The file is not a valid Waypoint export: ${unstorable.message} at ${unstorable.path.join('.')}.`,
    );
  }
  const file = data as unknown as ExportFile;
  for (const table of SYNC_TABLE_NAMES) file[table] ??= [];
  return file;
}

export interface ImportSummary {
  /** Rows of the file, by table. */
  rows: Record<SyncTableName, number>;
  /** Rows this import created or changed (the rest were already here, or older). */
  changed: number;
  projects: number;
  tasks: number;
  /** Objectives, milestones, risks and the other charter rows. */
  planning?: number;
  /** Steps of tasks' checklists. */
  steps?: number;
}

/** The fields (and tombstone) of `incoming` that are newer than `current`'s. */
function newerParts(current: SyncRow | undefined, incoming: SyncRow) {
  const fields: Record<string, unknown> = {};
  for (const [field, hlc] of Object.entries(incoming.hlc)) {
    if (field === DELETED_FIELD) continue;
    const mine = current?.hlc[field];
    if (mine !== undefined && mine >= hlc) continue;
    if (current && JSON.stringify(current.fields[field]) === JSON.stringify(incoming.fields[field])) continue;
    fields[field] = incoming.fields[field];
  }
  const tombstone = incoming.hlc[DELETED_FIELD];
  const mineTombstone = current?.hlc[DELETED_FIELD];
  const deletion =
    tombstone !== undefined && (mineTombstone === undefined || tombstone > mineTombstone) && incoming.deleted !== (current?.deleted ?? false)
      ? ((incoming.deleted ? 'delete' : 'restore') as 'delete' | 'restore')
      : null;
  return { fields, deletion };
}

/**
 * The stored rows of `ids` (undefined where there is none). One scan of the table's keys first, then reads of the
 * rows that exist only: a read per id costs as much as a write in Chromium's IndexedDB (bench/extension.ts,
 * import), and into a new profile none of them finds anything.
 */
async function storedRows(db: WaypointDb, table: SyncTableName, ids: string[]): Promise<(AnyRow | undefined)[]> {
  const keys = new Set((await db.table(table).toCollection().primaryKeys()) as string[]);
  const present = ids.filter((id) => keys.has(id));
  if (present.length === 0) return ids.map(() => undefined);
  const rows = (await db.table(table).bulkGet(present)) as (AnyRow | undefined)[];
  const byId = new Map(present.map((id, i) => [id, rows[i]]));
  return ids.map((id) => byId.get(id));
}

/** Every field clock of every row of the file. */
function* fileClocks(file: ExportFile): Generator<string> {
  for (const table of SYNC_TABLE_NAMES) {
    for (const row of file[table]) {
      const clocks = row.hlc as unknown as Record<string, string>;
      for (const field in clocks) yield clocks[field]!;
    }
  }
}

/**
 * Merge an export into the database (see the module header). Rows keep the space they have here; a row new to
 * this device goes to its own space when this device syncs with it, else to its project's space, else to the
 * default space (the private space when signed in, this device otherwise).
 */
export async function importData(
  db: WaypointDb,
  text: string,
  clock: Hlc,
  { now = new Date(), me = null, defaultSpace = null }: { now?: Date; me?: string | null; defaultSpace?: string | null } = {},
): Promise<ImportSummary> {
  const file = parseExport(text);
  const at = now.toISOString();
  // Every clock of the file, received at once (parseExport checked them): only the newest moves the clock, so
  // one is parsed (130,000 receives were half a second of a 10,000-task import; each distinct one, 30–50 ms).
  clock.receiveAll(fileClocks(file));
  let changed = 0;
  const stores = SYNC_TABLE_NAMES.map((table) => db.table(table));
  await db.transaction('rw', [...stores, db.outbox, db.settings, db.spaces], async () => {
    const spaces = new Map((await db.spaces.toArray()).map((s) => [s.teamId, s]));
    const wireSeqs = new Map([...spaces].map(([id, s]) => [id, s.lastWireSeq]));
    const projectSpace = new Map<string, string | null>();
    // A row that belongs to a task goes where its task is (shared/sync/tables.ts `project: 'task'`).
    const taskSpace = new Map<string, string | null>();
    const spaceFor = (table: SyncTableName, incoming: AnyRow, current: AnyRow | undefined): string | null => {
      if (current) return current.teamId;
      const taskId = (incoming as { taskId?: string }).taskId;
      if (SYNC_TABLES[table].project === 'task' && taskId && taskSpace.has(taskId)) return taskSpace.get(taskId) ?? null;
      if (incoming.teamId && spaces.has(incoming.teamId)) return incoming.teamId;
      const projectId = (incoming as { projectId?: string | null }).projectId;
      if (projectId && projectSpace.has(projectId)) return projectSpace.get(projectId) ?? null;
      return defaultSpace;
    };
    const outbox: OutboxEntry[] = [];
    // As in the store: a row on this device only queues nothing (moving it into a space queues the whole row).
    const enqueue = (entry: Omit<OutboxEntry, 'createdAt' | 'wireSeq'>) => {
      if (entry.teamId === null) return;
      const last = entry.teamId !== null ? wireSeqs.get(entry.teamId) : undefined;
      const wireSeq = last !== undefined ? last + 1 : undefined;
      if (wireSeq !== undefined) wireSeqs.set(entry.teamId!, wireSeq);
      outbox.push({ ...entry, createdAt: at, ...(wireSeq !== undefined ? { wireSeq } : {}) });
    };
    // Projects first, so the rows of a project new here follow it into its space.
    for (const table of SYNC_TABLE_NAMES) {
      const rows = file[table];
      if (rows.length === 0) continue;
      const existing = await storedRows(db, table, rows.map((row) => row.id));
      if (SYNC_TABLES[table].project === 'task') {
        const unknown = [...new Set(rows.map((row) => String((row as { taskId?: string }).taskId)))].filter(
          (id) => !taskSpace.has(id),
        );
        for (const task of await db.tasks.bulkGet(unknown)) if (task) taskSpace.set(task.id, task.teamId);
      }
      // Rows go to IndexedDB a chunk at a time as they are merged, without waiting: the database writes one
      // chunk while this worker merges the next (the transaction stays open while requests are pending).
      let writes: AnyRow[] = [];
      const written: Promise<unknown>[] = [];
      rows.forEach((incomingRow, i) => {
        if (writes.length >= WRITE_CHUNK) {
          written.push(db.table(table).bulkPut(writes));
          writes = [];
        }
        const current = existing[i];
        const space = spaceFor(table, incomingRow, current);
        if (table === 'projects') projectSpace.set(incomingRow.id, space);
        if (table === 'tasks') taskSpace.set(incomingRow.id, space);
        const incoming = toSyncRow(incomingRow);
        const base = current ? toSyncRow(current) : undefined;
        const { fields, deletion } = newerParts(base, incoming);
        const hasFields = Object.keys(fields).length > 0;
        if (!hasFields && !deletion) return;
        let row: SyncRow = base ?? { key: incomingRow.id, fields: {}, hlc: {}, deleted: false };
        if (hasFields) {
          const hlc = clock.now();
          // A row new here is written whole (an upsert needs every field); a known one only where it changed.
          const op: 'patch' | 'upsert' = base ? 'patch' : 'upsert';
          const sent = base ? fields : incoming.fields;
          row = { ...row, fields: { ...row.fields, ...sent }, hlc: { ...row.hlc } };
          for (const field of Object.keys(sent)) row.hlc[field] = hlc;
          enqueue({ table, key: incomingRow.id, op, fields: sent, hlc, teamId: space });
        }
        if (deletion) {
          const hlc = clock.now();
          row = { ...row, deleted: deletion === 'delete', hlc: { ...row.hlc, [DELETED_FIELD]: hlc } };
          enqueue({ table, key: incomingRow.id, op: deletion, hlc, teamId: space });
        }
        changed += 1;
        const local = { ...localColumnsOf(incomingRow), ...localColumnsOf(current) };
        writes.push({ ...fromSyncRow(table, row, space, me), ...local } as AnyRow);
      });
      written.push(db.table(table).bulkPut(writes));
      await Promise.all(written);
    }
    await db.outbox.bulkAdd(outbox);
    for (const [teamId, lastWireSeq] of wireSeqs) {
      if (spaces.get(teamId)?.lastWireSeq !== lastWireSeq) await db.spaces.update(teamId, { lastWireSeq });
    }
    if (file.settings) {
      await db.settings.bulkPut(Object.entries(file.settings).map(([key, value]) => ({ key, value })));
    }
    await db.settings.put({ key: 'hlc', value: clock.last() });
  });
  const rows = Object.fromEntries(SYNC_TABLE_NAMES.map((t) => [t, file[t].length])) as Record<SyncTableName, number>;
  const planning = SYNC_TABLE_NAMES.filter((t) => SYNC_TABLES[t].project === 'required').reduce((n, t) => n + rows[t], 0);
  return {
    rows,
    changed,
    projects: rows.projects,
    tasks: rows.tasks,
    ...(planning ? { planning } : {}),
    ...(rows.steps ? { steps: rows.steps } : {}),
  };
}
