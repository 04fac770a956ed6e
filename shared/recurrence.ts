// Recurring tasks: an RFC 5545 RRULE (the `rrule` package does the calendar arithmetic) plus a mode, the
// readable sentence of a rule, the first occurrence of a new rule, and what completing, skipping or stopping
// a recurring task writes. Pure functions; `now` and the IANA time zone are always passed in.
//
// Model. A task's `recurrence` is `{ rule: 'FREQ=WEEKLY;BYDAY=MO,FR', mode: 'due' | 'completion' }`. The rule
// has no DTSTART: the task's current `dueAt` is the occurrence, and its wall-clock time of day (in the zone
// of the device that completes it) is the time of every occurrence. Rules are evaluated in "floating" wall
// time (UTC used as a wall clock), so 09:00 stays 09:00 across DST changes.
// - mode 'due' (Todoist's "every"): the next occurrence is the first one of the rule strictly after the
//   completed occurrence; for a task that was already late, the first one from the moment of completion on,
//   so a daily task that is three days late moves to today (or tomorrow, once today's time has passed).
// - mode 'completion' ("after completion every 3 days", Todoist's "every!"): the rule is applied from the
//   day of completion.
// Convergence. Completing writes `dueAt`, `timesDone` and `lastCompletedAt` in one patch (one HLC per field,
// all from the same write). The new `dueAt` depends only on (rule, completed occurrence) for a task that is
// not late (for a late one, on the completion day too),
// and `timesDone` only on the completed task's count, so two devices completing the same occurrence on the
// same day offline write the same `dueAt` and the same `timesDone` (last writer wins then picks one of two
// equal values: one next occurrence, counted once). On different days both values still come from one writer,
// since every field of the patch carries the same HLC, so the row never mixes two completions.

import type { Options as RRuleOptions } from 'rrule';
import * as rruleModule from 'rrule';
import { addDays, civilDateTime, civilToInstant, diffDays, isDateOnly, makeDateKey } from './dates';
import type { Task, TaskPatch } from './schemas/task';

// rrule ships a UMD main and an ESM `module`: Node sees the CommonJS namespace under `default`, bundlers the
// named exports. Accept both.
const rrule = (
  (rruleModule as { RRule?: unknown }).RRule
    ? rruleModule
    : (rruleModule as unknown as { default: typeof rruleModule }).default
) as typeof rruleModule;
const { RRule } = rrule;

export type RecurrenceMode = 'due' | 'completion';
export interface Recurrence {
  /** RRULE body without `RRULE:` or DTSTART, e.g. `FREQ=MONTHLY;BYMONTHDAY=-1`. */
  rule: string;
  mode: RecurrenceMode;
}

/** The fields of a task this module reads. */
export type RecurringTaskLike = Pick<Task, 'dueAt' | 'status'> &
  Partial<Pick<Task, 'recurrence' | 'timesDone' | 'lastCompletedAt'>>;

const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const FREQ_UNITS: Record<number, string> = {
  [RRule.YEARLY]: 'year',
  [RRule.MONTHLY]: 'month',
  [RRule.WEEKLY]: 'week',
  [RRule.DAILY]: 'day',
};
/** Rules a task may carry: daily and coarser (an hourly "task" is an alarm, not a task). */
const ALLOWED_FREQS = new Set([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);
/** Searching further than this for an occurrence means the rule never fires again (or is absurd). */
const SEARCH_YEARS = 30;

/** Parsed options of a rule, or null when it is not a rule a task may carry. */
export function ruleOptions(rule: string): Partial<RRuleOptions> | null {
  if (!rule || rule.length > 300 || !/^FREQ=/.test(rule)) return null;
  try {
    const options = RRule.parseString(rule);
    if (options.freq === undefined || !ALLOWED_FREQS.has(options.freq)) return null;
    if (options.count !== undefined && options.count !== null) return null; // needs a fixed DTSTART; not used
    if (options.interval !== undefined && (options.interval < 1 || options.interval > 999)) return null;
    // rrule walks to year 9999 looking for a day that cannot exist (Feb 30): refuse such rules up front.
    const months = numbers(options.bymonth);
    const days = numbers(options.bymonthday).filter((day) => day > 0);
    if (months.length && days.length && !months.some((m) => days.some((d) => makeDateKey(2028, m, d)))) return null;
    new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1)) });
    return options;
  } catch {
    return null;
  }
}

export function isValidRule(rule: string): boolean {
  return ruleOptions(rule) !== null;
}

