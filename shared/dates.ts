// Due dates in the user's local time: list sections, one sortable index key for date-only and timed dues,
// short relative labels ("today 17:00", "Fri", "3 days late"), snooze targets and time-zone helpers.
//
// A due is either a date-only `YYYY-MM-DD` (due some time that day) or an ISO instant. Everything here
// reads "local" as the runtime's time zone, except the `civil*` helpers which take an optional IANA zone.
//
// Sort key (`dueSortKey`), stored in the `[openDue]` index:
//   timed due     -> its LOCAL wall time  `2026-11-27T17:00:00.000`
//   date-only due -> `2026-11-27~`  ('~' sorts after 'T', so after every timed due of that day,
//                                     and before `2026-11-28…` because the date prefix decides first)
//   no due        -> `~`             (after every key that starts with a digit)
// With `sectionKeys(now)`:
//   overdue  = key <  overdueBefore             (overdueBefore = local wall time of `now`, ms precision)
//   today    = overdueBefore <= key < todayUntil (todayUntil = tomorrow's date key, `2026-11-26`)
//   upcoming = todayUntil <= key < noDue
//   no date  = key == noDue ('~')
// So a date-only task due today (`2026-11-25~`) is never overdue during that day (it is greater than any
// `2026-11-25T…`), a timed task due earlier today is overdue as soon as its instant has passed, and a
// date-only task of yesterday (`2026-11-24~`) is overdue. Caveat: keys are local wall time at write time;
// if the device changes time zone, recompute the stored keys (the sections can be off by the zone shift
// until then), and during a DST fall-back hour two instants can share a key order.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The key that sorts after every due key: tasks without a due date. */
export const NO_DUE_KEY = '~';

export type Section = 'overdue' | 'today' | 'upcoming' | 'none' | 'doneToday' | 'doneEarlier';

export interface SectionKeys {
  /** Keys strictly below this are overdue. */
  overdueBefore: string;
  /** Keys from `overdueBefore` up to (excluding) this are due today; from here on, upcoming. */
  todayUntil: string;
  /** The key of tasks with no due date (`'~'`); upcoming is `[todayUntil, noDue)`. */
  noDue: string;
}

