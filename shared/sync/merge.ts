// Pure merge rules shared by server and extension: per-field last-writer-wins by HLC, deletes win, restore undeletes.
//
// A row is its field values plus, for each field, the HLC of the write that set it. The tombstone is the
// pseudo-field `deleted` with its own HLC: patches and upserts never touch it, only delete and restore do.
// Every rule below is commutative, associative and idempotent, so replicas that applied the same set of
// mutations in any order and any number of times hold the same row.

export const DELETED_FIELD = 'deleted';

export type MutationOp = 'upsert' | 'patch' | 'delete' | 'restore';

export interface MergeMutation {
  op: MutationOp;
  key: string;
  fields?: Record<string, unknown>;
  hlc: string;
}

export interface SyncRow {
  key: string;
  fields: Record<string, unknown>;
  /** HLC of the last write of each field, and of the tombstone under `deleted`. */
  hlc: Record<string, string>;
  deleted: boolean;
}

export function emptyRow(key: string): SyncRow {
  return { key, fields: {}, hlc: {}, deleted: false };
}

/** Apply one mutation to a row (or to nothing) and return the new row; the input is never modified. */
export function applyMutation(row: SyncRow | undefined, mutation: MergeMutation): SyncRow {
  const base = row ?? emptyRow(mutation.key);
  const next: SyncRow = { key: base.key, fields: { ...base.fields }, hlc: { ...base.hlc }, deleted: base.deleted };
  switch (mutation.op) {
    case 'upsert':
    case 'patch':
      for (const [field, value] of Object.entries(mutation.fields ?? {})) {
        if (field === DELETED_FIELD || field === '__proto__') continue;
        const current = next.hlc[field];
        if (current === undefined || mutation.hlc > current) {
          next.fields[field] = value;
          next.hlc[field] = mutation.hlc;
        }
      }
      break;
    case 'delete':
    case 'restore': {
      const current = next.hlc[DELETED_FIELD];
      if (current === undefined || mutation.hlc > current) {
        next.deleted = mutation.op === 'delete';
        next.hlc[DELETED_FIELD] = mutation.hlc;
      }
      break;
    }
  }
  return next;
}

/** Merge two replicas of one row field by field; the result equals applying both histories. */
export function mergeRows(a: SyncRow, b: SyncRow): SyncRow {
  const out: SyncRow = { key: a.key, fields: { ...a.fields }, hlc: { ...a.hlc }, deleted: a.deleted };
  for (const [field, hlc] of Object.entries(b.hlc)) {
    const current = out.hlc[field];
    if (current !== undefined && current >= hlc) continue;
    out.hlc[field] = hlc;
    if (field === DELETED_FIELD) out.deleted = b.deleted;
    else out.fields[field] = b.fields[field];
  }
  return out;
}

/** The greatest HLC found in a row, or undefined for an empty row. */
export function maxHlc(row: SyncRow): string | undefined {
  let max: string | undefined;
  for (const hlc of Object.values(row.hlc)) if (max === undefined || hlc > max) max = hlc;
  return max;
}
