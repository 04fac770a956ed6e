// Quick add in natural language: what was understood shows as removable chips before the task is saved.

import { dateOrderOf } from '@@/shared/dates';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ProjectRow } from '../db/rows';
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

// The parser brings rrule: loaded after the first paint, before anyone has typed much (Enter waits for it).
const parser = lazy(() => import('@@/shared/quick-add'));

export function QuickAdd({ projects, defaultProjectId = null, autoFocus = true }: QuickAddProps) {
  const [text, setText] = useState('');
  const [dismissed, setDismissed] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  // 03/12 reads the way this browser's locale writes dates (12/03 in en-US, 3 December in en-GB).
  const dateOrder = useMemo(() => dateOrderOf(), []);
  useEffect(() => {
    const timer = setTimeout(() => void parser.load().catch(() => undefined), 0);
    return () => clearTimeout(timer);
  }, []);
  const loaded = parser.module.value;
  const parse = ({ parseQuickAdd }: typeof import('@@/shared/quick-add')) =>
    parseQuickAdd(text, {
      now: new Date(),
      projects: projects.map(({ id, name }) => ({ id, name })),
      dismissed,
      dateOrder,
    });
  const understood = useMemo(() => (loaded ? parse(loaded) : null), [loaded, text, projects, dismissed, dateOrder]);

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
      showToast({ message: 'Add a few words for the task itself, not only a date or a project.', tone: 'error' });
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
      const where = projects.find((p) => p.id === projectId)?.name ?? 'Inbox';
      showToast({ message: `Added to ${where}`, undo: () => send('task.delete', { id: task.id }) });
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
        aria-label="Quick add task"
        aria-describedby="quick-add-hint"
        placeholder="Add a task… e.g. Send invoice fri 5pm #Launch !1"
        value={text}
        maxLength={1000}
        autoComplete="off"
        // biome-ignore lint/a11y/noAutofocus: the popup exists to add and check tasks; ui-notes ask for it
        autoFocus={autoFocus}
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
      />
      <div class="chips" aria-live="polite">
        {(understood?.tokens ?? []).map((token) => (
          <span class="chip" key={token.id} data-kind={token.kind}>
            {token.kind === 'recurrence' && <Icon name="repeat" size={12} />}
            {token.label}
            <button
              type="button"
              aria-label={`Remove ${token.label}: keep “${token.text}” in the title`}
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
        Press Enter to add. Dates, repeats such as every weekday at 9am, #project, !1 to !4 priority are recognised and
        shown as chips you can remove.
      </span>
    </form>
  );
}