export interface DayBounds extends SectionKeys {
  /** Local date keys, `YYYY-MM-DD`. */
  today: string;
  tomorrow: string;
  /** Local midnights as ISO instants (UTC `Z`), e.g. to compare `completedAt`. */
  startOfToday: string;
  startOfTomorrow: string;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** True for a date-only due (`2026-11-27`), false for an instant. */
export function isDateOnly(due: string): boolean {
  return DATE_ONLY.test(due);
}

function parseKey(key: string): [number, number, number] {
  const match = DATE_ONLY.exec(key);
  if (!match) throw new RangeError(`Expected a YYYY-MM-DD date, got ${JSON.stringify(key).slice(0, 40)}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function utcDayMs(key: string): number {
  const [y, m, d] = parseKey(key);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime();
}

function keyFromUtcMs(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Builds a date key, or null when the day does not exist (Feb 30). */
export function makeDateKey(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const key = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return keyFromUtcMs(utcDayMs(key)) === key ? key : null;
}

/** The local calendar date of an instant, `YYYY-MM-DD`. */
export function toLocalDateKey(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Adds calendar days: to a date key (pure calendar arithmetic), or to a Date (same local wall time). */
export function addDays(dateKey: string, days: number): string;
export function addDays(date: Date, days: number): Date;
export function addDays(value: string | Date, days: number): string | Date {
  if (typeof value === 'string') return keyFromUtcMs(utcDayMs(value) + days * DAY_MS);
  const out = new Date(value.getTime());
  out.setDate(out.getDate() + days);
  return out;
}

/** Adds months to a date key, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(dateKey: string, months: number): string {
  const [y, m, d] = parseKey(dateKey);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  for (let day = d; day >= 28; day--) {
    const key = makeDateKey(year, month, day);
    if (key) return key;
  }
  return makeDateKey(year, month, Math.min(d, 28)) as string;
}

/** Whole calendar days from `fromKey` to `toKey` (positive when `toKey` is later). */
export function diffDays(fromKey: string, toKey: string): number {
  return Math.round((utcDayMs(toKey) - utcDayMs(fromKey)) / DAY_MS);
}

/** Day of the week of a date key, 0 = Sunday … 6 = Saturday. */
export function weekdayOfKey(dateKey: string): number {
  return new Date(utcDayMs(dateKey)).getUTCDay();
}

/** The Monday strictly after `dateKey` (weeks start on Monday; on a Sunday this is the next day). */
export function nextMondayKey(dateKey: string): string {
  const weekday = weekdayOfKey(dateKey);
  return addDays(dateKey, (8 - weekday) % 7 || 7);
}

function localInstantKey(date: Date): string {
  return `${toLocalDateKey(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(
    date.getMilliseconds(),
    3,
  )}`;
}

/**
 * A string that orders dues in one index: timed dues by local wall time, a date-only due after the timed dues
 * of its day, no due (or an unreadable one) last. See the header comment for the section ranges.
 */
export function dueSortKey(dueAt: string | null | undefined): string {
  if (!dueAt) return NO_DUE_KEY;
  if (DATE_ONLY.test(dueAt)) return `${dueAt}~`;
  const ms = Date.parse(dueAt);
  return Number.isNaN(ms) ? NO_DUE_KEY : localInstantKey(new Date(ms));
}

/**
 * The key of an open task in the `[openDue]` index: its due key; for a task with a start date but no due, the
 * start date (`2026-12-07~`), so Upcoming lists it on the day work can start, Today on that day. Once the start
 * date has passed such a task falls in the overdue range: `startedWithoutDue` tells the UI to show it in Today
 * ("started Mon") rather than as late, since nothing is due.
 */
export function openDueKey(task: { dueAt: string | null; startAt?: string | null | undefined }): string {
  if (task.dueAt) return dueSortKey(task.dueAt);
  if (task.startAt && DATE_ONLY.test(task.startAt)) return `${task.startAt}~`;
  return NO_DUE_KEY;
}

/** A task listed by its start date that has no due: never late. */
export function startedWithoutDue(task: { dueAt: string | null; startAt?: string | null | undefined }): boolean {
  return !task.dueAt && !!task.startAt;
}

/** The boundary keys of the Overdue / Today / Upcoming / No date sections at `now`. */
export function sectionKeys(now: Date): SectionKeys {
  return {
    overdueBefore: localInstantKey(now),
    todayUntil: addDays(toLocalDateKey(now), 1),
    noDue: NO_DUE_KEY,
  };
}

/** Today's and tomorrow's local date keys and midnights, plus the section keys. */
export function dayBounds(now: Date): DayBounds {
  const today = toLocalDateKey(now);
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const startOfTomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return {
    today,
    tomorrow: addDays(today, 1),
    startOfToday: startOfToday.toISOString(),
    startOfTomorrow: startOfTomorrow.toISOString(),
    ...sectionKeys(now),
  };
}

/** The popup section of a task at `now`, consistent with the index ranges of `sectionKeys`. */
export function sectionOf(
  task: { dueAt: string | null; status: string; completedAt: string | null },
  now: Date,
): Section {
  if (task.status === 'done') {
    const completed = task.completedAt ? Date.parse(task.completedAt) : Number.NaN;
    const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    return completed >= startOfToday ? 'doneToday' : 'doneEarlier';
  }
  const key = dueSortKey(task.dueAt);
  if (key === NO_DUE_KEY) return 'none';
  const keys = sectionKeys(now);
  if (key < keys.overdueBefore) return 'overdue';
  if (key < keys.todayUntil) return 'today';
  return 'upcoming';
}

export interface DueLabel {
  /** Short relative text: "today 17:00", "tomorrow", "Fri", "Fri 09:30", "Dec 3", "yesterday", "3 days late". */
  text: string;
  /** The due has passed (a date-only due passes at the end of its day): show it in red. */
  isLate: boolean;
}

/** Beyond this many days late, show the date ("Oct 3") rather than "45 days late". */
const LATE_DAYS_MAX = 30;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, kind: 'weekday' | 'monthDay' | 'monthDayYear'): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${kind}`;
  let format = formatters.get(cacheKey);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'weekday'
        ? { weekday: 'short' }
        : kind === 'monthDay'
          ? { month: 'short', day: 'numeric' }
          : { month: 'short', day: 'numeric', year: 'numeric' };
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat('en-US', options);
    }
    formatters.set(cacheKey, format);
  }
  return format;
}

/**
 * Short relative text for a due, in local time (24-hour clock; `locale` names weekdays and months,
 * default `en-US`; `words` the relative days, default English). Null gives `{ text: '', isLate: false }`.
 */
export interface DueWords {
  yesterday: string;
  today: string;
  tomorrow: string;
  daysLate: (days: number) => string;
}
const ENGLISH_DUE_WORDS: DueWords = {
  yesterday: 'yesterday',
  today: 'today',
  tomorrow: 'tomorrow',
  daysLate: (days) => `${days} days late`,
};

export function formatDue(
  dueAt: string | null | undefined,
  now: Date,
  locale = 'en-US',
  words: DueWords = ENGLISH_DUE_WORDS,
): DueLabel {
  if (!dueAt) return { text: '', isLate: false };
  const today = toLocalDateKey(now);
  let dayKey: string;
  let time = '';
  let isLate: boolean;
  let noon: Date;
  if (DATE_ONLY.test(dueAt)) {
    dayKey = dueAt;
    isLate = dueAt < today;
    const [y, m, d] = parseKey(dueAt);
    noon = new Date(y, m - 1, d, 12);
  } else {
    const ms = Date.parse(dueAt);
    if (Number.isNaN(ms)) return { text: '', isLate: false };
    const due = new Date(ms);
    dayKey = toLocalDateKey(due);
    time = `${pad(due.getHours())}:${pad(due.getMinutes())}`;
    isLate = ms < now.getTime();
    noon = due;
  }
  const days = diffDays(today, dayKey);
  const withTime = (text: string) => (time ? `${text} ${time}` : text);
  const dateText = () =>
    formatter(locale, dayKey.slice(0, 4) === today.slice(0, 4) ? 'monthDay' : 'monthDayYear').format(noon);
  let text: string;
  if (days === -1) text = words.yesterday;
  else if (days < -1) text = -days <= LATE_DAYS_MAX ? words.daysLate(-days) : dateText();
  else if (days === 0) text = withTime(words.today);
  else if (days === 1) text = withTime(words.tomorrow);
  else if (days <= 6) text = withTime(formatter(locale, 'weekday').format(noon));
  else text = withTime(dateText());
  return { text, isLate };
}

/** The order in which a locale writes numeric dates: 25/12/2026 (dmy), 12/25/2026 (mdy), 2026/12/25 (ymd). */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** The numeric date order of `locale` (default: the runtime's), from `Intl.DateTimeFormat().formatToParts`. */
export function dateOrderOf(locale?: string): DateOrder {
  let order = '';
  try {
    for (const part of new Intl.DateTimeFormat(locale).formatToParts(new Date(Date.UTC(2026, 11, 25, 12)))) {
      if (part.type === 'day' || part.type === 'month' || part.type === 'year') order += part.type[0];
    }
  } catch {
    return 'mdy';
  }
  return order === 'dmy' || order === 'ymd' ? order : 'mdy';
}

export type SnoozeKind = 'tomorrow' | 'nextWeek';

/** The date-only due a snooze sets: tomorrow, or the Monday of next week. */
export function snoozeTarget(kind: SnoozeKind, now: Date): string {
  const today = toLocalDateKey(now);
  return kind === 'tomorrow' ? addDays(today, 1) : nextMondayKey(today);
}

// ---------------------------------------------------------------------------------------------------------
// Civil (wall-clock) time in an explicit IANA zone, for callers that must not depend on the runtime's zone.

export interface CivilDateTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let format = zoneFormatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null; // unknown zone: fall back to the runtime's zone
    }
    zoneFormatters.set(timeZone, format);
  }
  return format;
}

