// Text every storage can hold: no NUL characters and no lone UTF-16 surrogates. SQLite keeps such strings,
// PostgreSQL's JSONB refuses them, so both sides refuse them at their boundary with one rule (this one), and
// captured text is cleaned of them before it becomes a row.

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'text contains a NUL character';
  if (LONE_SURROGATE.test(value)) return 'text contains an unpaired UTF-16 surrogate';
  return null;
}

/**
 * The first string inside a JSON-like value that no storage can hold, with its path. Walks iteratively (a
 * hostile value may be nested deeply) and stops at `maxDepth`.
 */
export function findUnstorableText(
  value: unknown,
  maxDepth = 64,
): { path: (string | number)[]; message: string } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { path, message: problem };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= maxDepth) return { path, message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(current)) {
      const problem = textProblem(key);
      if (problem) return { path: [...path, key], message: `key: ${problem}` };
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching C0 control characters is the point here
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Captured text made storable: NUL and other C0 controls (but tab and newlines) dropped, lone surrogates replaced. */
export function cleanText(value: string): string {
  return value.replace(CONTROL, '').replace(LONE_SURROGATES, '\uFFFD');
}

/** Cut a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateText(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
