// The background's reminder decisions, pure: from the open tasks, who this device belongs to, the person's
// preferences and what was already shown here, decide which reminders to show now, which notifications no
// longer hold (completed, deleted, moved, reassigned, snoozed), whether the morning digest is due, the overdue
// count for the badge, and when to wake up next. extension/background/reminders.ts does the I/O around it.
//
// Rules:
// - A reminder is shown on the devices of the task's assignee; an unassigned task reminds its creator (and a
//   task in one's private space, or on a device without an account, is one's own).
// - A reminder is shown once per fire instant on a device (`delivered`): after a restart of the worker or of
//   the browser, what was shown is not shown again. One that fell due while nothing ran (the browser was
//   closed, the worker slept past its alarm) is shown once at the next run, marked missed when it is late.
// - One whose instant had already passed before the last run (`checkedAt`) is not shown any more, unless its
//   due is still ahead (a task created or moved to "in 10 minutes" with a 15-minute reminder): a first pull of
//   a team's old tasks never floods the screen.
// - More than SUMMARY_OVER reminders at once become one summary notification.
// - The digest ("3 due today, 1 overdue") is shown once a day, at its time or at the first run after it.

import { addDays, civilDateTime, civilToInstant, isDateOnly } from '@@/shared/dates';
import { dueMoment, type ReminderPrefs, type ReminderTask, reminderAt } from '@@/shared/reminders';
import type { Task } from '@@/shared/schemas/task';
import { z } from 'zod';

/** What a reminder offers: Complete, Snooze 10 min / 1 hour, Tomorrow (see reminder-actions.ts). */
export const REMINDER_ACTIONS = ['complete', 'snooze10', 'snooze60', 'tomorrow'] as const;
export const reminderActionSchema = z.enum(REMINDER_ACTIONS);
export type ReminderAction = z.infer<typeof reminderActionSchema>;

export const SUMMARY_OVER = 3;
/** A reminder shown this long after its instant says it was missed. */
export const MISSED_AFTER_MS = 2 * 60_000;

export interface ReminderSettings extends ReminderPrefs {
  digest: boolean;
  /** Minutes after midnight. */
  digestMinutes: number;
  /** The toolbar badge counts overdue tasks (when the page has no tasks of its own). */
  badgeOverdue: boolean;
}

export type PlanTask = ReminderTask &
  Pick<Task, 'id' | 'title' | 'assigneeId' | 'createdBy' | 'teamId' | 'projectId'> & { deleted?: boolean };

/** Who this device belongs to: the signed-in account, or null without one. */
export interface Me {
  userId: string;
  userName: string;
  personalTeamId: string;
}

/** What this device remembers between runs (stored, never only in memory). */
export interface ReminderState {
  /** The `now` of the last run. */
  checkedAt: string | null;
  /** Task id → the fire instant (ISO) whose reminder was shown here. */
  delivered: Record<string, string>;
  /** The local day the digest was last shown (or skipped, when nothing was due). */
  digestDay: string | null;
}

export const EMPTY_STATE: ReminderState = { checkedAt: null, delivered: {}, digestDay: null };

export interface DueReminder {
  taskId: string;
  /** The fire instant, ISO. */
  at: string;
  missed: boolean;
}

export interface ReminderPlan {
  /** Reminders to show now, one notification each (empty when `summary` holds them). */
  show: DueReminder[];
  /** Too many at once: one notification naming them. */
  summary: DueReminder[];
  /** Tasks whose notification should go away. */
  clear: string[];
  digest: { dueToday: number; overdue: number } | null;
  /** My overdue tasks (as the popup's Overdue section counts them). */
  overdue: number;
  /** When to run again (ms), or null when nothing is ahead. */
  nextAt: number | null;
  state: ReminderState;
}

/** True when this device should remind of the task: it is the assignee's, or the creator's when unassigned. */
export function remindsHere(task: PlanTask, me: Me | null): boolean {
  if (task.assigneeId) return me !== null && task.assigneeId === me.userId;
  if (!me || task.teamId === null || task.teamId === me.personalTeamId) return true;
  // The server records the creating account's id; a row not pushed yet still carries this person's name.
  return task.createdBy === me.userId || task.createdBy === me.userName;
}

