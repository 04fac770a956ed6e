// The popup: my tasks across projects — Overdue, Today, Upcoming, No date, Done today — with quick add.
// Its first rows come from a plain IndexedDB read (popup/first-screen.ts) and paint before the live half
// (popup/live.tsx: Dexie, live queries, the editor, the sync line) has loaded; that half then takes over.
import { startedWithoutDue } from '@@/shared/dates';
import { useSignal } from '@preact/signals';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { StepCounts } from '../db/queries';
import type { ProjectRow, TaskRow } from '../db/rows';
import { SECTION_IDS, type SectionId, type SectionTotals, type TaskSection } from '../db/sections';
import { formatNumber, type MessageKey, t, tn } from '../i18n';
import { tParts } from '../i18n/parts';
import { Icon } from '../ui/icons';
import { KeysHint } from '../ui/keys-hint';
import { QuickAdd } from '../ui/quick-add';
import { Keys, SetShortcut, useShortcut } from '../ui/shortcut';
import { TaskListItem } from '../ui/task-item';
import { Toast } from '../ui/toast';
import { FIRST_ROWS, type FirstScreen } from './first-screen';

type LiveModule = typeof import('./live');
const SECTION_TITLES: Record<SectionId, MessageKey> = {
  overdue: 'popup_sectionOverdue',
  today: 'popup_sectionToday',
  upcoming: 'popup_sectionUpcoming',
  none: 'popup_sectionNoDate',
  doneToday: 'popup_sectionDoneToday',
};
const COLLAPSED_BY_DEFAULT: SectionId[] = ['doneToday'];
/** Rows a section shows at first; "Show more" adds MORE. Long sections stay paged, so 10,000 tasks stay light. */
export const PAGE = 50;
const MORE = 100;
/**
 * Rows added to the page per frame while the sections grow to what they show (after the first screen, and after
 * "Show more"): a click paints its first rows in the next frame instead of waiting for a hundred rows to render
 * (bench/extension.ts, long list). Rows below the fold are cheap to keep (popup.css: content-visibility).
 */
export const ROWS_PER_FRAME = 25;

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

