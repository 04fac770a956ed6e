// Edit a task in a dialog: title, notes, steps, due, repeat, start date, estimate, priority, status, project. Esc
// cancels, Enter in a field saves (steps are saved as they change, see steps.tsx).

import { dateOrderOf, toLocalDateKey } from '@@/shared/dates';
import { parseQuickAdd } from '@@/shared/quick-add';
import { describeRecurrence, firstOccurrence, isValidRule, type Recurrence } from '@@/shared/recurrence';
import { ESTIMATE_MAX_MINUTES, TASK_STATUSES, type TaskPatch } from '@@/shared/schemas/task';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { type ProjectRow, type TaskRow, taskExcerpt, taskSourceHref } from '../db/rows';
import { t, tn, uiLocale } from '../i18n';
import { TASK_STATUS_LABELS } from '../i18n/labels';
import { tParts } from '../i18n/parts';
import { ordinal, repeatText } from '../i18n/words';
import { send } from '../messaging/client';
import { FormFooter } from './form-footer';
import { useLive } from './live';
import { PrioritySelect } from './priority-select';
import { ReminderField, reminderPatch } from './reminder-field';
import { selectDefault } from './select-default';
import { StepsEditor } from './steps';
import { skipThisOne, stopRepeatingTask } from './task-actions';
import { showError, showToast } from './toast';

const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
type RepeatKind = '' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'yearly' | 'custom';

