// What a client accepts from a pull page, with the compiled checks on the hot path: the same rows and values as
// the zod schemas, and the same messages for what they refuse (a malformed row is quarantined with it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changeSchema, parsePulledFields, pullResponseSchema } from '../../../shared/sync/protocol';
import { SYNC_TABLE_NAMES, syncTables } from '../../../shared/sync/tables';
import { objectArbitrary } from '../../extension/sync/zod-arbitrary';

const breakage = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom('', ' ', '  padded  ', 'x'.repeat(5000), -1, 0, 1.5, 1e300, true, [], {}, null, undefined),
);

/** zod's answer, as parsePulledFields gave it before the compiled checkers. */
function byZod(table: (typeof SYNC_TABLE_NAMES)[number], fields: unknown, deleted: boolean) {
  const schema = deleted ? syncTables[table].partial().strict() : syncTables[table].strip();
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, fields: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.path.map(String).join('.') || 'fields'}: ${issue?.message ?? 'invalid'}` };
}

describe('pulled rows', () => {
  for (const table of SYNC_TABLE_NAMES) {
    const schema = syncTables[table];
    const names = Object.keys(schema.shape);
    const rows = fc
      .tuple(
        fc.boolean(),
        objectArbitrary(schema),
        fc.array(fc.tuple(fc.nat(), breakage), { maxLength: 2 }),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([deleted, row, edits, extra, drop]) => {
        const out: Record<string, unknown> = { ...row };
        for (const [at, value] of edits) out[names[at % names.length]!] = value;
        if (extra) out.fromANewerServer = 'kept out';
        if (drop) delete out[names[0]!];
        return { deleted, fields: out };
      });

    it(`${table}: parsePulledFields takes and refuses what zod does, with zod's values and messages`, () => {
      fc.assert(
        fc.property(rows, ({ deleted, fields }) => {
          expect(parsePulledFields(table, fields, deleted)).toEqual(byZod(table, fields, deleted));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('a page keeps good changes as zod would and sets aside malformed ones with zod’s message', () => {
    const hlc = fc.constantFrom('1765000000000-0001-abc', '1765000000000-00ff-x_y', 'not an hlc', 5);
    const change = fc.record(
      {
        table: fc.oneof(fc.constantFrom('tasks', 'projects'), fc.anything({ maxDepth: 0 })),
        key: fc.oneof(fc.uuid({ version: 7 }), fc.anything({ maxDepth: 0 })),
        version: fc.oneof(fc.nat(), fc.constantFrom('3', null)),
        deleted: fc.oneof(fc.boolean(), fc.constantFrom(0, 'false')),
        fields: fc.oneof(fc.constant({ title: 'x' }), fc.anything({ maxDepth: 1 })),
        hlc,
        hlcs: fc.oneof(fc.constant(undefined), fc.dictionary(fc.constantFrom('title', 'notes'), hlc), fc.constant([])),
        extra: fc.constant('dropped'),
      },
      { requiredKeys: ['table', 'key', 'version', 'deleted', 'fields', 'hlc'] },
    );
    const reference = z.array(z.unknown());
    fc.assert(
      fc.property(fc.array(fc.oneof(change, fc.anything({ maxDepth: 1 })), { maxLength: 6 }), (changes) => {
        const page = { cursor: 'c', hasMore: false, lastSeq: 1, version: 1, changes };
        const parsed = pullResponseSchema.parse(JSON.parse(JSON.stringify(page)));
        const items = reference.parse(JSON.parse(JSON.stringify(changes)));
        parsed.changes.forEach((got, i) => {
          const zod = changeSchema.safeParse(items[i]);
          if (zod.success) expect(got).toEqual(zod.data);
          else expect(got).toMatchObject({ malformed: true });
        });
      }),
      { numRuns: 300 },
    );
  });
});
