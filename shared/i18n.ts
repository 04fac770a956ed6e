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

/** The key of the plural form of `base` for `count` in `locale`, among the forms `has` knows (else `_other`). */
export function pluralKey(base: string, count: number, locale: string, has: (key: string) => boolean): string {
  let category: string;
  try {
    category = new Intl.PluralRules(locale).select(count);
  } catch {
    category = count === 1 ? 'one' : 'other';
  }
  const key = `${base}_${category}`;
  return has(key) ? key : `${base}_other`;
}
