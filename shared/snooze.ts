// Snooze: move a task's due later, never earlier, keeping its time of day. Presets (later today, tomorrow,
// next week) and "Snooze until…" with the words of quick add ("fri 5pm", "in 3 days", "12/24").
//
// Rules:
// - The day a preset counts from is the later of today and the task's due day: snoozing "Gym" (due Sun 18:30)
//   to tomorrow on a Tuesday gives Monday 18:30, not Wednesday; a late task counts from today.
// - A timed due keeps its wall-clock time on the new day; a date-only due stays date-only.
// - "Later today" is 3 hours from now, rounded up to the hour (a time, even for a date-only task); it is offered
//   only while that is still today and not before the current due.
// - A typed phrase that reads as a day only keeps the task's time of day; one that is earlier than the current
//   due, or has no date in it, is refused with a plain reason (nothing changes).
// Pure: `now`, the IANA zone and the numeric date order are passed in.

import { addDays, civilDateTime, civilToInstant, type DateOrder, formatDue, isDateOnly, nextMondayKey } from './dates';
import { parseQuickAdd, type QuickAddOptions } from './quick-add';

export type SnoozePreset = 'laterToday' | 'tomorrow' | 'nextWeek';

export interface SnoozeContext {
  now: Date;
  timeZone?: string;
  dateOrder?: DateOrder;
  /** The language the words are read in (quick add's `language`, `locale`, chip words…). */
  language?: Partial<Pick<QuickAddOptions, 'language' | 'locale' | 'dateOrder'>>;
}

interface DueParts {
  key: string;
  minutes: number | null;
}

function partsOf(dueAt: string, timeZone: string | undefined): DueParts | null {
  if (isDateOnly(dueAt)) return { key: dueAt, minutes: null };
  const ms = Date.parse(dueAt);
  if (Number.isNaN(ms)) return null;
  const civil = civilDateTime(new Date(ms), timeZone);
  return { key: civil.date, minutes: civil.hour * 60 + civil.minute };
}

function onDay(key: string, minutes: number | null, timeZone: string | undefined): string {
  if (minutes === null) return key;
  return civilToInstant(key, Math.floor(minutes / 60), minutes % 60, timeZone).toISOString();
}

/** When a due value falls, for comparing a date-only due (its end of day) with an instant. */
function dueMoment(dueAt: string, timeZone: string | undefined): number {
  if (!isDateOnly(dueAt)) return Date.parse(dueAt);
  return civilToInstant(addDays(dueAt, 1), 0, 0, timeZone).getTime() - 1;
}

/** True when `next` is not earlier than `current` (a date-only due on the same day is not earlier). */
export function isNotEarlier(current: string | null, next: string, timeZone?: string): boolean {
  if (!current) return true;
  if (isDateOnly(current) && isDateOnly(next)) return next >= current;
  if (isDateOnly(next)) return next >= (partsOf(current, timeZone)?.key ?? next);
  if (isDateOnly(current)) return next.length > 0 && (partsOf(next, timeZone)?.key ?? '') >= current;
  return dueMoment(next, timeZone) >= dueMoment(current, timeZone);
}

/**
 * The new due of a preset, or null when the preset would not move the task later ("later today" for a task
 * due tomorrow, or after today's last hours).
 */
export function snoozePreset(dueAt: string | null, preset: SnoozePreset, context: SnoozeContext): string | null {
  const { now, timeZone } = context;
  const today = civilDateTime(now, timeZone).date;
  const current = dueAt ? partsOf(dueAt, timeZone) : null;
  if (preset === 'laterToday') {
    const hour = new Date(Math.ceil((now.getTime() + 3 * 3_600_000) / 3_600_000) * 3_600_000);
    if (civilDateTime(hour, timeZone).date !== today) return null;
    const next = hour.toISOString();
    if (dueAt && current && !isDateOnly(dueAt) && Date.parse(dueAt) >= hour.getTime()) return null;
    if (current && current.key > today) return null;
    return next;
  }
  const base = current && current.key > today ? current.key : today;
  const key = preset === 'tomorrow' ? addDays(base, 1) : nextMondayKey(base);
  return onDay(key, current?.minutes ?? null, timeZone);
}

/** `reason` lets a UI say it in its own language; `error` is the English sentence. */
export type SnoozeResult =
  | { ok: true; dueAt: string }
  | { ok: false; error: string; reason: 'empty' | 'notADate' | 'earlier'; shown: string };

/** "Snooze until…": read the words as quick add does, keep the time of day, refuse an earlier due. */
export function snoozeUntil(dueAt: string | null, phrase: string, context: SnoozeContext): SnoozeResult {
  const { now, timeZone } = context;
  const words = phrase.trim();
  if (!words)
    return {
      ok: false,
      reason: 'empty',
      shown: '',
      error: 'Type when, for example “fri”, “in 3 days” or “dec 24 9am”.',
    };
  const parsed = parseQuickAdd(words, {
    ...context.language,
    now,
    projects: [],
    ...(timeZone ? { timeZone } : {}),
    ...(context.dateOrder ? { dateOrder: context.dateOrder } : {}),
  });
  if (!parsed.dueAt || parsed.recurrence) {
    return {
      ok: false,
      reason: 'notADate',
      shown: words.slice(0, 60),
      error: `“${words.slice(0, 60)}” does not read as a date. Try “tomorrow”, “fri 5pm”, “in 3 days” or “12/24”.`,
    };
  }
  let next = parsed.dueAt;
  const current = dueAt ? partsOf(dueAt, timeZone) : null;
  // A day alone keeps the task's time of day.
  if (isDateOnly(next) && current?.minutes != null) next = onDay(next, current.minutes, timeZone);
  if (!isNotEarlier(dueAt, next, timeZone)) {
    const shown = dueAt ? formatDue(dueAt, now).text : '';
    return {
      ok: false,
      reason: 'earlier',
      shown,
      error: `That is earlier than its due date (${shown}). Snooze only moves a task later; edit the task to change its date.`,
    };
  }
  return { ok: true, dueAt: next };
}
