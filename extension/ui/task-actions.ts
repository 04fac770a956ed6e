// Task actions shared by popup and side panel, each with its undo.
import { snoozeTarget } from '@@/shared/dates';
import type { TaskRow } from '../db/rows';
import { send } from '../messaging/client';
import { showError, showToast } from './toast';

const shortTitle = (task: TaskRow) => (task.title.length > 40 ? `${task.title.slice(0, 39)}…` : task.title);

async function run(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    showError(error);
  }
}

export function toggleDone(task: TaskRow): Promise<void> {
  const before = task.status;
  const status = before === 'done' ? 'todo' : 'done';
  return run(async () => {
    await send('task.update', { id: task.id, patch: { status } });
    showToast({
      message: status === 'done' ? `Completed “${shortTitle(task)}”` : `Reopened “${shortTitle(task)}”`,
      undo: () => send('task.update', { id: task.id, patch: { status: before } }),
    });
  });
}

export function deleteTask(task: TaskRow): Promise<void> {
  return run(async () => {
    await send('task.delete', { id: task.id });
    showToast({ message: `Deleted “${shortTitle(task)}”`, undo: () => send('task.restore', { id: task.id }) });
  });
}

export function snooze(task: TaskRow, when: 'tomorrow' | 'nextWeek'): Promise<void> {
  const before = task.dueAt;
  return run(async () => {
    await send('task.update', { id: task.id, patch: { dueAt: snoozeTarget(when, new Date()) } });
    showToast({
      message: `Snoozed to ${when === 'tomorrow' ? 'tomorrow' : 'next week'}`,
      undo: () => send('task.update', { id: task.id, patch: { dueAt: before } }),
    });
  });
}
