// The capture dialog: where a capture goes and what it says — title, project (suggested), objective or
// milestone, assignee with their workload, due date in natural language, priority, and whether the quote is
// shared. It opens with the focus in the title: Enter saves, Esc cancels; nothing is stored until Save.
// Inside a page (capture/inline-dialog.ts) it trusts nothing from that page: it talks to its host only
// through the background, keeps Tab inside itself, opens "Open it" in a window of its own, and arms Save only
// while it is visibly unobscured (capture-dialog/visibility.ts).

import { dateOrderOf } from '@@/shared/dates';
import { parseQuickAdd } from '@@/shared/quick-add';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { framePortName } from '../capture/inline-dialog';
import type { CapturePreparation } from '../capture/prepare';
import { t, uiLocale } from '../i18n';
import { dueText } from '../i18n/dates';
import { tParts } from '../i18n/parts';
import { send } from '../messaging/client';
import { FormFooter } from '../ui/form-footer';
import { PrioritySelect } from '../ui/priority-select';
import { CapturedText } from './captured-text';
import { watchUnobscured } from './visibility';

const params = new URLSearchParams(location.search);
const id = params.get('id') ?? '';
/** Shown in an iframe inside the page (see capture/inline-dialog.ts) rather than in its own window. */
const inline = params.get('inline') === '1';
/** Moved here from inside a page that took the keyboard focus away from the dialog. */
const moved = params.get('moved') === '1';

function close() {
  // The host in the page removes the frame when the background relays it (the page cannot forge that).
  if (inline) void send('capture.frame', { id, event: 'close' }).catch(() => undefined);
  else window.close();
}

/** The dialog's own document has loaded: the host treats any later load of the frame as a navigation. */
const loaded = () =>
  document.readyState === 'complete'
    ? Promise.resolve()
    : new Promise<void>((resolve) => window.addEventListener('load', () => resolve(), { once: true }));

/** Open the existing task in a window of its own; the dialog (maybe inside a page) never navigates. */
function openTask(taskId: string) {
  const url = browser.runtime.getURL(`/popup.html?task=${encodeURIComponent(taskId)}`);
  void browser.windows.create({ url, type: 'popup', width: 420, height: 640 }).catch(() => undefined);
}

