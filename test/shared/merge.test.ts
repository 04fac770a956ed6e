// Properties of the shared merge rules: order-free, idempotent, deletes win, only restore undeletes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc';
import { applyMutation, type MergeMutation, maxHlc, mergeRows, type SyncRow } from '../../shared/sync/merge';

const KEY = 'row';
const hlc = fc
  .record({
    ms: fc.integer({ min: 0, max: 50 }),
    counter: fc.integer({ min: 0, max: 3 }),
    clientId: fc.constantFrom('a', 'b', 'c'),
  })
  .map((p) => formatHlc({ ms: 1_700_000_000_000 + p.ms, counter: p.counter, clientId: p.clientId }));
const fields = fc.dictionary(
  fc.constantFrom('title', 'status', 'priority'),
  fc.oneof(fc.string({ maxLength: 3 }), fc.integer()),
  {
    minKeys: 1,
  },
);
const mutation: fc.Arbitrary<MergeMutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('upsert' as const, 'patch' as const), key: fc.constant(KEY), fields, hlc }),
  fc.record({ op: fc.constantFrom('delete' as const, 'restore' as const), key: fc.constant(KEY), hlc }),
);
// One HLC is one event: two different mutations never share it (the HLC format guarantees that across clients).
const history = fc.uniqueArray(mutation, { selector: (m) => m.hlc, maxLength: 12 });

const fold = (ms: MergeMutation[], start?: SyncRow) => ms.reduce<SyncRow | undefined>(applyMutation, start);

describe('applyMutation', () => {
  it('gives the same row for every order of the same mutations', () => {
    fc.assert(
      fc.property(
        history.chain((h) =>
          fc.tuple(fc.constant(h), fc.shuffledSubarray(h, { minLength: h.length, maxLength: h.length })),
        ),
        ([h, shuffled]) => {
          expect(fold(shuffled)).toEqual(fold(h));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is idempotent: re-applying any mutation changes nothing', () => {
    fc.assert(
      fc.property(history, fc.nat(), (h, i) => {
        if (h.length === 0) return;
        const once = fold(h);
        expect(applyMutation(once, h[i % h.length]!)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it('mergeRows equals applying both histories, in either order', () => {
    fc.assert(
      fc.property(history, fc.nat(), (h, split) => {
        const h1 = h.slice(0, split % (h.length + 1));
        const h2 = h.slice(split % (h.length + 1));
        const a = fold(h1) ?? { key: KEY, fields: {}, hlc: {}, deleted: false };
        const b = fold(h2) ?? { key: KEY, fields: {}, hlc: {}, deleted: false };
        const all = fold([...h1, ...h2]) ?? { key: KEY, fields: {}, hlc: {}, deleted: false };
        expect(mergeRows(a, b)).toEqual(all);
        expect(mergeRows(b, a)).toEqual(all);
      }),
      { numRuns: 500 },
    );
  });

  it('deletes win over later patches; only a later restore undeletes', () => {
    const t = (ms: number, c = 'a') => formatHlc({ ms: 1_700_000_000_000 + ms, counter: 0, clientId: c });
    let row = applyMutation(undefined, { op: 'upsert', key: KEY, fields: { title: 'x' }, hlc: t(1) });
    row = applyMutation(row, { op: 'delete', key: KEY, hlc: t(5) });
    row = applyMutation(row, { op: 'patch', key: KEY, fields: { title: 'y' }, hlc: t(9, 'b') });
    expect(row).toMatchObject({ deleted: true, fields: { title: 'y' } });
    expect(applyMutation(row, { op: 'restore', key: KEY, hlc: t(4, 'c') }).deleted).toBe(true);
    expect(applyMutation(row, { op: 'restore', key: KEY, hlc: t(6, 'c') }).deleted).toBe(false);
    expect(maxHlc(row)).toBe(t(9, 'b'));
  });

  it('never writes the tombstone or the prototype through fields, and never mutates its input', () => {
    const t = formatHlc({ ms: 1_700_000_000_000, counter: 0, clientId: 'a' });
    const input: SyncRow = { key: KEY, fields: { title: 'x' }, hlc: { title: t }, deleted: false };
    const frozen = structuredClone(input);
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "deleted": true, "title": "z"}');
    const later = formatHlc({ ms: 1_700_000_000_001, counter: 0, clientId: 'b' });
    const out = applyMutation(input, { op: 'patch', key: KEY, fields: evil, hlc: later });
    expect(input).toEqual(frozen);
    expect(out.deleted).toBe(false);
    expect(out.fields).toEqual({ title: 'z' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out.fields)).toBe(Object.prototype);
  });
});
