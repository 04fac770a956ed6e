// extension/i18n caches the browser's answers for the page's life; switching the language (tests only) resets it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t, tn, uiLocale } from '@/i18n';
import { fakeI18n, useLocale } from '../i18n-fake';

afterEach(() => {
  useLocale('en');
  vi.restoreAllMocks();
});

describe('i18n cache', () => {
  it('asks the browser once per message and once for the language', () => {
    useLocale('en');
    const getMessage = vi.spyOn(fakeI18n, 'getMessage');
    const getUILanguage = vi.spyOn(fakeI18n, 'getUILanguage');
    const first = t('signals_noTarget');
    for (let i = 0; i < 20; i++) expect(t('signals_noTarget')).toBe(first);
    for (let i = 0; i < 20; i++) uiLocale();
    expect(getMessage.mock.calls.filter(([key]) => key === 'signals_noTarget')).toHaveLength(1);
    expect(getUILanguage.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('answers in the new language after a switch, plurals included', () => {
    useLocale('en');
    const english = [t('signals_noTarget'), tn('signals_days', 0), uiLocale()];
    useLocale('fr');
    const french = [t('signals_noTarget'), tn('signals_days', 0), uiLocale()];
    expect(french[2]).toBe('fr');
    expect(french[0]).not.toBe(english[0]);
    expect(french[1]).not.toBe(english[1]);
  });

  it('shows the key of a message the build lacks, and keeps substitutions uncached', () => {
    expect(t('no_such_key' as never)).toBe('no_such_key');
    expect(t('signals_quoted', 'A')).not.toBe(t('signals_quoted', 'B'));
  });
});
