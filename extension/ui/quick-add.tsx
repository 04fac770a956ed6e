// Quick add in natural language: what was understood shows as removable chips before the task is saved.

import { parseQuickAdd } from '@@/shared/quick-add';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { ProjectRow } from '../db/rows';
import { t } from '../i18n';
import { quickAddLanguage } from '../i18n/words';
import { send } from '../messaging/client';
import { Icon } from './icons';
import { showError, showToast } from './toast';

interface QuickAddProps {
  projects: ProjectRow[];
  /** Project of the current filter, used when the text names none. */
  defaultProjectId?: string | null;
  autoFocus?: boolean;
}

export function QuickAdd({ projects, defaultProjectId = null, autoFocus = true }: QuickAddProps) {
  const [text, setText] = useState('');
  const [dismissed, setDismissed] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  // 03/12 reads the way this browser's locale writes dates (12/03 in en-US, 3 December in en-GB and fr);
  // in a French browser French words are read too ("demain 15h").
  const language = useMemo(() => quickAddLanguage(), []);
  const parsed = useMemo(
    () =>
      parseQuickAdd(text, {
        now: new Date(),
        projects: projects.map(({ id, name }) => ({ id, name })),
        dismissed,
        ...language,
      }),
    [text, projects, dismissed, language],
  );

  async function submit(event: Event) {
    event.preventDefault();
    if (!text.trim()) return;
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
        // biome-ignore lint/a11y/noAutofocus: the popup exists to add and check tasks; ui-notes ask for it
        autoFocus={autoFocus}
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
      />
      <div class="chips" aria-live="polite">
        {parsed.tokens.map((token) => (
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
