// Options > Integrations: Gmail and Outlook on the web. Turning one on asks for its host permission (from the
// click, as browsers require) and has the background register the mail content script; off gives it back.
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { MAIL_ORIGINS, type MailIntegrationStatus, type MailService } from '../capture/extractors';
import { t } from '../i18n';
import { send } from '../messaging/client';

const SERVICES: { id: MailService; name: string; hosts: string }[] = [
  { id: 'gmail', name: 'Gmail', hosts: 'mail.google.com' },
  {
    id: 'outlook',
    name: t('integrations_outlook'),
    hosts: 'outlook.office.com, outlook.office365.com, outlook.live.com',
  },
];

type Note = { tone: 'ok' | 'error'; text: string } | null;

export function IntegrationsSection() {
  const [status, setStatus] = useState<MailIntegrationStatus | null>(null);
  const [busy, setBusy] = useState<MailService | null>(null);
  const [note, setNote] = useState<Note>(null);

  useEffect(() => {
    void send('integration.mail.status', {}).then(setStatus, () => setStatus({ gmail: false, outlook: false }));
  }, []);

  async function toggle(service: MailService, name: string, on: boolean) {
    setBusy(service);
    setNote(null);
    try {
      if (on) {
        // Must be the first await after the click: the browser only shows its prompt for a user gesture.
        const allowed = await browser.permissions.request({ origins: MAIL_ORIGINS[service] });
        if (!allowed) {
          setNote({ tone: 'error', text: t('integrations_denied', name) });
          return;
        }
      }
      setStatus(await send('integration.mail.set', { service, enabled: on }));
      setNote({
        tone: 'ok',
        text: on ? t('integrations_on', name) : t('integrations_off', name),
      });
    } catch (error) {
      setNote({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="integrations-title">
      <h2 id="integrations-title">{t('integrations_title')}</h2>
      <p class="muted">{t('integrations_intro')}</p>
      {SERVICES.map(({ id, name, hosts }) => (
        <label class="row" key={id}>
          <input
            type="checkbox"
            checked={status?.[id] ?? false}
            disabled={!status || busy !== null}
            onChange={(event) => void toggle(id, name, (event.currentTarget as HTMLInputElement).checked)}
          />
          <span>
            {name} <span class="muted">({hosts})</span>
          </span>
        </label>
      ))}
      {note && (
        <p role={note.tone === 'error' ? 'alert' : 'status'} class={note.tone === 'error' ? 'alert' : 'muted'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
