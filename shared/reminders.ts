// Reminders of a task: when one is due to fire, from the task's due, its reminder choice and the person's
// preferences (a device setting, never synced). Pure: the time zone is passed in (default: the runtime's).
//
// Rules:
// - `task.reminder` is minutes before the due (0 = at the due time), 'none', or null/absent = the person's
//   default (`prefs.defaultMinutes`, itself null for "don't remind").
// - A timed due counts from its instant. A date-only due counts from `prefs.allDayMinutes` on that day
//   (09:00 by default): "1 day before" a task due on Friday reminds on Thursday at 09:00. A date-only task
//   with the default choice is reminded only when `prefs.remindAllDay` is on (then at that time of the day).
// - A reminder snoozed from its notification (`reminderSnooze`) comes back at `until` while the due is still the
//   one it was snoozed for; a new due (an edit, "Tomorrow", the next occurrence of a repeat) voids the snooze.
// - No due, or a task that is done or deleted: no reminder.

import { civilToInstant, isDateOnly } from './dates';
import type { Task } from './schemas/task';

export interface ReminderPrefs {
  /** Minutes before the due of a timed task with the default choice; null: no reminder by default. */
  defaultMinutes: number | null;
  /** Remind of date-only tasks with the default choice (at `allDayMinutes` on their day). */
  remindAllDay: boolean;
  /** The time of day a date-only due counts from, in minutes after midnight. */
  allDayMinutes: number;
}

export const DEFAULT_REMINDER_PREFS: ReminderPrefs = { defaultMinutes: 0, remindAllDay: false, allDayMinutes: 9 * 60 };

/** The choices the editor and the settings offer, in minutes before the due. */
export const REMINDER_OFFSETS = [0, 5, 10, 15, 30, 60, 120, 24 * 60, 2 * 24 * 60, 7 * 24 * 60] as const;

export type ReminderTask = Pick<Task, 'dueAt' | 'status'> &
  Partial<Pick<Task, 'reminder' | 'reminderSnooze'>> & { deleted?: boolean };

/** The instant a due counts from (a date-only due: its day at `allDayMinutes`), in ms; null without a due. */
export function dueMoment(dueAt: string | null, prefs: ReminderPrefs, timeZone?: string): number | null {
  if (!dueAt) return null;
  if (isDateOnly(dueAt)) {
    const minutes = prefs.allDayMinutes;
    return civilToInstant(dueAt, Math.floor(minutes / 60), minutes % 60, timeZone).getTime();
  }
  const ms = Date.parse(dueAt);
  return Number.isNaN(ms) ? null : ms;
}

/** Minutes before the due this task reminds at, or null for no reminder (its choice, else the default). */
export function reminderOffset(task: ReminderTask, prefs: ReminderPrefs): number | null {
  const choice = task.reminder;
  if (choice === 'none') return null;
  if (typeof choice === 'number') return choice;
  if (task.dueAt && isDateOnly(task.dueAt)) return prefs.remindAllDay ? 0 : null;
  return prefs.defaultMinutes;
}

/** When this task's reminder fires (ms), snooze included; null when it has none. */
export function reminderAt(task: ReminderTask, prefs: ReminderPrefs, timeZone?: string): number | null {
  if (task.deleted || task.status === 'done') return null;
  const base = dueMoment(task.dueAt, prefs, timeZone);
  const offset = reminderOffset(task, prefs);
  if (base === null || offset === null) return null;
  const snooze = task.reminderSnooze;
  if (snooze && snooze.dueAt === task.dueAt) {
    const until = Date.parse(snooze.until);
    if (!Number.isNaN(until)) return until;
  }
  return base - offset * 60_000;
}
