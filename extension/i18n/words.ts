// The shared/ helpers that write words (due dates, repeat rules, quick add chips) in the UI language: their
// words come from _locales, their dates from Intl in the browser's locale.
import { dateOrderOf } from '@@/shared/dates';
import { pluralCategory } from '@@/shared/i18n';
import type { QuickAddOptions } from '@@/shared/quick-add';
import { describeRecurrence, type Recurrence, type RecurrenceWords, recurrenceLabel } from '@@/shared/recurrence';
import { type MessageKey, t, uiLocale } from './index';

// The due and day words live apart (no rrule), so a task row paints without the recurrence code.
export { dayText, dueText } from './dates';

const ORDINALS: Record<string, MessageKey> = {
  one: 'common_ordinalOne',
  two: 'common_ordinalTwo',
  few: 'common_ordinalFew',
  other: 'common_ordinalOther',
};

/** 1st, 2nd, 3rd, 4th / 1er, 2e: the ordinal form `Intl.PluralRules` picks for the UI language. */
export function ordinal(n: number): string {
  // An unknown locale: the "other" form.
  const category = pluralCategory(n, uiLocale(), 'ordinal') ?? 'other';
  return t(ORDINALS[category] ?? 'common_ordinalOther', String(n));
}

const EVERY: Record<string, [MessageKey, MessageKey, MessageKey]> = {
  day: ['repeat_everyDay', 'repeat_everyOtherDay', 'repeat_everyNDays'],
  week: ['repeat_everyWeek', 'repeat_everyOtherWeek', 'repeat_everyNWeeks'],
  month: ['repeat_everyMonth', 'repeat_everyOtherMonth', 'repeat_everyNMonths'],
  year: ['repeat_everyYear', 'repeat_everyOtherYear', 'repeat_everyNYears'],
};

export function recurrenceWords(): RecurrenceWords {
  return {
    locale: uiLocale(),
    every: (unit, interval) => {
      const [one, other, n] = EVERY[unit] ?? EVERY.day!;
      return interval === 1 ? t(one) : interval === 2 ? t(other) : t(n, interval);
    },
    everyWeekday: t('repeat_everyWeekday'),
    everyWeekendDay: t('repeat_everyWeekendDay'),
    everyLastDayOfMonth: t('repeat_everyLastDayOfMonth'),
    everyDay: (weekday) => t('repeat_everyNamedDay', weekday),
    onDays: (every, days) => t('repeat_onDays', every, days),
    weekdayItem: (weekday) => t('repeat_weekdayItem', weekday),
    nthWeekday: (n, weekday) =>
      n === -1 ? t('repeat_lastWeekday', weekday) : n ? t('repeat_nthWeekday', ordinal(n), weekday) : weekday,
    nthWorkday: (n) => (n === -1 ? t('repeat_lastWorkday') : t('repeat_nthWorkday', ordinal(n))),
    onThe: (every, what) => t('repeat_onThe', every, what),
    monthDay: (n) =>
      n === -1 ? t('repeat_lastDay') : n < -1 ? t('repeat_nthLastDay', ordinal(-n)) : t('repeat_monthDay', ordinal(n)),
    onMonthDays: (every, days) => t('repeat_onMonthDays', every, days),
    onDate: (every, month, day) =>
      day === -1 ? t('repeat_onLastDayOf', every, month) : t('repeat_onDate', every, month, day),
    onTheOf: (every, what, months) => t('repeat_onTheOf', every, what, months),
    inMonths: (every, months) => t('repeat_inMonths', every, months),
    until: (text, date) => t('repeat_until', text, date),
    at: (text, time) => t('repeat_at', text, time),
    afterCompletion: (text) => t('repeat_afterCompletion', text),
    chipTime: (text, time) => t('repeat_chipTime', text, time),
    chipAfterDone: (text) => t('repeat_chipAfterDone', text),
    unreadable: t('repeat_unreadable'),
  };
}

/** "every weekday at 09:00" / "chaque jour ouvré à 09:00". */
export function repeatText(recurrence: Recurrence, dueAt: string | null): string {
  return describeRecurrence(recurrence, dueAt, undefined, recurrenceWords());
}

/** What quick add needs to read the UI language: French words, day-first dates, chips in the locale. */
export function quickAddLanguage(): Pick<
  QuickAddOptions,
  'language' | 'locale' | 'dateOrder' | 'describeRecurrence' | 'dayWords'
> {
  const locale = uiLocale();
  const words = recurrenceWords();
  return {
    language: locale,
    locale,
    dateOrder: dateOrderOf(locale),
    describeRecurrence: (recurrence, minutes) => recurrenceLabel(recurrence, minutes, words),
    dayWords: { today: t('chip_today'), tomorrow: t('chip_tomorrow'), yesterday: t('chip_yesterday') },
  };
}
