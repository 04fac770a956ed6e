// The popup: my tasks across projects — Overdue, Today, Upcoming, No date, Done today — with quick add.

import { startedWithoutDue } from '@@/shared/dates';
import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import {
  liveProjects,
  SECTION_IDS,
  type SectionId,
  type SectionTotals,
  sectionTotals,
  type TaskSection,
  taskSections,
} from '../db/queries';
import type { ProjectRow, TaskRow } from '../db/rows';
import { Icon } from '../ui/icons';
import { KeysHint } from '../ui/keys-hint';
import { useLive } from '../ui/live';
import { pageDb } from '../ui/page-db';
import { QuickAdd } from '../ui/quick-add';
import { Keys, SetShortcut, useShortcut } from '../ui/shortcut';
import { SyncStatusLine } from '../ui/sync-status';
import { TaskEditor } from '../ui/task-editor';
import { TaskItem } from '../ui/task-item';
import { Toast } from '../ui/toast';

const db = pageDb();

const SECTION_TITLES: Record<SectionId, string> = {
  overdue: 'Overdue',
  today: 'Today',
  upcoming: 'Upcoming',
  none: 'No date',
  doneToday: 'Done today',
};
const COLLAPSED_BY_DEFAULT: SectionId[] = ['doneToday'];
const PAGE = 50;

/**
 * A task with a start date and no due is listed by its start date (shared/dates.ts openDueKey): once that day
 * has passed the index puts it among the overdue ones, but nothing is due, so it shows in Today ("started …").
 */
function withStartedInToday(
  sections: TaskSection[] | undefined,
  totals: SectionTotals | undefined,
): { loaded: TaskSection[] | undefined; counts: SectionTotals | undefined } {
  const overdue = sections?.find((section) => section.id === 'overdue');
  const started = overdue?.tasks.filter(startedWithoutDue) ?? [];
  if (!sections || started.length === 0) return { loaded: sections, counts: totals };
  const loaded = sections.map((section) =>
    section.id === 'overdue'
      ? { ...section, tasks: section.tasks.filter((task) => !startedWithoutDue(task)) }
      : section.id === 'today'
        ? { ...section, tasks: [...started, ...section.tasks] }
        : section,
  );
  const counts = totals && {
    ...totals,
    overdue: totals.overdue - started.length,
    today: totals.today + started.length,
  };
  return { loaded, counts };
}

