import { DEFAULT_REMINDER_PREFS, dueMoment, type ReminderPrefs, reminderAt, reminderOffset } from '@@/shared/reminders';
import { taskPatchSchema, taskSchema } from '@@/shared/schemas/task';
import { describe, expect, it } from 'vitest';

const prefs: ReminderPrefs = { ...DEFAULT_REMINDER_PREFS, defaultMinutes: 15 };
const at = (iso: string) => Date.parse(iso);

describe('reminder fire time', () => {
  it('a timed due reminds its chosen minutes before, or at the due time', () => {
    const task = { dueAt: '2026-12-04T17:00:00.000Z', status: 'todo' as const };
    expect(reminderAt({ ...task, reminder: 30 }, prefs, 'UTC')).toBe(at('2026-12-04T16:30:00.000Z'));
    expect(reminderAt({ ...task, reminder: 0 }, prefs, 'UTC')).toBe(at('2026-12-04T17:00:00.000Z'));
    expect(reminderAt({ ...task, reminder: 24 * 60 }, prefs, 'UTC')).toBe(at('2026-12-03T17:00:00.000Z'));
  });

  it("uses the person's default when the task has no choice, and none when it says so", () => {
    const task = { dueAt: '2026-12-04T17:00:00.000Z', status: 'todo' as const };
    expect(reminderAt(task, prefs, 'UTC')).toBe(at('2026-12-04T16:45:00.000Z'));
    expect(reminderAt({ ...task, reminder: null }, prefs, 'UTC')).toBe(at('2026-12-04T16:45:00.000Z'));
    expect(reminderAt({ ...task, reminder: 'none' }, prefs, 'UTC')).toBeNull();
    expect(reminderAt(task, { ...prefs, defaultMinutes: null }, 'UTC')).toBeNull();
  });

  it('a date-only due counts from the time of day in the settings, in the given zone', () => {
    const task = { dueAt: '2026-12-04', status: 'todo' as const, reminder: 24 * 60 };
    expect(reminderAt(task, prefs, 'Europe/Paris')).toBe(at('2026-12-03T08:00:00.000Z'));
    expect(reminderAt(task, { ...prefs, allDayMinutes: 7 * 60 + 30 }, 'UTC')).toBe(at('2026-12-03T07:30:00.000Z'));
    expect(dueMoment('2026-12-04', prefs, 'America/New_York')).toBe(at('2026-12-04T14:00:00.000Z'));
  });

  it('date-only tasks with the default choice remind only when that setting is on', () => {
    const task = { dueAt: '2026-12-04', status: 'todo' as const };
    expect(reminderOffset(task, prefs)).toBeNull();
    expect(reminderAt(task, { ...prefs, remindAllDay: true }, 'UTC')).toBe(at('2026-12-04T09:00:00.000Z'));
  });

  it('a snooze holds while the due is the one it was snoozed for', () => {
    const task = {
      dueAt: '2026-12-04T17:00:00.000Z',
      status: 'todo' as const,
      reminder: 15,
      reminderSnooze: { until: '2026-12-04T17:10:00.000Z', dueAt: '2026-12-04T17:00:00.000Z' },
    };
    expect(reminderAt(task, prefs, 'UTC')).toBe(at('2026-12-04T17:10:00.000Z'));
    // Moved (edited, snoozed to tomorrow, next occurrence): the snooze no longer applies.
    expect(reminderAt({ ...task, dueAt: '2026-12-05T17:00:00.000Z' }, prefs, 'UTC')).toBe(
      at('2026-12-05T16:45:00.000Z'),
    );
    // Turned off after the snooze: nothing.
    expect(reminderAt({ ...task, reminder: 'none' }, prefs, 'UTC')).toBeNull();
  });

  it('no due, done or deleted: no reminder', () => {
    expect(reminderAt({ dueAt: null, status: 'todo', reminder: 0 }, prefs)).toBeNull();
    expect(reminderAt({ dueAt: '2026-12-04T17:00:00.000Z', status: 'done', reminder: 0 }, prefs)).toBeNull();
    expect(
      reminderAt({ dueAt: '2026-12-04T17:00:00.000Z', status: 'todo', reminder: 0, deleted: true }, prefs),
    ).toBeNull();
  });
});

describe('reminder fields in the task schema', () => {
  it('accepts minutes, none, null and a snooze; refuses the rest with a reason', () => {
    for (const reminder of [0, 15, 40_320, 'none', null])
      expect(taskPatchSchema.safeParse({ reminder }).success, String(reminder)).toBe(true);
    for (const reminder of [-1, 1.5, 40_321, 'soon', '15'])
      expect(taskPatchSchema.safeParse({ reminder }).success, String(reminder)).toBe(false);
    expect(
      taskPatchSchema.safeParse({ reminderSnooze: { until: '2026-12-04T17:10:00.000Z', dueAt: '2026-12-04' } }).success,
    ).toBe(true);
    expect(taskPatchSchema.safeParse({ reminderSnooze: { until: 'later', dueAt: '2026-12-04' } }).success).toBe(false);
    expect(taskSchema.shape.reminder.safeParse(undefined).success).toBe(true);
  });
});
