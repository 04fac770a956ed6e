// Plural-aware counts, articles, closed statuses and the one date format.
import { describe, expect, it } from 'vitest';
import { countOf, formatDate, isClosedStatus, plural, withArticle } from '../../shared/wording';

describe('wording', () => {
  it('agrees the noun with the count', () => {
    expect(plural(1, 'task')).toBe('1 task');
    expect(plural(0, 'task')).toBe('0 tasks');
    expect(plural(2, 'status update')).toBe('2 status updates');
    expect(countOf(0, 1, 'task')).toBe('0 of 1 task');
    expect(countOf(3, 4, 'task')).toBe('3 of 4 tasks');
  });

  it('picks a or an', () => {
    expect(withArticle('objective')).toBe('an objective');
    expect(withArticle('risk')).toBe('a risk');
  });

  it('knows closed statuses', () => {
    expect(['planned', 'active', 'on-hold', 'done', 'cancelled'].filter(isClosedStatus)).toEqual(['done', 'cancelled']);
  });

  it('formats every date one way, date-only values as their calendar day', () => {
    expect(formatDate('2026-11-27')).toBe('27 Nov 2026');
    expect(formatDate('2026-01-01')).toBe('1 Jan 2026');
    expect(formatDate(new Date(2026, 10, 27, 12))).toBe('27 Nov 2026');
    expect(formatDate('')).toBe('');
    expect(formatDate('not a date')).toBe('');
    expect(formatDate(null)).toBe('');
  });
});
