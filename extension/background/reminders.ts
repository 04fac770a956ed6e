// Reminders that fire: one alarm at the next reminder, digest or overdue change; notifications with Complete
// and Snooze 10 min (a click on the notification opens a small window with every action: Complete, Snooze 10
// min / 1 hour, Tomorrow, Open the task); the morning digest; the overdue count for the badge.
//
// The decisions are pure (reminder-plan.ts); this module only reads, shows and stores. The MV3 worker may stop at
// any time: what was shown lives in a storage item (`local:reminderState`), the alarm is Chrome's, and a
// notification's id names its task (`reminder:<task id>`) while its buttons are fixed (REMINDER_BUTTONS), so a
// button pressed on a restarted worker knows what to do. The listeners are registered synchronously in the
// background's first turn (listenForReminders); the run is serialised, so two wake-ups never show twice.

import { NO_DUE_KEY } from '@@/shared/dates';
import Dexie, { type ObservabilitySet, RangeSet, rangesOverlap } from 'dexie';
import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { readReminderSettings } from '../data/reminder-settings';
import type { WaypointDb } from '../db/database';
import type { TaskRow } from '../db/rows';
import { t, tn } from '../i18n';
import { dueText } from '../i18n/dates';
import { ACCOUNT_SETTING, readAccount } from '../sync/account';
import {
  type DueReminder,
  EMPTY_STATE,
  type Me,
  planReminders,
  type ReminderAction,
  type ReminderState,
} from './reminder-plan';

/** "2 due today, 1 overdue" (either part left out at 0). */
const digestLine = ({ dueToday, overdue }: { dueToday: number; overdue: number }) =>
  [dueToday ? tn('reminders_digestDueToday', dueToday) : '', overdue ? tn('reminders_digestOverdue', overdue) : '']
    .filter(Boolean)
    .join(', ');

export const REMINDER_ALARM = 'waypoint-reminders';
const PREFIX = 'reminder:';
export const DIGEST_ID = 'reminders:digest';
export const SUMMARY_ID = 'reminders:summary';
/** The buttons of a reminder notification, by index: Chrome shows at most two. */
export const REMINDER_BUTTONS: readonly ReminderAction[] = ['complete', 'snooze10'];
/** Below this, a timer in the running worker fires more precisely than an alarm (30 s granularity when packed). */
const TIMER_WITHIN_MS = 60_000;
/** Changes arrive in bursts (a pull of many rows): one run after they settle. */
const SETTLE_MS = 150;
/**
 * While changes keep coming (a first sync writing 100,000 rows page by page), the next run waits this many times
 * as long as the last one took: a run reads every dated open task, so reminders take at most ~1/(1 + this) of
 * the worker and of IndexedDB however large the data, instead of one full read per pulled page.
 */
const PACE_FACTOR = 8;
/** However long runs take, a change is followed within this. */
const MAX_WAIT_MS = 20_000;
/** Settings rows that change what the reminders do. */
const SETTING_KEYS = ['reminderSettings', ACCOUNT_SETTING];

const EVERYTHING = new RangeSet(-Infinity, [[]]);
/** The index keys of tasks that can remind: open, mine, dated (the `openDue` range `once` reads). */
const DATED_OPEN = new RangeSet('', NO_DUE_KEY);
const SETTINGS = SETTING_KEYS.reduce((set, key) => set.addKey(key), new RangeSet());

/**
 * Whether a write Dexie reports (its `storagemutated` parts, from this context or another) can change what the
 * reminders read: a task entering or leaving the dated open range (a write of many rows or a deletion marks
 * every index), or the reminder settings or account.
 */
export function touchesReminders(parts: ObservabilitySet, dbName: string): boolean {
  if (parts.all) return true;
  const tasks = parts[`idb://${dbName}/tasks/openDue`];
  if (tasks && rangesOverlap(tasks, DATED_OPEN)) return true;
  const deletedTasks = parts[`idb://${dbName}/tasks/:dels`];
  if (deletedTasks && rangesOverlap(deletedTasks, EVERYTHING)) return true;
  const settings = parts[`idb://${dbName}/settings/`];
  return !!settings && rangesOverlap(settings, SETTINGS);
}

