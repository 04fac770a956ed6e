// Compact row clocks: one HLC per row, plus the per-field HLCs that differ from it.
//
// The merge rules (shared/sync/merge.ts) keep an HLC per field and for the tombstone. Most rows are written by
// one mutation, so that map holds the same HLC a dozen times: two thirds of a row's bytes. The compact form
// stores the row's greatest HLC once (`hlc`) and, in `hlcs`, only what cannot be implied from it:
//   - a field whose HLC is older than the row's;
//   - the tombstone's HLC when the row is not deleted (a restore) or when it is older than the row's;
//   - an HLC of a field the row holds no value for (cannot come from JSON, kept anyway so nothing is lost).
// Expanding gives every field present in `fields`, and the tombstone when `deleted`, the row's HLC, then the
// exceptions on top: `expandClock(compactClock(row))` is the map the row had, so merging on the expanded map is
// exactly the merge it always was. The same two functions serve the wire (protocol 2), both storages and
// IndexedDB.
import { DELETED_FIELD } from './merge';

export interface RowClock {
  /** The greatest HLC of the row ('' for a row nothing wrote, which merge never makes). */
  hlc: string;
  /** Fields (and `deleted`) whose HLC the row's one does not imply; absent when there are none. */
  hlcs?: Record<string, string>;
}

const implied = (field: string, fields: Record<string, unknown>, deleted: boolean): boolean =>
  field === DELETED_FIELD ? deleted : Object.hasOwn(fields, field) && fields[field] !== undefined;

/** The compact clock of a row with per-field HLCs `hlc`. */
export function compactClock(fields: Record<string, unknown>, hlc: Record<string, string>, deleted: boolean): RowClock {
  let max = '';
  for (const field in hlc) {
    const value = hlc[field]!;
    if (value > max) max = value;
  }
  let hlcs: Record<string, string> | undefined;
  for (const field in hlc) {
    const value = hlc[field]!;
    if (value === max && implied(field, fields, deleted)) continue;
    hlcs ??= {};
    hlcs[field] = value;
  }
  return hlcs ? { hlc: max, hlcs } : { hlc: max };
}

/** The per-field HLCs (merge's map) of a row stored with a compact clock. */
export function expandClock(
  fields: Record<string, unknown>,
  deleted: boolean,
  hlc: string,
  hlcs?: Record<string, string> | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (hlc !== '') {
    for (const field in fields) if (fields[field] !== undefined && field !== DELETED_FIELD) out[field] = hlc;
    if (deleted) out[DELETED_FIELD] = hlc;
  }
  if (hlcs) for (const field in hlcs) out[field] = hlcs[field]!;
  return out;
}

/** The compact clock as stored text: `hlcs` as JSON, or null when there is nothing beyond the row's HLC. */
export function clockColumns(clock: RowClock): { hlc: string; hlcs: string | null } {
  return { hlc: clock.hlc, hlcs: clock.hlcs ? JSON.stringify(clock.hlcs) : null };
}
