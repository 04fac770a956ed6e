import { isNotEarlier, snoozePreset, snoozeUntil } from '@@/shared/snooze';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Tuesday 1 December 2026, 10:00 UTC.
const NOW = new Date('2026-12-01T10:00:00.000Z');
const utc = { now: NOW, timeZone: 'UTC' };

describe('snooze presets', () => {
  it('"Gym" due Sun Dec 6 18:30, snoozed to tomorrow, goes to Mon Dec 7 18:30 (never earlier, time kept)', () => {
    expect(snoozePreset('2026-12-06T18:30:00.000Z', 'tomorrow', utc)).toBe('2026-12-07T18:30:00.000Z');
  });

  it('"Water plants" due tomorrow 12:00 keeps its time', () => {
    expect(snoozePreset('2026-12-02T12:00:00.000Z', 'tomorrow', utc)).toBe('2026-12-03T12:00:00.000Z');
    expect(snoozePreset('2026-12-02T12:00:00.000Z', 'nextWeek', utc)).toBe('2026-12-07T12:00:00.000Z');
  });

  it.each([
    // [due, preset, expected]
    [null, 'tomorrow', '2026-12-02'],
    [null, 'nextWeek', '2026-12-07'],
    ['2026-12-01', 'tomorrow', '2026-12-02'],
    ['2026-11-20', 'tomorrow', '2026-12-02'], // late: from today
    ['2026-11-20T08:15:00.000Z', 'tomorrow', '2026-12-02T08:15:00.000Z'],
    ['2026-12-10', 'tomorrow', '2026-12-11'],
    ['2026-12-10', 'nextWeek', '2026-12-14'],
    ['2026-12-06', 'nextWeek', '2026-12-07'], // a Sunday: next week is the next day
    [null, 'laterToday', '2026-12-01T13:00:00.000Z'],
    ['2026-12-01', 'laterToday', '2026-12-01T13:00:00.000Z'],
    ['2026-12-01T11:00:00.000Z', 'laterToday', '2026-12-01T13:00:00.000Z'],
    ['2026-12-01T15:00:00.000Z', 'laterToday', null], // already later than that
    ['2026-12-02', 'laterToday', null],
  ] as const)('%s %s -> %s', (due, preset, expected) => {
    expect(snoozePreset(due, preset, utc)).toBe(expected);
  });

  it('"later today" is not offered in the last hours of the day', () => {
    expect(snoozePreset(null, 'laterToday', { now: new Date('2026-12-01T21:30:00.000Z'), timeZone: 'UTC' })).toBeNull();
  });

  it('keeps the wall-clock time in the zone of the device across DST', () => {
    // Sat 31 Oct 2026 09:00 in New York (EDT, 13:00Z); snoozed to next week: Mon 2 Nov 09:00 EST = 14:00Z.
    const context = { now: new Date('2026-10-30T12:00:00.000Z'), timeZone: 'America/New_York' };
    expect(snoozePreset('2026-10-31T13:00:00.000Z', 'nextWeek', context)).toBe('2026-11-02T14:00:00.000Z');
  });

  it('never moves a task earlier and always keeps a timed due timed (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -20 * 24 * 60, max: 40 * 24 * 60 }),
        fc.boolean(),
        fc.constantFrom('laterToday', 'tomorrow', 'nextWeek'),
        fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
        (now, offsetMinutes, dateOnly, preset, timeZone) => {
          const instant = new Date(now.getTime() + offsetMinutes * 60_000);
          const due = dateOnly ? instant.toISOString().slice(0, 10) : instant.toISOString();
          const next = snoozePreset(due, preset as 'tomorrow', { now, timeZone });
          if (next === null) return;
          expect(isNotEarlier(due, next, timeZone)).toBe(true);
          if (!dateOnly) expect(next.length).toBeGreaterThan(10);
          if (!dateOnly && preset !== 'laterToday') {
            // Same minutes past the hour in the zone: the time of day is kept.
            expect(new Date(next).getUTCMinutes() % 15).toBe(instant.getUTCMinutes() % 15);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('snooze until…', () => {
  it('reads the words of quick add and keeps the time of day for a day', () => {
    expect(snoozeUntil('2026-12-02T12:00:00.000Z', 'fri', utc)).toEqual({
      ok: true,
      dueAt: '2026-12-04T12:00:00.000Z',
    });
    expect(snoozeUntil('2026-12-02T12:00:00.000Z', 'fri 5pm', utc)).toEqual({
      ok: true,
      dueAt: '2026-12-04T17:00:00.000Z',
    });
    expect(snoozeUntil(null, 'in 3 days', utc)).toEqual({ ok: true, dueAt: '2026-12-04' });
    expect(snoozeUntil('2026-12-01', '24/12', { ...utc, dateOrder: 'dmy' })).toEqual({ ok: true, dueAt: '2026-12-24' });
    expect(snoozeUntil('2026-12-01', 'in 2 hours', utc)).toEqual({ ok: true, dueAt: '2026-12-01T12:00:00.000Z' });
  });

  it('refuses an earlier date, words that are no date, and a recurrence, with a plain reason', () => {
    const earlier = snoozeUntil('2026-12-06T18:30:00.000Z', 'tomorrow', utc);
    expect(earlier).toMatchObject({ ok: false });
    expect(!earlier.ok && earlier.error).toMatch(/earlier than its due date/);
    const nonsense = snoozeUntil('2026-12-06', 'whenever', utc);
    expect(!nonsense.ok && nonsense.error).toMatch(/does not read as a date/);
    expect(snoozeUntil(null, 'every day', utc).ok).toBe(false);
    expect(snoozeUntil(null, '   ', utc).ok).toBe(false);
  });
});