/**
 * Runs `task` after changes, paced: a change runs it `settleMs` later (so a burst makes one run), and never
 * sooner than `pace` × the last run's duration after that run ended (at most `maxWaitMs`). Never two at once.
 */
export function createPacedRunner(
  task: () => Promise<void>,
  { settleMs = SETTLE_MS, pace = PACE_FACTOR, maxWaitMs = MAX_WAIT_MS, clock = () => performance.now() } = {},
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let dirty = false;
  /** When the next run may start at the earliest. */
  let notBefore = Number.NEGATIVE_INFINITY;
  const start = () => {
    const delay = Math.max(settleMs, Math.min(maxWaitMs, notBefore - clock()));
    timer = setTimeout(() => {
      timer = undefined;
      dirty = false;
      running = true;
      const began = clock();
      void task().finally(() => {
        running = false;
        const ended = clock();
        notBefore = ended + pace * (ended - began);
        if (dirty) start();
      });
    }, delay);
  };
  return {
    changed() {
      dirty = true;
      if (!timer && !running) start();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      dirty = false;
    },
  };
}

export const reminderNotificationId = (taskId: string) => `${PREFIX}${taskId}`;
export const reminderTaskOf = (notificationId: string): string | null =>
  notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;

const stateSchema = z.object({
  checkedAt: z.string().nullable(),
  delivered: z.record(z.string(), z.string()),
  digestDay: z.string().nullable(),
});
const reminderState = storage.defineItem<ReminderState>('local:reminderState', { fallback: EMPTY_STATE });

async function readState(): Promise<ReminderState> {
  const parsed = stateSchema.safeParse(await reminderState.getValue());
  return parsed.success ? parsed.data : EMPTY_STATE;
}

const logFailure = (error: unknown) => console.error('Waypoint: a reminder notification failed', error);
const iconUrl = () => browser.runtime.getURL('/icon/128.png');

type Options = browser.Notifications.CreateNotificationOptions;

/** Chrome shows buttons, a context line and keeps the notification up; Firefox has none of these. */
function withButtons(options: Options, context: string): Options {
  if (import.meta.env.FIREFOX)
    return { ...options, message: `${options.message}\n${t('reminders_moreWithoutButtons')}` };
  return {
    ...options,
    contextMessage: context,
    buttons: REMINDER_BUTTONS.map((action) => ({
      title: action === 'complete' ? t('reminders_complete') : t('reminders_snooze10'),
    })),
    requireInteraction: true,
  } as Options;
}

async function showReminder(task: TaskRow, reminder: DueReminder, now: Date, project: string): Promise<void> {
  const when = dueText(task.dueAt, now).text;
  await browser.notifications.create(
    reminderNotificationId(task.id),
    withButtons(
      {
        type: 'basic',
        iconUrl: iconUrl(),
        title: task.title,
        message: reminder.missed ? t('reminders_missed', when) : t('reminders_due', when),
      },
      `${project} · ${t('reminders_more')}`,
    ),
  );
}

export interface Reminders {
  /** Plan and act now (serialised with every other run). */
  run(): Promise<void>;
  /** Follow the data: any change to open tasks, reminder settings or the account runs again. */
  follow(): () => void;
}

