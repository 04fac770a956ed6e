// Compact row clocks: expanding what compactClock made gives back the per-field map merge works on.
import { describe, expect, it } from 'vitest';
import { compactClock, expandClock } from '../../../shared/sync/clock';
import { applyMutation, type MergeMutation, type SyncRow } from '../../../shared/sync/merge';

const h = (ms: number, counter = 0, client = 'dev-a') =>
  `${String(1764547200000 + ms).padStart(13, '0')}-${counter.toString(16).padStart(4, '0')}-${client}`;
const key = '0190a000-0000-7000-8000-000000000001';

const roundTrip = (row: SyncRow) => {
  const clock = compactClock(row.fields, row.hlc, row.deleted);
  return expandClock(row.fields, row.deleted, clock.hlc, clock.hlcs);
};

describe('compact row clocks', () => {
  it('a row written once keeps one HLC and no per-field copies', () => {
    const row = applyMutation(undefined, {
      op: 'upsert',
      key,
      fields: { title: 'A', notes: '', priority: 2 },
      hlc: h(1),
    });
    expect(compactClock(row.fields, row.hlc, row.deleted)).toEqual({ hlc: h(1) });
    expect(roundTrip(row)).toEqual(row.hlc);
  });

  it('keeps the older fields, a restore tombstone and a deleted row exactly', () => {
    let row = applyMutation(undefined, { op: 'upsert', key, fields: { title: 'A', notes: 'n' }, hlc: h(1) });
    row = applyMutation(row, { op: 'patch', key, fields: { title: 'B' }, hlc: h(2) });
    expect(compactClock(row.fields, row.hlc, row.deleted)).toEqual({ hlc: h(2), hlcs: { notes: h(1) } });
    row = applyMutation(row, { op: 'delete', key, hlc: h(3) });
    expect(compactClock(row.fields, row.hlc, true)).toEqual({ hlc: h(3), hlcs: { title: h(2), notes: h(1) } });
    expect(roundTrip(row)).toEqual(row.hlc);
    row = applyMutation(row, { op: 'restore', key, hlc: h(4) });
    // Live again, yet the tombstone's HLC must survive: a delete older than the restore still loses.
    expect(compactClock(row.fields, row.hlc, false).hlcs).toMatchObject({ deleted: h(4) });
    expect(roundTrip(row)).toEqual(row.hlc);
  });

  it('keeps the HLC of a field that has no value', () => {
    const row: SyncRow = {
      key,
      fields: { title: 'A', gone: undefined },
      hlc: { title: h(2), gone: h(2) },
      deleted: false,
    };
    expect(roundTrip(row)).toEqual(row.hlc);
  });

  it('merging on the expanded clock of any history is merging on the original', () => {
    // A small exhaustive-ish walk: every order of a few mutations, compacted and expanded after each step.
    const mutations: MergeMutation[] = [
      { op: 'upsert', key, fields: { title: 'A', notes: 'x', priority: 1 }, hlc: h(1) },
      { op: 'patch', key, fields: { title: 'B' }, hlc: h(5, 0, 'dev-b') },
      { op: 'patch', key, fields: { notes: 'y', priority: 3 }, hlc: h(3) },
      { op: 'delete', key, hlc: h(4, 1, 'dev-b') },
      { op: 'restore', key, hlc: h(2) },
    ];
    const orders = (items: number[]): number[][] =>
      items.length <= 1
        ? [items]
        : items.flatMap((i) => orders(items.filter((j) => j !== i)).map((rest) => [i, ...rest]));
    for (const order of orders([0, 1, 2, 3, 4])) {
      let plain: SyncRow | undefined;
      let compact: SyncRow | undefined;
      for (const index of order) {
        const m = mutations[index]!;
        plain = applyMutation(plain, m);
        const next = applyMutation(compact, m);
        const clock = compactClock(next.fields, next.hlc, next.deleted);
        compact = { ...next, hlc: expandClock(next.fields, next.deleted, clock.hlc, clock.hlcs) };
        expect(compact).toEqual(plain);
      }
    }
  });
});
