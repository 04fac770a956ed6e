// A task's checklist in the task editor: add, tick, rename, reorder (buttons, Alt+↑/↓, or drag) and delete steps.
// Each change is sent at once (not with the editor's Save), one step row at a time, so a teammate ticking another
// step of the same task never conflicts with it.
import { STEP_TITLE_MAX, STEPS_PER_TASK_MAX } from '@@/shared/schemas/step';
import { stepProgress } from '@@/shared/steps';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WaypointDb } from '../db/database';
import { taskSteps } from '../db/queries';
import type { StepRow, TaskRow } from '../db/rows';
import { t, tn } from '../i18n';
import { send } from '../messaging/client';
import { Icon } from './icons';
import { useLive } from './live';
import { RefusedNote } from './refusals';

const UNDO_MS = 8000;

const shortTitle = (title: string) => (title.length > 40 ? `${title.slice(0, 39)}…` : title);

type Run = (action: () => Promise<unknown>) => Promise<void>;

export function StepsEditor({ db, task }: { db: WaypointDb; task: TaskRow }) {
  const live = useLive(() => taskSteps(db, task.id), [task.id]);
  const steps = live.value.value ?? [];
  const [draft, setDraft] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [removed, setRemoved] = useState<StepRow | null>(null);
  // What went wrong, said here: the page's toast sits behind the modal editor.
  const [problem, setProblem] = useState<string | null>(null);
  const run: Run = async (action) => {
    try {
      setProblem(null);
      await action();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  // After a move the list re-renders from the database: focus follows the moved step.
  const refocus = useRef<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!refocus.current) return;
    const target = list.current?.querySelector<HTMLElement>(
      `li[data-step-id="${refocus.current}"] input[type=checkbox]`,
    );
    if (target) {
      target.focus();
      refocus.current = null;
    }
  });
  const { done, total } = stepProgress(steps);

  async function add() {
    const title = draft.trim();
    if (!title) return;
    await run(async () => {
      await send('step.create', { taskId: task.id, title });
      setDraft('');
    });
  }

  function move(step: StepRow, index: number) {
    if (index < 0 || index >= steps.length) return;
    refocus.current = step.id;
    void run(() => send('step.move', { id: step.id, index }));
  }

  function remove(step: StepRow) {
    void run(async () => {
      await send('step.delete', { id: step.id });
      setRemoved(step);
    });
  }

  function undoRemove(step: StepRow) {
    setRemoved(null);
    void run(() => send('step.restore', { id: step.id }));
  }

  // The page's toast sits behind the modal editor, so the Undo of a deleted step is offered here, for a while.
  useEffect(() => {
    if (!removed) return;
    const timer = setTimeout(() => setRemoved(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [removed]);

  return (
    <section class="steps" aria-labelledby="steps-title">
      <h3 id="steps-title" class="steps-title">
        {t('steps_heading')}
        {total > 0 && (
          <span class="count" title={tn('steps_done', done, total)} data-testid="steps-progress">
            {t('steps_progress', done, total)}
            <span class="sr-only"> ({tn('steps_done', done, total)})</span>
          </span>
        )}
      </h3>
      {total === 0 && <p class="muted small steps-hint">{t('steps_none')}</p>}
      <ul class="steps-list" ref={list} aria-describedby="steps-keys">
        {steps.map((step, index) => (
          <li
            key={step.id}
            class={`step${step.done ? ' done' : ''}${dragging === step.id ? ' dragging' : ''}`}
            data-step-id={step.id}
            draggable={renaming !== step.id}
            onDragStart={(event) => {
              event.dataTransfer?.setData('text/x-waypoint-step', step.id);
              if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
              setDragging(step.id);
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(event) => {
              if (dragging) event.preventDefault();
            }}
            onDrop={(event) => {
              event.preventDefault();
              const id = event.dataTransfer?.getData('text/x-waypoint-step') || dragging;
              setDragging(null);
              const moved = steps.find((s) => s.id === id);
              if (moved && moved.id !== step.id) move(moved, index);
            }}
            onKeyDown={(event) => {
              if (renaming === step.id) return;
              if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
                event.preventDefault();
                move(step, index + (event.key === 'ArrowUp' ? -1 : 1));
              } else if (event.key === 'F2') {
                event.preventDefault();
                setRenaming(step.id);
              }
            }}
          >
            {renaming === step.id ? (
              <RenameField
                step={step}
                run={run}
                onDone={() => {
                  setRenaming(null);
                  refocus.current = step.id;
                }}
              />
            ) : (
              <>
                <label class="grow row step-label">
                  <input
                    type="checkbox"
                    checked={step.done}
                    onChange={(event) =>
                      void run(() =>
                        send('step.update', {
                          id: step.id,
                          patch: { done: (event.target as HTMLInputElement).checked },
                        }),
                      )
                    }
                  />
                  <span class="step-text" dir="auto">
                    {step.title}
                  </span>
                </label>
                <span class="step-actions">
                  <button
                    type="button"
                    class="icon-btn"
                    aria-label={t('steps_rename', step.title)}
                    title={t('steps_rename', step.title)}
                    onClick={() => setRenaming(step.id)}
                  >
                    <Icon name="edit" size={14} />
                  </button>
                  <button
                    type="button"
                    class="icon-btn"
                    aria-label={t('steps_moveUp', step.title)}
                    title={t('steps_moveUp', step.title)}
                    disabled={index === 0}
                    onClick={() => move(step, index - 1)}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    class="icon-btn"
                    aria-label={t('steps_moveDown', step.title)}
                    title={t('steps_moveDown', step.title)}
                    disabled={index === steps.length - 1}
                    onClick={() => move(step, index + 1)}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    class="icon-btn"
                    aria-label={t('steps_remove', step.title)}
                    title={t('steps_remove', step.title)}
                    onClick={() => remove(step)}
                  >
                    <Icon name="trash" size={14} />
                  </button>
                </span>
              </>
            )}
            <RefusedNote table="steps" rowKey={step.id} />
          </li>
        ))}
      </ul>
      <div role="status" class="steps-undo small">
        {removed && (
          <>
            <span class="grow">{t('steps_deleted', shortTitle(removed.title))}</span>
            <button type="button" class="btn small" onClick={() => undoRemove(removed)}>
              {t('common_undo')}
            </button>
          </>
        )}
      </div>
      {problem && (
        <p class="alert small" role="alert">
          {problem}
        </p>
      )}
      <p id="steps-keys" class="sr-only">
        {t('steps_keys')}
      </p>
      {total < STEPS_PER_TASK_MAX ? (
        <div class="row steps-add">
          <input
            class="input grow"
            name="new-step"
            aria-label={t('steps_newStep')}
            placeholder={t('steps_placeholder')}
            value={draft}
            maxLength={STEP_TITLE_MAX}
            dir="auto"
            onInput={(event) => setDraft((event.target as HTMLInputElement).value)}
            onKeyDown={(event) => {
              // Enter adds the step (and keeps the field for the next one) instead of saving the editor.
              if (event.key === 'Enter') {
                event.preventDefault();
                void add();
              }
            }}
          />
          <button type="button" class="btn small" onClick={() => void add()} disabled={!draft.trim()}>
            {t('steps_add')}
          </button>
        </div>
      ) : (
        <p class="muted small">{t('steps_full', STEPS_PER_TASK_MAX)}</p>
      )}
    </section>
  );
}

/** Rename in place: Enter saves, Esc keeps the old name (and leaves the editor open). */
function RenameField({ step, run, onDone }: { step: StepRow; run: Run; onDone: () => void }) {
  const [value, setValue] = useState(step.title);
  const input = useRef<HTMLInputElement>(null);
  // Enter, Esc and the blur that may follow them end the rename once.
  const ended = useRef(false);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  async function save() {
    if (ended.current) return;
    ended.current = true;
    const title = value.trim();
    if (title && title !== step.title) await run(() => send('step.update', { id: step.id, patch: { title } }));
    onDone();
  }
  return (
    <input
      ref={input}
      class="input grow"
      name="step-title"
      aria-label={t('steps_renameField', step.title)}
      value={value}
      maxLength={STEP_TITLE_MAX}
      dir="auto"
      onInput={(event) => setValue((event.target as HTMLInputElement).value)}
      onBlur={() => void save()}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          void save();
        } else if (event.key === 'Escape') {
          // Esc would close the whole editor: here it only leaves the rename.
          event.preventDefault();
          event.stopPropagation();
          ended.current = true;
          onDone();
        }
      }}
    />
  );
}
