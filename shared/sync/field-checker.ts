// Compiled field checkers for pushed mutations: one function per synced table, built once from the registry's
// zod schemas (shared/sync/tables.ts), that accepts valid fields and returns them as zod would (trimmed, nested
// objects stripped of unknown keys; the very value given when nothing in it changes) without running zod.
//
// Written here rather than taken from npm: the schemas are zod 4 (the single source of truth); ajv would need
// them converted to JSON Schema, which loses trim and the refinements, and give other messages; typia compiles
// TypeScript types, not zod schemas. Zod 4's own object parser was ~20% of a push (bench/push.ts). This walks
// the same zod definitions and covers the node types the registry uses: string (lengths, regex formats, trim
// and other overwrites, refinements), number (int, bounds), boolean, enum, literal, null, nullable, optional,
// array, object (strict or strip), record (of string keys) and union. A node it does not know is checked by its own zod schema.
//
// It only decides "valid, and here is the value". Anything it refuses goes through zod again, so a refusal's
// issues and messages are zod's, exactly as before (see validateMutationFields in protocol.ts).
import type { z } from 'zod';

/** What a checker returns for a value it refuses. */
export const REFUSED: unique symbol = Symbol('refused');
export type Checker = (value: unknown) => unknown;

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
  tx?: (value: unknown) => unknown;
  fn?: (value: unknown) => unknown;
  abort?: boolean;
}

interface Def {
  type: string;
  /** A string format schema (z.iso.datetime(), z.uuid()…) carries its format and pattern on itself. */
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: CheckDef } }[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
  coerce?: boolean;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A checker that runs the node's own zod schema: for node types this module does not compile. */
function viaZod(schema: z.ZodType): Checker {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : REFUSED;
  };
}

/** One check of a string, number or array as a function returning the (possibly rewritten) value, or REFUSED. */
function compileCheck(type: string, def: CheckDef): Checker | null {
  const size = (value: unknown): number => (type === 'string' ? (value as string).length : (value as unknown[]).length);
  switch (def.check) {
    case 'min_length':
      return (v) => (size(v) >= def.minimum! ? v : REFUSED);
    case 'max_length':
      return (v) => (size(v) <= def.maximum! ? v : REFUSED);
    case 'length_equals':
      return (v) => (size(v) === def.length! ? v : REFUSED);
    case 'overwrite':
      return def.tx ? (v) => def.tx!(v) : null;
    case 'string_format':
      return patternCheck(def.format, def.pattern);
    case 'number_format':
      if (def.format === 'safeint') return (v) => (Number.isSafeInteger(v) ? v : REFUSED);
      return null;
    case 'greater_than':
      return def.inclusive
        ? (v) => ((v as number) >= def.value! ? v : REFUSED)
        : (v) => ((v as number) > def.value! ? v : REFUSED);
    case 'less_than':
      return def.inclusive
        ? (v) => ((v as number) <= def.value! ? v : REFUSED)
        : (v) => ((v as number) < def.value! ? v : REFUSED);
    case 'custom':
      // A synchronous refinement: true accepts. A promise or anything else goes to zod, which knows what to do.
      return def.fn ? (v) => (def.fn!(v) === true ? v : REFUSED) : null;
    default:
      return null;
  }
}

/** These string formats are exactly their pattern in zod 4; others (url, jwt…) run code of their own. */
const PATTERN_FORMATS = new Set(['regex', 'uuid', 'guid', 'datetime', 'date', 'time']);

function patternCheck(format: string | undefined, pattern: RegExp | undefined): Checker | null {
  if (!pattern || !format || !PATTERN_FORMATS.has(format)) return null;
  return (v) => {
    pattern.lastIndex = 0;
    return pattern.test(v as string) ? v : REFUSED;
  };
}