/** A rule string from options (the canonical form written to tasks). */
export function ruleString(options: Partial<RRuleOptions>): string {
  const { dtstart: _d, tzid: _t, ...rest } = options;
  return RRule.optionsToString(rest).replace(/^RRULE:/, '');
}

// --------------------------------------------------------------------------------------------- wall time

/** A wall-clock moment in floating time: a UTC Date whose UTC fields are the wall clock. */
function floating(dateKey: string, minutes: number): Date {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60));
}

function floatingKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

interface Occurrence {
  /** Local date of the occurrence. */
  key: string;
  /** Minutes after midnight, or null for a date-only due. */
  minutes: number | null;
}

function occurrenceOf(dueAt: string, timeZone: string | undefined): Occurrence {
  if (isDateOnly(dueAt)) return { key: dueAt, minutes: null };
  const civil = civilDateTime(new Date(dueAt), timeZone);
  return { key: civil.date, minutes: civil.hour * 60 + civil.minute };
}

function dueOf(occurrence: Occurrence, timeZone: string | undefined): string {
  if (occurrence.minutes === null) return occurrence.key;
  return civilToInstant(
    occurrence.key,
    Math.floor(occurrence.minutes / 60),
    occurrence.minutes % 60,
    timeZone,
  ).toISOString();
}

/**
 * The first occurrence of `rule` anchored at `anchor` (its DTSTART) that is after `after` (or equal, when
 * `inclusive`), at the anchor's time of day. Null when the rule ends (UNTIL) or is invalid.
 */
function nextFrom(
  rule: string,
  anchor: Occurrence,
  after: { key: string; minutes: number },
  inclusive: boolean,
): Occurrence | null {
  const options = ruleOptions(rule);
  if (!options) return null;
  const minutes = anchor.minutes ?? 0;
  const dtstart = floating(anchor.key, minutes);
  const limit = floating(addDays(after.key, 366 * SEARCH_YEARS), 0);
  // `between` with an iterator that stops at the first hit: bounded, so a rule that never fires (Feb 30)
  // costs a bounded scan instead of a walk to year 9999.
  const [found] = new RRule({ ...options, dtstart }).between(
    floating(after.key, after.minutes),
    limit,
    inclusive,
    (_date, index) => index < 1,
  );
  if (!found) return null;
  return { key: floatingKey(found), minutes: anchor.minutes };
}

// --------------------------------------------------------------------------------------------- API

/**
 * The first due of a new recurring task: the first occurrence on or after `start` (a date key, default today),
 * at `minutes` after midnight (null: date-only). A timed occurrence today that has already passed is skipped.
 */
export function firstOccurrence(
  rule: string,
  options: { now: Date; timeZone?: string; start?: string | null; minutes: number | null },
): string | null {
  const civil = civilDateTime(options.now, options.timeZone);
  // A start in the past anchors the rhythm ("every 14 days starting nov 1"); the search begins today. rrule
  // walks every occurrence from the anchor, so a start more than a year back is not honoured (it is today).
  const past = options.start && options.start < civil.date;
  const anchorKey =
    past && diffDays(options.start as string, civil.date) > 366 ? civil.date : (options.start ?? civil.date);
  const anchor: Occurrence = { key: anchorKey, minutes: options.minutes };
  const start = options.start && options.start > civil.date ? options.start : civil.date;
  const nowMinutes = civil.hour * 60 + civil.minute;
  const after =
    options.minutes !== null && start === civil.date
      ? { key: start, minutes: nowMinutes }
      : { key: start, minutes: options.minutes ?? 0 };
  const inclusive = !(options.minutes !== null && start === civil.date);
  // Without a start in the past, the first matching day is the first occurrence: "every other monday" on a
  // Wednesday is the coming Monday (rrule would count the fortnight from the Wednesday's week).
  const search = anchor.key < civil.date ? rule : rule.replace(/;INTERVAL=\d+/, '').replace(/^INTERVAL=\d+;/, '');
  const found = nextFrom(search, anchor, after, inclusive);
  return found ? dueOf(found, options.timeZone) : null;
}

/**
 * The occurrence after the task's current one, as a due value, or null when the rule has ended. In mode
 * 'due' it is strictly after the current occurrence (and, for a task already late, the first one from `now`
 * on); in mode 'completion' it is the rule applied from the day of `now`. A task with no due counts from today.
 */
