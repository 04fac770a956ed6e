// Wording shared by the extension and the status page: counts with the right plural, "a"/"an", whether a
// project is closed, and the one date format (Intl, e.g. "27 Nov 2026") used wherever a date is shown.

/** "1 task", "2 tasks", "0 tasks"; `many` for irregular plurals ("1 status update", "2 status updates"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "3 of 4 tasks", "0 of 1 task": the noun agrees with the total. */
export function countOf(done: number, total: number, one: string, many = `${one}s`): string {
  return `${done} of ${total} ${total === 1 ? one : many}`;
}

/** "a risk", "an objective" (by the first letter's sound as spelt: good enough for the nouns used here). */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** Done or cancelled: the project reads as closed (no health, no quick add, read-only plan). */
export function isClosedStatus(status: string): boolean {
  return status === 'done' || status === 'cancelled';
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, utc: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${utc}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
    if (utc) options.timeZone = 'UTC';
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat('en-GB', options);
    }
    formats.set(key, format);
  }
  return format;
}

/**
 * The one date format: "27 Nov 2026" ("27 nov. 2026" in French: `locale`, default en-GB). A date-only value
 * ("2026-11-27") is that calendar day wherever one is; an instant is the day it falls on locally. '' for a
 * missing or unreadable value.
 */
export function formatDate(value: string | number | Date | null | undefined, locale = 'en-GB'): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const at = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(at) ? '' : dateFormat(locale, true).format(at);
  }
  const at = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(at) ? '' : dateFormat(locale, false).format(at);
}
