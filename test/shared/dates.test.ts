// Every instant here is built with local-time Date APIs, so the expectations hold in any runtime time zone.
import {
  addDays,
  addMonths,
  civilDateTime,
  civilToInstant,
  dayBounds,
  diffDays,
  dueSortKey,
  formatDue,
  isDateOnly,
  makeDateKey,
  NO_DUE_KEY,
  nextMondayKey,
  sectionKeys,
  sectionOf,
  snoozeTarget,
  toLocalDateKey,
  weekdayOfKey,
} from '@@/shared/dates';
import { describe, expect, it } from 'vitest';

// Wednesday 25 November 2026, 14:30 local time.
const NOW = new Date(2026, 10, 25, 14, 30);
const local = (month: number, day: number, hour = 0, minute = 0, year = 2026) =>
  new Date(year, month - 1, day, hour, minute).toISOString();

const open = (dueAt: string | null) => ({ dueAt, status: 'todo', completedAt: null });

describe('date keys', () => {
  it('formats local dates and does calendar arithmetic', () => {
    expect(toLocalDateKey(NOW)).toBe('2026-11-25');
    expect(toLocalDateKey(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(addDays('2026-11-25', 7)).toBe('2026-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // across a European DST change
    const later = addDays(NOW, 3);
    expect([toLocalDateKey(later), later.getHours(), later.getMinutes()]).toEqual(['2026-11-28', 14, 30]);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-25', 2)).toBe('2027-01-25');
    expect(diffDays('2026-11-25', '2026-12-03')).toBe(8);
    expect(diffDays('2026-11-25', '2026-11-22')).toBe(-3);
    expect(weekdayOfKey('2026-11-25')).toBe(3);
    expect(nextMondayKey('2026-11-25')).toBe('2026-11-30');
    expect(nextMondayKey('2026-11-29')).toBe('2026-11-30'); // Sunday
    expect(nextMondayKey('2026-11-30')).toBe('2026-12-07'); // Monday
    expect(makeDateKey(2026, 2, 29)).toBeNull();
    expect(makeDateKey(2028, 2, 29)).toBe('2028-02-29');
    expect(isDateOnly('2026-11-27')).toBe(true);
    expect(isDateOnly('2026-11-27T10:00:00.000Z')).toBe(false);
  });
});

describe('dueSortKey and the section keys', () => {
  it('orders timed dues by local time, a date-only due after them, no due last', () => {
    const dues = [
      null,
      '2026-11-26',
      local(11, 26, 9),
      '2026-11-25',
      local(11, 25, 23, 59),
      local(11, 25, 8),
      '2026-11-24',
      local(11, 24, 18),
    ];
    const sorted = [...dues].sort((a, b) => (dueSortKey(a) < dueSortKey(b) ? -1 : 1));
    expect(sorted).toEqual([
      local(11, 24, 18),
      '2026-11-24',
      local(11, 25, 8),
      local(11, 25, 23, 59),
      '2026-11-25',
      local(11, 26, 9),
      '2026-11-26',
      null,
    ]);
    expect(dueSortKey('2026-11-27')).toBe('2026-11-27~');
    expect(dueSortKey(local(11, 27, 17))).toBe('2026-11-27T17:00:00.000');
    expect(dueSortKey(null)).toBe(NO_DUE_KEY);
    expect(dueSortKey('not a date')).toBe(NO_DUE_KEY);
  });

  it('gives boundaries that agree with sectionOf', () => {
    const keys = sectionKeys(NOW);
    expect(keys).toEqual({ overdueBefore: '2026-11-25T14:30:00.000', todayUntil: '2026-11-26', noDue: '~' });
    const cases: [string | null, string][] = [
      ['2026-11-24', 'overdue'],
      [local(11, 24, 23, 59), 'overdue'],
      [local(11, 25, 9), 'overdue'], // timed, earlier today
      [local(11, 25, 14, 29), 'overdue'],
      [local(11, 25, 14, 30), 'today'], // exactly now: not yet late
      [local(11, 25, 18), 'today'],
      ['2026-11-25', 'today'], // date-only today is never overdue during the day
      [local(11, 26, 0), 'upcoming'],
      ['2026-11-26', 'upcoming'],
      ['2027-01-01', 'upcoming'],
      [null, 'none'],
    ];
    for (const [dueAt, section] of cases) {
      expect(sectionOf(open(dueAt), NOW), String(dueAt)).toBe(section);
      const key = dueSortKey(dueAt);
      const byKeys =
        key === keys.noDue
          ? 'none'
          : key < keys.overdueBefore
            ? 'overdue'
            : key < keys.todayUntil
              ? 'today'
              : 'upcoming';
      expect(byKeys, String(dueAt)).toBe(section);
    }
  });

  it('a date-only due becomes overdue when its day has passed', () => {
    expect(sectionOf(open('2026-11-25'), new Date(2026, 10, 25, 23, 59, 59))).toBe('today');
    expect(sectionOf(open('2026-11-25'), new Date(2026, 10, 26, 0, 0, 1))).toBe('overdue');
  });

  it('splits done tasks by completion day', () => {
    const done = (completedAt: string | null) => ({ dueAt: null, status: 'done', completedAt });
    expect(sectionOf(done(local(11, 25, 0, 5)), NOW)).toBe('doneToday');
    expect(sectionOf(done(local(11, 24, 23, 55)), NOW)).toBe('doneEarlier');
    expect(sectionOf(done(null), NOW)).toBe('doneEarlier');
    expect(sectionOf({ dueAt: '2026-11-01', status: 'done', completedAt: local(11, 25, 9) }, NOW)).toBe('doneToday');
  });

  it('dayBounds gives local midnights and keys', () => {
    const bounds = dayBounds(NOW);
    expect(bounds).toMatchObject({
      today: '2026-11-25',
      tomorrow: '2026-11-26',
      startOfToday: local(11, 25),
      startOfTomorrow: local(11, 26),
      overdueBefore: '2026-11-25T14:30:00.000',
      todayUntil: '2026-11-26',
      noDue: '~',
    });
  });
});

describe('formatDue', () => {
  it.each([
    [null, '', false],
    ['2026-11-25', 'today', false],
    ['2026-11-26', 'tomorrow', false],
    ['2026-11-27', 'Fri', false],
    ['2026-12-01', 'Tue', false],
    ['2026-12-02', 'Dec 2', false],
    ['2026-12-03', 'Dec 3', false],
    ['2027-01-04', 'Jan 4, 2027', false],
    ['2026-11-24', 'yesterday', true],
    ['2026-11-22', '3 days late', true],
    ['2026-10-01', 'Oct 1', true],
    [local(11, 25, 17), 'today 17:00', false],
    [local(11, 25, 9), 'today 09:00', true],
    [local(11, 26, 9, 30), 'tomorrow 09:30', false],
    [local(11, 27, 9, 30), 'Fri 09:30', false],
    [local(12, 3, 8), 'Dec 3 08:00', false],
    [local(11, 24, 17), 'yesterday', true],
    [local(11, 20, 17), '5 days late', true],
  ])('%s -> %s', (dueAt, text, isLate) => {
    expect(formatDue(dueAt, NOW)).toEqual({ text, isLate });
  });

  it('names weekdays and months in the given locale', () => {
    expect(formatDue('2026-11-27', NOW, 'fr-FR').text).toBe('ven.');
    expect(formatDue('2026-12-03', NOW, 'de-DE').text).toBe('3. Dez.');
  });
});

describe('snoozeTarget', () => {
  it.each([
    [new Date(2026, 10, 25, 14, 30), 'tomorrow', '2026-11-26'],
    [new Date(2026, 10, 25, 14, 30), 'nextWeek', '2026-11-30'],
    [new Date(2026, 10, 29, 22, 0), 'nextWeek', '2026-11-30'], // Sunday night
    [new Date(2026, 10, 30, 8, 0), 'nextWeek', '2026-12-07'], // Monday
    [new Date(2026, 11, 31, 23, 0), 'tomorrow', '2027-01-01'],
  ] as const)('%s %s', (now, kind, expected) => {
    expect(snoozeTarget(kind, now)).toBe(expected);
  });
});

describe('civil time in an explicit zone', () => {
  it('reads wall-clock time in a zone', () => {
    const instant = new Date('2026-11-25T23:30:00.000Z');
    expect(civilDateTime(instant, 'UTC')).toEqual({ date: '2026-11-25', hour: 23, minute: 30, second: 0, weekday: 3 });
    expect(civilDateTime(instant, 'Asia/Tokyo')).toMatchObject({ date: '2026-11-26', hour: 8, weekday: 4 });
    expect(civilDateTime(instant, 'America/Los_Angeles')).toMatchObject({ date: '2026-11-25', hour: 15 });
  });

  it('converts wall-clock time back to an instant, across DST', () => {
    expect(civilToInstant('2026-11-27', 17, 0, 'UTC').toISOString()).toBe('2026-11-27T17:00:00.000Z');
    expect(civilToInstant('2026-11-27', 17, 0, 'America/New_York').toISOString()).toBe('2026-11-27T22:00:00.000Z');
    expect(civilToInstant('2026-07-01', 17, 0, 'America/New_York').toISOString()).toBe('2026-07-01T21:00:00.000Z');
    expect(civilToInstant('2026-03-29', 12, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(civilToInstant('2026-11-27', 9, 0, 'Asia/Kolkata').toISOString()).toBe('2026-11-27T03:30:00.000Z');
    // Fall back: 01:30 happens twice, the first (EDT) wins; spring forward: 02:30 does not exist, 03:30 EDT.
    expect(civilToInstant('2026-11-01', 1, 30, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(civilToInstant('2026-03-08', 2, 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(civilToInstant('2026-03-08', 3, 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('uses the runtime zone without a zone (or with an unknown one)', () => {
    expect(civilToInstant('2026-11-27', 17, 0).getTime()).toBe(new Date(2026, 10, 27, 17).getTime());
    expect(civilToInstant('2026-11-27', 17, 0, 'Nowhere/Land').getTime()).toBe(new Date(2026, 10, 27, 17).getTime());
    expect(civilDateTime(NOW)).toEqual({ date: '2026-11-25', hour: 14, minute: 30, second: 0, weekday: 3 });
  });
});
