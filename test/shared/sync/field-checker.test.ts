// The compiled field checkers agree with zod: whatever they accept, zod accepts with the same value; whatever
// zod accepts from valid generated rows, they accept too (so zod is not run on a valid push).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileNode, compileTableFields, REFUSED } from '../../../shared/sync/field-checker';
import { validateMutationFields } from '../../../shared/sync/protocol';
import { SYNC_TABLE_NAMES, syncTables } from '../../../shared/sync/tables';
import { objectArbitrary } from '../../extension/sync/zod-arbitrary';

/** Values that break a field in the ways clients get wrong: wrong types, padding, sizes, odd strings. */
const breakage = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom('', ' ', '  padded  ', 'x'.repeat(5000), -1, 0, 1.5, 5, 1e300, Number.NaN, true, [], {}, [''], null),
);

/** A row from the schema with some of its fields replaced by breakage, sometimes an unknown key added. */
const mangled = (schema: z.ZodObject) =>
  fc
    .tuple(
      objectArbitrary(schema, { partial: true }),
      fc.array(fc.tuple(fc.nat(), breakage), { maxLength: 3 }),
      fc.boolean(),
    )
    .map(([row, edits, extra]) => {
      const out: Record<string, unknown> = { ...row };
      const names = Object.keys(schema.shape);
      for (const [at, value] of edits) out[names[at % names.length]!] = value;
      if (extra) out.notAField = 1;
      return out;
    });

describe('compiled field checkers', () => {
  it('compile every field of every synced table (none left to zod)', () => {
    for (const table of SYNC_TABLE_NAMES) {
      for (const [name, field] of Object.entries(syncTables[table].shape as Record<string, z.ZodType>)) {
        expect(compileNode(field), `${table}.${name}`).not.toBeNull();
      }
    }
  });

  for (const table of SYNC_TABLE_NAMES) {
    const schema = syncTables[table];
    const zod = schema.partial().strict();
    const check = compileTableFields(schema.shape as Record<string, z.ZodType>);

    it(`${table}: accepts what zod accepts, with zod's value`, () => {
      fc.assert(
        fc.property(objectArbitrary(schema, { partial: true }), (fields) => {
          const parsed = zod.safeParse(fields);
          expect(parsed.success).toBe(true);
          expect(check(fields)).toEqual(parsed.data);
        }),
        { numRuns: 200 },
      );
    });

    it(`${table}: refuses nothing zod would take and takes nothing zod refuses`, () => {
      fc.assert(
        fc.property(mangled(schema), (fields) => {
          const parsed = zod.safeParse(fields);
          const out = check(fields);
          if (out === REFUSED) return;
          expect(parsed.success).toBe(true);
          expect(out).toEqual(parsed.success ? parsed.data : undefined);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a refusal still carries zod’s issues and paths', () => {
    const result = validateMutationFields('tasks', 'patch', { title: '   ', priority: 9, nope: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join('.'))).toContain('fields.nope');
    const again = validateMutationFields('tasks', 'patch', { title: '   ', priority: 9 });
    expect(!again.ok && again.issues.map((i) => i.path.join('.')).sort()).toEqual(['fields.priority', 'fields.title']);
    expect(!again.ok && again.issues.find((i) => i.path[1] === 'title')?.message).toMatch(
      /^title: A task needs a title/,
    );
  });

  it('returns trimmed values as zod does', () => {
    const result = validateMutationFields('tasks', 'patch', { title: '  Padded  ', tags: [' a '] });
    expect(result).toEqual({ ok: true, fields: { title: 'Padded', tags: ['a'] } });
  });

  it('checks a record of string keys (an export row’s clocks) as zod does', () => {
    const record = z.record(z.string(), z.string().regex(/^[0-9a-f]+$/));
    const check = compileNode(record)!;
    expect(check).not.toBeNull();
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.stringMatching(/^[0-9a-f]+$/), fc.anything())), (value) => {
        const parsed = record.safeParse(value);
        const out = check(value);
        if (out === REFUSED) return;
        expect(parsed.success).toBe(true);
        expect(out).toEqual(parsed.data);
      }),
      { numRuns: 300 },
    );
    expect(check({ a: '0f', b: 'ff' })).toEqual({ a: '0f', b: 'ff' });
    expect(check({ a: 'zz' })).toBe(REFUSED);
    expect(check(['0f'])).toBe(REFUSED);
    expect(compileNode(z.record(z.enum(['a', 'b']), z.string()))).toBeNull();
  });
});
