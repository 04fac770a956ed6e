// Message tables in the browser's `_locales/<lang>/messages.json` format, read outside the browser: the unit
// tests stand in for `browser.i18n.getMessage` with it (and a server page could answer in the same messages).
// The extension itself always asks the browser.
//
// Substitution follows the browser: `$1`…`$9` in a message are the substitutions, `$NAME$` a named placeholder
// (whose `content` is usually `$1`), `$$` a literal dollar. Plurals are keys `<base>_<category>` with the
// categories of `Intl.PluralRules` for the language (`one`, `many`, `other`; `other` is always required).

export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type MessageTable = Record<string, MessageEntry>;

export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

function substitute(text: string, subs: readonly string[]): string {
  return text.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (subs[Number(which) - 1] ?? '')));
}

/** What `browser.i18n.getMessage(key, subs)` answers for this table: '' for an unknown key. */
export function formatMessage(table: MessageTable, key: string, subs: readonly string[] = []): string {
  const entry = table[key];
  if (!entry) return '';
  const named = entry.placeholders ?? {};
  const lower = new Map(Object.entries(named).map(([name, value]) => [name.toLowerCase(), value.content]));
  const withNamed = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const content = lower.get(name.toLowerCase());
    return content === undefined ? whole : content;
  });
  return substitute(withNamed, subs);
}

// One Intl.PluralRules per locale and type, kept (null: a locale Intl refuses): building one per plural message
// took 50 ms of a CPU profile of the side panel over 31 teammate captures (issue 10).
const pluralRules = new Map<string, Intl.PluralRules | null>();

/** The CLDR plural category of `count` in `locale` (cardinal, or ordinal: 1st, 2nd); null for a locale Intl refuses. */
export function pluralCategory(count: number, locale: string, type: Intl.PluralRuleType = 'cardinal'): string | null {
  const key = `${type}|${locale}`;
  let rules = pluralRules.get(key);
  if (rules === undefined) {
    try {
      rules = new Intl.PluralRules(locale, { type });
    } catch {
      rules = null;
    }
    pluralRules.set(key, rules);
  }
  return rules ? rules.select(count) : null;
}

/** The key of the plural form of `base` for `count` in `locale`, among the forms `has` knows (else `_other`). */
export function pluralKey(base: string, count: number, locale: string, has: (key: string) => boolean): string {
  const category = pluralCategory(count, locale) ?? (count === 1 ? 'one' : 'other');
  const key = `${base}_${category}`;
  return has(key) ? key : `${base}_other`;
}
