// The task board: columns by status, drag and drop between them, or the keyboard (Alt+← / Alt+→, or the menu).

import { TASK_STATUSES, type TaskStatus } from '@@/shared/schemas/task';
import { useState } from 'preact/hooks';
import type { TaskRow } from '../../db/rows';
import { formatNumber, type MessageKey, t } from '../../i18n';
import { send } from '../../messaging/client';
import { memoByValue } from '../../ui/memo';
import { TaskItem, type TaskItemProps } from '../../ui/task-item';
import { showError, showToast } from '../../ui/toast';

const TITLES: Record<TaskStatus, MessageKey> = {
  todo: 'taskStatus_todo',
  doing: 'taskStatus_doing',
  blocked: 'taskStatus_blocked',
  done: 'taskStatus_done',
};

async function move(task: TaskRow, status: TaskStatus) {
  if (task.status === status) return;
  const before = task.status;
  try {
    await send('task.update', { id: task.id, patch: { status } });
    showToast({
      message: t('board_moved', t(TITLES[status])),
      undo: () => send('task.update', { id: task.id, patch: { status: before } }),
    });
  } catch (error) {
    showError(error);
  }
}

type BoardCardProps = Pick<TaskItemProps, 'task' | 'now' | 'steps' | 'onEdit'>;

/** One card: draggable, moved with Alt+arrows or its menu. Its closures are made here, so the card is memoized. */
const BoardCard = memoByValue(function BoardCard({ task, now, steps, onEdit }: BoardCardProps) {
  return (
    <TaskItem
      task={task}
      now={now}
      steps={steps}
      onEdit={onEdit}
      rowProps={{
        draggable: true,
        onDragStart: (e) => {
          e.dataTransfer?.setData('text/x-waypoint-task', task.id);
          if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
        },
        onKeyDown: (e) => {
          // The keyboard alternative to dragging: Alt+arrow moves the focused card to the next column.
          if (!e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
          const next = TASK_STATUSES[TASK_STATUSES.indexOf(task.status) + (e.key === 'ArrowRight' ? 1 : -1)];
          if (next) {
            e.preventDefault();
            void move(task, next);
          }
        },
      }}
    >
      <label class="move">
        <span class="sr-only">{t('board_moveLabel', task.title)}</span>
        <select
          class="input"
          value={task.status}
          onChange={(e) => void move(task, (e.target as HTMLSelectElement).value as TaskStatus)}
        >
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(TITLES[s])}
            </option>
          ))}
        </select>
      </label>
    </TaskItem>
  );
});

export function Board({
  tasks,
  steps,
  now,
  onEdit,
}: {
  tasks: TaskRow[];
  /** Each task's steps progress ("2/5"), for the tasks that have steps. */
  steps?: ReadonlyMap<string, { done: number; total: number }>;
  now: Date;
  onEdit: (task: TaskRow) => void;
}) {
  const [over, setOver] = useState<TaskStatus | null>(null);
  return (
    <div class="board">
      {TASK_STATUSES.map((status) => {
        const column = tasks.filter((t) => t.status === status);
        return (
          <section
            key={status}
            class={`column${over === status ? ' over' : ''}`}
            aria-labelledby={`column-${status}`}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(status);
            }}
            onDragLeave={() => setOver(null)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              const id = e.dataTransfer?.getData('text/x-waypoint-task');
              const task = tasks.find((t) => t.id === id);
              if (task) void move(task, status);
            }}
          >
            <h3 id={`column-${status}`}>
              {t(TITLES[status])} <span class="count">{formatNumber(column.length)}</span>
            </h3>
            <ul class="tasks" aria-label={t(TITLES[status])}>
              {column.map((task) => (
                <BoardCard key={task.id} task={task} now={now} steps={steps?.get(task.id)} onEdit={onEdit} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