export function PopupApp({ initial, now: openedAt }: { initial: FirstScreen | null; now?: Date }) {
  const params = new URLSearchParams(location.search);
  const shortcut = useShortcut();
  const [filter, setFilter] = useState<string>('');
  const [shown, setShown] = useState<Record<SectionId, number>>(
    () => Object.fromEntries(SECTION_IDS.map((id) => [id, PAGE])) as Record<SectionId, number>,
  );
  // One page ahead is read but not rendered, so "Show more" paints from memory while the next page loads.
  const limit = Math.max(...Object.values(shown)) + MORE;
  // How many rows of each section are in the page so far: trails `shown` by ROWS_PER_FRAME a frame.
  const [drawn, setDrawn] = useState<Record<SectionId, number>>(
    () => Object.fromEntries(SECTION_IDS.map((id) => [id, FIRST_ROWS])) as Record<SectionId, number>,
  );
  const collapsed = useSignal<SectionId[]>(COLLAPSED_BY_DEFAULT);
  const [editing, setEditing] = useState<{ task: TaskRow; focus: 'title' | 'project' } | null>(null);
  const now = useMemo(() => openedAt ?? new Date(), []);
  const [live, setLive] = useState<LiveModule | null>(null);
  const [view, setView] = useState<{ sections: TaskSection[]; limit: number } | undefined>(
    initial ? { sections: initial.sections, limit: FIRST_ROWS } : undefined,
  );
  const [totals, setCounts] = useState<SectionTotals | undefined>(undefined);
  const [projectList, setProjects] = useState<ProjectRow[]>(initial?.projects ?? []);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [steps, setSteps] = useState<StepCounts | undefined>(undefined);
  const byId = useMemo(() => new Map(projectList.map((p) => [p.id, p])), [projectList]);
  const edit = useCallback((task: TaskRow) => setEditing({ task, focus: 'title' }), []);

  // The live half loads once the first rows are on screen: effects run after the first paint, and the timeout
  // lets that frame finish before the import's fetch and evaluation start.
  useEffect(() => {
    const timer = setTimeout(() => {
      void import('./live').then(
        (module) => setLive(module),
        (e: unknown) => setError(e instanceof Error ? e : new Error(String(e))),
      );
    }, 0);
    return () => clearTimeout(timer);
  }, []);

  // Opened from a notification or the "Choose project…" menu: edit that task straight away.
  useEffect(() => {
    const id = params.get('task');
    if (!id || !live) return;
    void live.taskToOpen(id).then((task) => {
      if (task) setEditing({ task, focus: params.get('focus') === 'project' ? 'project' : 'title' });
    });
  }, [live]);
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

  const adjusted = useMemo(() => withStartedInToday(view?.sections, totals), [view, totals]);
  const loaded = adjusted.loaded;
  const counts = adjusted.counts;
  // Until the live half answers, only the first screen renders: FIRST_ROWS rows across the open sections.
  const preview = view?.limit === FIRST_ROWS;
  const rowsOf = new Map<SectionId, number>();
  let budget = FIRST_ROWS;
  for (const section of loaded ?? []) {
    const rows = Math.min(section.tasks.length, shown[section.id]);
    if (!preview) rowsOf.set(section.id, Math.min(rows, drawn[section.id]));
    else if (collapsed.value.includes(section.id)) rowsOf.set(section.id, 0);
    else {
      rowsOf.set(section.id, Math.min(rows, budget));
      budget -= rowsOf.get(section.id) ?? 0;
    }
  }
  const visible = (section: TaskSection) => Math.min(section.tasks.length, shown[section.id]);
  // A section grows to what it shows, or to what it has if fewer.
  const target = (id: SectionId) =>
    Math.min(shown[id], loaded?.find((section) => section.id === id)?.tasks.length ?? 0);
  const growing = !preview && loaded !== undefined && SECTION_IDS.some((id) => drawn[id] < target(id));
  useEffect(() => {
    if (!growing) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the frame that shows the rows drawn so far, the next ones, in section order.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        setDrawn((current) => {
          let budget = ROWS_PER_FRAME;
          const next = { ...current };
          for (const id of SECTION_IDS) {
            const add = Math.min(budget, Math.max(0, target(id) - next[id]));
            next[id] += add;
            budget -= add;
          }
          return next;
        });
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [growing, drawn, shown, loaded]);
  /** A section's size: its count once known, else what is loaded (with a + when more may follow). */
  const sizeOf = (section: TaskSection): number => counts?.[section.id] ?? visible(section);
  const moreOf = (section: TaskSection): number | null => {
    if (counts) return counts[section.id] - visible(section);
    return section.tasks.length > visible(section) || section.tasks.length >= (view?.limit ?? 0) ? null : 0;
  };

  async function openSidePanel() {
    // One path per browser, chosen at build time, so each bundle only holds the API its browser has.
    if (import.meta.env.FIREFOX) {
      // Firefox opens the sidebar only while handling the click: nothing may be awaited before this call.
      const opened = await browser.sidebarAction.open().then(
        () => true,
        () => false,
      );
      if (!opened) await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
    } else {
      const win = await browser.windows.getCurrent();
      if (chrome.sidePanel?.open && win.id !== undefined) await chrome.sidePanel.open({ windowId: win.id });
      else await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
    }
    window.close();
  }

  return (
    <main class="popup">
      <header class="popup-header">
        <h1 class="sr-only">{t('popup_title')}</h1>
        <QuickAdd projects={projectList} defaultProjectId={filter && filter !== 'inbox' ? filter : null} />
        <div class="row" style={{ marginTop: 4 }}>
          <label class="grow row">
            <span class="sr-only">{t('popup_filter')}</span>
            <select
              class="input"
              aria-label={t('popup_filter')}
              value={filter}
              onChange={(e) => setFilter((e.target as HTMLSelectElement).value)}
            >
              <option value="">{t('popup_allProjects')}</option>
              <option value="inbox">{t('common_inbox')}</option>
              {projectList.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="btn" onClick={() => void openSidePanel()} title={t('popup_projectsHint')}>
            {t('popup_projects')}
          </button>
          <button
            type="button"
            class="icon-btn"
            aria-label={t('popup_settings')}
            onClick={() => void browser.runtime.openOptionsPage()}
          >
            <Icon name="gear" />
          </button>
        </div>
      </header>
      {live && (
        <live.LiveData
          now={now}
          filter={filter}
          limit={limit}
          count={loaded !== undefined}
          onSections={(sections, readLimit) => {
            setView({ sections, limit: readLimit });
            setError(undefined);
          }}
          onTotals={setCounts}
          onProjects={setProjects}
          taskIds={(loaded ?? []).flatMap((section) =>
            section.tasks.slice(0, rowsOf.get(section.id) ?? 0).map((task) => task.id),
          )}
          onStepCounts={setSteps}
          onError={setError}
        />
      )}
      {error && (
        <p class="alert" role="alert">
          {t('popup_readError', error.message)}
        </p>
      )}
      {!loaded ? (
        <div role="status" aria-busy="true">
          <span class="sr-only">{t('popup_loading')}</span>
          {[0, 1, 2, 3].map((i) => (
            <div class="skeleton" key={i} />
          ))}
        </div>
      ) : loaded.every((s) => s.tasks.length === 0) ? (
        <div class="empty">
          <p>
            <strong>{t('popup_emptyTitle')}</strong>
          </p>
          <p>
            {shortcut
              ? tParts('popup_emptyHowKeys', <em>{t('menu_addToWaypoint')}</em>, <Keys shortcut={shortcut} />)
              : shortcut === ''
                ? tParts('popup_emptyHowNoKeys', <em>{t('menu_addToWaypoint')}</em>, <SetShortcut />)
                : tParts('popup_emptyHow', <em>{t('menu_addToWaypoint')}</em>)}
          </p>
          <p>{tParts('popup_emptyTypeAbove', <code>{t('popup_emptyExample')}</code>)}</p>
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
                    <span class={id === 'overdue' ? 'late' : ''}>{t(SECTION_TITLES[id])}</span>
                    <span class="count">
                      {formatNumber(sizeOf(section))}
                      {more === null && '+'}
                      <span class="sr-only"> {t('popup_tasksWord')}</span>
                    </span>
                  </button>
                </h2>
                {!isCollapsed && (
                  <ul class="tasks" aria-label={t(SECTION_TITLES[id])}>
                    {section.tasks.slice(0, rowsOf.get(id) ?? 0).map((task) => (
                      <TaskListItem
                        key={task.id}
                        task={task}
                        project={task.projectId ? byId.get(task.projectId) : undefined}
                        now={now}
                        onEdit={edit}
                        steps={steps?.get(task.id)}
                      />
                    ))}
                  </ul>
                )}
                {!isCollapsed && !preview && more !== 0 && (
                  <button
                    type="button"
                    class="btn ghost small"
                    onClick={() => {
                      setShown({ ...shown, [id]: shown[id] + MORE });
                      // This section's next rows first, in the very next frame.
                      setDrawn({ ...drawn, [id]: Math.min(drawn[id], shown[id]) + ROWS_PER_FRAME });
                    }}
                  >
                    {more ? tn('popup_showMoreCount', more) : t('popup_showMore')}
                  </button>
                )}
              </section>
            );
          })}
        </div>
      )}
      {editing && live && (
        <live.Editor
          task={editing.task}
          projects={projectList}
          focus={editing.focus}
          onClose={() => {
            setEditing(null);
            if (params.get('task')) window.close();
          }}
        />
      )}
      <footer class="popup-footer">{live && <live.SyncLine />}</footer>
      <KeysHint />
      <Toast />
    </main>
  );
}