/** The popup's "my tasks": assigned to me, or to nobody. */
const listedAsMine = (task: PlanTask, me: Me | null) => task.assigneeId === null || task.assigneeId === me?.userId;

export interface PlanInput {
  tasks: readonly PlanTask[];
  me: Me | null;
  settings: ReminderSettings;
  state: ReminderState;
  now: Date;
  timeZone?: string;
}

export function planReminders({ tasks, me, settings, state, now, timeZone }: PlanInput): ReminderPlan {
  const nowMs = now.getTime();
  // The first run on a device (nothing checked yet) shows no past reminder but those whose due is still ahead.
  const checkedAt = state.checkedAt ? Date.parse(state.checkedAt) : nowMs;
  const delivered: Record<string, string> = {};
  const due: DueReminder[] = [];
  const clear: string[] = [];
  let nextAt: number | null = null;
  const wakeAt = (ms: number) => {
    if (ms > nowMs && (nextAt === null || ms < nextAt)) nextAt = ms;
  };

  const open = tasks.filter((t) => !t.deleted && t.status !== 'done');
  const current = new Map<string, { at: number; task: PlanTask }>();
  for (const task of open) {
    if (!remindsHere(task, me)) continue;
    const at = reminderAt(task, settings, timeZone);
    if (at !== null) current.set(task.id, { at, task });
  }

  for (const [taskId, { at, task }] of current) {
    const iso = new Date(at).toISOString();
    const shown = state.delivered[taskId];
    if (shown === iso) {
      delivered[taskId] = iso;
      continue;
    }
    // Whatever was shown for an earlier instant no longer holds (a new due, a snooze).
    if (shown !== undefined) clear.push(taskId);
    if (at > nowMs) {
      wakeAt(at);
      continue;
    }
    const stillAhead = (dueMoment(task.dueAt, settings, timeZone) ?? 0) > nowMs;
    if (at > checkedAt || stillAhead) {
      due.push({ taskId, at: iso, missed: nowMs - at > MISSED_AFTER_MS });
      delivered[taskId] = iso;
    }
  }
  // Tasks that no longer remind here (done, deleted, reassigned, reminder off) lose their notification.
  for (const taskId of Object.keys(state.delivered)) if (!current.has(taskId)) clear.push(taskId);
  due.sort((a, b) => a.at.localeCompare(b.at));

  // Badge and digest count the popup's lists: my open tasks by due.
  const today = civilDateTime(now, timeZone).date;
  let overdue = 0;
  let dueToday = 0;
  for (const task of open) {
    if (!task.dueAt || !listedAsMine(task, me)) continue;
    if (isDateOnly(task.dueAt)) {
      if (task.dueAt < today) overdue += 1;
      else if (task.dueAt === today) {
        dueToday += 1;
        if (settings.badgeOverdue) wakeAt(civilToInstant(addDays(today, 1), 0, 0, timeZone).getTime());
      }
      continue;
    }
    const ms = Date.parse(task.dueAt);
    if (ms < nowMs) overdue += 1;
    else {
      if (civilDateTime(new Date(ms), timeZone).date === today) dueToday += 1;
      if (settings.badgeOverdue) wakeAt(ms + 1);
    }
  }

  let digest: ReminderPlan['digest'] = null;
  let digestDay = state.digestDay;
  if (settings.digest) {
    const minutes = settings.digestMinutes;
    const todayAt = civilToInstant(today, Math.floor(minutes / 60), minutes % 60, timeZone).getTime();
    if (digestDay !== today && nowMs >= todayAt) {
      digestDay = today;
      if (dueToday + overdue > 0) digest = { dueToday, overdue };
    }
    wakeAt(
      digestDay === today
        ? civilToInstant(addDays(today, 1), Math.floor(minutes / 60), minutes % 60, timeZone).getTime()
        : todayAt,
    );
  }

  const many = due.length > SUMMARY_OVER;
  return {
    show: many ? [] : due,
    summary: many ? due : [],
    clear: [...new Set(clear)],
    digest,
    overdue,
    nextAt,
    state: { checkedAt: now.toISOString(), delivered, digestDay },
  };
}