export function createReminders({
  db,
  showOverdue,
  now = () => new Date(),
}: {
  db: WaypointDb;
  /** The badge's overdue count (0 hides it). */
  showOverdue: (count: number) => void;
  now?: () => Date;
}): Reminders {
  let chain: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function schedule(nextAt: number | null) {
    clearTimeout(timer);
    if (nextAt === null) {
      void browser.alarms.clear(REMINDER_ALARM);
      return;
    }
    void browser.alarms.create(REMINDER_ALARM, { when: Math.max(nextAt, Date.now() + 1000) });
    const delay = nextAt - Date.now();
    if (delay < TIMER_WITHIN_MS) timer = setTimeout(() => void run(), Math.max(delay, 0) + 20);
  }

  async function once() {
    const at = now();
    const [tasks, settings, account, state] = await Promise.all([
      // Open tasks with a date that the popup lists as mine: every task that can remind here is among them.
      db.tasks.where('openDue').below(NO_DUE_KEY).toArray(),
      readReminderSettings(db),
      readAccount(db),
      readState(),
    ]);
    const me: Me | null = account
      ? { userId: account.user.id, userName: account.user.name, personalTeamId: account.personalTeamId }
      : null;
    const plan = planReminders({ tasks, me, settings, state, now: at });
    for (const taskId of plan.clear) await browser.notifications.clear(reminderNotificationId(taskId));
    const byId = new Map(tasks.map((task) => [task.id, task]));
    const projectName = async (task: TaskRow) =>
      task.projectId ? ((await db.projects.get(task.projectId))?.name ?? t('common_inbox')) : t('common_inbox');
    for (const reminder of plan.show) {
      const task = byId.get(reminder.taskId);
      // One notification the browser refuses must not hold back the others, nor the stored state.
      if (task) await showReminder(task, reminder, at, await projectName(task)).catch(logFailure);
    }
    if (plan.summary.length) {
      const titles = plan.summary.map((r) => byId.get(r.taskId)?.title ?? '').filter(Boolean);
      const listed = titles.slice(0, 4).join('\n');
      await browser.notifications
        .create(SUMMARY_ID, {
          type: 'basic',
          iconUrl: iconUrl(),
          title: tn('reminders_summaryTitle', plan.summary.length),
          message: titles.length > 4 ? `${listed}\n${tn('reminders_summaryMore', titles.length - 4)}` : listed,
        })
        .catch(logFailure);
    }
    if (plan.digest) {
      await browser.notifications
        .create(DIGEST_ID, {
          type: 'basic',
          iconUrl: iconUrl(),
          title: t('reminders_digestTitle'),
          message: `${digestLine(plan.digest)}\n${t('reminders_digestOpen')}`,
        })
        .catch(logFailure);
    }
    // Stored after showing: a worker stopped in between shows a reminder twice rather than never.
    await reminderState.setValue(plan.state);
    schedule(plan.nextAt);
    showOverdue(settings.badgeOverdue ? plan.overdue : 0);
  }

  function run(): Promise<void> {
    chain = chain.then(once).catch((error) => console.error('Waypoint: reminders failed', error));
    return chain;
  }

  function follow() {
    // Dexie's mutation events, not a live query: a live query would read every dated open task again on each
    // write (each pulled page of a first sync) only to say "something changed"; `run` reads them once, paced.
    const runner = createPacedRunner(run);
    const onMutated = (parts: ObservabilitySet) => {
      if (touchesReminders(parts, db.name)) runner.changed();
    };
    Dexie.on('storagemutated', onMutated);
    // What is stored now, once (the worker just started).
    runner.changed();
    return () => {
      Dexie.on.storagemutated.unsubscribe(onMutated);
      runner.stop();
    };
  }

  return { run, follow };
}

/** The small window a click on a reminder opens: every action, and the task itself. */
export async function openReminderWindow(taskId: string): Promise<void> {
  await browser.windows.create({
    url: browser.runtime.getURL(`/reminder.html?task=${encodeURIComponent(taskId)}`),
    type: 'popup',
    width: 400,
    height: 340,
  });
}

/**
 * Registered synchronously in the background's first turn: an alarm, a button or a click may be what starts
 * the worker, and such an event reaches only listeners added then. The handlers wait for the services.
 */
export function listenForReminders(handlers: {
  run: () => Promise<void>;
  act: (taskId: string, action: ReminderAction) => Promise<unknown>;
  openTasks: () => Promise<void>;
}): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REMINDER_ALARM) void handlers.run();
  });
  // Firefox has no notification buttons (its notifications say "Click to complete or snooze it").
  browser.notifications.onButtonClicked?.addListener((id, index) => {
    const taskId = reminderTaskOf(id);
    const action = REMINDER_BUTTONS[index];
    if (!taskId || !action) return;
    void browser.notifications.clear(id);
    void handlers.act(taskId, action).catch((error) => console.error('Waypoint: reminder action failed', error));
  });
  browser.notifications.onClicked.addListener((id) => {
    const taskId = reminderTaskOf(id);
    if (taskId) {
      void browser.notifications.clear(id);
      void openReminderWindow(taskId);
    } else if (id === DIGEST_ID || id === SUMMARY_ID) {
      void browser.notifications.clear(id);
      void handlers.openTasks();
    }
  });
  // The browser starting wakes the worker: reminders missed while it was closed show once, now.
  browser.runtime.onStartup.addListener(() => void handlers.run());
}
