// Reading `_locales` messages the way the browser does, and picking plural forms with Intl.PluralRules.

import { formatMessage, type MessageTable, pluralCategory, pluralKey } from '@@/shared/i18n';
import { describe, expect, it } from 'vitest';

const table: MessageTable = {
  plain: { message: 'Hello' },
  direct: { message: '$1 of $2 ($$5)' },
  named: { message: 'Hi $WHO$, $1', placeholders: { who: { content: '$2' } } },
  tasks_one: { message: '$1 tâche' },
  tasks_many: { message: '$1 de tâches' },
  tasks_other: { message: '$1 tâches' },
};

describe('formatMessage', () => {
  it('substitutes $1…$9, named placeholders and $$ like the browser', () => {
    expect(formatMessage(table, 'plain')).toBe('Hello');
    expect(formatMessage(table, 'direct', ['3', '4'])).toBe('3 of 4 ($5)');
    expect(formatMessage(table, 'named', ['there', 'Léa'])).toBe('Hi Léa, there');
    expect(formatMessage(table, 'missing')).toBe('');
  });
});

describe('pluralKey', () => {
  const has = (key: string) => key in table;
  it('French: 0 and 1 are singular, a million takes "de"', () => {
    expect(pluralKey('tasks', 0, 'fr', has)).toBe('tasks_one');
    expect(pluralKey('tasks', 1, 'fr', has)).toBe('tasks_one');
    expect(pluralKey('tasks', 2, 'fr', has)).toBe('tasks_other');
    expect(pluralKey('tasks', 1_000_000, 'fr', has)).toBe('tasks_many');
  });
  it('English: 0 is plural; a form a table lacks falls back to _other', () => {
    expect(pluralKey('tasks', 0, 'en', has)).toBe('tasks_other');
    expect(pluralKey('tasks', 1, 'en', has)).toBe('tasks_one');
    expect(pluralKey('tasks', 1_000_000, 'en', (key) => key !== 'tasks_many' && has(key))).toBe('tasks_other');
  });
});

describe('pluralCategory', () => {
  it('gives CLDR cardinal and ordinal categories', () => {
    expect([0, 1, 2].map((n) => pluralCategory(n, 'en'))).toEqual(['other', 'one', 'other']);
    expect([0, 1, 2].map((n) => pluralCategory(n, 'fr'))).toEqual(['one', 'one', 'other']);
    expect([1, 2, 3, 4, 11, 21].map((n) => pluralCategory(n, 'en', 'ordinal'))).toEqual([
      'one',
      'two',
      'few',
      'other',
      'other',
      'one',
    ]);
    expect([1, 2].map((n) => pluralCategory(n, 'fr', 'ordinal'))).toEqual(['one', 'other']);
  });
  it('builds the rules of a locale once, and answers null for a locale Intl refuses', () => {
    const Real = Intl.PluralRules;
    const intl = Intl as { PluralRules: typeof Real };
    const built: unknown[] = [];
    intl.PluralRules = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        built.push(args[0]);
      }
    } as typeof Real;
    try {
      for (let n = 0; n < 50; n++) pluralCategory(n, 'de');
    } finally {
      intl.PluralRules = Real;
    }
    expect(built).toEqual(['de']);
    expect(pluralCategory(1, 'not a locale!')).toBeNull();
    expect(pluralKey('tasks', 1, 'not a locale!', (key) => key in table)).toBe('tasks_one');
    expect(pluralKey('tasks', 2, 'not a locale!', (key) => key in table)).toBe('tasks_other');
  });
});
