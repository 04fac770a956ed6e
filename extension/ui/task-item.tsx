// One task in a list: complete, title, project, due, priority, source; actions on hover or focus.

import { toLocalDateKey } from '@@/shared/dates';
import { formatMinutes } from '@@/shared/minutes';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ProjectRow, TaskRow } from '../db/rows';
import { taskExcerpt, taskSourceHref } from '../db/task-source';
import { t } from '../i18n';
import { dueText } from '../i18n/dates';
import { Icon, type IconName } from './icons';
import { lazy, withLazy } from './lazy';
import { memoByValue } from './memo';
import { StepProgress } from './step-progress';
import { showError } from './toast';

// Not needed to paint a row, and heavy (rrule; Dexie and zod for the refusals): loaded right after the first
// paint (bench/extension.ts measured the popup's first row waiting on them). A click before they arrive waits.
const recurrence = lazy(async () => ({
  ...(await import('@@/shared/recurrence')),
  ...(await import('../i18n/words')),
}));
const actions = lazy(() => import('./task-actions'));
const refusals = lazy(() => import('./refusals'));
/** Called from an effect (after the first paint); the timeout lets that frame finish first. */
const preload = () => {
  const timer = setTimeout(() => {
    for (const module of [recurrence, actions, refusals]) void module.load().catch(() => undefined);
  }, 0);
  return () => clearTimeout(timer);
};

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
  /** How many of the task's steps are ticked, when it has steps. */
  steps?: { done: number; total: number };
}

/**
 * A task in a list that renders again only when its props change in value (ui/memo.ts), not each time the list's
 * query answers. Give it no `children` or `rowProps`: new elements and closures differ on every render (the
 * board memoizes its own card instead).
 */
export const TaskListItem = memoByValue(TaskItem);

