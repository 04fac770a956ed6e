// What a reminder's actions do to its task, through the store (so they sync, and work offline): Complete (a
// repeating task moves to its next occurrence), Snooze 10 min / 1 hour (the reminder comes back, the due stays),
// and Tomorrow (the task itself is snoozed to tomorrow, keeping its time: shared/snooze.ts).
import { snoozePreset } from '@@/shared/snooze';
import type { TaskRow } from '../db/rows';
import { InvalidValueError, NotFoundError, type Store } from '../db/store';
import type { ReminderAction } from './reminder-plan';

const SNOOZE_MINUTES: Partial<Record<ReminderAction, number>> = { snooze10: 10, snooze60: 60 };

export async function actOnReminder(
  store: Store,
  taskId: string,
  action: ReminderAction,
  now: Date = new Date(),
): Promise<TaskRow> {
  const task = await store.db.tasks.get(taskId);
  if (!task || task.deleted) throw new NotFoundError('Task', taskId);
  // A reminder clicked after the task was completed elsewhere (a synced change) has nothing left to do.
  if (task.status === 'done') return task;
  if (action === 'complete') return store.updateTask(taskId, { status: 'done' });
  if (!task.dueAt) throw new InvalidValueError('This task has no due date any more, so there is nothing to snooze.');
  const minutes = SNOOZE_MINUTES[action];
  if (minutes !== undefined) {
    const until = new Date(now.getTime() + minutes * 60_000).toISOString();
    return store.updateTask(taskId, { reminderSnooze: { until, dueAt: task.dueAt } });
  }
  const dueAt = snoozePreset(task.dueAt, 'tomorrow', { now });
  if (!dueAt) throw new InvalidValueError('This task cannot be snoozed to tomorrow.');
  return store.updateTask(taskId, { dueAt });
}
