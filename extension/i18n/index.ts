// Every word the extension shows goes through the browser's i18n (`browser.i18n.getMessage`), with the messages
// of extension/public/_locales/<lang>/messages.json (English is the default locale, French complete).
// Keys are typed from the English table, so a key missing from it does not compile; test/extension/i18n checks
// that both tables have the same keys, that every key is used, and that no UI literal is left in the JSX.
//
// Why not @wxt-dev/i18n: its plurals pick a form by the literal count (0 / 1 / n), while French says "0 tâche"
// and "1 000 000 de tâches" (CLDR `one` and `many`); here plural forms are keys `<base>_<category>` chosen with
// `Intl.PluralRules` of the UI language, and the messages stay in the browser's own format, with no build step.
import { pluralKey } from '@@/shared/i18n';

type English = typeof import('../public/_locales/en/messages.json');
/** A message key of `_locales/en/messages.json`. */
export type MessageKey = Extract<keyof English, string>;
/** A plural message: the key without its `_one` / `_other` / `_many` ending. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

type I18n = { getMessage(key: string, subs?: string | string[]): string; getUILanguage(): string };

function api(): I18n | undefined {
  const scope = globalThis as { browser?: { i18n?: I18n }; chrome?: { i18n?: I18n } };
  return scope.chrome?.i18n ?? scope.browser?.i18n;
}

// The browser picks a page's messages once, when the page starts: the answers never change while it runs, and a
// popup's first rows ask for about twenty each (a third of their render time went to these calls).
const cached: { locale?: string; messages: Map<string, string> } = { messages: new Map() };

/**
 * The language dates and numbers are written in: the one of the messages the browser picked (their
 * `ui_language`), with the region of the browser's UI language when it is the same language ("fr-CA"), so
 * French words never sit next to an English date. (Chromium started with --lang=fr picks the French
 * messages while getUILanguage() still says "en-US".)
 */
export function uiLocale(): string {
  cached.locale ??= readUiLocale();
  return cached.locale;
}

/** The message of `key` without substitutions, '' when the running build has none. */
function message(key: string): string {
  let text = cached.messages.get(key);
  if (text === undefined) {
    text = api()?.getMessage(key) ?? '';
    cached.messages.set(key, text);
  }
  return text;
}

/** Forget the cached language and messages: only for tests that switch the UI language. */
export function resetI18nCache(): void {
  cached.locale = undefined;
  cached.messages.clear();
}

function readUiLocale(): string {
  try {
    const i18n = api();
    const ui = i18n?.getUILanguage() || globalThis.navigator?.language || 'en';
    const shown = i18n?.getMessage('ui_language');
    if (!shown || ui.toLowerCase().split('-')[0] === shown) return ui;
    return shown;
  } catch {
    return 'en';
  }
}

const numbers = new Map<string, Intl.NumberFormat>();
/** 1234.5 → "1,234.5" / "1 234,5", in the UI language. */
export function formatNumber(value: number): string {
  const locale = uiLocale();
  let format = numbers.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numbers.set(locale, format);
  }
  return format.format(value);
}

const dates = new Map<string, Intl.DateTimeFormat>();
/**
 * A date or an instant in the UI language, as `toLocaleString(uiLocale(), options)` writes it, with one
 * Intl.DateTimeFormat per language and options, kept: toLocaleString builds a new one per call. The side panel's
 * activity list wrote eight on every re-render: 148 ms of a CPU profile of 31 teammate captures (issue 10).
 * An invalid date reads "Invalid Date", as toLocaleString says it.
 */
export function formatDate(value: string | number | Date, options: Intl.DateTimeFormatOptions): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(date);
  const locale = uiLocale();
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dates.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dates.set(key, format);
  }
  return format.format(date);
}

/** The message for `key`, with `$1`… replaced by `subs` (numbers written in the UI language). */
export function t(key: MessageKey, ...subs: (string | number)[]): string {
  if (subs.length === 0) return message(key) || key;
  const text = api()?.getMessage(
    key,
    subs.map((sub) => (typeof sub === 'number' ? formatNumber(sub) : sub)),
  );
  // An empty answer means a key missing from the running build: show the key, never a blank control.
  return text || key;
}

/** The plural form of `base` for `count` ("1 task", "3 tasks"; "1 tâche", "0 tâche"): `$1` is the count. */
export function tn(base: PluralKey, count: number, ...subs: (string | number)[]): string {
  const key = pluralKey(base, count, uiLocale(), (candidate) => Boolean(message(candidate)));
  return t(key as MessageKey, count, ...subs);
}
