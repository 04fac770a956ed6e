// Options: who I am, where captures go by default, the capture shortcut, and export / import of all data.
import { useState } from 'preact/hooks';
import { sendImport } from '../data/import-channel';
import { type Recognised, recogniseFile } from '../data/importers/detect';
import { readSettings } from '../data/settings';
import { liveProjects } from '../db/queries';
import { t } from '../i18n';
import { tParts } from '../i18n/parts';
import { send } from '../messaging/client';
import { useLive } from '../ui/live';
import { pageDb } from '../ui/page-db';
import { selectDefault } from '../ui/select-default';
import { Keys, SetShortcut, useShortcut } from '../ui/shortcut';
import { CalendarSection } from './calendar';
import { ExportCsvButton, ImportPreview } from './import-preview';
import { IntegrationsSection } from './integrations';
import { RemindersSection } from './reminders';
import { TeamSection } from './team';

const db = pageDb();
/** Chrome's page for extension shortcuts: an address, the same in every language. */
const SHORTCUTS_PAGE = 'chrome://extensions/shortcuts';

type Status = { tone: 'ok' | 'error'; text: string } | null;

export function OptionsApp() {
  const settings = useLive(() => readSettings(db), []);
  const projects = useLive(() => liveProjects(db), []);
  const shortcut = useShortcut();
  const [saved, setSaved] = useState<Status>(null);
  const [transfer, setTransfer] = useState<Status>(null);
  const [foreign, setForeign] = useState<{
    name: string;
    file: Exclude<Recognised, { kind: 'waypoint' } | { kind: 'unknown' }>;
  } | null>(null);

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await send('settings.update', {
        displayName: String(form.get('displayName') ?? ''),
        defaultProjectId: String(form.get('defaultProjectId') ?? '') || null,
        captureAsk: form.get('captureAsk') === 'on',
      });
      setSaved({ tone: 'ok', text: t('options_saved') });
    } catch (error) {
      setSaved({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  async function exportAll() {
    try {
      const data = await send('data.export', {});
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `waypoint-export-${data.exportedAt.slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setTransfer({ tone: 'ok', text: t('options_exported', data.tasks.length, data.projects.length) });
    } catch (error) {
      setTransfer({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  async function importFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setForeign(null);
    // Another app's export (CSV, Todoist, Trello, Asana) gets a preview first; a Waypoint export imports at once.
    const recognised = recogniseFile(file.name, new Uint8Array(await file.arrayBuffer()));
    if (recognised.kind === 'unknown') {
      setTransfer({ tone: 'error', text: t('options_nothingImported', recognised.reason) });
      input.value = '';
      return;
    }
    if (recognised.kind !== 'waypoint') {
      setTransfer(null);
      setForeign({ name: file.name, file: recognised });
      input.value = '';
      return;
    }
    setTransfer({ tone: 'ok', text: t('options_importing', file.name) });
    try {
      const summary = await sendImport(recognised.bytes, (text) => send('data.import', { text }));
      setTransfer({
        tone: 'ok',
        text: t('options_imported', summary.tasks, summary.projects, file.name),
      });
    } catch (error) {
      setTransfer({
        tone: 'error',
        text: t('options_nothingImported', error instanceof Error ? error.message : String(error)),
      });
    } finally {
      input.value = '';
    }
  }

  const current = settings.value.value;
  return (
    <main class="options">
      <h1>{t('options_title')}</h1>
      <section aria-labelledby="you-title">
        <h2 id="you-title">{t('options_you')}</h2>
        {current ? (
          <form onSubmit={save} key={JSON.stringify(current)}>
            <label class="field">
              <span>{t('options_displayName')}</span>
              <input class="input" name="displayName" maxLength={100} defaultValue={current.displayName} />
            </label>
            <label class="field">
              <span>{t('options_defaultProject')}</span>
              <select class="input" name="defaultProjectId" ref={selectDefault(current.defaultProjectId ?? '')}>
                <option value="">{t('common_inbox')}</option>
                {(projects.value.value ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label class="row small" style={{ marginBottom: 8 }}>
              <input type="checkbox" name="captureAsk" defaultChecked={current.captureAsk} />
              {t('options_captureAsk')}
            </label>
            <div class="row">
              <button type="submit" class="btn primary">
                {t('options_save')}
              </button>
              {saved && (
                <span role="status" class={saved.tone === 'error' ? 'danger' : 'muted'}>
                  {saved.text}
                </span>
              )}
            </div>
          </form>
        ) : (
          <div class="skeleton" />
        )}
      </section>
      <TeamSection db={db} />
      <RemindersSection db={db} />
      <CalendarSection db={db} />
      <IntegrationsSection />
      <section aria-labelledby="shortcut-title">
        <h2 id="shortcut-title">{t('options_keyboard')}</h2>
        <p>
          {tParts(
            'options_captureShortcut',
            shortcut === undefined
              ? '…'
              : shortcut
                ? tParts(
                    'options_shortcutChange',
                    <Keys shortcut={shortcut} />,
                    <code>{SHORTCUTS_PAGE}</code>,
                    <em>{t('options_manageShortcuts')}</em>,
                  )
                : tParts('options_noShortcut', <SetShortcut />),
          )}
        </p>
        <p class="muted">
          {tParts(
            'options_popupKeys',
            <kbd>/</kbd>,
            <kbd>n</kbd>,
            <kbd>↑</kbd>,
            <kbd>↓</kbd>,
            <kbd>x</kbd>,
            <kbd>e</kbd>,
            <kbd>o</kbd>,
            <kbd>{t('options_keyDelete')}</kbd>,
          )}
        </p>
      </section>
      <section aria-labelledby="data-title">
        <h2 id="data-title">{t('options_yourData')}</h2>
        <p class="muted">{t('options_dataHelp')}</p>
        <div class="row">
          <button type="button" class="btn" onClick={() => void exportAll()}>
            {t('options_exportAll')}
          </button>
          <ExportCsvButton db={db} onDone={(message) => setTransfer({ tone: 'ok', text: message })} />
          <label class="btn">
            {t('options_importFile')}
            <input
              class="sr-only"
              type="file"
              accept="application/json,.json,text/csv,.csv,application/zip,.zip"
              aria-label={t('options_importFileLabel')}
              onChange={(e) => void importFile(e)}
            />
          </label>
        </div>
        {foreign && (
          <ImportPreview
            key={foreign.name}
            db={db}
            name={foreign.name}
            file={foreign.file}
            projects={projects.value.value ?? []}
            onClose={(message) => {
              setForeign(null);
              setTransfer(message);
            }}
          />
        )}
        {transfer && (
          <p
            role={transfer.tone === 'error' ? 'alert' : 'status'}
            class={transfer.tone === 'error' ? 'alert' : 'muted'}
          >
            {transfer.text}
          </p>
        )}
      </section>
    </main>
  );
}
