// The words of shared/project-signals.ts (health reasons, progress labels, workload and activity names) in the
// UI language, from _locales; shared/ keeps its English default for the server's status page.
import type { SignalWords } from '@@/shared/project-signals';
import { t, tn, uiLocale } from './index';

const numbers = new Map<string, Intl.NumberFormat>();
/** 4.5 → "4.5" / "4,5": at most two decimals, like the English labels. */
function metricNumber(value: number): string {
  const locale = uiLocale();
  let format = numbers.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    numbers.set(locale, format);
  }
  return format.format(value);
}

export function signalWords(): SignalWords {
  const days = (n: number) => tn('signals_days', n);
  const percent = (n: number) => t('signals_percent', metricNumber(n));
  return {
    noDate: (open) => t('signals_noDate', tn('signals_openTasks', open)),
    lateOpen: (late, open) => t('signals_lateOpen', days(late), tn('signals_openTasks', open)),
    lateAllDone: (late) => t('signals_lateAllDone', days(late)),
    lateNotDone: (late) => t('signals_lateNotDone', days(late)),
    atRisk: (open, needed, left) => tn('signals_atRisk', open, tn('signals_workingDays', needed), left),
    percentLabel: (current, target) => `${percent(current)} / ${percent(target)}`,
    metricLabel: (current, target, unit) =>
      `${metricNumber(current)} / ${metricNumber(target)}${unit ? ` ${unit}` : ''}`,
    tasksLabel: (done, total) => tn('signals_tasksLabel', total, done),
    noTarget: t('signals_noTarget'),
    projectLate: (n) => t('signals_projectLate', days(n)),
    milestoneLate: (title, reason) =>
      reason === undefined ? t('signals_milestoneLateNoReason', title) : t('signals_milestoneLate', title, reason),
    overdueTasks: (overdue, open) => tn('signals_overdueTasks', overdue, open),
    milestoneAtRisk: (title, reason) => t('signals_milestoneAtRisk', title, reason),
    highRisks: (count, score, titles) =>
      tn('signals_highRisks', count, score, titles.map((title) => t('signals_quoted', title)).join(', ')),
    unassigned: t('signals_unassigned'),
    formerMember: t('signals_formerMember'),
    someone: t('signals_someone'),
  };
}
