// extension/i18n caches the browser's answers for the page's life; switching the language (tests only) resets it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, t, tn, uiLocale } from '@/i18n';
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

describe('formatDate', () => {
  const at = '2026-12-02T17:05:00.000Z';
  const styles: Intl.DateTimeFormatOptions[] = [
    { dateStyle: 'short', timeStyle: 'short' },
    { dateStyle: 'medium', timeStyle: 'short' },
    { dateStyle: 'medium' },
    { hour: '2-digit', minute: '2-digit' },
  ];
  it('writes what toLocaleString writes in the UI language', () => {
    for (const locale of ['en', 'fr'] as const) {
      useLocale(locale);
      for (const options of styles) {
        expect(formatDate(at, options)).toBe(new Date(at).toLocaleString(uiLocale(), options));
        expect(formatDate(Date.parse(at), options)).toBe(formatDate(new Date(at), options));
      }
    }
  });
  it('builds one formatter per language and options, and says "Invalid Date" for an invalid one', () => {
    useLocale('en');
    const Real = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        built += 1;
      }
    } as typeof Real;
    const written = new Set<string>();
    try {
      for (let i = 0; i < 20; i++)
        written.add(formatDate(Date.UTC(2026, 0, i + 1), { dateStyle: 'long', timeStyle: 'short' }));
    } finally {
      Intl.DateTimeFormat = Real;
    }
    expect(built).toBe(1);
    expect(written.size).toBe(20);
    expect(formatDate('not a date', { dateStyle: 'short' })).toBe('Invalid Date');
  });
});
