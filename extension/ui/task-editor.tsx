// Edit a task in a dialog: title, notes, due, priority, status, project. Esc cancels, Enter in a field saves.

import { TASK_STATUSES, type TaskPatch } from '@@/shared/schemas/task';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { type ProjectRow, type TaskRow, taskExcerpt, taskSourceHref } from '../db/rows';
import { send } from '../messaging/client';
import { FormFooter } from './form-footer';
import { useLive } from './live';
import { PrioritySelect } from './priority-select';
import { selectDefault } from './select-default';
import { showError, showToast } from './toast';

const STATUS_LABELS: Record<string, string> = { todo: 'To do', doing: 'Doing', blocked: 'Blocked', done: 'Done' };

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
    setSaving(true);
    try {
      if (Object.keys(patch).length) await send('task.update', { id: task.id, patch });
      showToast({ message: 'Saved' }, 2000);
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
          Edit task
        </h2>
        <label class="field">
          <span>Title</span>
          <input class="input" name="title" dir="auto" defaultValue={task.title} required maxLength={500} />
        </label>
        <label class="field">
          <span>Notes</span>
          <textarea class="input" name="notes" defaultValue={task.notes} />
        </label>
        <div class="row">
          <label class="field grow">
            <span>Due date</span>
            <input class="input" type="date" name="dueDate" defaultValue={due.date} />
          </label>
          <label class="field grow">
            <span>Time (optional)</span>
            <input class="input" type="time" name="dueTime" defaultValue={due.time} />
          </label>
        </div>
        <div class="row">
          <PrioritySelect value={task.priority} grow />
          <label class="field grow">
            <span>Status</span>
            <select class="input" name="status" ref={selectDefault(task.status)}>
              {TASK_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label class="field">
          <span>Project</span>
          <select class="input" name="projectId" ref={selectDefault(task.projectId ?? '')}>
            <option value="">Inbox</option>
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
              <span>Serves objective</span>
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
              <span>Milestone</span>
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
            <span>Assignee</span>
            <select class="input" name="assigneeId" ref={selectDefault(task.assigneeId ?? '')}>
              <option value="">Nobody</option>
              {people.value.value?.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} — {m.open} open
                </option>
              ))}
            </select>
          </label>
        )}
        {task.source && (
          <p class="muted" style={{ fontSize: 12 }}>
            From{' '}
            <a href={taskSourceHref(task) ?? task.source.url} target="_blank" rel="noopener noreferrer">
              {task.source.pageTitle || task.source.url}
            </a>
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
            Share the captured quote with the team (otherwise they see the title and link only)
          </label>
        )}
        <FormFooter error={error} onCancel={onClose} submitLabel="Save" busy={saving} />
      </form>
    </dialog>
  );
}
