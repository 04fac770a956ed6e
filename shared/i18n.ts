// Message tables in the browser's `_locales/<lang>/messages.json` format, read outside the browser: the sync
// server's pages (status page, /join) answer in the Accept-Language of the visitor with the same messages, and
// the unit tests stand in for `browser.i18n.getMessage` with it. The extension itself always asks the browser.
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

/**
 * The best of `available` (e.g. ['en', 'fr']) for an Accept-Language header: by quality, then order; a
 * regional tag (fr-CA) matches its language. `fallback` when nothing matches or the header is missing.
 */
export function pickLanguage(
  header: string | null | undefined,
  available: readonly string[],
  fallback: string,
): string {
  if (!header) return fallback;
  const wanted = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((item) => item.tag && item.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of wanted) {
    const language = tag === '*' ? fallback : tag.split('-')[0];
    const hit = available.find((lang) => lang === tag || lang === language);
    if (hit) return hit;
  }
  return fallback;
}
