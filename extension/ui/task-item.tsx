// One task in a list: complete, title, project, due, priority, source; actions on hover or focus.

import { formatDue } from '@@/shared/dates';
import type { ComponentChildren, JSX } from 'preact';
import { type ProjectRow, type TaskRow, taskExcerpt, taskSourceHref } from '../db/rows';
import { Icon, type IconName } from './icons';
import { deleteTask, snooze, toggleDone } from './task-actions';

const SOURCE_ICONS: Record<string, IconName> = {
  page: 'link',
  selection: 'quote',
  link: 'link',
  image: 'image',
  email: 'mail',
  document: 'doc',
};

export interface TaskItemProps {
  task: TaskRow;
  project?: ProjectRow;
  now: Date;
  onEdit: (task: TaskRow) => void;
  /** Extra attributes of the row (the board makes rows draggable). */
  rowProps?: JSX.HTMLAttributes<HTMLLIElement>;
  /** Extra controls at the end of the row. */
  children?: ComponentChildren;
}

export function TaskItem({ task, project, now, onEdit, rowProps, children }: TaskItemProps) {
  const due = task.dueAt ? formatDue(task.dueAt, now) : null;
  const done = task.status === 'done';
  const stored = taskExcerpt(task);
  // A short selection is its own title: showing it again below adds nothing.
  const excerpt = stored && stored.text.replace(/\s+/g, ' ').trim() !== task.title ? stored : null;
  // Keys act on the focused task; arrows move between the task rows of the page.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const rows = [...document.querySelectorAll<HTMLElement>('li.task .title')];
      rows[rows.indexOf(event.currentTarget as HTMLElement) + (event.key === 'ArrowDown' ? 1 : -1)]?.focus();
    } else if (event.key === 'x' || event.key === ' ') void toggleDone(task);
    else if (event.key === 'e' || event.key === 'Enter') onEdit(task);
    else if (event.key === 'Delete' || event.key === 'Backspace') void deleteTask(task);
    else if (event.key === 'o' && task.source)
      window.open(taskSourceHref(task) ?? task.source.url, '_blank', 'noopener');
    else return;
    event.preventDefault();
  };
  return (
    <li {...rowProps} class={`task${done ? ' done' : ''}`} data-task-id={task.id}>
      <input
        type="checkbox"
        checked={done}
        aria-label={`${done ? 'Reopen' : 'Complete'} “${task.title}”`}
        onChange={() => void toggleDone(task)}
        tabIndex={-1}
      />
      <div class="grow">
        <button
          type="button"
          class="title"
          onKeyDown={onKeyDown}
          onClick={() => onEdit(task)}
          aria-describedby={`keys-hint`}
        >
          {task.title}
        </button>
        <div class="meta">
          {project && (
            <span>
              <span class="dot" style={{ background: project.color }} aria-hidden="true" />
              {project.name}
            </span>
          )}
          {due && (
            <span class={due.isLate && !done ? 'late' : ''} title={task.dueAt ?? ''}>
              {due.text}
            </span>
          )}
          {task.priority < 4 && (
            <span class={`flag-${task.priority}`} title={`Priority ${task.priority}`}>
              ⚑ P{task.priority}
            </span>
          )}
          {task.tags.map((tag) => (
            <span key={tag}>#{tag}</span>
          ))}
          {task.source && (
            <a
              href={taskSourceHref(task) ?? task.source.url}
              target="_blank"
              rel="noopener noreferrer"
              // The name holds the visible host too, so voice control ("click 127.0.0.1") finds the link.
              aria-label={`Open source: ${task.source.pageTitle || task.source.url} on ${hostOf(task.source.url)}`}
              title={task.source.pageTitle || task.source.url}
              tabIndex={-1}
            >
              <Icon name={SOURCE_ICONS[task.source.kind] ?? 'link'} /> {hostOf(task.source.url)}
            </a>
          )}
        </div>
        {excerpt && (
          <blockquote class="excerpt muted">
            {excerpt.private && task.teamId && (
              <span title="Only you see this quote; your team sees the title and link">
                <Icon name="lock" size={12} /> <span class="sr-only">Private quote: </span>
              </span>
            )}
            {excerpt.text.slice(0, 280)}
          </blockquote>
        )}
      </div>
      <div class="actions">
        <button
          type="button"
          class="icon-btn"
          aria-label={`Edit “${task.title}”`}
          onClick={() => onEdit(task)}
          tabIndex={-1}
        >
          <Icon name="edit" />
        </button>
        {!done && (
          <button
            type="button"
            class="icon-btn"
            aria-label={`Snooze “${task.title}” to tomorrow`}
            title="Snooze to tomorrow"
            onClick={() => void snooze(task, 'tomorrow')}
            tabIndex={-1}
          >
            <Icon name="snooze" />
          </button>
        )}
        <button
          type="button"
          class="icon-btn"
          aria-label={`Delete “${task.title}”`}
          onClick={() => void deleteTask(task)}
          tabIndex={-1}
        >
          <Icon name="trash" />
        </button>
      </div>
      {children}
    </li>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}
