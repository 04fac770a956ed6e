// Stands in for `browser.i18n` in unit tests: the real `_locales` tables, read with shared/i18n.ts the way the
// browser reads them. `useLocale('fr')` switches the UI language (English by default).

import { formatMessage, type MessageTable } from '@@/shared/i18n';
import { resetI18nCache } from '@/i18n';
import en from '@/public/_locales/en/messages.json';
import fr from '@/public/_locales/fr/messages.json';

export const TABLES: Record<string, MessageTable> = { en, fr };
let current = 'en';

export function useLocale(locale: 'en' | 'fr'): void {
  current = locale;
  resetI18nCache();
}

export const fakeI18n = {
  getUILanguage: () => current,
  getMessage(key: string, subs?: string | string[]): string {
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    // Like the browser: the UI language first, then the default locale.
    return formatMessage(TABLES[current] ?? en, key, list) || formatMessage(en, key, list);
  },
};

export function installFakeI18n(): void {
  const scope = globalThis as { chrome?: Record<string, unknown> };
  scope.chrome = { ...(scope.chrome ?? {}), i18n: fakeI18n };
}