export function nextOccurrence(
  recurrence: Recurrence,
  dueAt: string | null,
  now: Date,
  timeZone?: string,
): string | null {
  const civil = civilDateTime(now, timeZone);
  const today = civil.date;
  const current = dueAt ? occurrenceOf(dueAt, timeZone) : { key: today, minutes: null };
  if (recurrence.mode === 'completion') {
    // The rule anchored at today, at the task's time of day: "every 3 days" is today + 3 days.
    const anchor = { key: today, minutes: current.minutes };
    const found = nextFrom(recurrence.rule, anchor, { key: today, minutes: current.minutes ?? 0 }, false);
    return found ? dueOf(found, timeZone) : null;
  }
  const minutes = current.minutes ?? 0;
  if (current.key >= today) {
    const found = nextFrom(recurrence.rule, current, { key: current.key, minutes }, false);
    return found ? dueOf(found, timeZone) : null;
  }
  // A late task catches up in one completion: the first occurrence from now on (today for a date-only due,
  // after the present minute for a timed one).
  const found =
    current.minutes === null
      ? nextFrom(recurrence.rule, current, { key: today, minutes: 0 }, true)
      : nextFrom(recurrence.rule, current, { key: today, minutes: civil.hour * 60 + civil.minute }, false);
  return found ? dueOf(found, timeZone) : null;
}

function recurrenceOf(task: RecurringTaskLike): Recurrence | null {
  const recurrence = task.recurrence;
  return recurrence && isValidRule(recurrence.rule) ? recurrence : null;
}

export function isRecurring(task: RecurringTaskLike): boolean {
  return recurrenceOf(task) !== null;
}

/**
 * What completing a recurring task writes: the next due, one more time done, the completion instant. The task
 * stays open. When the rule has no further occurrence, the task is completed for good (status done) and
 * stops repeating. Null for a task that does not repeat (complete it the ordinary way).
 */
export function completeOccurrence(task: RecurringTaskLike, now: Date, timeZone?: string): TaskPatch | null {
  const recurrence = recurrenceOf(task);
  if (!recurrence) return null;
  const next = nextOccurrence(recurrence, task.dueAt, now, timeZone);
  const history = { timesDone: (task.timesDone ?? 0) + 1, lastCompletedAt: now.toISOString() };
  if (next === null) return { ...history, status: 'done', recurrence: null };
  return { ...history, dueAt: next };
}

/** "Skip this one": move to the next occurrence without counting a completion. Null if it does not repeat. */
export function skipOccurrence(task: RecurringTaskLike, now: Date, timeZone?: string): TaskPatch | null {
  const recurrence = recurrenceOf(task);
  if (!recurrence) return null;
  // Skipping follows the calendar even for 'completion' rules: nothing was completed.
  const next = nextOccurrence({ ...recurrence, mode: 'due' }, task.dueAt, now, timeZone);
  return next === null ? { recurrence: null } : { dueAt: next };
}

/** "Stop repeating": keep the current due and history, drop the rule. */
export function stopRepeating(): TaskPatch {
  return { recurrence: null };
}

/** The patch that undoes a completion or a skip: the fields as they were before. */
export function undoPatch(task: RecurringTaskLike, patch: TaskPatch): TaskPatch {
  const before: Record<string, unknown> = {};
  for (const field of Object.keys(patch)) {
    const value = (task as Record<string, unknown>)[field];
    before[field] = value === undefined ? (field === 'timesDone' ? 0 : null) : value;
  }
  return before as TaskPatch;
}

// --------------------------------------------------------------------------------------------- sentences

/**
 * The words of the sentences, so the extension can give them in the person's language (from its _locales);
 * the default is English. Weekday and month names come from `Intl` in `locale`.
 */
