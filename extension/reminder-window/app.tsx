// The small window a click on a reminder opens: the task, and every action a notification cannot hold (Chrome
// shows two buttons, Firefox none): Complete, Snooze 10 min, Snooze 1 hour, Tomorrow, and Open the task.
import { formatDue } from '@@/shared/dates';
import { useState } from 'preact/hooks';
import type { ReminderAction } from '../background/reminder-plan';
import { send } from '../messaging/client';
import { useLive } from '../ui/live';
import { pageDb } from '../ui/page-db';

const text = {
  heading: 'Reminder',
  missing: 'This task no longer exists (it may have been deleted).',
  done: 'This task is done.',
  due: (when: string) => `Due ${when}`,
  noDue: 'No due date',
  inbox: 'Inbox',
  actions: 'What now?',
  complete: 'Complete',
  snooze10: 'Snooze 10 min',
  snooze60: 'Snooze 1 hour',
  tomorrow: 'Tomorrow',
  tomorrowHint: 'Moves the task to tomorrow, same time',
  open: 'Open the task',
  close: 'Close',
  failed: "Couldn't do that",
};

const db = pageDb();

export function ReminderWindow() {
  const taskId = new URLSearchParams(location.search).get('task') ?? '';
  const task = useLive(async () => {
    const row = await db.tasks.get(taskId);
    const project = row?.projectId ? await db.projects.get(row.projectId) : undefined;
    return { row: row && !row.deleted ? row : null, project: project?.name ?? text.inbox };
  }, [taskId]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(action: ReminderAction) {
    setBusy(true);
    try {
      await send('reminder.act', { taskId, action });
      window.close();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  }

  const current = task.value.value;
  const row = current?.row;
  return (
    <main class="reminder-window" style={{ padding: 16 }}>
      <h1 class="sr-only">{text.heading}</h1>
      {current === undefined ? (
        <div class="skeleton" />
      ) : !row ? (
        <p role="alert">{text.missing}</p>
      ) : (
        <>
          <h2 dir="auto" style={{ margin: '0 0 4px', fontSize: 16 }}>
            {row.title}
          </h2>
          <p class="muted" style={{ marginTop: 0 }}>
            {row.status === 'done'
              ? text.done
              : row.dueAt
                ? text.due(formatDue(row.dueAt, new Date()).text)
                : text.noDue}{' '}
            · {current.project}
          </p>
          {row.status !== 'done' && (
            <fieldset class="row" style={{ flexWrap: 'wrap', gap: 8, border: 0, padding: 0, margin: 0 }}>
              <legend class="sr-only">{text.actions}</legend>
              <button type="button" class="btn primary" disabled={busy} onClick={() => void act('complete')}>
                {text.complete}
              </button>
              {row.dueAt && (
                <>
                  <button type="button" class="btn" disabled={busy} onClick={() => void act('snooze10')}>
                    {text.snooze10}
                  </button>
                  <button type="button" class="btn" disabled={busy} onClick={() => void act('snooze60')}>
                    {text.snooze60}
                  </button>
                  <button
                    type="button"
                    class="btn"
                    disabled={busy}
                    title={text.tomorrowHint}
                    onClick={() => void act('tomorrow')}
                  >
                    {text.tomorrow}
                  </button>
                </>
              )}
            </fieldset>
          )}
          <p>
            <a
              href={`/popup.html?task=${encodeURIComponent(row.id)}`}
              // The editor needs the popup's size.
              onClick={() => window.resizeTo(420, 660)}
            >
              {text.open}
            </a>
          </p>
        </>
      )}
      {error && (
        <p role="alert" class="alert">
          {text.failed}: {error}
        </p>
      )}
      <button type="button" class="btn ghost" onClick={() => window.close()}>
        {text.close}
      </button>
    </main>
  );
}
