// Reading the dates other apps write (ISO days and instants, "12/03/2026", "Dec 3 2026 5pm", Todoist's "every
// monday at 9am") with the quick add parser, so an import understands what a person would type.
import type { DateOrder } from '@@/shared/dates';
import { parseQuickAdd } from '@@/shared/quick-add';
import type { Recurrence } from '@@/shared/recurrence';

export interface DateReading {
  timeZone?: string;
  dateOrder?: DateOrder;
  now: Date;
}

export type ReadDate = { dueAt: string | null; recurrence: Recurrence | null } | null;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A due (and repeat) from a date cell; `{dueAt: null}` for an empty cell; null when the text is not a date. */
export function readDate(text: string, reading: DateReading): ReadDate {
  const value = text.trim();
  if (!value) return { dueAt: null, recurrence: null };
  if (ISO_DAY.test(value)) return Number.isNaN(Date.parse(value)) ? null : { dueAt: value, recurrence: null };
  if (ISO_INSTANT.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : { dueAt: new Date(ms).toISOString(), recurrence: null };
  }
  // "2026-12-03 17:00" (spreadsheets, our own CSV): a wall time in the person's zone.
  const spaced = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::\d{2})?$/.exec(value);
  const input = spaced ? `${spaced[1]} at ${spaced[2]}:${spaced[3]}` : value;
  const parsed = parseQuickAdd(input, {
    now: reading.now,
    projects: [],
    ...(reading.timeZone ? { timeZone: reading.timeZone } : {}),
    ...(reading.dateOrder ? { dateOrder: reading.dateOrder } : {}),
  });
  // Every word must have been read as a date: "ASAP" or "next blue moon" is not one.
  if (parsed.title.trim() !== '' || (!parsed.dueAt && !parsed.recurrence)) return null;
  return { dueAt: parsed.dueAt, recurrence: parsed.recurrence };
}