/** Wall-clock date and time of an instant in `timeZone` (default, or unknown zone: the runtime's zone). */
export function civilDateTime(instant: Date, timeZone?: string): CivilDateTime {
  const format = timeZone ? zoneFormatter(timeZone) : null;
  if (!format) {
    return {
      date: toLocalDateKey(instant),
      hour: instant.getHours(),
      minute: instant.getMinutes(),
      second: instant.getSeconds(),
      weekday: instant.getDay(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const date = `${pad(parts.year ?? 1970, 4)}-${pad(parts.month ?? 1)}-${pad(parts.day ?? 1)}`;
  return {
    date,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    weekday: weekdayOfKey(date),
  };
}

/** The instant at which the wall clock in `timeZone` shows `dateKey hour:minute` (default: runtime zone). */
export function civilToInstant(dateKey: string, hour: number, minute: number, timeZone?: string): Date {
  const [y, m, d] = parseKey(dateKey);
  if (!timeZone || !zoneFormatter(timeZone)) return new Date(y, m - 1, d, hour, minute);
  const wall = utcDayMs(dateKey) + (hour * 60 + minute) * 60_000;
  const offsetAt = (ms: number) => {
    const civil = civilDateTime(new Date(ms), timeZone);
    const asUtc = utcDayMs(civil.date) + ((civil.hour * 60 + civil.minute) * 60 + civil.second) * 1000;
    return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
  };
  const first = offsetAt(wall);
  const instant = wall - first;
  const second = offsetAt(instant);
  if (second === first) return new Date(instant);
  const retry = wall - second;
  if (offsetAt(retry) === second) return new Date(retry);
  // A wall time skipped by a DST jump (02:30 on a spring-forward night): move forward, as Date does locally.
  return new Date(Math.max(instant, retry));
}
