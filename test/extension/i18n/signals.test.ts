// The signal words the extension builds from _locales: in English the same text as shared/'s default (e2e
// tests match it), in French French.
import { ENGLISH_SIGNAL_WORDS, type SignalWords } from '@@/shared/project-signals';
import { afterEach, describe, expect, it } from 'vitest';
import { signalWords } from '@/i18n/signals';
import { useLocale } from '../i18n-fake';

afterEach(() => useLocale('en'));

function samples(words: SignalWords): string[] {
  const out: string[] = [];
  for (const n of [1, 2, 7]) {
    out.push(words.noDate(n), words.lateAllDone(n), words.lateNotDone(n), words.projectLate(n));
    out.push(words.lateOpen(n, 3), words.lateOpen(3, n), words.atRisk(n, n + 1, 2), words.atRisk(2, 1, n));
    out.push(words.tasksLabel(n - 1, n), words.overdueTasks(n, 9), words.highRisks(n, 15, ['A', 'B']));
  }
  out.push(words.percentLabel(60, 80), words.percentLabel(4.125, 100), words.metricLabel(420, 1000, 'sign-ups'));
  out.push(words.metricLabel(3, 4.5, ''), words.noTarget, words.milestoneLate('Beta', undefined));
  out.push(words.milestoneLate('Beta', '2 days late'), words.milestoneAtRisk('Beta', 'why'));
  out.push(words.unassigned, words.formerMember, words.someone);
  return out;
}

describe('signal words', () => {
  it('are the English of shared/project-signals in English', () => {
    useLocale('en');
    expect(samples(signalWords())).toEqual(samples(ENGLISH_SIGNAL_WORDS));
  });

  it('are French in French', () => {
    useLocale('fr');
    const words = signalWords();
    expect(words.lateOpen(2, 1)).toBe('2 jours de retard, 1 tâche ouverte');
    expect(words.percentLabel(60, 80)).toBe('60\u00a0% / 80\u00a0%');
    expect(words.milestoneLate('Bêta', undefined)).toBe('«\u00a0Bêta\u00a0» est en retard');
    expect(words.tasksLabel(0, 1)).toBe('0 / 1 tâche');
  });
});
