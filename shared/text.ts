// Text every storage can hold: no NUL characters and no lone UTF-16 surrogates. SQLite keeps such strings,
// PostgreSQL's JSONB refuses them, so both sides refuse them at their boundary with one rule (this one), and
// captured text is cleaned of them before it becomes a row. Captured text is also made safe to show: bidi
// overrides and invisible zero-width characters taken out (they let a page reorder or hide what a title says),
// and cuts never split a surrogate pair. Pure and framework-free (the mail content script uses it too).

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'text contains a NUL character';
  if (LONE_SURROGATE.test(value)) return 'text contains an unpaired UTF-16 surrogate';
  return null;
}

// The walk's records (value, parent record, key, depth) and stack, reused by every call: it runs on every pushed
// mutation, and a path array per value was most of its cost. Emptied after each walk (nothing retained).
const walkValues: unknown[] = [];
const walkParents: number[] = [];
const walkKeys: (string | number)[] = [];
const walkDepths: number[] = [];
const walkStack: number[] = [];

function walkPath(at: number, last?: string): (string | number)[] {
  const path: (string | number)[] = last === undefined ? [] : [last];
  for (let i = at; i > 0; i = walkParents[i]!) path.push(walkKeys[i]!);
  return path.reverse();
}

function walkPush(child: unknown, parent: number, key: string | number): void {
  if (typeof child !== 'string' && (typeof child !== 'object' || child === null)) return;
  walkStack.push(walkValues.length);
  walkValues.push(child);
  walkParents.push(parent);
  walkKeys.push(key);
  walkDepths.push(walkDepths[parent]! + 1);
}

function walkUnstorable(maxDepth: number): { path: (string | number)[]; message: string } | null {
  while (walkStack.length > 0) {
    const at = walkStack.pop()!;
    const current = walkValues[at];
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { path: walkPath(at), message: problem };
      continue;
    }
    if (walkDepths[at]! >= maxDepth) return { path: walkPath(at), message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) walkPush(current[i], at, i);
      continue;
    }
    for (const key of Object.keys(current as object)) {
      const problem = textProblem(key);
      if (problem) return { path: walkPath(at, key), message: `key: ${problem}` };
      walkPush((current as Record<string, unknown>)[key], at, key);
    }
  }
  return null;
}

// The escape of a NUL or of a surrogate (U+D800–U+DFFF) in a JSON text; a pair's escapes match too.
const ESCAPED_SUSPECT = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Whether every string (and key) of the value `JSON.parse(text)` gives is storable and it nests at most
 * `maxDepth` deep: one scan of the text instead of findUnstorableText's walk of every value (a third of a
 * second for a 10,000-task export file). False only means "walk it": a text that merely looks suspect (an escaped
 * backslash before `u0000`, an escaped surrogate pair) is walked and found fine.
 */
export function jsonTextIsStorable(text: string, maxDepth = 64): boolean {
  if (text.includes('\u0000') || LONE_SURROGATE.test(text) || ESCAPED_SUSPECT.test(text)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: its brackets do not nest. Jump to its closing quote, the next one not escaped (after an even
      // run of backslashes). indexOf instead of a look at every character: a 10,000-task export (9.7 MB) took
      // 23–31 ms instead of 45–54 ms to scan in Node 20; every push body is scanned the same way.
      for (let from = i + 1; ; ) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return true;
        let slash = quote - 1;
        while (text.charCodeAt(slash) === 0x5c) slash--;
        if ((quote - 1 - slash) % 2 === 0) {
          i = quote;
          break;
        }
        from = quote + 1;
      }
    } else if (c === 0x5b || c === 0x7b) {
      // `[` and `{`; `]` and `}`.
      if (++depth > maxDepth) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return true;
}

/**
 * The first string inside a JSON-like value that no storage can hold, with its path. Walks iteratively (a
 * hostile value may be nested deeply) and stops at `maxDepth`.
 */
export function findUnstorableText(
  value: unknown,
  maxDepth = 64,
): { path: (string | number)[]; message: string } | null {
  walkValues.push(value);
  walkParents.push(-1);
  walkKeys.push('');
  walkDepths.push(0);
  walkStack.push(0);
  try {
    return walkUnstorable(maxDepth);
  } finally {
    walkValues.length = 0;
    walkParents.length = 0;
    walkKeys.length = 0;
    walkDepths.length = 0;
    walkStack.length = 0;
  }
}

/** Bidi embeddings, overrides and isolates, and the invisible direction marks (LRM, RLM, ALM). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** Zero-width space, word joiner, BOM, Mongolian vowel separator, invisible operators and soft hyphen. */
const INVISIBLES = /[\u200B\u2060-\u2064\uFEFF\u180E\u00AD]/g;
/**
 * ZWNJ and ZWJ carry meaning inside Persian, Arabic and Indic words and emoji sequences (👩‍💻): kept between
 * two non-Latin letters or after an emoji / variation selector, removed anywhere else.
 */
const JOINERS = /(?<!\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)\u200D|(?<!\p{L})\u200C|\u200C(?!\p{L})/gu;
const LATIN_JOINER = /(?<=[A-Za-z\u00C0-\u024F])[\u200C\u200D]|[\u200C\u200D](?=[A-Za-z\u00C0-\u024F])/g;
/** C0 and C1 control characters, DEL, and the line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Captured text made storable and honest: NUL, C0/C1 controls, bidi controls, zero-width characters and lone
 * surrogates removed; tabs and line breaks kept (normalised to \n).
 */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '')
    .replace(LONE_SURROGATES, '')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROLS, '')
    .replace(BIDI_CONTROLS, '')
    .replace(INVISIBLES, '')
    .replace(LATIN_JOINER, '')
    .replace(JOINERS, '');
}

/** One line of text for a title, name or label: cleaned, whitespace collapsed, trimmed. */
export function cleanLine(text: string | null | undefined): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/** A block of text (an excerpt, a description): cleaned, runs of blank lines and spaces collapsed, trimmed. */
export function cleanBlock(text: string | null | undefined): string {
  return cleanText(text)
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first `max` UTF-16 units of a text, one fewer when the cut would split a surrogate pair. */
export function clipUnits(text: string, max: number): string {
  return truncateText(text, Math.max(0, max));
}

/** A text shortened to at most `max` units with an ellipsis, at a word boundary when one is near. */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = clipUnits(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Cut a string to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateText(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
