// Due dates and days in the UI language, without the recurrence code (rrule): what a task row needs to paint.
import { type DueLabel, formatDue } from '@@/shared/dates';
import { formatDate } from '@@/shared/wording';
import { t, tn, uiLocale } from './index';

/** "today 17:00", "3 days late", "Fri" / "aujourd’hui 17:00", "3 jours de retard", "ven.". */
export function dueText(dueAt: string | null | undefined, now: Date): DueLabel {
  return formatDue(dueAt, now, uiLocale(), {
    yesterday: t('due_yesterday'),
    today: t('due_today'),
    tomorrow: t('due_tomorrow'),
    daysLate: (days) => tn('due_daysLate', days),
  });
}

/** "27 Nov 2026" / "27 nov. 2026". */
export function dayText(value: string | number | Date | null | undefined): string {
  return formatDate(value, uiLocale());
}
