// The small window a click on a reminder opens: the task, and every action a notification cannot hold (Chrome
// shows two buttons, Firefox none): Complete, Snooze 10 min, Snooze 1 hour, Tomorrow, and Open the task.
import { useState } from 'preact/hooks';
import type { ReminderAction } from '../background/reminder-plan';
import { t } from '../i18n';
import { dueText } from '../i18n/dates';
import { send } from '../messaging/client';
import { useLive } from '../ui/live';
import { pageDb } from '../ui/page-db';

const db = pageDb();

export function ReminderWindow() {
  const taskId = new URLSearchParams(location.search).get('task') ?? '';
  const task = useLive(async () => {
    const row = await db.tasks.get(taskId);
    const project = row?.projectId ? await db.projects.get(row.projectId) : undefined;
    return { row: row && !row.deleted ? row : null, project: project?.name ?? t('common_inbox') };
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
      <h1 class="sr-only">{t('reminderWindow_heading')}</h1>
      {current === undefined ? (
        <div class="skeleton" />
      ) : !row ? (
        <p role="alert">{t('reminderWindow_missing')}</p>
      ) : (
        <>
          <h2 dir="auto" style={{ margin: '0 0 4px', fontSize: 16 }}>
            {row.title}
          </h2>
          <p class="muted" style={{ marginTop: 0 }}>
            {row.status === 'done'
              ? t('reminderWindow_done')
              : row.dueAt
                ? t('reminders_due', dueText(row.dueAt, new Date()).text)
                : t('reminderWindow_noDue')}{' '}
            · {current.project}
          </p>
          {row.status !== 'done' && (
            <fieldset class="row" style={{ flexWrap: 'wrap', gap: 8, border: 0, padding: 0, margin: 0 }}>
              <legend class="sr-only">{t('reminderWindow_actions')}</legend>
              <button type="button" class="btn primary" disabled={busy} onClick={() => void act('complete')}>
                {t('reminders_complete')}
              </button>
              {row.dueAt && (
                <>
                  <button type="button" class="btn" disabled={busy} onClick={() => void act('snooze10')}>
                    {t('reminders_snooze10')}
                  </button>
                  <button type="button" class="btn" disabled={busy} onClick={() => void act('snooze60')}>
                    {t('reminderWindow_snooze60')}
                  </button>
                  <button
                    type="button"
                    class="btn"
                    disabled={busy}
                    title={t('reminderWindow_tomorrowHint')}
                    onClick={() => void act('tomorrow')}
                  >
                    {t('reminderWindow_tomorrow')}
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
              {t('reminderWindow_open')}
            </a>
          </p>
        </>
      )}
      {error && (
        <p role="alert" class="alert">
          {t('reminderWindow_failed', error)}
        </p>
      )}
      <button type="button" class="btn ghost" onClick={() => window.close()}>
        {t('reminderWindow_close')}
      </button>
    </main>
  );
}
