// Quick add: "Send invoice to ACME fri 5pm #Launch !1" -> a title plus due / recurrence / project / priority /
// tags / assignee, each reported as a removable chip (Token). Escapes: a word starting with `\` (the backslash
// is dropped) or text in "double quotes" (kept, quotes included) is never parsed. Pure and deterministic given
// `now`, `timeZone` and `dateOrder`; runs per keystroke.
//
// Why a hand-written grammar and not chrono-node (decided again for recurrence, measured on 2026-12-01):
// chrono-node 2.10.3 (casual) reads 13 of the 34 "looks like a date" phrases of test/shared as dates ("Buy
// Sunday Times", "Black Friday prep", "Buy sun cream", "Read John 3:16", "Look at 2 options", "Ask Jan 3
// questions", "march 5 miles", …), has no recurrence at all ("every weekday at 9am" -> "weekday at 9am" as one
// date, "ev mon, fri" -> two dates, one in the past), and reads "after 4pm" as "4pm" leaving "after" in the
// title. Filtering its output would need the same word-level guards this grammar has, and recurrence needs a
// grammar anyway; the rule arithmetic itself is done by the `rrule` package (shared/recurrence.ts).
// test/shared/quick-add-phrases.test.ts holds the phrase table (400 phrases, 3 zones, 4 reference instants).
//
// Date grammar (case-insensitive, whole words; optional leading "on", "by", "for", "due", "due on/by",
// "before", "until", "after"): today, tonight, tomorrow/tmrw/tmr, yesterday, [the] day after tomorrow,
// [this|next] <weekday>, <weekday> [of] next week, next week (its Monday), next month (its 1st), next year,
// [this|next] weekend (Saturday), end of [the] week|month|year / eow / eom (the end of the week is Friday),
// in N|a|one..twelve day(s)/week(s)/fortnight/month(s)/year(s)/hour(s)/min(s), N <unit> from now|today,
// in <month> (its 1st), <month> <day>[,] [year], [the] <day> [of] <month> [year], on the <nth> (the next such
// day of a month), YYYY-MM-DD, numeric dates in the locale's order (`dateOrder`: 25/12 or 12/25, 12/25/2026,
// 2026/12/24, 24.12.2026; the other order when the locale's is impossible), and a weekday before an explicit
// date ("Tuesday, 10 January": the date decides). Time: 5pm, 5:30 pm, 17:00, noon, midnight, and after
// "at"/"@" also 9:30 or a bare hour (1..7 without am/pm mean afternoon); morning/afternoon/evening only right
// after a date ("this evening"). A date and a time next to each other ("fri 5pm", "5pm on fri", "tomorrow at
// 9") make one instant; a date alone is date-only `YYYY-MM-DD`; a time alone is today (tomorrow if passed).
//
// Recurrence grammar: every|each|ev [other|N] day(s)|week(s)|month(s)|year(s)|fortnight, daily / weekly /
// biweekly / fortnightly / monthly / quarterly / yearly / annually, every weekday|workday|weekend,
// every <weekday>[, <weekday>… and <weekday>] (also "every other monday"), every week on <weekdays>,
// every month on the <nth>[ and <nth>] | the last day | the <nth|last> <weekday> | the last weekday,
// every <nth> / every <nth> <weekday> [of the month] / every last <weekday|day|weekday>, every year on
// <month day>, every <month day>, every morning|afternoon|evening|night (a daily time); then in any order
// "[at] <time>", "starting|from <date>", "until <date>", "after completion". "after completion every 3 days"
// and Todoist's "every! 3 days" count from the completion. The first occurrence becomes the due; a separate
// due phrase gives the rule its time ("at 9am every weekday") or its first day ("every monday from dec 7").

import type { Options as RRuleOptions } from 'rrule';
import {
  addDays,
  addMonths,
  civilDateTime,
  civilToInstant,
  type DateOrder,
  diffDays,
  makeDateKey,
  nextMondayKey,
} from './dates';
import { frenchAsEnglish } from './quick-add-fr';
import {
  firstOccurrence,
  isValidRule,
  type Recurrence,
  type RecurrenceMode,
  RRULE_FREQ,
  RRULE_WEEKDAYS,
  recurrenceLabel,
  ruleString,
} from './recurrence';

export type TokenKind = 'due' | 'recurrence' | 'project' | 'priority' | 'tag' | 'assignee';
export type Priority = 1 | 2 | 3 | 4;

export interface Token {
  /** `${kind}:${text.toLowerCase()}`: stable while the user keeps typing elsewhere; pass it back in `dismissed`. */
  id: string;
  kind: TokenKind;
  /** The matched source text, e.g. "on fri 5pm". */
  text: string;
  /** What the chip shows, e.g. "Fri 17:00", "#Launch", "P1", "#errands", "@ann". */
  label: string;
  /** Offsets of `text` in the input (end exclusive). */
  start: number;
  end: number;
}

export interface QuickAddProject {
  id: string;
  name: string;
}

export interface QuickAddOptions {
  now: Date;
  projects: readonly QuickAddProject[];
  /** IANA zone for dates and times; default (or an unknown zone): the runtime's zone. */
  timeZone?: string;
  /** Token ids or texts the user removed as chips: those words stay in the title, unparsed. */
  dismissed?: readonly string[];
  /** How numeric dates like 03/12 read (the UI passes `dateOrderOf()` of the browser's locale); default mdy. */
  dateOrder?: DateOrder;
  /** The language people write in: 'fr' also reads French (shared/quick-add-fr.ts); default English only. */
  language?: string;
  /** BCP 47 locale of the chip labels ("Fri 17:00" / "ven. 17:00"); default en-US. */
  locale?: string;
  /** The chip text of a rule; default English (shared/recurrence.ts `recurrenceLabel`). */
  describeRecurrence?: (recurrence: Recurrence, minutes: number | null) => string;
  /** The chip text of "today", "tomorrow", "yesterday"; default English. */
  dayWords?: { today: string; tomorrow: string; yesterday: string };
}

export interface QuickAddResult {
  title: string;
  /** `YYYY-MM-DD` for a day, an ISO instant in UTC (`…Z`) for a time, or null. For a recurring task: its first occurrence. */
  dueAt: string | null;
  /** "every weekday at 9am" and the like: an RRULE and its mode (see shared/recurrence.ts), or null. */
  recurrence: Recurrence | null;
  projectId: string | null;
  priority: Priority | null;
  tags: string[];
  /** The `@name` without the `@`; resolving it to a user id is the caller's job. */
  assignee: string | null;
  tokens: Token[];
}

const TOKEN_KINDS: readonly string[] = ['due', 'recurrence', 'project', 'priority', 'tag', 'assignee'];

export function tokenId(kind: TokenKind, text: string): string {
  return `${kind}:${text.toLowerCase()}`;
}

// --------------------------------------------------------------------------------------------- words