function withChecks(type: string, def: Def, base: Checker): Checker | null {
  const checks: Checker[] = [];
  for (const check of def.checks ?? []) {
    const compiled = compileCheck(type, check._zod.def);
    if (!compiled) return null;
    checks.push(compiled);
  }
  if (checks.length === 0) return base;
  return (value) => {
    let v = base(value);
    for (let i = 0; i < checks.length && v !== REFUSED; i++) v = checks[i]!(v);
    return v;
  };
}

/** The compiled checker of one zod node, or null when some part of it is not compiled (use zod for it). */
export function compileNode(schema: z.ZodType): Checker | null {
  const def = defOf(schema);
  if (def.coerce) return null;
  switch (def.type) {
    case 'string': {
      if (def.format === undefined) return withChecks('string', def, (v) => (typeof v === 'string' ? v : REFUSED));
      const format = patternCheck(def.format, def.pattern);
      return format && withChecks('string', def, (v) => (typeof v === 'string' ? format(v) : REFUSED));
    }
    case 'number':
      return withChecks('number', def, (v) => (typeof v === 'number' && Number.isFinite(v) ? v : REFUSED));
    case 'boolean':
      return def.checks?.length ? null : (v) => (typeof v === 'boolean' ? v : REFUSED);
    case 'null':
      return (v) => (v === null ? v : REFUSED);
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => (values.has(v) ? v : REFUSED);
    }
    case 'literal': {
      const values = new Set(def.values ?? []);
      return (v) => (values.has(v) ? v : REFUSED);
    }
    case 'nullable': {
      const inner = compileNode(def.innerType!);
      return inner && ((v) => (v === null ? null : inner(v)));
    }
    case 'optional': {
      const inner = compileNode(def.innerType!);
      return inner && ((v) => (v === undefined ? undefined : inner(v)));
    }
    case 'array': {
      const element = compileNode(def.element!);
      if (!element) return null;
      return withChecks('array', def, (v) => {
        if (!Array.isArray(v)) return REFUSED;
        // The array itself when no item changes (see compileFields).
        let out: unknown[] | undefined;
        for (let i = 0; i < v.length; i++) {
          const item = element(v[i]);
          if (item === REFUSED) return REFUSED;
          if (out) out[i] = item;
          else if (item !== v[i]) {
            out = v.slice(0, i);
            out[i] = item;
          }
        }
        return out ?? v;
      });
    }
    case 'union': {
      const options = (def.options ?? []).map(compileNode);
      if (options.some((o) => o === null)) return null;
      // zod 4 returns the first option that accepts.
      return (v) => {
        for (const option of options) {
          const out = option!(v);
          if (out !== REFUSED) return out;
        }
        return REFUSED;
      };
    }
    case 'record': {
      // Only a record of any string key (an export row's per-field clocks): each value checked, the keys as they are.
      const keyDef = defOf(def.keyType!);
      if (keyDef.type !== 'string' || keyDef.format !== undefined || keyDef.checks?.length) return null;
      const value = compileNode(def.valueType!);
      if (!value) return null;
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return REFUSED;
        const record = v as Record<string, unknown>;
        let out: Record<string, unknown> | undefined;
        const keys = Object.keys(record);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          // zod drops a `__proto__` key: it explains (or strips) that itself.
          if (key === '__proto__') return REFUSED;
          const checked = value(record[key]);
          if (checked === REFUSED) return REFUSED;
          if (out) out[key] = checked;
          else if (checked !== record[key]) {
            out = {};
            for (let j = 0; j < i; j++) out[keys[j]!] = record[keys[j]!];
            out[key] = checked;
          }
        }
        return out ?? record;
      };
    }
    case 'object': {
      const strict = def.catchall !== undefined && defOf(def.catchall).type === 'never';
      if (def.catchall !== undefined && !strict) return null;
      if (def.checks?.length) return null;
      const fields = compileFields(def.shape ?? {});
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return REFUSED;
        return fields(v as Record<string, unknown>, strict, true);
      };
    }
    default:
      return null;
  }
}

