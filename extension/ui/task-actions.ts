// Task actions shared by popup and side panel, each with its undo.
import { completeOccurrence, isRecurring, skipOccurrence, stopRepeating, undoPatch } from '@@/shared/recurrence';
import type { TaskPatch } from '@@/shared/schemas/task';
import { type SnoozePreset, snoozePreset, snoozeUntil } from '@@/shared/snooze';
import type { TaskRow } from '../db/rows';
import { type MessageKey, t } from '../i18n';
import { dueText, quickAddLanguage } from '../i18n/words';
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
  if (status === 'done' && isRecurring(task)) return completeRecurring(task);
  return run(async () => {
    await send('task.update', { id: task.id, patch: { status } });
    showToast({
      message: status === 'done' ? t('task_completed', shortTitle(task)) : t('task_reopened', shortTitle(task)),
      undo: () => send('task.update', { id: task.id, patch: { status: before } }),
    });
  });
}

/** The ids of a task's ticked steps (read on demand: the database stays out of the rows' first paint). */
async function tickedSteps(taskId: string): Promise<string[]> {
  const [{ taskSteps }, { pageDb }] = await Promise.all([import('../db/queries'), import('./page-db')]);
  return (await taskSteps(pageDb(), taskId)).filter((step) => step.done).map((step) => step.id);
}

/**
 * The background moves a recurring task to its next occurrence, with its steps unticked; undo puts due, history
 * and ticks back.
 */
function completeRecurring(task: TaskRow): Promise<void> {
  // The same patch the background computes, only to know which fields to restore on undo.
  const expected = completeOccurrence(task, new Date()) ?? {};
  const undo = undoPatch(task, { ...expected, status: task.status } as TaskPatch);
  return run(async () => {
    const ticked = await tickedSteps(task.id);
    const next = await send('task.update', { id: task.id, patch: { status: 'done' } });
    const when =
      next.status === 'done' ? t('task_noMoreRepeats') : t('task_nextDue', dueText(next.dueAt, new Date()).text);
    showToast({
      message: t('task_completedRecurring', shortTitle(task), when),
      undo: async () => {
        await send('task.update', { id: task.id, patch: undo });
        if (ticked.length && next.status !== 'done') await send('steps.setDone', { ids: ticked, done: true });
      },
    });
  });
}

export function deleteTask(task: TaskRow): Promise<void> {
  return run(async () => {
    await send('task.delete', { id: task.id });
    showToast({ message: t('task_deleted', shortTitle(task)), undo: () => send('task.restore', { id: task.id }) });
  });
}

const PRESET_WORDS: Record<SnoozePreset, MessageKey> = {
  laterToday: 'snooze_laterToday',
  tomorrow: 'snooze_tomorrow',
  nextWeek: 'snooze_nextWeek',
};

async function moveDue(task: TaskRow, dueAt: string): Promise<void> {
  const before = task.dueAt;
  await send('task.update', { id: task.id, patch: { dueAt } });
  showToast({
    message: t('snooze_done', shortTitle(task), dueText(dueAt, new Date()).text),
    undo: () => send('task.update', { id: task.id, patch: { dueAt: before } }),
  });
}

/** The presets that move this task later right now, with the due each would set. */
export function snoozeChoices(
  task: TaskRow,
  now = new Date(),
): { preset: SnoozePreset; label: string; dueAt: string }[] {
  const seen = new Set<string>();
  return (['laterToday', 'tomorrow', 'nextWeek'] as const).flatMap((preset) => {
    const dueAt = snoozePreset(task.dueAt, preset, { now });
    // From a Sunday, "tomorrow" and "next week" are the same Monday: offer it once.
    if (!dueAt || seen.has(dueAt)) return [];
    seen.add(dueAt);
    return [{ preset, label: t(PRESET_WORDS[preset]), dueAt }];
  });
}

export function snooze(task: TaskRow, preset: SnoozePreset): Promise<void> {
  return run(async () => {
    const dueAt = snoozePreset(task.dueAt, preset, { now: new Date() });
    if (!dueAt) {
      showToast({ message: t('snooze_alreadyLater', shortTitle(task), t(PRESET_WORDS[preset])), tone: 'error' });
      return;
    }
    await moveDue(task, dueAt);
  });
}

/** "Snooze until…": the words of quick add. Resolves to an error message to show next to the field, or null. */
export async function snoozeUntilWords(task: TaskRow, words: string): Promise<string | null> {
  const language = quickAddLanguage();
  const result = snoozeUntil(task.dueAt, words, { now: new Date(), dateOrder: language.dateOrder, language });
  if (!result.ok) {
    if (result.reason === 'empty') return t('snooze_errorEmpty');
    if (result.reason === 'notADate') return t('snooze_errorNotADate', result.shown);
    return t('snooze_errorEarlier', result.shown);
  }
  try {
    await moveDue(task, result.dueAt);
    return null;
  } catch (error) {
    showError(error);
    return error instanceof Error ? error.message : String(error);
  }
}

export function skipThisOne(task: TaskRow): Promise<void> {
  const patch = skipOccurrence(task, new Date());
  if (!patch) return Promise.resolve();
  return run(async () => {
    await send('task.update', { id: task.id, patch });
    showToast({
      message: patch.dueAt ? t('task_skipped', dueText(patch.dueAt, new Date()).text) : t('task_lastOne'),
      undo: () => send('task.update', { id: task.id, patch: undoPatch(task, patch) }),
    });
  });
}

export function stopRepeatingTask(task: TaskRow): Promise<void> {
  const before = task.recurrence ?? null;
  return run(async () => {
    await send('task.update', { id: task.id, patch: stopRepeating() });
    showToast({
      message: t('task_noLongerRepeats', shortTitle(task)),
      undo: () => send('task.update', { id: task.id, patch: { recurrence: before } }),
    });
  });
}