/** Inside a page, Tab and Shift+Tab cycle through the dialog instead of leaving into the page. */
function trapTab(event: KeyboardEvent) {
  if (event.key !== 'Tab') return;
  const focusable = Array.from(
    document.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href]'),
  ).filter((el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null);
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** A due date typed in words ("fri 5pm", "tomorrow"), or null when none is given. */
function parseDue(text: string, now: Date): { dueAt: string | null; label: string | null; error: string | null } {
  if (!text.trim()) return { dueAt: null, label: null, error: null };
  // 'fr' also reads French ("vendredi 17h"); English words still work.
  const parsed = parseQuickAdd(text, { now, projects: [], dateOrder: dateOrderOf(), language: uiLocale() });
  if (!parsed.dueAt)
    return {
      dueAt: null,
      label: null,
      error: t('captureDialog_dueError', text.trim()),
    };
  return { dueAt: parsed.dueAt, label: dueText(parsed.dueAt, now).text, error: null };
}

export function CaptureDialogApp() {
  const now = useMemo(() => new Date(), []);
  const [data, setData] = useState<CapturePreparation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [projectId, setProjectId] = useState<string>('');
  const [dueText, setDueText] = useState('');
  const [saving, setSaving] = useState(false);
  // In a window nothing can cover the dialog; in a page Save waits until it has been seen unobscured.
  const [armed, setArmed] = useState(!inline);
  const [coveredNote, setCoveredNote] = useState(false);
  const title = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const lastFocused = useRef<HTMLElement | null>(null);

  useEffect(() => {
    send('capture.prepare', { id }).then(
      (prepared) => {
        setData(prepared);
        setProjectId(prepared.suggestedProjectId ?? '');
      },
      (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
    );
    const onKey = (event: KeyboardEvent) => {
      if (inline) trapTab(event);
      if (event.key !== 'Escape') return;
      event.preventDefault();
      void send('capture.cancel', { id }).finally(close);
    };
    // Back in the dialog after the focus was taken away: where the person was, not the page body.
    const onFocusIn = (event: FocusEvent) => {
      lastFocused.current = event.target as HTMLElement;
    };
    const onWindowFocus = () => {
      if (document.activeElement === document.body) (lastFocused.current ?? title.current)?.focus();
    };
    // Anything navigating the frame away (the page can) ends the dialog.
    const onPageHide = () => {
      if (inline) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocusIn);
    window.addEventListener('focus', onWindowFocus);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocusIn);
      window.removeEventListener('focus', onWindowFocus);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, []);

  useEffect(() => {
    if (!data) return;
    const focusTitle = () => {
      title.current?.focus();
      title.current?.select();
    };
    focusTitle();
    // Inside a page, the host shows and focuses the frame once the dialog is loaded and ready.
    if (inline)
      void loaded()
        .then(() => send('capture.frame', { id, event: 'ready' }))
        .then(
          () => {
            // Held open while this document lives: its disconnect tells the host the frame navigated away.
            browser.runtime.connect({ name: framePortName(id) });
            focusTitle();
          },
          () => undefined,
        );
  }, [data]);

  useEffect(() => {
    const save = form.current?.querySelector('button[type="submit"]');
    if (!inline || !data || !save) return;
    let noteTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = watchUnobscured(save, (visible) => {
      setArmed(visible);
      clearTimeout(noteTimer);
      if (visible) setCoveredNote(false);
      else noteTimer = setTimeout(() => setCoveredNote(true), 1000);
    });
    return () => {
      stop();
      clearTimeout(noteTimer);
    };
  }, [data]);

  const project = data?.projects.find((p) => p.id === projectId);
  const due = parseDue(dueText, now);

  async function save(event: Event) {
    event.preventDefault();
    if (due.error || !armed) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '');
    setSaving(true);
    try {
      await send('capture.commit', {
        id,
        title: text('title').trim(),
        projectId: projectId || null,
        ...(form.has('objectiveId') ? { objectiveId: text('objectiveId') || null } : {}),
        ...(form.has('milestoneId') ? { milestoneId: text('milestoneId') || null } : {}),
        ...(form.has('assigneeId') ? { assigneeId: text('assigneeId') || null } : {}),
        ...(due.dueAt ? { dueAt: due.dueAt } : {}),
        priority: Number(text('priority')),
        shareExcerpt: form.get('shareExcerpt') === 'on',
      });
      close();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setSaving(false);
    }
  }

  if (error && !data) {
    return (
      <main class="capture-dialog">
        <p class="alert" role="alert">
          {error}
        </p>
        <button type="button" class="btn" onClick={close}>
          {t('captureDialog_close')}
        </button>
      </main>
    );
  }
  if (!data) {
    return (
      <main class="capture-dialog" aria-busy="true">
        <div class="skeleton" />
        <div class="skeleton" />
      </main>
    );
  }
  const openIt = (
    <button type="button" class="link" onClick={() => openTask(data.duplicate?.taskId ?? '')}>
      {t('captureDialog_openIt')}
    </button>
  );
  return (
    <main class="capture-dialog">
      <form ref={form} onSubmit={save} aria-labelledby="capture-title">
        <h1 id="capture-title">{t('captureDialog_heading')}</h1>
        <p class="muted small source">
          {data.source.app ? `${data.source.app} · ` : ''}
          {data.source.pageTitle || data.source.url}
        </p>
        {data.note && <p class="small warn">{data.note}</p>}
        {moved && (
          <p class="small warn" role="status">
            {t('captureDialog_moved')}
          </p>
        )}
        {data.duplicate && (
          <p class="small card" role="status" style={{ padding: 8 }}>
            {data.duplicate.owner
              ? tParts(
                  'captureDialog_duplicateOwned',
                  data.duplicate.projectName,
                  data.duplicate.owner,
                  data.duplicate.title,
                  openIt,
                )
              : tParts('captureDialog_duplicate', data.duplicate.projectName, data.duplicate.title, openIt)}
          </p>
        )}
        <label class="field">
          <span>{t('captureDialog_title')}</span>
          <input ref={title} class="input" name="title" dir="auto" required maxLength={500} defaultValue={data.title} />
        </label>
        <label class="field">
          <span>
            {data.suggestionReason && projectId === data.suggestedProjectId
              ? t('captureDialog_projectSuggested', data.suggestionReason)
              : t('captureDialog_project')}
          </span>
          <select
            class="input"
            name="projectId"
            value={projectId}
            onChange={(e) => setProjectId((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('common_inbox')}</option>
            {data.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {project && (project.objectives.length > 0 || project.milestones.length > 0) && (
          <div class="row">
            {project.objectives.length > 0 && (
              <label class="field grow">
                <span>{t('captureDialog_objective')}</span>
                <select class="input" name="objectiveId" key={`o-${project.id}`}>
                  <option value="">—</option>
                  {project.objectives.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.title}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {project.milestones.length > 0 && (
              <label class="field grow">
                <span>{t('captureDialog_milestone')}</span>
                <select class="input" name="milestoneId" key={`m-${project.id}`}>
                  <option value="">—</option>
                  {project.milestones.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.title}
                      {m.dueAt ? ` (${m.dueAt})` : ''}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}
        {project && project.people.length > 0 && (
          <label class="field">
            <span>{t('captureDialog_assignee')}</span>
            <select class="input" name="assigneeId" key={`a-${project.id}`}>
              <option value="">{t('captureDialog_nobodyYet')}</option>
              {project.people.map((person) => (
                <option key={person.id} value={person.id}>
                  {t('captureDialog_workload', person.name, person.open, person.dueThisWeek)}
                </option>
              ))}
            </select>
          </label>
        )}
        <div class="row">
          <label class="field grow">
            <span>{t('captureDialog_due')}</span>
            <input
              class="input"
              name="due"
              placeholder={t('captureDialog_duePlaceholder')}
              value={dueText}
              aria-describedby="due-parsed"
              aria-invalid={due.error ? 'true' : undefined}
              onInput={(e) => setDueText((e.target as HTMLInputElement).value)}
            />
          </label>
          <PrioritySelect value={4} />
        </div>
        <p id="due-parsed" class={`small ${due.error ? 'danger' : 'muted'}`} aria-live="polite">
          {due.error ?? (due.label ? t('captureDialog_dueLabel', due.label) : ' ')}
        </p>
        <CapturedText data={data} project={project} />
        {coveredNote && !armed && (
          <p class="small warn" role="status">
            {t('captureDialog_covered')}
          </p>
        )}
        <FormFooter
          error={error}
          onCancel={() => void send('capture.cancel', { id }).finally(close)}
          submitLabel={t('common_save')}
          busy={saving || !armed}
        />
      </form>
    </main>
  );
}