/**
 * The checker of an object's fields: each known key checked, unknown keys refused (`strict`) or dropped; with
 * `complete`, a missing key must be one its schema accepts as absent (optional).
 */
function compileFields(
  shape: Record<string, z.ZodType>,
): (value: Record<string, unknown>, strict: boolean, complete: boolean) => Record<string, unknown> | typeof REFUSED {
  const names = Object.keys(shape);
  const checkers = new Map<string, Checker>();
  const optional = new Set<string>();
  // What each optional key turns into when absent, decided once: a nested object with many optional keys
  // (a task's source) otherwise ran one zod parse per missing key per mutation (~10% of a push). Only
  // "nothing" and primitive defaults are cached; an object default is built afresh each time, as zod does.
  const absent = new Map<string, { fixed: boolean; value: unknown }>();
  for (const name of names) {
    const node = shape[name]!;
    checkers.set(name, compileNode(node) ?? viaZod(node));
    const parsed = node.safeParse(undefined);
    if (!parsed.success) continue;
    optional.add(name);
    const fixed = parsed.data === undefined || typeof parsed.data !== 'object' || parsed.data === null;
    absent.set(name, { fixed, value: parsed.data });
  }
  /** A copy of `value` with its first `count` keys (those kept as they were so far). */
  const copyOf = (value: Record<string, unknown>, keys: string[], count: number) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) out[keys[i]!] = value[keys[i]!];
    return out;
  };
  // The value itself when nothing in it changes, the usual case (a request body parsed for this request only):
  // a copy is made from the first key that is dropped, rewritten (trim…) or filled in by a default. Building a
  // copy of every pushed object was a third of the checker's time and most of its garbage.
  return (value, strict, complete) => {
    let out: Record<string, unknown> | undefined;
    let seen = 0;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const checker = checkers.get(key);
      if (!checker) {
        if (strict) return REFUSED;
        out ??= copyOf(value, keys, i);
        continue;
      }
      seen += 1;
      const raw = value[key];
      if (raw === undefined) {
        // zod's treatment of an explicit undefined (defaults, optional) is its own business.
        const parsed = shape[key]!.safeParse(undefined);
        if (!parsed.success) return REFUSED;
        out ??= copyOf(value, keys, i);
        if (parsed.data !== undefined) out[key] = parsed.data;
        continue;
      }
      const checked = checker(raw);
      if (checked === REFUSED) return REFUSED;
      if (out) out[key] = checked;
      else if (checked !== raw) {
        out = copyOf(value, keys, i);
        out[key] = checked;
      }
    }
    if (complete && seen < names.length) {
      for (const name of names) {
        if (Object.hasOwn(value, name)) continue;
        if (!optional.has(name)) return REFUSED;
        // A default fills the value in, as zod does.
        const fill = absent.get(name)!;
        let filled: unknown;
        if (fill.fixed) filled = fill.value;
        else {
          const parsed = shape[name]!.safeParse(undefined);
          filled = parsed.success ? parsed.data : undefined;
        }
        if (filled === undefined) continue;
        out ??= copyOf(value, keys, keys.length);
        out[name] = filled;
      }
    }
    return out ?? value;
  };
}

/**
 * The checker of a mutation's `fields` for one table: only known fields (strict), each valid, any subset of
 * them (required fields are checked apart, for the upsert's message). REFUSED when zod must explain.
 */
export function compileTableFields(
  shape: Record<string, z.ZodType>,
): (fields: Record<string, unknown>) => Record<string, unknown> | typeof REFUSED {
  const check = compileFields(shape);
  return (fields) => check(fields, true, false);
}

/**
 * The checker of a whole row's fields as a server sends them in a pull: every required field present, unknown
 * keys dropped (zod's `strip()` of the table schema). REFUSED when zod must explain.
 */
export function compileTableRow(
  shape: Record<string, z.ZodType>,
): (fields: Record<string, unknown>) => Record<string, unknown> | typeof REFUSED {
  const check = compileFields(shape);
  return (fields) => check(fields, false, true);
}