export interface Word {
  /** Offsets of the word's core: the word without leading "(" / "[" and trailing punctuation. */
  start: number;
  end: number;
  core: string;
  lc: string;
  literal: boolean;
  /** Offset of an escaping backslash to drop from the title, or -1. */
  escape: number;
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x3000;
const LEADING_PUNCT = '([{';
const TRAILING_PUNCT = ',.;:!?)]}';

function scan(text: string): Word[] {
  const words: Word[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const rawStart = i;
    let literal = false;
    let escapeAt = -1;
    const c = text[i];
    const quoteAt = c === '"' ? i : (c === '#' || c === '@') && text[i + 1] === '"' ? i + 1 : -1;
    if (quoteAt >= 0) {
      const close = text.indexOf('"', quoteAt + 1);
      if (close === -1) {
        i = n; // an unclosed quote: the rest is literal while the user is still typing
        literal = true;
      } else {
        i = close + 1;
        literal = c === '"';
      }
    } else if (c === '\\') {
      literal = true;
      escapeAt = i;
    }
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    let start = rawStart;
    let end = i;
    if (!literal) {
      while (start < end && LEADING_PUNCT.includes(text[start] as string)) start++;
      while (end > start && TRAILING_PUNCT.includes(text[end - 1] as string)) end--;
      // Keep the last dot of "5 p.m." with the word it belongs to.
      if (text[end] === '.' && /(?:^|\d)[ap]\.m$/i.test(text.slice(start, end))) end++;
    }
    const core = text.slice(start, end);
    words.push({ start, end, core, lc: core.toLowerCase(), literal, escape: escapeAt });
  }
  return words;
}

function markDismissed(text: string, words: Word[], dismissed: readonly string[] | undefined): void {
  if (!dismissed?.length) return;
  const normalize = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
  const texts = new Set<string>();
  let maxWords = 1;
  for (const entry of dismissed) {
    const colon = entry.indexOf(':');
    const normal = normalize(colon > 0 && TOKEN_KINDS.includes(entry.slice(0, colon)) ? entry.slice(colon + 1) : entry);
    if (!normal) continue;
    texts.add(normal);
    maxWords = Math.max(maxWords, normal.split(' ').length);
  }
  // Compare with the same source slices that token texts are made of.
  for (let i = 0; i < words.length; i++) {
    const first = words[i] as Word;
    for (let k = i; k < words.length && k < i + maxWords; k++) {
      if (texts.has(normalize(text.slice(first.start, (words[k] as Word).end)))) {
        for (let m = i; m <= k; m++) (words[m] as Word).literal = true;
      }
    }
  }
}

// ------------------------------------------------------------------------------------------- vocabulary

const WEEKDAYS = new Map<string, number>([
  ['sunday', 0],
  ['sun', 0],
  ['monday', 1],
  ['mon', 1],
  ['tuesday', 2],
  ['tue', 2],
  ['tues', 2],
  ['wednesday', 3],
  ['wed', 3],
  ['thursday', 4],
  ['thu', 4],
  ['thur', 4],
  ['thurs', 4],
  ['friday', 5],
  ['fri', 5],
  ['saturday', 6],
  ['sat', 6],
]);
/** Abbreviations that are also common words ("sun cream", "sat nav", "newly wed"): need more context. */
const AMBIGUOUS_WEEKDAYS = new Set(['sun', 'sat', 'wed']);
/** A weekday after these words is part of a name or a recurrence, not a due date. */
const WEEKDAY_STOP_BEFORE = new Set([
  'the',
  'a',
  'an',
  'every',
  'each',
  'last',
  'good',
  'black',
  'cyber',
  'easter',
  'palm',
  'ash',
  'holy',
  'maundy',
  'fat',
  'giving',
  'blue',
  'casual',
  'throwback',
  'super',
  'of',
]);

const MONTHS = new Map<string, number>([
  ['january', 1],
  ['jan', 1],
  ['february', 2],
  ['feb', 2],
  ['march', 3],
  ['mar', 3],
  ['april', 4],
  ['apr', 4],
  ['may', 5],
  ['june', 6],
  ['jun', 6],
  ['july', 7],
  ['jul', 7],
  ['august', 8],
  ['aug', 8],
  ['september', 9],
  ['sep', 9],
  ['sept', 9],
  ['october', 10],
  ['oct', 10],
  ['november', 11],
  ['nov', 11],
  ['december', 12],
  ['dec', 12],
]);

const NUMBER_WORDS = new Map<string, number>([
  ['a', 1],
  ['an', 1],
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
]);

type Unit = 'day' | 'week' | 'month' | 'year' | 'hour' | 'minute' | 'fortnight';
const UNITS = new Map<string, Unit>([
  ['day', 'day'],
  ['days', 'day'],
  ['week', 'week'],
  ['weeks', 'week'],
  ['wk', 'week'],
  ['wks', 'week'],
  ['month', 'month'],
  ['months', 'month'],
  ['year', 'year'],
  ['years', 'year'],
  ['yr', 'year'],
  ['yrs', 'year'],
  ['fortnight', 'fortnight'],
  ['fortnights', 'fortnight'],
  ['hour', 'hour'],
  ['hours', 'hour'],
  ['hr', 'hour'],
  ['hrs', 'hour'],
  ['minute', 'minute'],
  ['minutes', 'minute'],
  ['min', 'minute'],
  ['mins', 'minute'],
]);

const PERIODS = new Map<string, number>([
  ['morning', 9 * 60],
  ['afternoon', 15 * 60],
  ['evening', 18 * 60],
]);

const DATE_PREPS = new Set(['on', 'by', 'due', 'before', 'until', 'for', 'after']);
const ORDINAL_WORDS = new Map<string, number>([
  ['first', 1],
  ['second', 2],
  ['third', 3],
  ['fourth', 4],
  ['fifth', 5],
]);
const MERIDIEM = new Set(['am', 'pm', 'a.m', 'p.m', 'a.m.', 'p.m.']);

const PRIORITY_RE = /^(?:!|p)([1-4])$/;
const DAY_RE = /^(\d{1,2})(st|nd|rd|th)?$/;
const YEAR_RE = /^(19[7-9]\d|2\d{3})$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 25/12, 12/25/2026, 2026/12/25, 25.12.2026 (dots only with a full year: "Version 1.1.3", "2.50" stay text). */
const SLASH_RE = /^(\d{1,4})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/;
const DOTTED_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const TIME_AMPM_RE = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.?|p\.m\.?)$/;
const CLOCK_RE = /^(\d{1,2}):(\d{2})$/;
const HOUR_RE = /^\d{1,2}(?:[:.]\d{2})?$/;
const BARE_RE = /^\d{1,2}$/;
const TAG_RE = /^[\p{L}_][\p{L}\p{N}_\-/]*$/u;
const PERSON_RE = /^[\p{L}\p{N}][\p{L}\p{N}._'-]*$/u;

// ------------------------------------------------------------------------------------------- context

interface Ctx {
  words: Word[];
  today: string;
  todayWeekday: number;
  nowMinutes: number;
  now: Date;
  timeZone: string | undefined;
  dateOrder: DateOrder;
  text: string;
  locale: string;
  describeRecurrence: (recurrence: Recurrence, minutes: number | null) => string;
  dayWords: { today: string; tomorrow: string; yesterday: string };
}

function usable(ctx: Ctx, k: number): Word | null {
  const word = ctx.words[k];
  return word && !word.literal ? word : null;
}

/** After a bare "at 5" or an ambiguous weekday: nothing more, or only tokens. */
function endish(ctx: Ctx, k: number): boolean {
  const word = ctx.words[k];
  if (!word) return true;
  const c = word.lc[0];
  return c === '#' || c === '@' || c === '!' || PRIORITY_RE.test(word.lc);
}

// ------------------------------------------------------------------------------------------- dates

interface DateMatch {
  next: number;
  key?: string;
  /** For "in 2 hours": an instant, no time may follow. */
  instant?: Date;
  /** A plain weekday that resolved to today: moves a week ahead if its time has passed. */
  weekdayToday?: boolean;
  /** "tonight": an hour written without am/pm is in the evening ("at 8 tonight" = 20:00). */
  evening?: boolean;
}

function weekdayAhead(ctx: Ctx, weekday: number): string {
  return addDays(ctx.today, (weekday - ctx.todayWeekday + 7) % 7);
}

function parseDate(ctx: Ctx, j: number, introduced: boolean): DateMatch | null {
  const word = usable(ctx, j);
  if (!word) return null;
  const lc = word.lc;
  const next = usable(ctx, j + 1);
  const lcAt = (k: number) => usable(ctx, k)?.lc;

  if (lc === 'today') return { next: j + 1, key: ctx.today };
  if (lc === 'tonight') return { next: j + 1, key: ctx.today, evening: true };
  if (lc === 'yesterday') return { next: j + 1, key: addDays(ctx.today, -1) };
  // "the day after tomorrow", "day after tomorrow"
  const dayAt = lc === 'the' ? j + 1 : j;
  if (lcAt(dayAt) === 'day' && lcAt(dayAt + 1) === 'after' && lcAt(dayAt + 2) === 'tomorrow')
    return { next: dayAt + 3, key: addDays(ctx.today, 2) };
  if (lc === 'overmorrow') return { next: j + 1, key: addDays(ctx.today, 2) };
  if (lc === 'tomorrow' || lc === 'tmrw' || lc === 'tmr') return { next: j + 1, key: addDays(ctx.today, 1) };

  // "end of month", "end of the week", "eom", "eow", "end of year"
  if (lc === 'eom' || lc === 'eow' || lc === 'eoy' || (lc === 'end' && lcAt(j + 1) === 'of')) {
    let k = j + 1;
    let unit = lc === 'eom' ? 'month' : lc === 'eow' ? 'week' : lc === 'eoy' ? 'year' : '';
    if (!unit) {
      k = lcAt(j + 2) === 'the' || lcAt(j + 2) === 'this' ? j + 3 : j + 2;
      unit = lcAt(k) ?? '';
      k++;
    }
    if (unit === 'month') return { next: k, key: addDays(`${addMonths(ctx.today, 1).slice(0, 8)}01`, -1) };
    // The end of the working week: Friday (on a weekend, the coming one).
    if (unit === 'week') return { next: k, key: weekdayAhead(ctx, 5) };
    if (unit === 'year') return { next: k, key: `${ctx.today.slice(0, 4)}-12-31` };
    return null;
  }

  if (lc === 'next' && next) {
    if (next.lc === 'week') return { next: j + 2, key: nextMondayKey(ctx.today) };
    if (next.lc === 'month') return { next: j + 2, key: `${addMonths(ctx.today, 1).slice(0, 8)}01` };
    if (next.lc === 'year') return { next: j + 2, key: `${Number(ctx.today.slice(0, 4)) + 1}-01-01` };
    if (next.lc === 'weekend') return { next: j + 2, key: addDays(nextMondayKey(ctx.today), 5) };
    const weekday = WEEKDAYS.get(next.lc);
    if (weekday !== undefined) {
      return { next: j + 2, key: addDays(nextMondayKey(ctx.today), (weekday + 6) % 7) };
    }
    return null;
  }
  if ((lc === 'weekend' && introduced) || (lc === 'this' && next?.lc === 'weekend')) {
    const offset = ctx.todayWeekday === 0 ? 0 : 6 - ctx.todayWeekday;
    return { next: lc === 'this' ? j + 2 : j + 1, key: addDays(ctx.today, offset) };
  }
  // "this evening": today, and the period that follows gives the time.
  if (lc === 'this' && next && PERIODS.has(next.lc)) return { next: j + 1, key: ctx.today };
  if (lc === 'this' && next) {
    const weekday = WEEKDAYS.get(next.lc);
    if (weekday === undefined) return null;
    const key = weekdayAhead(ctx, weekday);
    return { next: j + 2, key, weekdayToday: key === ctx.today };
  }

  const weekday = WEEKDAYS.get(lc);
  if (weekday !== undefined) {
    // "Tuesday, 10 January", "Fri 12/04": the explicit date decides.
    const explicit = explicitDate(ctx, j + 1);
    if (explicit) return explicit;
    // "Friday of next week", "friday next week"
    const of = lcAt(j + 1) === 'of' ? j + 2 : j + 1;
    if (lcAt(of) === 'next' && lcAt(of + 1) === 'week')
      return { next: of + 2, key: addDays(nextMondayKey(ctx.today), (weekday + 6) % 7) };
    if (!introduced) {
      const before = ctx.words[j - 1];
      if (before && WEEKDAY_STOP_BEFORE.has(before.lc)) return null;
      // "Sunday Times", "Friday Night Lights": a capitalised weekday followed by a capitalised word.
      const after = ctx.words[j + 1];
      if (
        after &&
        /^\p{Lu}/u.test(word.core) &&
        /^\p{Lu}\p{Ll}/u.test(after.core) &&
        !WEEKDAYS.has(after.lc) &&
        !MONTHS.has(after.lc) &&
        !PERIODS.has(after.lc)
      )
        return null;
      if (AMBIGUOUS_WEEKDAYS.has(lc) && !endish(ctx, j + 1) && !parseTime(ctx, j + 1)) return null;
    }
    const key = weekdayAhead(ctx, weekday);
    return { next: j + 1, key, weekdayToday: key === ctx.today };
  }

  if (lc === 'in' && next) {
    // "in March": the 1st of the next March (this month: today).
    const inMonth = MONTHS.get(next.lc);
    if (inMonth !== undefined && !DAY_RE.test(lcAt(j + 2) ?? '')) {
      const month = Number(ctx.today.slice(5, 7));
      const year = Number(ctx.today.slice(0, 4)) + (inMonth < month ? 1 : 0);
      const key = inMonth === month ? ctx.today : (makeDateKey(year, inMonth, 1) as string);
      return { next: j + 2, key };
    }
    return relative(ctx, j + 1);
  }
  // "5 days from now", "2 weeks from today", "a month from now"
  if (lcAt(j + 2) === 'from' && (lcAt(j + 3) === 'now' || lcAt(j + 3) === 'today')) {
    const match = relative(ctx, j);
    if (match && match.next === j + 2) return { ...match, next: j + 4 };
  }

  const explicit = explicitDate(ctx, j);
  if (explicit) return explicit;
  // "on the 15th": the next 15th of a month (only after on/by/due: "The 5th Wave" stays text).
  const ordinalDay = DAY_RE.exec(lc);
  if (introduced && ordinalDay?.[2] && !MONTHS.has(lcAt(j + 1) ?? '') && lcAt(j + 1) !== 'of') {
    const day = Number(ordinalDay[1]);
    for (let m = 0; m < 13; m++) {
      const month = addMonths(`${ctx.today.slice(0, 8)}01`, m);
      const key = makeDateKey(Number(month.slice(0, 4)), Number(month.slice(5, 7)), day);
      if (key && key >= ctx.today) return { next: j + 1, key };
    }
  }
  return null;
}

/** "in 3 days", "in an hour", "2 weeks" (the count at `k`, the unit after it). */
function relative(ctx: Ctx, k: number): DateMatch | null {
  const countWord = usable(ctx, k);
  if (!countWord) return null;
  const count = NUMBER_WORDS.get(countWord.lc) ?? (/^\d{1,3}$/.test(countWord.lc) ? Number(countWord.lc) : Number.NaN);
  const unitWord = usable(ctx, k + 1);
  const unit = unitWord ? UNITS.get(unitWord.lc) : undefined;
  if (Number.isNaN(count) || !unit) return null;
  if (unit === 'hour' || unit === 'minute') {
    const ms = ctx.now.getTime() + count * (unit === 'hour' ? 3_600_000 : 60_000);
    return { next: k + 2, instant: new Date(ms - (ms % 60_000)) };
  }
  const key =
    unit === 'day'
      ? addDays(ctx.today, count)
      : unit === 'week'
        ? addDays(ctx.today, count * 7)
        : unit === 'fortnight'
          ? addDays(ctx.today, count * 14)
          : unit === 'year'
            ? addMonths(ctx.today, count * 12)
            : addMonths(ctx.today, count);
  return { next: k + 2, key };
}

/** A date written out: 2026-12-24, 25/12, 12/25/2026, 25.12.2026, dec 3 [2027], 3 dec, 3rd of December. */
function explicitDate(ctx: Ctx, j: number): DateMatch | null {
  const word = usable(ctx, j);
  if (!word) return null;
  const lc = word.lc;
  const next = usable(ctx, j + 1);
  const iso = ISO_RE.exec(lc);
  if (iso) {
    const key = makeDateKey(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return key ? { next: j + 1, key } : null;
  }
  const numeric = numericDate(ctx, lc);
  if (numeric !== undefined) {
    // "3/4 of the budget": a fraction.
    if (numeric === null || next?.lc === 'of') return null;
    return { next: j + 1, key: numeric };
  }

  // <month> <day> [year]
  const month = MONTHS.get(lc);
  if (month !== undefined && next) {
    const day = DAY_RE.exec(next.lc);
    if (!day) return null;
    // "Ask Jan 3 questions", "march 5 miles": a month-like name and a count, not a date.
    const after = usable(ctx, j + 2);
    if (!day[2] && after && /^\p{Ll}+s$/u.test(after.core)) return null;
    return monthDay(ctx, month, Number(day[1]), j + 2);
  }
  // <day> [of] <month> [year]
  const day = DAY_RE.exec(lc);
  if (day && next) {
    const ofWord = next.lc === 'of' ? usable(ctx, j + 2) : null;
    const monthWord = ofWord ?? next;
    const m = MONTHS.get(monthWord.lc);
    if (m !== undefined) return monthDay(ctx, m, Number(day[1]), ofWord ? j + 3 : j + 2);
  }
  return null;
}

/**
 * A numeric date in the locale's order, falling back to the other order when the first is impossible
 * (25/12 in a month-first locale). undefined: not numeric; null: numeric but no such day.
 */
function numericDate(ctx: Ctx, lc: string): string | null | undefined {
  const dotted = DOTTED_RE.exec(lc);
  if (dotted) return makeDateKey(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
  const slash = SLASH_RE.exec(lc);
  if (!slash) return undefined;
  const [a, b, c] = [slash[1] as string, slash[2] as string, slash[3]];
  if (a.length === 4) return c ? makeDateKey(Number(a), Number(b), Number(c)) : null;
  if (a.length === 3) return null;
  const year = c ? Number(c.length === 2 ? `20${c}` : c) : null;
  const dayFirst = ctx.dateOrder === 'dmy';
  const orders: [number, number][] = dayFirst
    ? [
        [Number(b), Number(a)],
        [Number(a), Number(b)],
      ]
    : [
        [Number(a), Number(b)],
        [Number(b), Number(a)],
      ];
  for (const [month, day] of orders) {
    if (year !== null) {
      const key = makeDateKey(year, month, day);
      if (key) return key;
    } else if (month >= 1 && month <= 12) {
      const key = upcomingMonthDay(ctx, month, day);
      if (key) return key;
    }
  }
  return null;
}

function monthDay(ctx: Ctx, month: number, day: number, next: number): DateMatch | null {
  const yearWord = usable(ctx, next);
  if (yearWord && YEAR_RE.test(yearWord.lc)) {
    const key = makeDateKey(Number(yearWord.lc), month, day);
    return key ? { next: next + 1, key } : null;
  }
  const key = upcomingMonthDay(ctx, month, day);
  return key ? { next, key } : null;
}

/** The next `month`/`day` on or after today (Feb 29 may be up to 8 years away). */
function upcomingMonthDay(ctx: Ctx, month: number, day: number): string | null {
  const year = Number(ctx.today.slice(0, 4));
  for (let y = year; y <= year + 8; y++) {
    const key = makeDateKey(y, month, day);
    if (key && key >= ctx.today) return key;
  }
  return null;
}

// ------------------------------------------------------------------------------------------- times

interface TimeMatch {
  next: number;
  minutes: number;
  /** strong: a time on its own; weak: needs "at" or a date next to it; bare: a lone number, needs "at". */
  strength: 'strong' | 'weak' | 'bare' | 'period';
}

function hour12(hour: number, meridiem: string): number | null {
  if (hour < 1 || hour > 12) return null;
  const pm = meridiem[0] === 'p';
  return (hour % 12) + (pm ? 12 : 0);
}

/** Hours written without am/pm and with a single digit: 1..7 are read as afternoon ("at 5" = 17:00). */
function guessHour(text: string, hour: number): number {
  return text.length === 1 && hour >= 1 && hour <= 7 ? hour + 12 : hour;
}

function parseTime(ctx: Ctx, j: number): TimeMatch | null {
  const word = usable(ctx, j);
  if (!word) return null;
  const lc = word.lc;
  if (lc === 'noon' || lc === 'midday') return { next: j + 1, minutes: 12 * 60, strength: 'strong' };
  if (lc === 'midnight') return { next: j + 1, minutes: 0, strength: 'strong' };
  const period = PERIODS.get(lc);
  if (period !== undefined) return { next: j + 1, minutes: period, strength: 'period' };

  const ampm = TIME_AMPM_RE.exec(lc);
  if (ampm) {
    const hour = hour12(Number(ampm[1]), ampm[3] as string);
    const minute = ampm[2] ? Number(ampm[2]) : 0;
    return hour === null || minute > 59 ? null : { next: j + 1, minutes: hour * 60 + minute, strength: 'strong' };
  }
  if (HOUR_RE.test(lc)) {
    const after = usable(ctx, j + 1);
    if (after && MERIDIEM.has(after.lc)) {
      const [h, m] = lc.split(/[:.]/);
      const hour = hour12(Number(h), after.lc);
      const minute = m ? Number(m) : 0;
      return hour === null || minute > 59 ? null : { next: j + 2, minutes: hour * 60 + minute, strength: 'strong' };
    }
  }
  const clock = CLOCK_RE.exec(lc);
  if (clock) {
    const hourText = clock[1] as string;
    const hour = Number(hourText);
    const minute = Number(clock[2]);
    if (hour > 23 || minute > 59) return null;
    return hourText.length === 2
      ? { next: j + 1, minutes: hour * 60 + minute, strength: 'strong' }
      : { next: j + 1, minutes: guessHour(hourText, hour) * 60 + minute, strength: 'weak' };
  }
  if (BARE_RE.test(lc)) {
    const hour = Number(lc);
    return hour > 23 ? null : { next: j + 1, minutes: guessHour(lc, hour) * 60, strength: 'bare' };
  }
  return null;
}

// ------------------------------------------------------------------------------------------- due phrases

interface DueMatch {
  first: number;
  next: number;
  dueAt: string;
  label: string;
  /** The parts, for a recurrence to use: the date that was written (if any) and the time of day (if any). */
  dateKey: string | null;
  minutes: number | null;
}

const isAt = (word: Word | null) => word !== null && (word.lc === 'at' || word.lc === '@');

function matchDue(ctx: Ctx, i: number): DueMatch | null {
  const first = usable(ctx, i);
  if (!first) return null;
  let j = i;
  let introduced = false;
  let atTime = false;
  if (DATE_PREPS.has(first.lc)) {
    introduced = true;
    j++;
    if (first.lc === 'due' && (usable(ctx, j)?.lc === 'on' || usable(ctx, j)?.lc === 'by')) j++;
  } else if (isAt(first)) {
    atTime = true;
    j++;
  }

  let date: DateMatch | null = null;
  let time: TimeMatch | null = null;
  let next = j;
  // "on the 5th of May"
  if (!atTime && usable(ctx, j)?.lc === 'the' && DAY_RE.exec(usable(ctx, j + 1)?.lc ?? '')?.[2]) j++;
  if (!atTime) date = parseDate(ctx, j, introduced);
  if (date) {
    next = date.next;
    if (!date.instant) {
      if (isAt(usable(ctx, next))) {
        time = parseTime(ctx, next + 1);
        if (time) next = time.next;
      } else {
        time = parseTime(ctx, next);
        if (time && time.strength !== 'bare') next = time.next;
        else time = null;
      }
    }
  } else {
    time = parseTime(ctx, j);
    if (!time) return null;
    if (time.strength === 'period') return null;
    if (time.strength === 'bare' ? !atTime : time.strength === 'weak' && !atTime && !introduced) return null;
    next = time.next;
    const on = usable(ctx, next)?.lc === 'on';
    date = parseDate(ctx, on ? next + 1 : next, true);
    if (date?.instant) date = null;
    if (date) next = date.next;
    else if (time.strength === 'bare' && !endish(ctx, next)) return null;
  }

  let dueAt: string;
  let label: string;
  let minutes: number | null = null;
  if (date?.instant) {
    dueAt = date.instant.toISOString();
    const civil = civilDateTime(date.instant, ctx.timeZone);
    label = dueLabel(ctx, civil.date, civil.hour * 60 + civil.minute);
  } else if (time) {
    if (date?.evening && time.strength !== 'strong' && time.minutes < 12 * 60) time.minutes += 12 * 60;
    let key = date?.key ?? ctx.today;
    const passed = time.minutes <= ctx.nowMinutes;
    if (passed && (!date || date.weekdayToday) && key === ctx.today) key = addDays(key, date ? 7 : 1);
    dueAt = civilToInstant(key, Math.floor(time.minutes / 60), time.minutes % 60, ctx.timeZone).toISOString();
    label = dueLabel(ctx, key, time.minutes);
    minutes = time.minutes;
  } else {
    const key = date?.key as string;
    dueAt = key;
    label = dueLabel(ctx, key, null);
  }
  return { first: i, next, dueAt, label, dateKey: date?.key ?? null, minutes };
}

const labelFormats = new Map<string, Intl.DateTimeFormat>();
function labelFormat(locale: string, kind: 'weekday' | 'monthDay' | 'monthDayYear'): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${kind}`;
  let format = labelFormats.get(cacheKey);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'weekday'
        ? { weekday: 'short', timeZone: 'UTC' }
        : { month: 'short', day: 'numeric', ...(kind === 'monthDayYear' ? { year: 'numeric' } : {}), timeZone: 'UTC' };
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat('en-US', options);
    }
    labelFormats.set(cacheKey, format);
  }
  return format;
}

function dueLabel(ctx: Ctx, key: string, minutes: number | null): string {
  const days = diffDays(ctx.today, key);
  const noon = new Date(`${key}T12:00:00Z`);
  let text: string;
  if (days === 0) text = ctx.dayWords.today;
  else if (days === 1) text = ctx.dayWords.tomorrow;
  else if (days === -1) text = ctx.dayWords.yesterday;
  else if (days > 1 && days <= 6) text = labelFormat(ctx.locale, 'weekday').format(noon);
  else
    text = labelFormat(ctx.locale, key.slice(0, 4) === ctx.today.slice(0, 4) ? 'monthDay' : 'monthDayYear').format(
      noon,
    );
  if (minutes === null) return text;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${text} ${hh}:${mm}`;
}

// ------------------------------------------------------------------------------------------- recurrence

interface RecurrenceMatch {
  first: number;
  next: number;
  options: Partial<RRuleOptions>;
  mode: RecurrenceMode;
  /** Time of day written with the rule ("every weekday at 9am"), or null. */
  minutes: number | null;
  /** "starting nov 1": the first possible day. */
  start: string | null;
}

type Body = { next: number; options: Partial<RRuleOptions>; minutes?: number };

const COMPLETION_WORDS = new Set(['completion', 'done', 'completing', 'finishing', 'finished', 'completed']);
const EVERY_WORDS = new Set(['every', 'each', 'ev', 'every!', 'ev!']);
const SIMPLE_RULES = new Map<string, Partial<RRuleOptions>>([
  ['daily', { freq: RRULE_FREQ.daily }],
  ['weekly', { freq: RRULE_FREQ.weekly }],
  ['fortnightly', { freq: RRULE_FREQ.weekly, interval: 2 }],
  ['biweekly', { freq: RRULE_FREQ.weekly, interval: 2 }],
  ['monthly', { freq: RRULE_FREQ.monthly }],
  ['quarterly', { freq: RRULE_FREQ.monthly, interval: 3 }],
  ['yearly', { freq: RRULE_FREQ.yearly }],
  ['annually', { freq: RRULE_FREQ.yearly }],
]);
const WORKDAYS = [1, 2, 3, 4, 5];
const EVERY_PERIODS = new Map<string, number>([
  ['morning', 9 * 60],
  ['afternoon', 15 * 60],
  ['evening', 18 * 60],
  ['night', 20 * 60],
]);

/** rrule's weekday objects from JavaScript weekdays (0 = Sunday), optionally the nth of the month. */
const byWeekday = (days: number[], n?: number) =>
  days.map((day) => {
    const weekday = RRULE_WEEKDAYS[(day + 6) % 7] as (typeof RRULE_WEEKDAYS)[number];
    return n ? weekday.nth(n) : weekday;
  });

/** A weekday, also plural ("mondays"). */
function weekdayWord(word: Word | null): number | undefined {
  if (!word) return undefined;
  return WEEKDAYS.get(word.lc) ?? (word.lc.endsWith('s') ? WEEKDAYS.get(word.lc.slice(0, -1)) : undefined);
}

/** "mon, wed and fri": consecutive weekdays joined by commas, "and" or "&". */
function weekdayList(ctx: Ctx, k: number): { days: number[]; next: number } | null {
  const days: number[] = [];
  let at = k;
  for (;;) {
    const day = weekdayWord(usable(ctx, at));
    if (day === undefined) break;
    if (!days.includes(day)) days.push(day);
    at++;
    const joiner = usable(ctx, at)?.lc;
    if ((joiner === 'and' || joiner === '&') && weekdayWord(usable(ctx, at + 1)) !== undefined) at++;
  }
  return days.length ? { days, next: at } : null;
}

function ordinalAt(ctx: Ctx, k: number): number | null {
  const lc = usable(ctx, k)?.lc ?? '';
  const word = ORDINAL_WORDS.get(lc);
  if (word) return word;
  const day = DAY_RE.exec(lc);
  return day?.[2] ? Number(day[1]) : null;
}

/** "the 1st and 15th", "the last day", "the 3rd friday", "the last weekday" (after "every month on"). */
function monthlyDays(ctx: Ctx, k: number): Body | null {
  let at = usable(ctx, k)?.lc === 'the' ? k + 1 : k;
  const lc = usable(ctx, at)?.lc;
  if (lc === 'last') {
    const what = usable(ctx, at + 1);
    const day = weekdayWord(what);
    if (day !== undefined) return { next: at + 2, options: { byweekday: byWeekday([day], -1) } };
    if (what?.lc === 'weekday' || what?.lc === 'workday')
      return { next: at + 2, options: { byweekday: byWeekday(WORKDAYS), bysetpos: [-1] } };
    if (what?.lc === 'day') return { next: ofTheMonth(ctx, at + 2), options: { bymonthday: [-1] } };
    return null;
  }
  const n = ordinalAt(ctx, at);
  if (n === null) return null;
  const day = weekdayWord(usable(ctx, at + 1));
  if (day !== undefined && n <= 5)
    return { next: ofTheMonth(ctx, at + 2), options: { byweekday: byWeekday([day], n) } };
  if (n > 31) return null;
  const monthDays = [n];
  at++;
  if (usable(ctx, at)?.lc === 'day') at++;
  for (;;) {
    const joiner = usable(ctx, at)?.lc;
    const skip = joiner === 'and' || joiner === '&' ? 1 : 0;
    const more = ordinalAt(ctx, at + skip + (usable(ctx, at + skip)?.lc === 'the' ? 1 : 0));
    if (more === null || more > 31 || weekdayWord(usable(ctx, at + skip + 1)) !== undefined) break;
    if (!monthDays.includes(more)) monthDays.push(more);
    at += skip + 1 + (usable(ctx, at + skip)?.lc === 'the' ? 1 : 0);
  }
  return { next: ofTheMonth(ctx, at), options: { bymonthday: monthDays } };
}

/** Skip an optional "of the month" / "of every month" / "of each month". */
function ofTheMonth(ctx: Ctx, k: number): number {
  if (usable(ctx, k)?.lc !== 'of') return k;
  const after = usable(ctx, k + 1)?.lc;
  const monthAt = after === 'the' || after === 'every' || after === 'each' ? k + 2 : k + 1;
  return usable(ctx, monthAt)?.lc === 'month' ? monthAt + 1 : k;
}

/** "dec 25", "25 dec", "the 25th of december" (after "every" or "every year on"). */
function yearlyDay(ctx: Ctx, k: number): Body | null {
  const at = usable(ctx, k)?.lc === 'the' ? k + 1 : k;
  const lc = usable(ctx, at)?.lc ?? '';
  const month = MONTHS.get(lc);
  if (month !== undefined) {
    const day = DAY_RE.exec(usable(ctx, at + 1)?.lc ?? '');
    if (day && makeDateKey(2028, month, Number(day[1])))
      return { next: at + 2, options: { bymonth: [month], bymonthday: [Number(day[1])] } };
    return null;
  }
  const day = DAY_RE.exec(lc);
  if (!day) return null;
  const ofAt = usable(ctx, at + 1)?.lc === 'of' ? at + 2 : at + 1;
  const m = MONTHS.get(usable(ctx, ofAt)?.lc ?? '');
  if (m === undefined || !makeDateKey(2028, m, Number(day[1]))) return null;
  return { next: ofAt + 1, options: { bymonth: [m], bymonthday: [Number(day[1])] } };
}

/** What follows "every": "weekday", "2 weeks", "other day", "mon, fri", "month on the 1st", "3rd friday", "dec 25". */
function everyBody(ctx: Ctx, k: number): Body | null {
  const word = usable(ctx, k);
  if (!word) return null;
  const lc = word.lc;
  let interval = 1;
  let at = k;
  if (lc === 'other') {
    interval = 2;
    at++;
  } else if (/^\d{1,3}$/.test(lc) || (NUMBER_WORDS.has(lc) && lc !== 'a' && lc !== 'an')) {
    const count = NUMBER_WORDS.get(lc) ?? Number(lc);
    const unit = UNITS.get(usable(ctx, k + 1)?.lc ?? '');
    if (count >= 1 && unit) {
      interval = count;
      at++;
    }
  }
  const unitWord = usable(ctx, at);
  const unitLc = unitWord?.lc ?? '';
  const unit = UNITS.get(unitLc);
  const withInterval = (options: Partial<RRuleOptions>) => (interval > 1 ? { ...options, interval } : options);
  if (unit === 'day') return { next: at + 1, options: withInterval({ freq: RRULE_FREQ.daily }) };
  if (unit === 'fortnight') return { next: at + 1, options: { freq: RRULE_FREQ.weekly, interval: 2 * interval } };
  if (unit === 'week') {
    const on = usable(ctx, at + 1)?.lc === 'on' ? at + 2 : at + 1;
    const list = weekdayList(ctx, on);
    if (list)
      return { next: list.next, options: withInterval({ freq: RRULE_FREQ.weekly, byweekday: byWeekday(list.days) }) };
    return { next: at + 1, options: withInterval({ freq: RRULE_FREQ.weekly }) };
  }
  if (unit === 'month') {
    if (usable(ctx, at + 1)?.lc === 'on') {
      const days = monthlyDays(ctx, at + 2);
      if (days) return { next: days.next, options: withInterval({ freq: RRULE_FREQ.monthly, ...days.options }) };
    }
    return { next: at + 1, options: withInterval({ freq: RRULE_FREQ.monthly }) };
  }
  if (unit === 'year') {
    if (usable(ctx, at + 1)?.lc === 'on') {
      const day = yearlyDay(ctx, at + 2);
      if (day) return { next: day.next, options: withInterval({ freq: RRULE_FREQ.yearly, ...day.options }) };
    }
    return { next: at + 1, options: withInterval({ freq: RRULE_FREQ.yearly }) };
  }
  if (unit) return null; // hours and minutes: not a task's rhythm
  if (unitLc === 'weekday' || unitLc === 'weekdays' || unitLc === 'workday' || unitLc === 'workdays') {
    return interval > 1 ? null : { next: at + 1, options: { freq: RRULE_FREQ.weekly, byweekday: byWeekday(WORKDAYS) } };
  }
  if (unitLc === 'weekend' || unitLc === 'weekends') {
    // "every weekend day" is how the rule reads back (shared/recurrence.ts describeRule).
    const next = usable(ctx, at + 1)?.lc === 'day' ? at + 2 : at + 1;
    return { next, options: withInterval({ freq: RRULE_FREQ.weekly, byweekday: byWeekday([6, 0]) }) };
  }
  const period = EVERY_PERIODS.get(unitLc);
  if (period !== undefined && interval === 1)
    return { next: at + 1, options: { freq: RRULE_FREQ.daily }, minutes: period };
  const list = weekdayList(ctx, at);
  if (list)
    return { next: list.next, options: withInterval({ freq: RRULE_FREQ.weekly, byweekday: byWeekday(list.days) }) };
  if (interval > 1) return null;
  // "every 25th of december" before "every 25th": the longer reading wins.
  const yearly = yearlyDay(ctx, at);
  if (yearly) return { next: yearly.next, options: { freq: RRULE_FREQ.yearly, ...yearly.options } };
  const monthly = monthlyDays(ctx, at);
  if (monthly) return { next: monthly.next, options: { freq: RRULE_FREQ.monthly, ...monthly.options } };
  return null;
}

function matchRecurrence(ctx: Ctx, i: number): RecurrenceMatch | null {
  let j = i;
  let mode: RecurrenceMode = 'due';
  const isCompletion = (k: number) =>
    usable(ctx, k)?.lc === 'after' && COMPLETION_WORDS.has(usable(ctx, k + 1)?.lc ?? '');
  if (isCompletion(j)) {
    mode = 'completion';
    j += 2;
  }
  const word = usable(ctx, j);
  if (!word) return null;
  let body: Body | null = null;
  const simple = SIMPLE_RULES.get(word.lc);
  if (simple) body = { next: j + 1, options: simple };
  else if (EVERY_WORDS.has(word.lc)) {
    // Todoist's "every!" (the "!" is trailing punctuation to the scanner): from the completion.
    if (ctx.text[word.end] === '!' || word.lc.endsWith('!')) mode = 'completion';
    body = everyBody(ctx, j + 1);
  }
  if (!body) return null;
  const match: RecurrenceMatch = {
    first: i,
    next: body.next,
    options: body.options,
    mode,
    minutes: body.minutes ?? null,
    start: null,
  };
  // Then, in any order: "at 9am", "starting nov 1", "until dec 31", "after completion".
  for (let guard = 0; guard < 4; guard++) {
    const k = match.next;
    const lc = usable(ctx, k)?.lc;
    if (!lc) break;
    if (isCompletion(k)) {
      match.mode = 'completion';
      match.next = k + 2;
      continue;
    }
    if (
      lc === 'starting' ||
      lc === 'from' ||
      lc === 'beginning' ||
      lc === 'starts' ||
      lc === 'until' ||
      lc === 'till'
    ) {
      const on = usable(ctx, k + 1)?.lc === 'on' ? k + 2 : k + 1;
      const date = parseDate(ctx, on, true);
      if (!date?.key) break;
      if (lc === 'until' || lc === 'till') {
        const [y, m, d] = date.key.split('-').map(Number) as [number, number, number];
        match.options = { ...match.options, until: new Date(Date.UTC(y, m - 1, d, 23, 59, 59)) };
      } else {
        // "every 14 days starting nov 1" on Nov 25 anchors the rhythm at the Nov 1 just past, not next year's.
        const lastYear = addMonths(date.key, -12);
        match.start = diffDays(lastYear, ctx.today) >= 0 && diffDays(lastYear, ctx.today) <= 183 ? lastYear : date.key;
      }
      match.next = date.next;
      continue;
    }
    if (match.minutes === null) {
      const at = isAt(usable(ctx, k)) ? k + 1 : k;
      const time = parseTime(ctx, at);
      if (time && time.strength !== 'period' && (at > k || time.strength !== 'bare')) {
        match.minutes = time.minutes;
        match.next = time.next;
        continue;
      }
    }
    break;
  }
  return match;
}

// ------------------------------------------------------------------------------------------- projects

interface ProjectIndex {
  byName: Map<string, QuickAddProject>;
  maxWords: number;
}

/** Case, spaces, hyphens, underscores and other punctuation do not matter: "#q4-launch" finds "Q4 Launch!". */
const normalizeName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const projectIndexes = new WeakMap<readonly QuickAddProject[], ProjectIndex>();
function projectIndex(projects: readonly QuickAddProject[]): ProjectIndex {
  let index = projectIndexes.get(projects);
  if (!index) {
    index = { byName: new Map(), maxWords: 1 };
    for (const project of projects) {
      const name = normalizeName(project.name);
      if (!name || index.byName.has(name)) continue;
      index.byName.set(name, project);
      index.maxWords = Math.max(index.maxWords, name.split(' ').length);
    }
    projectIndexes.set(projects, index);
  }
  return index;
}

// ------------------------------------------------------------------------------------------- main

export function parseQuickAdd(text: string, options: QuickAddOptions): QuickAddResult {
  const result = parseOnce(text, options);
  const adverb = titleAdverb(text, result);
  // "Weekly review", "Daily standup every weekday at 9am": an adverb followed by title words names the task
  // ("a weekly review"), it does not make it repeat; read again with it left in the title.
  return adverb ? parseOnce(text, { ...options, dismissed: [...(options.dismissed ?? []), adverb.id] }) : result;
}

/** A one-word repeat ("weekly") that title words follow, not other understood words or the end of the text. */
function titleAdverb(text: string, result: QuickAddResult): Token | null {
  const token = result.tokens.find((t) => t.kind === 'recurrence' && SIMPLE_RULES.has(t.text.toLowerCase()));
  if (!token) return null;
  const rest = text.slice(token.end);
  const next = rest.match(/^\s*([^\s]+)/);
  if (!next) return null;
  const nextStart = token.end + (next.index ?? 0) + next[0].length - (next[1]?.length ?? 0);
  return result.tokens.some((t) => t.start === nextStart) ? null : token;
}

function parseOnce(text: string, options: QuickAddOptions): QuickAddResult {
  const scanned = scan(text);
  markDismissed(text, scanned, options.dismissed);
  const words = options.language?.toLowerCase().startsWith('fr') ? frenchAsEnglish(scanned) : scanned;
  const civil = civilDateTime(options.now, options.timeZone);
  const ctx: Ctx = {
    words,
    today: civil.date,
    todayWeekday: civil.weekday,
    nowMinutes: civil.hour * 60 + civil.minute,
    now: options.now,
    timeZone: options.timeZone,
    dateOrder: options.dateOrder ?? 'mdy',
    text,
    locale: options.locale ?? 'en-US',
    describeRecurrence: options.describeRecurrence ?? recurrenceLabel,
    dayWords: options.dayWords ?? { today: 'Today', tomorrow: 'Tomorrow', yesterday: 'Yesterday' },
  };
  const projects = projectIndex(options.projects);

  const result: QuickAddResult = {
    title: '',
    dueAt: null,
    recurrence: null,
    projectId: null,
    priority: null,
    tags: [],
    assignee: null,
    tokens: [],
  };
  const seenTags = new Set<string>();
  let repeat: RecurrenceMatch | null = null;
  let due: DueMatch | null = null;
  const add = (kind: TokenKind, first: number, last: number, label: string) => {
    const start = (words[first] as Word).start;
    const end = (words[last] as Word).end;
    const textOf = text.slice(start, end);
    result.tokens.push({ id: tokenId(kind, textOf), kind, text: textOf, label, start, end });
  };

  for (let i = 0; i < words.length; ) {
    const word = words[i] as Word;
    if (word.literal || !word.lc) {
      i++;
      continue;
    }
    const c = word.lc[0];
    if (c === '#') {
      const quoted = word.core[1] === '"';
      if (quoted && !word.core.endsWith('"')) {
        i++;
        continue;
      }
      const body = quoted ? word.core.slice(2, -1) : word.core.slice(1);
      let matched = 0;
      for (let n = quoted ? 1 : projects.maxWords; n >= 1 && !matched; n--) {
        let name = body;
        let ok = true;
        for (let k = i + 1; k < i + n; k++) {
          const extra = usable(ctx, k);
          if (!extra || !/^[\p{L}\p{N}]/u.test(extra.core)) {
            ok = false;
            break;
          }
          name += ` ${extra.core}`;
        }
        const project = ok ? projects.byName.get(normalizeName(name)) : undefined;
        if (project) {
          if (result.projectId === null) {
            result.projectId = project.id;
            add('project', i, i + n - 1, `#${project.name}`);
          }
          matched = n;
        }
      }
      if (matched) {
        i += matched;
        continue;
      }
      const tag = body.trim();
      if (tag && tag.length <= 64 && (quoted || TAG_RE.test(tag)) && !seenTags.has(tag.toLowerCase())) {
        seenTags.add(tag.toLowerCase());
        result.tags.push(tag);
        add('tag', i, i, `#${tag}`);
      }
      i++;
      continue;
    }
    if (c === '@' && word.lc.length > 1) {
      const quoted = word.core[1] === '"';
      const name = quoted ? word.core.slice(2, -1).trim() : word.core.slice(1);
      if (result.assignee === null && name && (quoted ? word.core.endsWith('"') : PERSON_RE.test(name))) {
        result.assignee = name;
        add('assignee', i, i, `@${name}`);
      }
      i++;
      continue;
    }
    const priority = PRIORITY_RE.exec(word.lc);
    if (priority) {
      if (result.priority === null) {
        result.priority = Number(priority[1]) as Priority;
        add('priority', i, i, `P${priority[1]}`);
      }
      i++;
      continue;
    }
    if (repeat === null) {
      const match = matchRecurrence(ctx, i);
      if (match) {
        repeat = match;
        i = match.next;
        continue;
      }
    }
    if (due === null) {
      const match = matchDue(ctx, i);
      if (match) {
        due = match;
        result.dueAt = match.dueAt;
        add('due', match.first, match.next - 1, match.label);
        i = match.next;
        continue;
      }
    }
    i++;
  }
  if (repeat) applyRecurrence(ctx, repeat, due, result, add);

  result.tokens.sort((a, b) => a.start - b.start);
  result.title = buildTitle(text, words, result.tokens);
  return result;
}

const firstCache = new Map<string, string | null>();

/**
 * A rule found: its first occurrence becomes the due. A separate due phrase gives the time ("at 9am every
 * weekday") or the first day ("every monday from dec 7"); its chip then shows that first occurrence.
 */
function applyRecurrence(
  ctx: Ctx,
  repeat: RecurrenceMatch,
  due: DueMatch | null,
  result: QuickAddResult,
  add: (kind: TokenKind, first: number, last: number, label: string) => void,
): void {
  const rule = ruleString(repeat.options);
  const minutes = repeat.minutes ?? due?.minutes ?? null;
  // A written date is the first day of the rule; one in the past ("yesterday every day") is not a start.
  const start = repeat.start ?? (due?.dateKey && due.dateKey > ctx.today ? due.dateKey : null);
  // Per keystroke the same rule comes back: remember its first occurrence for this minute.
  const cacheKey = `${rule}|${minutes}|${start}|${ctx.timeZone}|${Math.floor(ctx.now.getTime() / 60_000)}`;
  let first = firstCache.get(cacheKey);
  if (first === undefined) {
    first = isValidRule(rule) ? firstOccurrence(rule, { now: ctx.now, timeZone: ctx.timeZone, start, minutes }) : null;
    if (firstCache.size >= 64) firstCache.clear();
    firstCache.set(cacheKey, first);
  }
  if (!first) return; // a rule that never fires (every feb 30): its words stay in the title
  const recurrence: Recurrence = { rule, mode: repeat.mode };
  result.recurrence = recurrence;
  result.dueAt = first;
  add('recurrence', repeat.first, repeat.next - 1, ctx.describeRecurrence(recurrence, minutes));
  const dueToken = due && result.tokens.find((token) => token.kind === 'due');
  if (dueToken) {
    const civil = first.length === 10 ? null : civilDateTime(new Date(first), ctx.timeZone);
    dueToken.label = civil ? dueLabel(ctx, civil.date, civil.hour * 60 + civil.minute) : dueLabel(ctx, first, null);
  }
}

function buildTitle(text: string, words: Word[], tokens: Token[]): string {
  // "(tomorrow)" -> drop the brackets with the phrase.
  const cuts: [number, number][] = tokens.map(({ start, end }) =>
    text[start - 1] === '(' && text[end] === ')' ? [start - 1, end + 1] : [start, end],
  );
  for (const word of words) if (word.escape >= 0) cuts.push([word.escape, word.escape + 1]);
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of cuts) {
    out += text.slice(at, start);
    // A removed phrase followed by punctuation: "Call Bob tomorrow, then" -> "Call Bob, then".
    if (end - start > 1 && /^[,.;:!?]/.test(text.slice(end, end + 1))) {
      out = out.replace(/\s+$/, '');
    }
    at = end;
  }
  out += text.slice(at);
  out = out.replace(/\s+/g, ' ').trim();
  // Punctuation left dangling by a token removed at either end: "Tomorrow: call Bob", "Call Bob - fri".
  const firstChar = text.search(/\S/);
  const lastChar = text.search(/\S\s*$/);
  const removed = (offset: number) => tokens.some((token) => token.start <= offset + 1 && offset - 1 < token.end);
  if (removed(firstChar)) out = out.replace(/^[\s,;:\u2013\u2014-]+/, '');
  if (removed(lastChar)) out = out.replace(/[\s,;:\u2013\u2014-]+$/, '');
  return out;
}
