import {
  completeOccurrence,
  describeRecurrence,
  describeRule,
  firstOccurrence,
  isValidRule,
  nextOccurrence,
  type Recurrence,
  skipOccurrence,
  stopRepeating,
  undoPatch,
} from '@@/shared/recurrence';
import { recurrenceSchema, taskPatchSchema, taskSchema } from '@@/shared/schemas/task';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const due = (rule: string): Recurrence => ({ rule, mode: 'due' });
const WEEKDAYS = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
// Wednesday 25 November 2026.
const WED_10 = new Date('2026-11-25T10:00:00.000Z');

describe('rules', () => {
  it.each([
    [WEEKDAYS, 'every weekday'],
    ['FREQ=DAILY', 'every day'],
    ['FREQ=DAILY;INTERVAL=3', 'every 3 days'],
    ['FREQ=WEEKLY;INTERVAL=2', 'every other week'],
    ['FREQ=WEEKLY;BYDAY=MO,FR', 'every week on Monday and Friday'],
    ['FREQ=WEEKLY;BYDAY=SA,SU', 'every weekend day'],
    ['FREQ=WEEKLY;BYDAY=TU', 'every Tuesday'],
    ['FREQ=MONTHLY;BYMONTHDAY=1', 'every month on the 1st'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,15', 'every month on the 1st and the 15th'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', 'every last day of the month'],
    ['FREQ=MONTHLY;BYDAY=+3FR', 'every month on the 3rd Friday'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'every month on the last Friday'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', 'every month on the last weekday'],
    ['FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25', 'every year on December 25'],
    ['FREQ=YEARLY;INTERVAL=2', 'every other year'],
    ['FREQ=DAILY;UNTIL=20261231T235959Z', 'every day until Dec 31, 2026'],
  ])('%s reads "%s"', (rule, text) => {
    expect(isValidRule(rule)).toBe(true);
    expect(describeRule(rule)).toBe(text);
  });

  it.each([
    '',
    'FREQ=HOURLY',
    'FREQ=SECONDLY',
    'FREQ=DAILY;COUNT=3',
    'FREQ=DAILY;INTERVAL=0',
    'BYDAY=MO',
    'nonsense',
    `FREQ=DAILY;${'X'.repeat(400)}`,
  ])('rejects %s', (rule) => {
    expect(isValidRule(rule)).toBe(false);
  });

  it('says the time and the mode in the sentence', () => {
    expect(describeRecurrence(due(WEEKDAYS), '2026-11-26T09:00:00.000Z', 'UTC')).toBe('every weekday at 09:00');
    expect(describeRecurrence(due(WEEKDAYS), '2026-11-26T14:00:00.000Z', 'America/New_York')).toBe(
      'every weekday at 09:00',
    );
    expect(describeRecurrence({ rule: 'FREQ=DAILY;INTERVAL=3', mode: 'completion' }, '2026-11-26', 'UTC')).toBe(
      'every 3 days after completion',
    );
  });

  it('validates the task fields: old rows without them stay valid, bad values are refused', () => {
    expect(recurrenceSchema.safeParse({ rule: WEEKDAYS, mode: 'due' }).success).toBe(true);
    expect(recurrenceSchema.safeParse({ rule: 'FREQ=DAILY; DROP TABLE', mode: 'due' }).success).toBe(false);
    expect(recurrenceSchema.safeParse({ rule: WEEKDAYS, mode: 'sometimes' }).success).toBe(false);
    expect(taskPatchSchema.safeParse({ recurrence: null, startAt: '2026-12-01', estimateMinutes: 30 }).success).toBe(
      true,
    );
    expect(taskPatchSchema.safeParse({ estimateMinutes: 0 }).success).toBe(false);
    expect(taskPatchSchema.safeParse({ startAt: '2026-12-01T10:00:00Z' }).success).toBe(false);
    expect(taskPatchSchema.safeParse({ timesDone: -1 }).success).toBe(false);
    expect(taskSchema.shape.recurrence.safeParse(undefined).success).toBe(true);
  });
});

describe('first occurrence', () => {
  it.each([
    [WEEKDAYS, 9 * 60, 'UTC', '2026-11-26T09:00:00.000Z'], // 09:00 today has passed
    [WEEKDAYS, 11 * 60, 'UTC', '2026-11-25T11:00:00.000Z'],
    [WEEKDAYS, null, 'UTC', '2026-11-25'],
    ['FREQ=WEEKLY;BYDAY=SA,SU', null, 'UTC', '2026-11-28'],
    ['FREQ=MONTHLY;BYMONTHDAY=1', null, 'UTC', '2026-12-01'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', null, 'UTC', '2026-11-30'],
    ['FREQ=MONTHLY;BYDAY=+3FR', null, 'UTC', '2026-12-18'],
    ['FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25', null, 'UTC', '2026-12-25'],
    // 10:00 UTC is 05:00 in New York: 09:00 is still ahead today.
    [WEEKDAYS, 9 * 60, 'America/New_York', '2026-11-25T14:00:00.000Z'],
  ])('%s at %s in %s', (rule, minutes, timeZone, expected) => {
    expect(firstOccurrence(rule, { now: WED_10, timeZone, minutes })).toBe(expected);
  });

  it('starts on the given day, or keeps the rhythm of a start in the past', () => {
    expect(
      firstOccurrence('FREQ=DAILY;INTERVAL=14', { now: WED_10, timeZone: 'UTC', minutes: null, start: '2026-12-07' }),
    ).toBe('2026-12-07');
    expect(
      firstOccurrence('FREQ=DAILY;INTERVAL=14', { now: WED_10, timeZone: 'UTC', minutes: null, start: '2026-11-01' }),
    ).toBe('2026-11-29');
  });

  it('gives null for a rule that never fires', () => {
    expect(
      firstOccurrence('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', { now: WED_10, timeZone: 'UTC', minutes: null }),
    ).toBeNull();
    expect(
      firstOccurrence('FREQ=DAILY;UNTIL=20200101T000000Z', { now: WED_10, timeZone: 'UTC', minutes: null }),
    ).toBeNull();
  });
});

describe('next occurrence', () => {
  it.each([
    // [rule, current due, now, expected next]
    [WEEKDAYS, '2026-11-27T09:00:00.000Z', '2026-11-27T09:30:00.000Z', '2026-11-30T09:00:00.000Z'], // Fri -> Mon
    [WEEKDAYS, '2026-11-26', '2026-11-26T08:00:00.000Z', '2026-11-27'],
    ['FREQ=DAILY', '2026-11-25', '2026-11-25T10:00:00.000Z', '2026-11-26'],
    ['FREQ=WEEKLY;INTERVAL=2', '2026-11-25', '2026-11-25T10:00:00.000Z', '2026-12-09'],
    ['FREQ=MONTHLY;BYMONTHDAY=31', '2026-12-31', '2026-12-31T10:00:00.000Z', '2027-01-31'],
    ['FREQ=MONTHLY;BYMONTHDAY=31', '2027-01-31', '2027-01-31T10:00:00.000Z', '2027-03-31'], // no Feb 31
    ['FREQ=MONTHLY;BYMONTHDAY=-1', '2027-01-31', '2027-01-31T10:00:00.000Z', '2027-02-28'],
    ['FREQ=MONTHLY;BYDAY=+3FR', '2026-12-18', '2026-12-18T10:00:00.000Z', '2027-01-15'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2028-02-29', '2028-02-29T10:00:00.000Z', '2032-02-29'],
    ['FREQ=WEEKLY;BYDAY=MO,FR', '2026-11-30', '2026-11-30T10:00:00.000Z', '2026-12-04'],
    // Completed ahead of time: still the occurrence after the current one.
    ['FREQ=DAILY', '2026-11-30', '2026-11-25T10:00:00.000Z', '2026-12-01'],
    // Late: catches up to today in one completion.
    ['FREQ=DAILY', '2026-11-20', '2026-11-25T10:00:00.000Z', '2026-11-25'],
    ['FREQ=DAILY', '2026-11-20T09:00:00.000Z', '2026-11-25T10:00:00.000Z', '2026-11-26T09:00:00.000Z'],
    ['FREQ=WEEKLY;BYDAY=MO', '2026-11-16', '2026-11-25T10:00:00.000Z', '2026-11-30'],
  ])('%s from %s at %s', (rule, current, now, expected) => {
    expect(nextOccurrence(due(rule), current, new Date(now), 'UTC')).toBe(expected);
  });

  it('keeps the wall-clock time across a DST change', () => {
    // Daily 09:00 in New York: Sat 31 Oct 2026 is EDT (13:00Z), Mon 2 Nov is EST (14:00Z).
    const next = nextOccurrence(
      due('FREQ=DAILY'),
      '2026-10-31T13:00:00.000Z',
      new Date('2026-10-31T14:00:00Z'),
      'America/New_York',
    );
    expect(next).toBe('2026-11-01T14:00:00.000Z');
  });

  it('after completion: counts from the day of completion, at the task time of day', () => {
    const every3 = { rule: 'FREQ=DAILY;INTERVAL=3', mode: 'completion' } as const;
    expect(nextOccurrence(every3, '2026-11-20', WED_10, 'UTC')).toBe('2026-11-28');
    expect(nextOccurrence(every3, '2026-11-20T18:00:00.000Z', WED_10, 'UTC')).toBe('2026-11-28T18:00:00.000Z');
    expect(nextOccurrence(every3, null, WED_10, 'UTC')).toBe('2026-11-28');
  });
});

describe('complete, skip, stop', () => {
  const task = {
    status: 'todo' as const,
    dueAt: '2026-11-25T09:00:00.000Z',
    recurrence: due(WEEKDAYS),
    timesDone: 4,
    lastCompletedAt: '2026-11-24T09:05:00.000Z',
  };

  it('completing moves to the next occurrence, keeps the task open and counts it', () => {
    const patch = completeOccurrence(task, WED_10, 'UTC');
    expect(patch).toEqual({ dueAt: '2026-11-26T09:00:00.000Z', timesDone: 5, lastCompletedAt: WED_10.toISOString() });
    expect(taskPatchSchema.safeParse(patch).success).toBe(true);
    expect(undoPatch(task, patch as object)).toEqual({
      dueAt: task.dueAt,
      timesDone: 4,
      lastCompletedAt: task.lastCompletedAt,
    });
  });

  it('a rule that has ended completes the task for good', () => {
    const ending = { ...task, recurrence: due('FREQ=DAILY;UNTIL=20261125T235959Z') };
    expect(completeOccurrence(ending, WED_10, 'UTC')).toEqual({
      status: 'done',
      recurrence: null,
      timesDone: 5,
      lastCompletedAt: WED_10.toISOString(),
    });
  });

  it('a task that does not repeat (or has an unreadable rule) is completed the ordinary way', () => {
    expect(completeOccurrence({ status: 'todo', dueAt: null }, WED_10)).toBeNull();
    expect(completeOccurrence({ ...task, recurrence: due('FREQ=HOURLY') }, WED_10)).toBeNull();
  });

  it('skip moves on without counting; stop keeps due and history', () => {
    expect(skipOccurrence(task, WED_10, 'UTC')).toEqual({ dueAt: '2026-11-26T09:00:00.000Z' });
    expect(stopRepeating()).toEqual({ recurrence: null });
    const every3 = { ...task, recurrence: { rule: 'FREQ=DAILY;INTERVAL=3', mode: 'completion' as const } };
    expect(skipOccurrence(every3, WED_10, 'UTC')).toEqual({ dueAt: '2026-11-28T09:00:00.000Z' });
  });

  it('two devices completing the same occurrence offline write the same next due and count', () => {
    const rules = [
      WEEKDAYS,
      'FREQ=DAILY',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      'FREQ=MONTHLY;BYDAY=+2TU',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...rules),
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'),
        fc.boolean(),
        (rule, occurrence, minutesA, minutesB, timeZone, dateOnly) => {
          // The task is due at `occurrence`; both devices complete it on the same (local) day.
          const dueAt = dateOnly ? occurrence.toISOString().slice(0, 10) : occurrence.toISOString();
          const base = { status: 'todo' as const, dueAt, recurrence: due(rule), timesDone: 7 };
          const dayStart = new Date(Date.parse(`${occurrence.toISOString().slice(0, 10)}T00:00:00Z`));
          const a = completeOccurrence(base, new Date(dayStart.getTime() + minutesA * 60_000), timeZone);
          const b = completeOccurrence(base, new Date(dayStart.getTime() + minutesB * 60_000), timeZone);
          if (!a || !b) throw new Error('expected a patch');
          expect(a.timesDone).toBe(8);
          expect(b.timesDone).toBe(8);
          // Not late on either device: the next due is a function of the rule and the occurrence alone.
          const late = (minutes: number) => !dateOnly && dayStart.getTime() + minutes * 60_000 > occurrence.getTime();
          if (!late(minutesA) && !late(minutesB)) expect(a.dueAt).toBe(b.dueAt);
          // Either way the next due is after the completed occurrence and is one occurrence of the rule.
          for (const patch of [a, b]) {
            if (patch.dueAt) expect(patch.dueAt > dueAt || patch.dueAt.slice(0, 10) > dueAt.slice(0, 10)).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the sentence of a rule reads back as the same rule (the editor shows it as editable text)', () => {
  it.each([
    WEEKDAYS,
    'FREQ=DAILY',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=WEEKLY;INTERVAL=2',
    'FREQ=WEEKLY;BYDAY=MO,FR',
    'FREQ=WEEKLY;BYDAY=SA,SU',
    'FREQ=WEEKLY;BYDAY=TU',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
    'FREQ=MONTHLY;BYMONTHDAY=1',
    'FREQ=MONTHLY;BYMONTHDAY=1,15',
    'FREQ=MONTHLY;BYMONTHDAY=-1',
    'FREQ=MONTHLY;BYDAY=+3FR',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=MONTHLY;INTERVAL=3',
    'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25',
    'FREQ=YEARLY;INTERVAL=2',
    'FREQ=DAILY;UNTIL=20261231T235959Z',
  ])('%s', async (rule) => {
    const { parseQuickAdd } = await import('@@/shared/quick-add');
    const sentence = describeRule(rule);
    const parsed = parseQuickAdd(sentence, { now: WED_10, projects: [], timeZone: 'UTC' });
    expect(parsed.title).toBe('');
    const sorted = (value: string | undefined) => value?.split(';').sort().join(';');
    expect(sorted(parsed.recurrence?.rule)).toBe(sorted(rule));
  });
});
