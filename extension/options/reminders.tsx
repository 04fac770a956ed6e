// Options > Reminders: this person's default reminder, date-only tasks, the morning digest and the overdue badge.
// Device settings (data/reminder-settings.ts), never synced: each person's default stays their own.
import { REMINDER_OFFSETS } from '@@/shared/reminders';
import { useState } from 'preact/hooks';
import { readReminderSettings } from '../data/reminder-settings';
import type { WaypointDb } from '../db/database';
import { t } from '../i18n';
import { send } from '../messaging/client';
import { useLive } from '../ui/live';
import { clockText, reminderLabel } from '../ui/reminder-field';
import { selectDefault } from '../ui/select-default';

const toMinutes = (value: string): number | null => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
};

export function RemindersSection({ db }: { db: WaypointDb }) {
  const settings = useLive(() => readReminderSettings(db), []).value.value;
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const choice = String(form.get('defaultMinutes') ?? 'none');
    const allDayMinutes = toMinutes(String(form.get('allDayTime') ?? ''));
    const digestMinutes = toMinutes(String(form.get('digestTime') ?? ''));
    if (allDayMinutes === null || digestMinutes === null) {
      setStatus({ tone: 'error', text: t('reminders_badTime') });
      return;
    }
    try {
      await send('reminders.settings', {
        defaultMinutes: choice === 'none' ? null : Number(choice),
        remindAllDay: form.get('remindAllDay') === 'on',
        allDayMinutes,
        digest: form.get('digest') === 'on',
        digestMinutes,
        badgeOverdue: form.get('badgeOverdue') === 'on',
      });
      setStatus({ tone: 'ok', text: t('reminders_saved') });
    } catch (error) {
      setStatus({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <section aria-labelledby="reminders-title">
      <h2 id="reminders-title">{t('reminders_title')}</h2>
      <p class="muted">{t('reminders_intro')}</p>
      {settings ? (
        <form onSubmit={save} key={JSON.stringify(settings)} aria-labelledby="reminders-title">
          <label class="field">
            <span>{t('reminders_defaultLabel')}</span>
            <select
              class="input"
              name="defaultMinutes"
              ref={selectDefault(settings.defaultMinutes === null ? 'none' : String(settings.defaultMinutes))}
            >
              {REMINDER_OFFSETS.map((minutes) => (
                <option key={minutes} value={String(minutes)}>
                  {reminderLabel(minutes)}
                </option>
              ))}
              <option value="none">{reminderLabel(null)}</option>
            </select>
          </label>
          <div class="row small" style={{ marginBottom: 8 }}>
            <label class="row">
              <input type="checkbox" name="remindAllDay" defaultChecked={settings.remindAllDay} />
              {t('reminders_allDay')}
            </label>
            <input
              class="input"
              type="time"
              style={{ width: 'auto' }}
              name="allDayTime"
              aria-label={t('reminders_allDayTime')}
              required
              defaultValue={clockText(settings.allDayMinutes)}
            />
          </div>
          <div class="row small" style={{ marginBottom: 8 }}>
            <label class="row">
              <input type="checkbox" name="digest" defaultChecked={settings.digest} />
              {t('reminders_digest')}
            </label>
            <input
              class="input"
              type="time"
              style={{ width: 'auto' }}
              name="digestTime"
              aria-label={t('reminders_digestTime')}
              required
              defaultValue={clockText(settings.digestMinutes)}
            />
          </div>
          <label class="row small" style={{ marginBottom: 8 }}>
            <input type="checkbox" name="badgeOverdue" defaultChecked={settings.badgeOverdue} />
            {t('reminders_badge')}
          </label>
          <div class="row">
            <button type="submit" class="btn primary">
              {t('reminders_save')}
            </button>
            {status && (
              <span role="status" class={status.tone === 'error' ? 'danger' : 'muted'}>
                {status.text}
              </span>
            )}
          </div>
        </form>
      ) : (
        <div class="skeleton" />
      )}
    </section>
  );
}
