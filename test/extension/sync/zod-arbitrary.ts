// fast-check arbitraries derived from the zod schemas of shared/schemas, so random histories write only values
// the schemas accept (and shrink towards simple ones).
//
// Written here rather than taken from npm: zod-fast-check supports zod 3 and fast-check < 4 only, and zocker
// draws values with faker, outside fast-check, so its values would not shrink. This covers the zod 4 node types
// the domain schemas use (string with formats, lengths and trim, number, boolean, enum, literal, nullable,
// optional, default, union, array, object, and urlSchema's refinement); anything else throws, so a new kind of
// field shows up here instead of being generated wrongly. Every value is checked against its schema.
import fc from 'fast-check';
import type { z } from 'zod';
import { linkUrlSchema, sourceUrlSchema, urlSchema } from '../../../shared/schemas/common';

interface Def {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  format?: string;
  pattern?: RegExp;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strings that sometimes hold what trips storage: NUL, a lone surrogate, an emoji, markup, whitespace. */
const tricky = fc.constantFrom('a\u0000b', 'x\ud800y', '👩🏽‍💻', '<b>&amp;</b>', ' padded ', 'Ünïcödé');

function textArbitrary(min: number, max: number, trims: boolean): fc.Arbitrary<string> {
  const cap = Math.min(max, 16);
  const plain = fc.string({ minLength: Math.min(min, cap), maxLength: cap });
  const words = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'omega', 'ship it');
  const candidates = fc.oneof(
    { weight: 6, arbitrary: words },
    { weight: 3, arbitrary: plain },
    { weight: 1, arbitrary: tricky },
  );
  return candidates.filter((s) => {
    const length = trims ? s.trim().length : s.length;
    return length >= min && s.length <= max;
  });
}

const DAY0 = Date.UTC(2025, 0, 1);
const dateArbitrary = fc
  .integer({ min: 0, max: 3 * 365 })
  .map((d) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10));
const instantArbitrary = fc
  .integer({ min: 0, max: 3 * 365 * 86_400 })
  .map((s) => new Date(DAY0 + s * 1000).toISOString());
const urlArbitrary = fc.oneof(
  fc.constantFrom('https://example.com/', 'https://docs.example.org/d/1abc/edit', 'http://localhost:8080/a?b=c#d'),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  let min = 0;
  let max = 10_000;
  let trims = false;
  let custom = false;
  let pattern: RegExp | undefined;
  let format = def.format;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length') min = Number(c.minimum);
    else if (c.check === 'max_length') max = Number(c.maximum);
    else if (c.check === 'overwrite') trims = true;
    else if (c.check === 'custom') custom = true;
    else if (c.check === 'string_format') {
      format = String(c.format);
      if (c.pattern instanceof RegExp) pattern = c.pattern;
    } else throw new Error(`zod-arbitrary: unsupported string check ${String(c.check)}`);
  }
  if (format === 'date') return dateArbitrary;
  if (format === 'datetime') return instantArbitrary;
  if (format === 'regex' && pattern) return fc.stringMatching(pattern);
  if (format) throw new Error(`zod-arbitrary: unsupported string format ${format}`);
  if (custom) throw new Error('zod-arbitrary: a refined string needs an explicit arbitrary');
  return textArbitrary(min, max, trims);
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min = -1e9;
  let max = 1e9;
  let integer = false;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format') integer = c.format === 'safeint' || c.format === 'int32';
    else if (c.check === 'greater_than') min = Number(c.value) + (c.inclusive ? 0 : 1);
    else if (c.check === 'less_than') max = Number(c.value) - (c.inclusive ? 0 : 1);
    else throw new Error(`zod-arbitrary: unsupported number check ${String(c.check)}`);
  }
  if (integer) return fc.integer({ min, max });
  return fc.oneof(
    fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 1000) }),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
  );
}

/** An arbitrary of the values `schema` accepts. */
export function arbitraryOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  if (schema === urlSchema || schema === linkUrlSchema || schema === sourceUrlSchema) return urlArbitrary;
  const def = defOf(schema);
  let arbitrary: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'string':
      arbitrary = stringArbitrary(def);
      break;
    case 'number':
      arbitrary = numberArbitrary(def);
      break;
    case 'boolean':
      arbitrary = fc.boolean();
      break;
    case 'enum':
      arbitrary = fc.constantFrom(...Object.values(def.entries ?? {}));
      break;
    case 'literal':
      arbitrary = fc.constantFrom(...(def.values ?? []));
      break;
    case 'nullable':
      arbitrary = fc.option(arbitraryOf(def.innerType!), { nil: null, freq: 3 });
      break;
    case 'optional':
    case 'default':
      arbitrary = arbitraryOf(def.innerType!);
      break;
    case 'union':
      arbitrary = fc.oneof(...def.options!.map(arbitraryOf));
      break;
    case 'array': {
      let max = 3;
      for (const check of def.checks ?? []) {
        const c = check._zod.def;
        if (c.check === 'max_length') max = Math.min(max, Number(c.maximum));
        else if (c.check !== 'min_length') throw new Error(`zod-arbitrary: unsupported array check ${String(c.check)}`);
      }
      arbitrary = fc.array(arbitraryOf(def.element!), { maxLength: max });
      break;
    }
    case 'object':
      return objectArbitrary(schema as z.ZodObject);
    default:
      throw new Error(`zod-arbitrary: unsupported zod type ${def.type}`);
  }
  return arbitrary.filter((value) => schema.safeParse(value).success);
}

/**
 * A record of the object's fields: the required ones always, the optional (and `optionalKeys`) ones sometimes.
 * With `partial`, every key is optional but at least one is present (a patch).
 */
export function objectArbitrary(
  schema: z.ZodObject,
  options: { partial?: boolean; required?: string[] } = {},
): fc.Arbitrary<Record<string, unknown>> {
  const shape = schema.shape as Record<string, z.ZodType>;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    model[key] = arbitraryOf(field);
    const optional = field.safeParse(undefined).success;
    if (options.required?.includes(key) || (!options.partial && !optional)) requiredKeys.push(key);
  }
  const record = fc.record(model, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
  return options.partial && requiredKeys.length === 0 ? record.filter((r) => Object.keys(r).length > 0) : record;
}
