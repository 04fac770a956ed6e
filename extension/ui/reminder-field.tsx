// The task editor's reminder choice: the person's default, none, at the due time, or some time before it. Kept
// as one block (and one line in the editor's save) so other editor changes stay apart from it.
import { REMINDER_OFFSETS } from '@@/shared/reminders';
import type { TaskPatch } from '@@/shared/schemas/task';
import { readReminderSettings } from '../data/reminder-settings';
import type { WaypointDb } from '../db/database';
import type { TaskRow } from '../db/rows';
import { useLive } from './live';
import { selectDefault } from './select-default';

export const reminderText = {
  label: 'Reminder',
  atDue: 'At the due time',
  none: 'No reminder',
  minutes: (n: number) => `${n} minutes before`,
  hours: (n: number) => (n === 1 ? '1 hour before' : `${n} hours before`),
  days: (n: number) => (n === 1 ? '1 day before' : `${n} days before`),
  weeks: (n: number) => (n === 1 ? '1 week before' : `${n} weeks before`),
  byDefault: (what: string) => `My default (${what.charAt(0).toLowerCase()}${what.slice(1)})`,
  needsDue: 'Reminders need a due date.',
  allDay: (time: string) => `A task due on a day without a time counts from ${time}.`,
};

/** "At the due time", "15 minutes before", "1 hour before", "2 days before"… */
export function reminderLabel(minutes: number | null): string {
  if (minutes === null) return reminderText.none;
  if (minutes === 0) return reminderText.atDue;
  if (minutes % (7 * 1440) === 0) return reminderText.weeks(minutes / (7 * 1440));
  if (minutes % 1440 === 0) return reminderText.days(minutes / 1440);
  if (minutes % 60 === 0) return reminderText.hours(minutes / 60);
  return reminderText.minutes(minutes);
}

/** "09:00" for 540 minutes after midnight. */
export const clockText = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The form value of a task's choice: '' (default), 'none', or minutes. */
const choiceOf = (task: TaskRow) => (task.reminder == null ? '' : String(task.reminder));

/** The patch for the editor's form: undefined when the choice did not change. */
export function reminderPatch(form: FormData, task: TaskRow): Pick<TaskPatch, 'reminder'> {
  const value = String(form.get('reminder') ?? choiceOf(task));
  if (value === choiceOf(task)) return {};
  return { reminder: value === '' ? null : value === 'none' ? 'none' : Number(value) };
}

export function ReminderField({
  db,
  task,
  dueDate,
  dueTime,
}: {
  db: WaypointDb;
  task: TaskRow;
  /** The editor's current due inputs (the hint follows them). */
  dueDate: string;
  dueTime: string;
}) {
  const settings = useLive(() => readReminderSettings(db), []).value.value;
  const offsets: number[] = [...REMINDER_OFFSETS];
  if (typeof task.reminder === 'number' && !offsets.includes(task.reminder)) offsets.push(task.reminder);
  offsets.sort((a, b) => a - b);
  const defaultWhat = settings ? reminderLabel(settings.defaultMinutes) : reminderText.atDue;
  return (
    <label class="field">
      <span>{reminderText.label}</span>
      <select class="input" name="reminder" ref={selectDefault(choiceOf(task))} aria-describedby="reminder-hint">
        <option value="">{reminderText.byDefault(defaultWhat)}</option>
        <option value="none">{reminderText.none}</option>
        {offsets.map((minutes) => (
          <option key={minutes} value={String(minutes)}>
            {reminderLabel(minutes)}
          </option>
        ))}
      </select>
      <small id="reminder-hint" class="muted">
        {!dueDate
          ? reminderText.needsDue
          : !dueTime && settings
            ? reminderText.allDay(clockText(settings.allDayMinutes))
            : ''}
      </small>
    </label>
  );
}