export function PopupApp() {
  const params = new URLSearchParams(location.search);
  const [filter, setFilter] = useState<string>('');
  const [limit, setLimit] = useState(PAGE);
  const shortcut = useShortcut();
  const collapsed = useSignal<SectionId[]>(COLLAPSED_BY_DEFAULT);
  const [editing, setEditing] = useState<{ task: TaskRow; focus: 'title' | 'project' } | null>(null);
  const now = useMemo(() => new Date(), []);
  const sections = useLive(() => taskSections(db, { now, projectKey: filter || null, limit }), [filter, limit]);
  // Counting is separate: the rows paint first, the counts follow a moment later.
  const rowsShown = sections.value.value !== undefined;
  const totals = useLive(
    async () => (rowsShown ? sectionTotals(db, { now, projectKey: filter || null }) : undefined),
    [filter, rowsShown],
  );
  const projects = useLive(() => liveProjects(db), []);
  const projectList: ProjectRow[] = projects.value.value ?? [];
  const byId = useMemo(() => new Map(projectList.map((p) => [p.id, p])), [projectList]);

  // Opened from a notification or the "Choose project…" menu: edit that task straight away.
  useEffect(() => {
    const id = params.get('task');
    if (!id) return;
    void db.tasks.get(id).then((task) => {
      if (task && !task.deleted) setEditing({ task, focus: params.get('focus') === 'project' ? 'project' : 'title' });
    });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inField = (event.target as HTMLElement).closest('input, textarea, select, dialog');
      if (inField || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/' || event.key === 'n') {
        event.preventDefault();
        document.querySelector<HTMLInputElement>('input[name=quick-add]')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const { loaded, counts } = useMemo(
    () => withStartedInToday(sections.value.value, totals.value.value),
    [sections.value.value, totals.value.value],
  );
  /** A section's size: its count once known, else what is loaded (with a + when more may follow). */
  const sizeOf = (section: TaskSection): number => counts?.[section.id] ?? section.tasks.length;
  const moreOf = (section: TaskSection): number | null =>
    counts ? counts[section.id] - section.tasks.length : section.tasks.length >= limit ? null : 0;

  async function openSidePanel() {
    const win = await browser.windows.getCurrent();
    if (chrome.sidePanel?.open && win.id !== undefined) await chrome.sidePanel.open({ windowId: win.id });
    else await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
    window.close();
  }

  return (
    <main class="popup">
      <header class="popup-header">
        <h1 class="sr-only">My tasks</h1>
        <QuickAdd projects={projectList} defaultProjectId={filter && filter !== 'inbox' ? filter : null} />
        <div class="row" style={{ marginTop: 4 }}>
          <label class="grow row">
            <span class="sr-only">Filter by project</span>
            <select
              class="input"
              aria-label="Filter by project"
              value={filter}
              onChange={(e) => setFilter((e.target as HTMLSelectElement).value)}
            >
              <option value="">All projects</option>
              <option value="inbox">Inbox</option>
              {projectList.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="btn"
            onClick={() => void openSidePanel()}
            title="Open the project view in the side panel"
          >
            Projects
          </button>
          <button
            type="button"
            class="icon-btn"
            aria-label="Settings"
            onClick={() => void browser.runtime.openOptionsPage()}
          >
            <Icon name="gear" />
          </button>
        </div>
      </header>
      {sections.error.value && (
        <p class="alert" role="alert">
          Couldn't read your tasks: {sections.error.value.message}
        </p>
      )}
      {!loaded ? (
        <div role="status" aria-busy="true">
          <span class="sr-only">Loading tasks…</span>
          {[0, 1, 2, 3].map((i) => (
            <div class="skeleton" key={i} />
          ))}
        </div>
      ) : loaded.every((s) => s.tasks.length === 0) ? (
        <div class="empty">
          <p>
            <strong>Nothing to do yet.</strong>
          </p>
          <p>
            Right-click any page, selection, link or image and choose <em>Add to Waypoint</em>
            {shortcut ? (
              <>
                , or press <Keys shortcut={shortcut} /> to capture the page you are on.
              </>
            ) : shortcut === '' ? (
              <>
                . No capture shortcut is bound yet: <SetShortcut />
              </>
            ) : (
              '.'
            )}
          </p>
          <p>
            Or type above: <code>Call Sam tomorrow 10am #Launch !2</code>
          </p>
        </div>
      ) : (
        <div class="sections">
          {SECTION_IDS.map((id) => {
            const section = loaded.find((s) => s.id === id);
            if (!section || section.tasks.length === 0) return null;
            const more = moreOf(section);
            const isCollapsed = collapsed.value.includes(id);
            return (
              <section class="section" key={id} aria-labelledby={`section-${id}`}>
                <h2 id={`section-${id}`}>
                  <button
                    type="button"
                    aria-expanded={!isCollapsed}
                    onClick={() => {
                      collapsed.value = isCollapsed
                        ? collapsed.value.filter((c) => c !== id)
                        : [...collapsed.value, id];
                    }}
                  >
                    <span aria-hidden="true">{isCollapsed ? '▸' : '▾'}</span>
                    <span class={id === 'overdue' ? 'late' : ''}>{SECTION_TITLES[id]}</span>
                    <span class="count">
                      {sizeOf(section)}
                      {more === null && '+'}
                      <span class="sr-only"> tasks</span>
                    </span>
                  </button>
                </h2>
                {!isCollapsed && (
                  <ul class="tasks" aria-label={SECTION_TITLES[id]}>
                    {section.tasks.map((task) => (
                      <TaskItem
                        key={task.id}
                        task={task}
                        project={task.projectId ? byId.get(task.projectId) : undefined}
                        now={now}
                        onEdit={(t) => setEditing({ task: t, focus: 'title' })}
                      />
                    ))}
                  </ul>
                )}
                {!isCollapsed && more !== 0 && (
                  <button type="button" class="btn ghost small" onClick={() => setLimit(limit + PAGE * 4)}>
                    Show more{more ? ` (${more} more)` : ''}
                  </button>
                )}
              </section>
            );
          })}
        </div>
      )}
      {editing && (
        <TaskEditor
          db={db}
          task={editing.task}
          projects={projectList}
          focus={editing.focus}
          onClose={() => {
            setEditing(null);
            if (params.get('task')) window.close();
          }}
        />
      )}
      <footer class="popup-footer">
        <SyncStatusLine db={db} />
      </footer>
      <KeysHint />
      <Toast />
    </main>
  );
}