export function TaskItem({ task, project, now, onEdit, rowProps, children, steps }: TaskItemProps) {
  const due = task.dueAt ? dueText(task.dueAt, now) : null;
  const done = task.status === 'done';
  const [snoozing, setSnoozing] = useState(false);
  useEffect(preload, []);
  const rules = task.recurrence ? recurrence.module.value : null;
  const repeats = rules?.isRecurring(task) && task.recurrence ? rules.repeatText(task.recurrence, task.dueAt) : null;
  const Refused = refusals.module.value?.RefusedNote;
  const act = (run: (module: typeof import('./task-actions'), row: TaskRow) => unknown) =>
    void withLazy(actions, (module) => run(module, task)).catch(showError);
  // "starts Fri" while the start date is ahead; "started" for a start-only task once it has begun.
  const startsLater = task.startAt && task.startAt > toLocalDateKey(now) ? dueText(task.startAt, now).text : null;
  const startedNoDue = !task.dueAt && task.startAt && !startsLater ? dueText(task.startAt, now).text : null;
  const stored = taskExcerpt(task);
  // Parsed once per render: a board re-renders every row on each change a teammate makes.
  const sourceHref = taskSourceHref(task);
  const sourceHost = task.source ? hostOf(task.source.url) : '';
  // A short selection is its own title: showing it again below adds nothing.
  const excerpt = stored && stored.text.replace(/\s+/g, ' ').trim() !== task.title ? stored : null;
  // Keys act on the focused task; arrows move between the task rows of the page.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const rows = [...document.querySelectorAll<HTMLElement>('li.task .title')];
      rows[rows.indexOf(event.currentTarget as HTMLElement) + (event.key === 'ArrowDown' ? 1 : -1)]?.focus();
    } else if (event.key === 'x' || event.key === ' ') act((a, row) => a.toggleDone(row));
    else if (event.key === 'e' || event.key === 'Enter') onEdit(task);
    else if (event.key === 'Delete' || event.key === 'Backspace') act((a, row) => a.deleteTask(row));
    else if (event.key === 'o' && sourceHref)
      // Only an http(s) source opens (shared/safe-url.ts); anything else is shown as text.
      window.open(sourceHref, '_blank', 'noopener');
    else return;
    event.preventDefault();
  };
  return (
    <li {...rowProps} class={`task${done ? ' done' : ''}`} data-task-id={task.id}>
      <input
        type="checkbox"
        checked={done}
        aria-label={t(done ? 'task_reopenLabel' : 'task_completeLabel', task.title)}
        onChange={() => act((a, row) => a.toggleDone(row))}
        tabIndex={-1}
      />
      <div class="grow">
        <button
          type="button"
          class="title"
          dir="auto"
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
          {startsLater && <span class="starts">{t('task_starts', startsLater)}</span>}
          {startedNoDue && <span class="starts">{t('task_started', startedNoDue)}</span>}
          {due && (
            <span class={due.isLate && !done ? 'late' : ''} title={task.dueAt ?? ''}>
              {due.text}
            </span>
          )}
          {repeats && (
            <span class="repeats" title={t('task_repeats', repeats)}>
              <Icon name="repeat" size={12} />
              <span class="sr-only">{t('task_repeatsPrefix')} </span>
              {repeats}
              {(task.timesDone ?? 0) > 0 && (
                <span class="times-done"> · {t('task_timesDone', task.timesDone ?? 0)}</span>
              )}
            </span>
          )}
          {steps && steps.total > 0 && <StepProgress done={steps.done} total={steps.total} />}
          {task.estimateMinutes ? <span title={t('task_estimate')}>~{formatMinutes(task.estimateMinutes)}</span> : null}
          {task.priority < 4 && (
            <span class={`flag-${task.priority}`} title={t('task_priority', task.priority)}>
              ⚑ P{task.priority}
            </span>
          )}
          {task.tags.map((tag) => (
            <span key={tag}>#{tag}</span>
          ))}
          {task.source &&
            (sourceHref ? (
              <a
                href={sourceHref}
                target="_blank"
                rel="noopener noreferrer"
                // The name holds the visible host too, so voice control ("click 127.0.0.1") finds the link.
                aria-label={t('task_openSource', task.source.pageTitle || task.source.url, sourceHost)}
                title={task.source.pageTitle || task.source.url}
                tabIndex={-1}
              >
                <Icon name={SOURCE_ICONS[task.source.kind] ?? 'link'} /> {sourceHost}
              </a>
            ) : (
              <span title={task.source.url}>
                <Icon name={SOURCE_ICONS[task.source.kind] ?? 'link'} /> {sourceHost}
              </span>
            ))}
        </div>
        {excerpt && (
          <blockquote class="excerpt muted" dir="auto">
            {excerpt.private && task.teamId && (
              <span title={t('task_privateQuoteHint')}>
                <Icon name="lock" size={12} /> <span class="sr-only">{t('task_privateQuote')} </span>
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
          aria-label={t('task_editLabel', task.title)}
          onClick={() => onEdit(task)}
          tabIndex={-1}
        >
          <Icon name="edit" />
        </button>
        {!done && (
          <button
            type="button"
            class="icon-btn"
            aria-label={t('task_snoozeLabel', task.title)}
            aria-expanded={snoozing}
            title={t('snooze_button')}
            onClick={() => setSnoozing(!snoozing)}
            tabIndex={-1}
          >
            <Icon name="snooze" />
          </button>
        )}
        <button
          type="button"
          class="icon-btn"
          aria-label={t('task_deleteLabel', task.title)}
          onClick={() => act((a, row) => a.deleteTask(row))}
          tabIndex={-1}
        >
          <Icon name="trash" />
        </button>
      </div>
      {snoozing && !done && <SnoozeMenu task={task} now={now} onDone={() => setSnoozing(false)} />}
      {Refused && <Refused table="tasks" rowKey={task.id} />}
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

/** Later today / tomorrow / next week (only those that move the task later) and "Snooze until…" in words. */
function SnoozeMenu({ task, now, onDone }: { task: TaskRow; now: Date; onDone: () => void }) {
  const [words, setWords] = useState('');
  const [error, setError] = useState<string | null>(null);
  const loaded = actions.module.value;
  useEffect(() => void actions.load().catch(() => undefined), []);
  if (!loaded) return null;
  const { snooze, snoozeChoices, snoozeUntilWords } = loaded;
  const choices = snoozeChoices(task, new Date());
  async function until(event: Event) {
    event.preventDefault();
    const problem = await snoozeUntilWords(task, words);
    if (problem) setError(problem);
    else onDone();
  }
  return (
    <fieldset class="snooze-menu">
      <legend class="sr-only">{t('task_snoozeLabel', task.title)}</legend>
      {choices.map((choice) => (
        <button
          key={choice.preset}
          type="button"
          class="btn small"
          title={dueText(choice.dueAt, now).text}
          onClick={() => {
            void snooze(task, choice.preset);
            onDone();
          }}
        >
          {choice.label[0]?.toUpperCase()}
          {choice.label.slice(1)} <span class="muted">({dueText(choice.dueAt, now).text})</span>
        </button>
      ))}
      <form onSubmit={until} class="row">
        <input
          class="input"
          name="snooze-until"
          aria-label={t('snooze_untilLabel')}
          placeholder={t('snooze_untilPlaceholder')}
          value={words}
          maxLength={200}
          // biome-ignore lint/a11y/noAutofocus: the menu opens to type a date
          autoFocus
          onInput={(event) => {
            setWords((event.target as HTMLInputElement).value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
          }}
        />
        <button type="submit" class="btn small">
          {t('snooze_button')}
        </button>
      </form>
      {error && (
        <p class="alert small" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
