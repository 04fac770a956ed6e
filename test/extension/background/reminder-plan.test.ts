import { describe, expect, it } from 'vitest';
import {
  EMPTY_STATE,
  type Me,
  type PlanTask,
  planReminders,
  type ReminderSettings,
  type ReminderState,
  remindsHere,
  SUMMARY_OVER,
} from '@/background/reminder-plan';
import { DEFAULT_REMINDER_SETTINGS } from '@/data/reminder-settings';

const ME: Me = { userId: '00000000-0000-4000-8000-00000000000a', userName: 'Ana', personalTeamId: 'p-ana' };
const BEN = '00000000-0000-4000-8000-00000000000b';
const TEAM = '00000000-0000-4000-8000-0000000000c0';
const settings: ReminderSettings = { ...DEFAULT_REMINDER_SETTINGS, defaultMinutes: 15 };
// Friday 4 December 2026, 16:00 UTC.
const NOW = new Date('2026-12-04T16:00:00.000Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

let n = 0;
function task(fields: Partial<PlanTask> = {}): PlanTask {
  n += 1;
  return {
    id: `task-${n}`,
    title: `Task ${n}`,
    dueAt: '2026-12-04T17:00:00.000Z',
    status: 'todo',
    assigneeId: null,
    createdBy: ME.userId,
    teamId: TEAM,
    projectId: null,
    ...fields,
  };
}

const plan = (
  tasks: PlanTask[],
  state: ReminderState = EMPTY_STATE,
  now = NOW,
  extra: Partial<ReminderSettings> = {},
) => planReminders({ tasks, me: ME, settings: { ...settings, ...extra }, state, now, timeZone: 'UTC' });

describe('who is reminded', () => {
  it('the assignee, else the creator; a private or device-only task is always mine', () => {
    expect(remindsHere(task({ assigneeId: ME.userId, createdBy: BEN }), ME)).toBe(true);
    expect(remindsHere(task({ assigneeId: BEN, createdBy: ME.userId }), ME)).toBe(false);
    expect(remindsHere(task({ createdBy: BEN }), ME)).toBe(false);
    expect(remindsHere(task({ createdBy: ME.userId }), ME)).toBe(true);
    // Not pushed yet: the row still carries the creator's name.
    expect(remindsHere(task({ createdBy: 'Ana' }), ME)).toBe(true);
    expect(remindsHere(task({ createdBy: BEN, teamId: ME.personalTeamId }), ME)).toBe(true);
    expect(remindsHere(task({ createdBy: null, teamId: null }), ME)).toBe(true);
    // Without an account, this browser is one person's: unassigned tasks are theirs, assigned ones are not.
    expect(remindsHere(task({ createdBy: 'Sam' }), null)).toBe(true);
    expect(remindsHere(task({ assigneeId: BEN }), null)).toBe(false);
  });
});

describe('planning reminders', () => {
  it('waits for the next reminder, then shows it once', () => {
    const t = task({ reminder: 15 });
    const before = plan([t]);
    expect(before.show).toEqual([]);
    expect(before.nextAt).toBe(Date.parse('2026-12-04T16:45:00.000Z'));

    const due = plan([t], before.state, minutes(45));
    expect(due.show).toEqual([{ taskId: t.id, at: '2026-12-04T16:45:00.000Z', missed: false }]);
    expect(due.state.delivered).toEqual({ [t.id]: '2026-12-04T16:45:00.000Z' });

    // Run again (a restarted worker, another change): not shown twice, and the notification stays.
    const again = plan([t], due.state, minutes(46));
    expect(again.show).toEqual([]);
    expect(again.clear).toEqual([]);
  });

  it('shows a reminder missed while nothing ran once, marked missed', () => {
    const t = task({ reminder: 0 });
    const closed = plan([t]); // the browser closes at 16:00
    const start = plan([t], closed.state, minutes(120)); // and starts at 18:00
    expect(start.show).toEqual([{ taskId: t.id, at: '2026-12-04T17:00:00.000Z', missed: true }]);
    expect(plan([t], start.state, minutes(121)).show).toEqual([]);
  });

  it('does not show old reminders on a first run or after a pull of old tasks, unless the due is still ahead', () => {
    const old = task({ dueAt: '2026-11-20T09:00:00.000Z', reminder: 0 });
    expect(plan([old]).show).toEqual([]);
    const later = plan([], plan([]).state, minutes(1));
    expect(plan([old], later.state, minutes(2)).show).toEqual([]);
    // Created at 16:50 due at 17:00 with a 15-minute reminder (16:45, already past): shown at once.
    const soon = task({ reminder: 15 });
    expect(plan([soon], later.state, minutes(50)).show.map((r) => r.taskId)).toEqual([soon.id]);
  });

  it('follows edits: a new due reschedules, completing, deleting, reassigning or turning it off clears it', () => {
    const t = task({ reminder: 0 });
    const shown = plan([t], plan([t]).state, minutes(61));
    expect(shown.show).toHaveLength(1);

    const moved = plan([{ ...t, dueAt: '2026-12-05T17:00:00.000Z' }], shown.state, minutes(62));
    expect(moved.clear).toEqual([t.id]);
    expect(moved.nextAt).toBe(Date.parse('2026-12-05T17:00:00.000Z'));
    expect(moved.state.delivered).toEqual({});

    for (const changed of [
      { ...t, status: 'done' as const },
      { ...t, deleted: true },
      { ...t, assigneeId: BEN },
      { ...t, reminder: 'none' as const },
    ]) {
      const next = plan([changed], shown.state, minutes(62));
      expect(next.clear).toEqual([t.id]);
      expect(next.state.delivered).toEqual({});
    }
    // Gone from the list altogether (deleted, or a teammate's synced completion took it out of the index).
    expect(plan([], shown.state, minutes(62)).clear).toEqual([t.id]);
  });

  it('a snoozed reminder goes away and comes back at its time', () => {
    const t = task({ reminder: 0 });
    const shown = plan([t], plan([t]).state, minutes(60));
    const snoozed = { ...t, reminderSnooze: { until: minutes(70).toISOString(), dueAt: t.dueAt as string } };
    const after = plan([snoozed], shown.state, minutes(61));
    expect(after.clear).toEqual([t.id]);
    expect(after.nextAt).toBe(minutes(70).getTime());
    expect(plan([snoozed], after.state, minutes(70)).show).toEqual([
      { taskId: t.id, at: minutes(70).toISOString(), missed: false },
    ]);
  });

  it('a repeating task moved to its next occurrence reminds again then', () => {
    const t = task({ reminder: 0, recurrence: { rule: 'FREQ=DAILY', mode: 'due' } } as Partial<PlanTask>);
    const shown = plan([t], plan([t]).state, minutes(60));
    const next = { ...t, dueAt: '2026-12-05T17:00:00.000Z' };
    const after = plan([next], shown.state, minutes(61));
    expect(after.clear).toEqual([t.id]);
    expect(plan([next], after.state, new Date('2026-12-05T17:00:00.000Z')).show.map((r) => r.at)).toEqual([
      '2026-12-05T17:00:00.000Z',
    ]);
  });

  it(`summarises more than ${SUMMARY_OVER} reminders at once`, () => {
    const many = Array.from({ length: SUMMARY_OVER + 1 }, () => task({ reminder: 0 }));
    const result = plan(many, plan(many).state, minutes(61));
    expect(result.show).toEqual([]);
    expect(result.summary).toHaveLength(SUMMARY_OVER + 1);
    expect(Object.keys(result.state.delivered)).toHaveLength(SUMMARY_OVER + 1);
  });

  it("never reminds of a teammate's task", () => {
    const theirs = task({ assigneeId: BEN, reminder: 0 });
    expect(plan([theirs], plan([theirs]).state, minutes(61)).show).toEqual([]);
    expect(plan([theirs]).nextAt).toBeNull();
  });
});

describe('digest and badge', () => {
  const tasks = () => [
    task({ dueAt: '2026-12-04T18:00:00.000Z', reminder: 'none' }),
    task({ dueAt: '2026-12-04', reminder: 'none' }),
    task({ dueAt: '2026-12-04T15:00:00.000Z', reminder: 'none' }), // overdue by an hour
    task({ dueAt: '2026-12-01', reminder: 'none' }), // overdue
    task({ dueAt: '2026-12-05T09:00:00.000Z', reminder: 'none' }),
    task({ dueAt: '2026-12-01', assigneeId: BEN }), // a teammate's: not counted
    task({ dueAt: '2026-12-01', status: 'done' }),
  ];

  it('counts my overdue tasks as the popup does, and wakes when the next one becomes overdue', () => {
    const result = plan(tasks(), EMPTY_STATE, NOW, { badgeOverdue: true });
    expect(result.overdue).toBe(2);
    expect(result.nextAt).toBe(Date.parse('2026-12-04T18:00:00.001Z'));
  });

  it('shows the digest once a day, at its time or at the first run after it', () => {
    const at = (iso: string) => new Date(iso);
    const off = plan(tasks(), EMPTY_STATE, at('2026-12-04T07:00:00.000Z'), { digest: false });
    expect(off.digest).toBeNull();
    const early = plan(tasks(), EMPTY_STATE, at('2026-12-04T07:00:00.000Z'), { digest: true, digestMinutes: 480 });
    expect(early.digest).toBeNull();
    expect(early.nextAt).toBe(Date.parse('2026-12-04T08:00:00.000Z'));
    const late = plan(tasks(), early.state, at('2026-12-04T10:30:00.000Z'), { digest: true, digestMinutes: 480 });
    // At 10:30: due today 18:00, today (date only), 15:00 → three; overdue: Dec 1.
    expect(late.digest).toEqual({ dueToday: 3, overdue: 1 });
    const again = plan(tasks(), late.state, at('2026-12-04T11:00:00.000Z'), { digest: true, digestMinutes: 480 });
    expect(again.digest).toBeNull();
    expect(again.nextAt).toBe(Date.parse('2026-12-05T08:00:00.000Z'));
  });

  it('skips the digest on a day with nothing due', () => {
    const result = plan([], EMPTY_STATE, NOW, { digest: true, digestMinutes: 480 });
    expect(result.digest).toBeNull();
    expect(result.state.digestDay).toBe('2026-12-04');
  });
});