/** The picker's rules, anchored on the due day (or today): "weekly" is weekly on that weekday, and so on. */
function presetRules(day: string): Record<Exclude<RepeatKind, '' | 'custom'>, { rule: string; label: string }> {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay();
  const locale = uiLocale();
  const weekdayName = date.toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' });
  const monthDay = date.toLocaleDateString(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return {
    daily: { rule: 'FREQ=DAILY', label: t('editor_repeatDaily') },
    weekdays: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', label: t('editor_repeatWeekdays') },
    weekly: { rule: `FREQ=WEEKLY;BYDAY=${WEEKDAY_CODES[weekday]}`, label: t('editor_repeatWeekly', weekdayName) },
    monthly: { rule: `FREQ=MONTHLY;BYMONTHDAY=${d}`, label: t('editor_repeatMonthly', ordinal(d)) },
    yearly: { rule: `FREQ=YEARLY;BYMONTH=${m};BYMONTHDAY=${d}`, label: t('editor_repeatYearly', monthDay) },
  };
}

/** The rule a custom text names ("every 3rd friday", "chaque mardi" when the UI is French), or an explanation. */
function readRepeat(text: string): { rule: string } | { error: string } {
  const words = text.trim();
  if (!words) return { error: t('editor_repeatEmpty') };
  const parsed = parseQuickAdd(
    /^(every|each|ev|daily|weekly|monthly|yearly|annually|after|chaque|tous|toutes)\b/i.test(words)
      ? words
      : `every ${words}`,
    {
      now: new Date(),
      projects: [],
      dateOrder: dateOrderOf(),
      // 'fr' also reads French, and English still reads as English.
      language: uiLocale(),
    },
  );
  if (!parsed.recurrence || parsed.title) {
    return { error: t('editor_repeatUnreadable', words.slice(0, 60)) };
  }
  return { rule: parsed.recurrence.rule };
}

interface EditorProps {
  db: WaypointDb;
  task: TaskRow;
  projects: ProjectRow[];
  focus?: 'title' | 'project';
  onClose: () => void;
}

/** Split a stored due value into the date and time inputs' values (local time). */
function splitDue(dueAt: string | null): { date: string; time: string } {
  if (!dueAt) return { date: '', time: '' };
  if (dueAt.length === 10) return { date: dueAt, time: '' };
  const d = new Date(dueAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

function joinDue(date: string, time: string): string | null {
  if (!date) return null;
  if (!time) return date;
  return new Date(`${date}T${time}`).toISOString();
}

/** Members of the task's team with their open tasks, so the workload shows while choosing an assignee. */
async function assignees(db: WaypointDb, teamId: string | null) {
  if (!teamId) return [];
  const members = await db.members.where('teamId').equals(teamId).toArray();
  const open = await db.tasks.filter((t) => !t.deleted && t.status !== 'done' && t.assigneeId !== null).toArray();
  return members
    .filter((m) => m.role !== 'guest')
    .map((m) => ({ ...m, open: open.filter((t) => t.assigneeId === m.id).length }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function TaskEditor({ db, task, projects, focus = 'title', onClose }: EditorProps) {
  const people = useLive(() => assignees(db, task.teamId), [task.teamId]);
  const charter = useLive(
    async () =>
      task.projectId
        ? {
            objectives: (await db.objectives.where('projectId').equals(task.projectId).toArray()).filter(
              (o) => !o.deleted,
            ),
            milestones: (await db.milestones.where('projectId').equals(task.projectId).toArray()).filter(
              (m) => !m.deleted,
            ),
          }
        : { objectives: [], milestones: [] },
    [task.projectId],
  );
  const dialog = useRef<HTMLDialogElement>(null);
  const due = splitDue(task.dueAt);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [dueDate, setDueDate] = useState(due.date);
  const [dueTime, setDueTime] = useState(due.time);
  const anchorDay = dueDate || toLocalDateKey(new Date());
  const presets = presetRules(anchorDay);
  const current = task.recurrence ?? null;
  const initialKind = ((): RepeatKind => {
    if (!current) return '';
    const match = Object.entries(presets).find(([, preset]) => preset.rule === current.rule);
    return (match?.[0] as RepeatKind | undefined) ?? 'custom';
  })();
  const [repeatKind, setRepeatKind] = useState<RepeatKind>(initialKind);
  const [customText, setCustomText] = useState(
    current && initialKind === 'custom' ? describeRecurrence({ ...current, mode: 'due' }, null) : '',
  );
  const [afterCompletion, setAfterCompletion] = useState(current?.mode === 'completion');
  const chosen: { rule: string } | { error: string } | null =
    repeatKind === '' ? null : repeatKind === 'custom' ? readRepeat(customText) : { rule: presets[repeatKind].rule };
  const chosenRecurrence: Recurrence | null =
    chosen && 'rule' in chosen && isValidRule(chosen.rule)
      ? { rule: chosen.rule, mode: afterCompletion ? 'completion' : 'due' }
      : null;
  const sentence = chosenRecurrence ? repeatText(chosenRecurrence, joinDue(dueDate, dueTime)) : null;

  useEffect(() => {
    dialog.current?.showModal();
    const target = dialog.current?.querySelector<HTMLElement>(
      focus === 'project' ? 'select[name=projectId]' : 'input[name=title]',
    );
    target?.focus();
  }, [focus]);

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '');
    const edited: TaskPatch = {
      title: text('title').trim(),
      notes: text('notes'),
      priority: Number(text('priority')),
      status: text('status') as TaskPatch['status'],
      projectId: text('projectId') || null,
      ...(form.has('assigneeId') ? { assigneeId: text('assigneeId') || null } : {}),
      ...(form.has('objectiveId') ? { objectiveId: text('objectiveId') || null } : {}),
      ...(form.has('milestoneId') ? { milestoneId: text('milestoneId') || null } : {}),
    };
    // Send only what the user changed: every field sent gets a new HLC and would overwrite a teammate's
    // concurrent edit of that field (sync merges per field, last writer wins).
    const patch = Object.fromEntries(
      // A field the task never had (undefined) is unchanged when the form says "none" (null).
      Object.entries(edited).filter(([field, value]) => (task[field as keyof TaskRow] ?? null) !== value),
    ) as TaskPatch;
    if (text('dueDate') !== due.date || text('dueTime') !== due.time)
      patch.dueAt = joinDue(text('dueDate'), text('dueTime'));
    if (chosen && 'error' in chosen) {
      setError(chosen.error);
      return;
    }
    if (JSON.stringify(chosenRecurrence) !== JSON.stringify(current)) {
      patch.recurrence = chosenRecurrence;
      // A repeat needs an occurrence to start from: the first one from today when there is no due.
      if (chosenRecurrence && !joinDue(text('dueDate'), text('dueTime'))) {
        const time = text('dueTime');
        const minutes = time ? Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) : null;
        patch.dueAt = firstOccurrence(chosenRecurrence.rule, { now: new Date(), minutes });
      }
    }
    const startAt = text('startAt') || null;
    if (startAt !== (task.startAt ?? null)) patch.startAt = startAt;
    const estimateText = text('estimateMinutes').trim();
    const estimate = estimateText ? Number(estimateText) : null;
    if (estimate !== null && (!Number.isInteger(estimate) || estimate < 1 || estimate > ESTIMATE_MAX_MINUTES)) {
      setError(t('editor_estimateRange', String(ESTIMATE_MAX_MINUTES)));
      return;
    }
    if (estimate !== (task.estimateMinutes ?? null)) patch.estimateMinutes = estimate;
    Object.assign(patch, reminderPatch(form, task));
    setSaving(true);
    try {
      if (Object.keys(patch).length) await send('task.update', { id: task.id, patch });
      showToast({ message: t('editor_saved') }, 2000);
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  }

  return (
    <dialog ref={dialog} aria-labelledby="editor-title" onClose={onClose} onCancel={onClose}>
      <form onSubmit={save}>
        <h2 id="editor-title" style={{ marginTop: 0, fontSize: 16 }}>
          {t('editor_heading')}
        </h2>
        <label class="field">
          <span>{t('editor_title')}</span>
          <input class="input" name="title" dir="auto" defaultValue={task.title} required maxLength={500} />
        </label>
        <label class="field">
          <span>{t('editor_notes')}</span>
          <textarea class="input" name="notes" defaultValue={task.notes} />
        </label>
        <StepsEditor db={db} task={task} />
        <div class="row">
          <label class="field grow">
            <span>{t('editor_dueDate')}</span>
            <input
              class="input"
              type="date"
              name="dueDate"
              defaultValue={due.date}
              onInput={(event) => setDueDate((event.target as HTMLInputElement).value)}
            />
          </label>
          <label class="field grow">
            <span>{t('editor_dueTime')}</span>
            <input
              class="input"
              type="time"
              name="dueTime"
              defaultValue={due.time}
              onInput={(event) => setDueTime((event.target as HTMLInputElement).value)}
            />
          </label>
        </div>
        <ReminderField db={db} task={task} dueDate={dueDate} dueTime={dueTime} />
        <div class="row">
          <label class="field grow">
            <span>{t('editor_repeat')}</span>
            <select
              class="input"
              name="repeat"
              value={repeatKind}
              onChange={(event) => setRepeatKind((event.target as HTMLSelectElement).value as RepeatKind)}
            >
              <option value="">{t('editor_noRepeat')}</option>
              {Object.entries(presets).map(([kind, preset]) => (
                <option key={kind} value={kind}>
                  {preset.label}
                </option>
              ))}
              <option value="custom">{t('editor_custom')}</option>
            </select>
          </label>
          {repeatKind === 'custom' && (
            <label class="field grow">
              <span>{t('editor_customRepeat')}</span>
              <input
                class="input"
                name="repeatText"
                value={customText}
                maxLength={200}
                placeholder={t('editor_customPlaceholder')}
                onInput={(event) => setCustomText((event.target as HTMLInputElement).value)}
              />
            </label>
          )}
        </div>
        {repeatKind !== '' && (
          <>
            <label class="row small" style={{ marginBottom: 4 }}>
              <input
                type="checkbox"
                name="afterCompletion"
                checked={afterCompletion}
                onChange={(event) => setAfterCompletion((event.target as HTMLInputElement).checked)}
              />
              {t('editor_afterCompletion')}
            </label>
            <p class="recurrence-sentence muted" aria-live="polite" data-testid="recurrence-sentence">
              {sentence ? t('editor_repeats', sentence) : chosen && 'error' in chosen ? chosen.error : ''}
            </p>
          </>
        )}
        {current && (
          <div class="row small" style={{ marginBottom: 8 }}>
            <span class="grow muted">
              {(task.timesDone ?? 0) > 0
                ? task.lastCompletedAt
                  ? tn(
                      'editor_timesDoneLast',
                      task.timesDone ?? 0,
                      new Date(task.lastCompletedAt).toLocaleDateString(uiLocale()),
                    )
                  : tn('editor_timesDone', task.timesDone ?? 0)
                : t('editor_notCompleted')}
            </span>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                void skipThisOne(task);
                onClose();
              }}
            >
              {t('editor_skip')}
            </button>
            <button
              type="button"
              class="btn small"
              onClick={() => {
                void stopRepeatingTask(task);
                onClose();
              }}
            >
              {t('editor_stopRepeating')}
            </button>
          </div>
        )}
        <div class="row">
          <label class="field grow">
            <span>{t('editor_startDate')}</span>
            <input class="input" type="date" name="startAt" defaultValue={task.startAt ?? ''} />
          </label>
          <label class="field grow">
            <span>{t('editor_estimate')}</span>
            <input
              class="input"
              type="number"
              name="estimateMinutes"
              min={1}
              max={ESTIMATE_MAX_MINUTES}
              step={1}
              defaultValue={task.estimateMinutes ? String(task.estimateMinutes) : ''}
            />
          </label>
        </div>
        <div class="row">
          <PrioritySelect value={task.priority} grow />
          <label class="field grow">
            <span>{t('editor_status')}</span>
            <select class="input" name="status" ref={selectDefault(task.status)}>
              {TASK_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(TASK_STATUS_LABELS[status] ?? 'taskStatus_todo')}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label class="field">
          <span>{t('editor_project')}</span>
          <select class="input" name="projectId" ref={selectDefault(task.projectId ?? '')}>
            <option value="">{t('common_inbox')}</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </label>
        {(charter.value.value?.objectives.length ?? 0) + (charter.value.value?.milestones.length ?? 0) > 0 && (
          <div class="row">
            <label class="field grow">
              <span>{t('editor_objective')}</span>
              <select class="input" name="objectiveId" ref={selectDefault(task.objectiveId ?? '')}>
                <option value="">—</option>
                {charter.value.value?.objectives.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.title}
                  </option>
                ))}
              </select>
            </label>
            <label class="field grow">
              <span>{t('editor_milestone')}</span>
              <select class="input" name="milestoneId" ref={selectDefault(task.milestoneId ?? '')}>
                <option value="">—</option>
                {charter.value.value?.milestones.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.title}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {(people.value.value?.length ?? 0) > 0 && (
          <label class="field">
            <span>{t('editor_assignee')}</span>
            <select class="input" name="assigneeId" ref={selectDefault(task.assigneeId ?? '')}>
              <option value="">{t('editor_nobody')}</option>
              {people.value.value?.map((m) => (
                <option key={m.id} value={m.id}>
                  {t('editor_assigneeOpen', m.name, m.open)}
                </option>
              ))}
            </select>
          </label>
        )}
        {task.source && (
          <p class="muted" style={{ fontSize: 12 }}>
            {tParts(
              'editor_from',
              taskSourceHref(task) ? (
                <a href={taskSourceHref(task) ?? undefined} target="_blank" rel="noopener noreferrer">
                  {task.source.pageTitle || task.source.url}
                </a>
              ) : (
                <span>{task.source.pageTitle || task.source.url}</span>
              ),
            )}
          </p>
        )}
        {task.teamId && taskExcerpt(task) && (
          <label class="row small" style={{ marginBottom: 8 }}>
            <input
              type="checkbox"
              defaultChecked={!taskExcerpt(task)?.private}
              onChange={(e) =>
                void send('task.shareExcerpt', { id: task.id, share: (e.target as HTMLInputElement).checked }).catch(
                  showError,
                )
              }
            />
            {t('editor_shareQuote')}
          </label>
        )}
        <FormFooter error={error} onCancel={onClose} submitLabel={t('common_save')} busy={saving} />
      </form>
    </dialog>
  );
}
