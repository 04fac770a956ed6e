// The task editor's reminder choice: the person's default, none, at the due time, or some time before it. Kept
// as one block (and one line in the editor's save) so other editor changes stay apart from it.
import { REMINDER_OFFSETS } from '@@/shared/reminders';
import type { TaskPatch } from '@@/shared/schemas/task';
import { readReminderSettings } from '../data/reminder-settings';
import type { WaypointDb } from '../db/database';
import type { TaskRow } from '../db/rows';
import { t, tn } from '../i18n';
import { useLive } from './live';
import { selectDefault } from './select-default';

/** "My default (at the due time)": the default's own label, starting in lower case. */
const byDefault = (what: string) => t('reminders_byDefault', `${what.charAt(0).toLowerCase()}${what.slice(1)}`);

/** "At the due time", "15 minutes before", "1 hour before", "2 days before"… */
export function reminderLabel(minutes: number | null): string {
  if (minutes === null) return t('reminders_none');
  if (minutes === 0) return t('reminders_atDue');
  if (minutes % (7 * 1440) === 0) return tn('reminders_weeksBefore', minutes / (7 * 1440));
  if (minutes % 1440 === 0) return tn('reminders_daysBefore', minutes / 1440);
  if (minutes % 60 === 0) return tn('reminders_hoursBefore', minutes / 60);
  return tn('reminders_minutesBefore', minutes);
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
  const defaultWhat = settings ? reminderLabel(settings.defaultMinutes) : t('reminders_atDue');
  return (
    <label class="field">
      <span>{t('reminders_fieldLabel')}</span>
      <select class="input" name="reminder" ref={selectDefault(choiceOf(task))} aria-describedby="reminder-hint">
        <option value="">{byDefault(defaultWhat)}</option>
        <option value="none">{t('reminders_none')}</option>
        {offsets.map((minutes) => (
          <option key={minutes} value={String(minutes)}>
            {reminderLabel(minutes)}
          </option>
        ))}
      </select>
      <small id="reminder-hint" class="muted">
        {!dueDate
          ? t('reminders_needsDue')
          : !dueTime && settings
            ? t('reminders_allDayHint', clockText(settings.allDayMinutes))
            : ''}
      </small>
    </label>
  );
}
