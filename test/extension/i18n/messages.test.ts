// The two message tables (extension/public/_locales/{en,fr}/messages.json) against each other and the code:
// no key used in code and missing from a table, no key in a table used nowhere, the same keys and
// substitutions in both languages, every plural form `Intl.PluralRules` asks for, French that is French
// (not the English left in place, typographic apostrophes and narrow no-break spaces), valid browser keys.

import { PLURAL_CATEGORIES } from '@@/shared/i18n';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../i18n-fake';

const root = join(import.meta.dirname, '../../..');
const LANGUAGES = ['en', 'fr'] as const;

/** French identical to English on purpose: names, and words French borrows as they are. */
const SAME_IN_FRENCH = new Set([
  'extName',
  'mentions_title',
  'field_notes',
  'stakeholders_organisation',
  'stakeholders_influenceLabel',
  'stakeholders_contact',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'public' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const files = [...sourceFiles(join(root, 'extension')), join(root, 'wxt.config.ts')];
const code = files.map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

const pluralBase = (key: string) => {
  const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
  return match ? (match[1] as string) : null;
};
const keysOf = (lang: string) => Object.keys(TABLES[lang] ?? {});
const singles = (lang: string) => new Set(keysOf(lang).filter((key) => pluralBase(key) === null));
const plurals = (lang: string) =>
  new Set(
    keysOf(lang)
      .map(pluralBase)
      .filter((b): b is string => b !== null),
  );
const placeholders = (text: string) => [...new Set(text.match(/\$[1-9]/g) ?? [])].sort().join(' ');

describe('message tables', () => {
  it('every key used in code is in both tables', () => {
    const missing: string[] = [];
    for (const { path, text } of code) {
      for (const match of text.matchAll(/\b(t|tn)\(\s*['"`]([A-Za-z0-9_@]+)['"`]/g)) {
        const [, fn, key] = match as unknown as [string, string, string];
        for (const lang of LANGUAGES) {
          const known = fn === 't' ? singles(lang).has(key) : plurals(lang).has(key);
          if (!known) missing.push(`${path}: ${fn}('${key}') missing from ${lang}`);
        }
      }
      for (const match of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) {
        for (const lang of LANGUAGES)
          if (!singles(lang).has(match[1] as string)) missing.push(`${path}: ${match[0]} missing from ${lang}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every key of the tables is used somewhere in the extension', () => {
    const all = code.map((file) => file.text).join('\n');
    const quoted = new Set([...all.matchAll(/['"`]([A-Za-z0-9_@]+)['"`]/g)].map((m) => m[1] as string));
    const msg = new Set([...all.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map((m) => m[1] as string));
    const unused = [
      ...[...singles('en')].filter((key) => !quoted.has(key) && !msg.has(key)),
      ...[...plurals('en')].filter((base) => !quoted.has(base)),
    ];
    expect(unused).toEqual([]);
  });

  it('English and French have the same keys and the same substitutions', () => {
    expect([...singles('fr')].sort()).toEqual([...singles('en')].sort());
    expect([...plurals('fr')].sort()).toEqual([...plurals('en')].sort());
    const en = TABLES.en ?? {};
    const fr = TABLES.fr ?? {};
    const differ = Object.keys(en)
      .filter((key) => pluralBase(key) === null)
      .filter((key) => placeholders(en[key]?.message ?? '') !== placeholders(fr[key]?.message ?? ''));
    expect(differ).toEqual([]);
  });

  it.each(LANGUAGES)('%s has exactly the plural forms Intl.PluralRules uses, each with the count', (lang) => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();
    const table = TABLES[lang] ?? {};
    const wrong: string[] = [];
    for (const base of plurals(lang)) {
      const forms = PLURAL_CATEGORIES.filter((category) => `${base}_${category}` in table)
        .slice()
        .sort();
      if (forms.join() !== categories.join()) wrong.push(`${base}: ${forms.join()} (wanted ${categories.join()})`);
      for (const form of forms)
        if (!table[`${base}_${form}`]?.message.includes('$1')) wrong.push(`${base}_${form} does not show $1`);
    }
    expect(wrong).toEqual([]);
  });

  it('French is translated, apart from a short list of names', () => {
    const en = TABLES.en ?? {};
    const fr = TABLES.fr ?? {};
    const same = Object.keys(en).filter(
      (key) => /\p{L}{2,}/u.test(en[key]?.message ?? '') && en[key]?.message === fr[key]?.message,
    );
    expect(same.filter((key) => !SAME_IN_FRENCH.has(key))).toEqual([]);
    // The list stays true: a name on it that is now translated (or gone) comes off it.
    expect([...SAME_IN_FRENCH].filter((key) => !same.includes(key))).toEqual([]);
  });

  it('French typography: ’ for apostrophes, a narrow no-break space before ; : ! ? and inside « »', () => {
    const rules: [RegExp, string][] = [
      [/'/, 'straight apostrophe'],
      [/\.\.\./, 'three dots instead of …'],
      // ("!1" is quick add's priority, not punctuation)
      [/(?:^|[^\u202f\u00a0?!])[;!?](?!\d)/u, 'no narrow no-break space before ; ! ?'],
      [/(?: |\p{L}):(?!\/\/)/u, 'no no-break space before :'],
      [/«(?![\u202f\u00a0])|(?<![\u202f\u00a0])»/u, 'no no-break space inside « »'],
    ];
    const bad = Object.entries(TABLES.fr ?? {}).flatMap(([key, { message }]) =>
      rules.filter(([rule]) => rule.test(message)).map(([, why]) => `${key}: ${why}: ${message}`),
    );
    expect(bad).toEqual([]);
  });

  it('keys are valid browser message names and messages are not empty', () => {
    for (const lang of LANGUAGES)
      for (const [key, entry] of Object.entries(TABLES[lang] ?? {})) {
        expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
        expect(entry.message.trim(), `${lang} ${key}`).not.toBe('');
      }
  });
});
