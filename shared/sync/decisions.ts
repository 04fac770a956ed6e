// The client's sync decisions, pure: how outbox entries are numbered and batched, what a push answer means for
// them (acknowledged, refused, renumbered), how pulled rows are rebased, which pulled changes a row in another
// space ignores, what a space move enqueues, and which rows a full re-pull leaves behind. The extension's engine
// (extension/sync/engine.ts) does the I/O around these; the model tests drive that engine.
import { applyMutation, type MergeMutation, type SyncRow } from './merge';
import type { Rejection } from './protocol';

/** What the engine needs of an outbox entry. */
export interface OutboxItem {
  /** Local order of the entry (Dexie's auto-increment key). */
  seq?: number;
  table: string;
  key: string;
  op: MergeMutation['op'];
  fields?: Record<string, unknown>;
  hlc: string;
  teamId: string | null;
  /** The seq this mutation carries on the wire, fixed at its first push attempt. */
  wireSeq?: number;
}

/** Give wire seqs, in local order, to the entries that have none yet; returns the space's new last wire seq. */
export function numberEntries<E extends OutboxItem>(
  entries: E[],
  lastWireSeq: number,
): { entries: E[]; lastWireSeq: number } {
  let seq = lastWireSeq;
  const numbered = [...entries]
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    .map((entry) => (entry.wireSeq === undefined ? { ...entry, wireSeq: ++seq } : entry));
  return { entries: numbered, lastWireSeq: seq };
}

/** A push carries consecutive seqs: the run that starts at the lowest one (the rest goes next time). */
export function consecutiveRun<E extends OutboxItem>(entries: E[]): E[] {
  const sorted = [...entries].filter((e) => e.wireSeq !== undefined).sort((a, b) => a.wireSeq! - b.wireSeq!);
  const end = sorted.findIndex((e, i) => i > 0 && e.wireSeq !== sorted[i - 1]!.wireSeq! + 1);
  return end === -1 ? sorted : sorted.slice(0, end);
}

/** The row as this device shows it: the server's row with the pending mutations re-applied on top, in order. */
export function rebase(row: SyncRow | undefined, pending: readonly OutboxItem[], key: string): SyncRow | undefined {
  let out = row;
  for (const entry of [...pending].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    out = applyMutation(out, { op: entry.op, key, hlc: entry.hlc, ...(entry.fields ? { fields: entry.fields } : {}) });
  }
  return out;
}

/** A mutation the server will never apply, as the person is told about it. */
export interface Refusal {
  table: string;
  key: string;
  op: MergeMutation['op'];
  code: string;
  message: string;
}

/**
 * What a 400 to a push means: the server names the mutations it could not accept (`mutations.<i>.…`). Those
 * are refused for good; the rest are renumbered and pushed again. Without such a path the push cannot be fixed
 * by dropping entries (a problem with the envelope itself): `stuck`.
 */
export function refusalsFromInvalidPush<E extends OutboxItem>(
  batch: readonly E[],
  issues: readonly { path?: unknown; message?: unknown }[],
): { kind: 'refused'; refused: { entry: E; message: string }[] } | { kind: 'stuck' } {
  const byIndex = new Map<number, string>();
  for (const issue of issues) {
    const path =
      typeof issue.path === 'string' ? issue.path.split('.') : Array.isArray(issue.path) ? issue.path.map(String) : [];
    if (path[0] !== 'mutations' || !/^\d+$/.test(path[1] ?? '')) continue;
    const index = Number(path[1]);
    if (index >= batch.length || byIndex.has(index)) continue;
    byIndex.set(index, String(issue.message ?? 'invalid'));
  }
  if (byIndex.size === 0) return { kind: 'stuck' };
  return { kind: 'refused', refused: [...byIndex].map(([index, message]) => ({ entry: batch[index]!, message })) };
}

/** The entries an answer to a push settles: acknowledged up to `lastSeq`, and the refused ones among them. */
export function settlePush<E extends OutboxItem>(
  batch: readonly E[],
  answer: { lastSeq: number; rejected: readonly Rejection[] },
): { acknowledged: E[]; refused: { entry: E; rejection: Rejection }[] } {
  const bySeq = new Map(batch.map((e) => [e.wireSeq, e]));
  const refused = answer.rejected.flatMap((rejection) => {
    const entry = bySeq.get(rejection.seq);
    return entry ? [{ entry, rejection }] : [];
  });
  return { acknowledged: batch.filter((e) => e.wireSeq !== undefined && e.wireSeq <= answer.lastSeq), refused };
}

/**
 * Renumber the pending entries of a space so they start at `firstSeq`: after the server asked for an older seq
 * (it was restored from a backup), or after refused entries of a 400 were dropped. Order is kept.
 */
export function renumberFrom<E extends OutboxItem>(
  pending: readonly E[],
  firstSeq: number,
): { entries: E[]; lastWireSeq: number } {
  let seq = firstSeq - 1;
  const entries = [...pending]
    .filter((e) => e.wireSeq !== undefined)
    .sort((a, b) => a.wireSeq! - b.wireSeq!)
    .map((e) => ({ ...e, wireSeq: ++seq }));
  return { entries, lastWireSeq: seq };
}

/**
 * Whether a change pulled from `space` may overwrite the stored copy of its row. A row lives in one space; when
 * it moved, the space it left sends a tombstone, which must not delete the row where it lives now, and a live
 * copy elsewhere never replaces it. A tombstone here is replaced by a live copy from anywhere.
 */
export function acceptsPulledChange(
  stored: { teamId: string | null; deleted: boolean } | undefined,
  space: string,
  hasPendingElsewhere: boolean,
): boolean {
  if (!stored || stored.teamId === space) return true;
  if (hasPendingElsewhere) return false;
  return stored.deleted;
}

export interface MoveMutation {
  teamId: string | null;
  op: 'upsert' | 'delete' | 'restore';
  fields?: Record<string, unknown>;
  hlc: string;
}

/**
 * The mutations a move of a row between spaces enqueues: the whole row as an upsert into the new space (it may
 * never have seen the row) with a restore (it may hold a tombstone from an earlier move out), and a tombstone in
 * the space it leaves, so that team stops showing it. Only the upsert applies to the row on this device.
 */
export function moveMutations(row: SyncRow, from: string | null, to: string | null, hlc: () => string): MoveMutation[] {
  if (from === to) return [];
  const out: MoveMutation[] = [{ teamId: to, op: 'upsert', fields: row.fields, hlc: hlc() }];
  if (to !== null) out.push({ teamId: to, op: 'restore', hlc: hlc() });
  if (from !== null) out.push({ teamId: from, op: 'delete', hlc: hlc() });
  return out;
}

/**
 * After a full re-pull of a space, the local rows of that space the server no longer has. A row stays when it is
 * still pending (its change has not reached the server) or refused (the person decides what becomes of it).
 */
export function rowsGoneAfterRepull(
  local: readonly { table: string; key: string }[],
  seen: ReadonlySet<string>,
  keep: ReadonlySet<string>,
): { table: string; key: string }[] {
  return local.filter(({ table, key }) => !seen.has(`${table}:${key}`) && !keep.has(`${table}:${key}`));
}
