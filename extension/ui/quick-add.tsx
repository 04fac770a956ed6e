// Quick add in natural language: what was understood shows as removable chips before the task is saved.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ProjectRow } from '../db/rows';
import { t } from '../i18n';
import { send } from '../messaging/client';
import { Icon } from './icons';
import { lazy } from './lazy';
import { showError, showToast } from './toast';

interface QuickAddProps {
  projects: ProjectRow[];
  /** Project of the current filter, used when the text names none. */
  defaultProjectId?: string | null;
  autoFocus?: boolean;
}

// The parser and its words bring rrule: loaded after the first paint, before anyone has typed much (Enter waits).
type Parser = typeof import('@@/shared/quick-add') & typeof import('../i18n/words');
const parser = lazy(
  async (): Promise<Parser> => ({ ...(await import('@@/shared/quick-add')), ...(await import('../i18n/words')) }),
);

export function QuickAdd({ projects, defaultProjectId = null, autoFocus = true }: QuickAddProps) {
  const [text, setText] = useState('');
  const [dismissed, setDismissed] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const timer = setTimeout(() => void parser.load().catch(() => undefined), 0);
    return () => clearTimeout(timer);
  }, []);
  // Focused from an effect (after the first frame), not with the autofocus attribute: the browser runs autofocus
  // inside the first frame, with a style and layout pass of its own before the page's (the popup's first row).
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  const loaded = parser.module.value;
  // 03/12 reads the way this browser's locale writes dates (12/03 in en-US, 3 December in en-GB and fr);
  // in a French browser French words are read too ("demain 15h").
  const parse = ({ parseQuickAdd, quickAddLanguage }: Parser) =>
    parseQuickAdd(text, {
      now: new Date(),
      projects: projects.map(({ id, name }) => ({ id, name })),
      dismissed,
      ...quickAddLanguage(),
    });
  const understood = useMemo(() => (loaded ? parse(loaded) : null), [loaded, text, projects, dismissed]);

  async function submit(event: Event) {
    event.preventDefault();
    if (!text.trim()) return;
    let parsed = understood;
    try {
      parsed ??= parse(await parser.load());
    } catch (error) {
      showError(error);
      return;
    }
    if (!parsed.title) {
      showToast({ message: t('quickAdd_noTitle'), tone: 'error' });
      return;
    }
    // Clear at once so the next task can be typed while this one is saved; put the text back on failure.
    const typed = { text, dismissed };
    setText('');
    setDismissed([]);
    try {
      const projectId = parsed.projectId ?? defaultProjectId ?? null;
      const task = await send('task.create', {
        title: parsed.title,
        dueAt: parsed.dueAt,
        projectId,
        ...(parsed.priority ? { priority: parsed.priority } : {}),
        ...(parsed.tags.length ? { tags: parsed.tags } : {}),
        ...(parsed.recurrence ? { recurrence: parsed.recurrence } : {}),
      });
      const where = projects.find((p) => p.id === projectId)?.name ?? t('common_inbox');
      showToast({ message: t('quickAdd_added', where), undo: () => send('task.delete', { id: task.id }) });
    } catch (error) {
      setText(typed.text);
      setDismissed(typed.dismissed);
      showError(error);
    }
    input.current?.focus();
  }

  return (
    <form onSubmit={submit} class="quick-add">
      <input
        ref={input}
        class="input"
        name="quick-add"
        aria-label={t('quickAdd_label')}
        aria-describedby="quick-add-hint"
        placeholder={t('quickAdd_placeholder')}
        value={text}
        maxLength={1000}
        autoComplete="off"
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
      />
      <div class="chips" aria-live="polite">
        {(understood?.tokens ?? []).map((token) => (
          <span class="chip" key={token.id} data-kind={token.kind}>
            {token.kind === 'recurrence' && <Icon name="repeat" size={12} />}
            {token.label}
            <button
              type="button"
              aria-label={t('quickAdd_removeChip', token.label, token.text)}
              onClick={() => {
                setDismissed([...dismissed, token.id]);
                input.current?.focus();
              }}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <span id="quick-add-hint" class="sr-only">
        {t('quickAdd_hint')}
      </span>
    </form>
  );
}