export interface RecurrenceWords {
  locale: string;
  /** "every day", "every other week", "every 3 months". */
  every: (unit: 'day' | 'week' | 'month' | 'year', interval: number) => string;
  everyWeekday: string;
  everyWeekendDay: string;
  everyLastDayOfMonth: string;
  /** "every Monday". */
  everyDay: (weekday: string) => string;
  /** "every 2 weeks on Monday and Friday": `days` is the list of `weekdayItem`. */
  onDays: (every: string, days: string) => string;
  weekdayItem: (weekday: string) => string;
  /** "2nd Monday", "last Friday" (n = -1); an item of `onThe`. */
  nthWeekday: (n: number, weekday: string) => string;
  /** "2nd weekday", "last weekday". */
  nthWorkday: (n: number) => string;
  /** "every month on the 2nd Monday": `what` is a list of `nthWeekday` / `nthWorkday`. */
  onThe: (every: string, what: string) => string;
  /** "the 15th", "the last day" (n = -1), "the 2nd last day" (n = -2). */
  monthDay: (n: number) => string;
  /** "every month on the 1st and the 15th". */
  onMonthDays: (every: string, days: string) => string;
  /** "every year on December 25" / "on the last day of February" (day = -1). */
  onDate: (every: string, month: string, day: number) => string;
  /** "every year on the 2nd Monday of March". */
  onTheOf: (every: string, what: string, months: string) => string;
  /** "every year in March and September". */
  inMonths: (every: string, months: string) => string;
  until: (text: string, date: string) => string;
  at: (text: string, time: string) => string;
  afterCompletion: (text: string) => string;
  /** The short chip: "every weekday 09:00", "every 3 days after done". */
  chipTime: (text: string, time: string) => string;
  chipAfterDone: (text: string) => string;
  unreadable: string;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

export const ENGLISH_RECURRENCE_WORDS: RecurrenceWords = {
  locale: 'en-US',
  every: (unit, interval) =>
    interval === 1 ? `every ${unit}` : interval === 2 ? `every other ${unit}` : `every ${interval} ${unit}s`,
  everyWeekday: 'every weekday',
  everyWeekendDay: 'every weekend day',
  everyLastDayOfMonth: 'every last day of the month',
  everyDay: (weekday) => `every ${weekday}`,
  onDays: (every, days) => `${every} on ${days}`,
  weekdayItem: (weekday) => weekday,
  nthWeekday: (n, weekday) => (n === -1 ? `last ${weekday}` : n ? `${ordinal(n)} ${weekday}` : weekday),
  nthWorkday: (n) => `${n === -1 ? 'last' : ordinal(n)} weekday`,
  onThe: (every, what) => `${every} on the ${what}`,
  monthDay: (n) => (n === -1 ? 'the last day' : n < -1 ? `the ${ordinal(-n)} last day` : `the ${ordinal(n)}`),
  onMonthDays: (every, days) => `${every} on ${days}`,
  onDate: (every, month, day) => `${every} on ${day === -1 ? `the last day of ${month}` : `${month} ${day}`}`,
  onTheOf: (every, what, months) => `${every} on the ${what} of ${months}`,
  inMonths: (every, months) => `${every} in ${months}`,
  until: (text, date) => `${text} until ${date}`,
  at: (text, time) => `${text} at ${time}`,
  afterCompletion: (text) => `${text} after completion`,
  chipTime: (text, time) => `${text} ${time}`,
  chipAfterDone: (text) => `${text} after done`,
  unreadable: 'repeats (unreadable rule)',
};

const listFormats = new Map<string, Intl.ListFormat | null>();
function listOf(items: string[], locale: string): string {
  if (items.length <= 1) return items.join('');
  // English keeps "Monday, Tuesday and Friday" (no serial comma) as it always read.
  if (!listFormats.has(locale)) {
    let format: Intl.ListFormat | null = null;
    try {
      format = locale.startsWith('en') ? null : new Intl.ListFormat(locale, { type: 'conjunction' });
    } catch {
      format = null;
    }
    listFormats.set(locale, format);
  }
  const format = listFormats.get(locale);
  return format ? format.format(items) : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();
function nameFormat(locale: string, part: 'weekday' | 'month' | 'until'): Intl.DateTimeFormat {
  const key = `${locale}|${part}`;
  let format = nameFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      part === 'weekday'
        ? { weekday: 'long', timeZone: 'UTC' }
        : part === 'month'
          ? { month: 'long', timeZone: 'UTC' }
          : { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' };
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat('en-US', options);
    }
    nameFormats.set(key, format);
  }
  return format;
}

interface WeekdayLike {
  weekday: number;
  n?: number | undefined;
}

function weekdays(options: Partial<RRuleOptions>): WeekdayLike[] {
  const raw = options.byweekday;
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((day) => (typeof day === 'number' ? { weekday: day } : (day as WeekdayLike)));
}

function numbers(value: number | number[] | null | undefined): number[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** "every weekday", "every 2 weeks on Monday and Friday", "every month on the last day", "every year on December 25". */
export function describeRule(rule: string, words: RecurrenceWords = ENGLISH_RECURRENCE_WORDS): string {
  const options = ruleOptions(rule);
  if (!options) return words.unreadable;
  const locale = words.locale;
  const english = locale.startsWith('en');
  // rrule numbers weekdays from Monday = 0; 2026-11-30 is a Monday. English keeps its own capitalised names.
  const weekdayName = (day: WeekdayLike) =>
    english
      ? (WEEKDAY_NAMES[(day.weekday + 1) % 7] as string)
      : nameFormat(locale, 'weekday').format(new Date(Date.UTC(2026, 10, 30 + day.weekday)));
  const monthName = (month: number) =>
    english
      ? (MONTH_NAMES[month - 1] as string)
      : nameFormat(locale, 'month').format(new Date(Date.UTC(2026, month - 1, 1)));
  const list = (items: string[]) => listOf(items, locale);
  const nth = (day: WeekdayLike) => words.nthWeekday(day.n ?? 0, weekdayName(day));
  const interval = options.interval ?? 1;
  const unit = FREQ_UNITS[options.freq as number] as 'day' | 'week' | 'month' | 'year';
  const every = words.every(unit, interval);
  const days = weekdays(options);
  const monthDays = numbers(options.bymonthday);
  const months = numbers(options.bymonth);
  const setpos = numbers(options.bysetpos);
  let text: string;
  const codes = days.map((day) => WEEKDAY_CODES[(day.weekday + 1) % 7]).join(',');
  if (options.freq === RRule.WEEKLY || (options.freq === RRule.DAILY && days.length)) {
    if (codes === 'MO,TU,WE,TH,FR' && interval === 1) text = words.everyWeekday;
    else if (codes === 'SA,SU' && interval === 1) text = words.everyWeekendDay;
    else if (days.length === 1 && interval === 1) text = words.everyDay(weekdayName(days[0] as WeekdayLike));
    else if (days.length) text = words.onDays(every, list(days.map((day) => words.weekdayItem(weekdayName(day)))));
    else text = every;
  } else if (options.freq === RRule.MONTHLY) {
    if (codes === 'MO,TU,WE,TH,FR' && setpos.length === 1)
      text = words.onThe(every, words.nthWorkday(setpos[0] as number));
    else if (days.length) text = words.onThe(every, list(days.map(nth)));
    else if (monthDays.length === 1 && monthDays[0] === -1 && interval === 1) text = words.everyLastDayOfMonth;
    else if (monthDays.length) text = words.onMonthDays(every, list(monthDays.map(words.monthDay)));
    else text = every;
  } else if (options.freq === RRule.YEARLY) {
    if (months.length === 1 && monthDays.length === 1) {
      text = words.onDate(every, monthName(months[0] as number), monthDays[0] as number);
    } else if (months.length && days.length) {
      text = words.onTheOf(every, list(days.map(nth)), list(months.map(monthName)));
    } else if (months.length) text = words.inMonths(every, list(months.map(monthName)));
    else text = every;
  } else {
    text = days.length ? words.onDays(every, list(days.map((day) => words.weekdayItem(weekdayName(day))))) : every;
  }
  if (options.until) {
    const until = options.until.toISOString().slice(0, 10);
    const date = english
      ? `${MONTH_NAMES[Number(until.slice(5, 7)) - 1]?.slice(0, 3)} ${Number(until.slice(8, 10))}, ${until.slice(0, 4)}`
      : nameFormat(locale, 'until').format(new Date(`${until}T12:00:00Z`));
    text = words.until(text, date);
  }
  return text;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The sentence for a task: "every weekday at 09:00", "every 3 days after completion". `dueAt` gives the time
 * of day (in `timeZone`), when the task has one.
 */
export function describeRecurrence(
  recurrence: Recurrence,
  dueAt: string | null,
  timeZone?: string,
  words: RecurrenceWords = ENGLISH_RECURRENCE_WORDS,
): string {
  let text = describeRule(recurrence.rule, words);
  if (dueAt && !isDateOnly(dueAt)) {
    const occurrence = occurrenceOf(dueAt, timeZone);
    if (occurrence.minutes !== null) text = words.at(text, hhmm(occurrence.minutes));
  }
  if (recurrence.mode === 'completion') text = words.afterCompletion(text);
  return text;
}

/** The short chip text: "every weekday 09:00". */
export function recurrenceLabel(
  recurrence: Recurrence,
  minutes: number | null,
  words: RecurrenceWords = ENGLISH_RECURRENCE_WORDS,
): string {
  let text = describeRule(recurrence.rule, words);
  if (minutes !== null) text = words.chipTime(text, hhmm(minutes));
  if (recurrence.mode === 'completion') text = words.chipAfterDone(text);
  return text;
}

/** Weekday codes in rrule's numbering (Monday = 0), for callers building options. */
export const RRULE_WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
export const RRULE_FREQ = { daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY, yearly: RRule.YEARLY };
