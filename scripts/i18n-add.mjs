#!/usr/bin/env node
// Adds (or replaces) messages in both tables, extension/public/_locales/{en,fr}/messages.json, keeping each
// file's order and formatting. Input: a JSON object on stdin or in a file, `{ "key": ["English", "Français"] }`;
// for a plural give `{ "base": { "en": { "one": "$1 task", "other": "$1 tasks" }, "fr": { "one": …, "many": …, "other": … } } }`.
//   node scripts/i18n-add.mjs new-strings.json     or     echo '{"a_b":["Hi","Salut"]}' | node scripts/i18n-add.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'));
const path = (lang) => new URL(`../extension/public/_locales/${lang}/messages.json`, import.meta.url);
for (const [index, lang] of ['en', 'fr'].entries()) {
  const table = JSON.parse(readFileSync(path(lang), 'utf8'));
  for (const [key, value] of Object.entries(input)) {
    if (!/^[A-Za-z0-9_@]+$/.test(key)) throw new Error(`Not a valid message name: ${key}`);
    if (Array.isArray(value)) {
      if (typeof value[index] !== 'string') throw new Error(`${key}: give ["English", "Français"]`);
      table[key] = { message: value[index] };
    } else {
      for (const name of Object.keys(table)) if (name.startsWith(`${key}_`)) delete table[name];
      for (const [category, message] of Object.entries(value[lang] ?? {})) table[`${key}_${category}`] = { message };
    }
  }
  const lines = Object.entries(table).map(([key, entry]) => `  ${JSON.stringify(key)}: ${JSON.stringify(entry)}`);
  writeFileSync(path(lang), `{\n${lines.join(',\n')}\n}\n`);
}
