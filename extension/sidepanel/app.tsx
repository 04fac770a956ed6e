// The side panel: "This page" on top, then the current project — objective, progress and tasks by status.
import { useMemo, useState } from 'preact/hooks';
import { liveProjects, projectsMatchingUrl, stepCounts, tasksForUrl } from '../db/queries';
import type { ProjectRow, TaskRow } from '../db/rows';
import { t } from '../i18n';
import { PROJECT_STATUS_LABELS } from '../i18n/labels';
import { send } from '../messaging/client';
import { KeysHint } from '../ui/keys-hint';
import { useLive } from '../ui/live';
import { pageDb } from '../ui/page-db';
import { ProjectForm } from '../ui/project-form';
import { SyncStatusLine } from '../ui/sync-status';
import { TaskEditor } from '../ui/task-editor';
import { TaskListItem } from '../ui/task-item';
import { showError, showToast, Toast } from '../ui/toast';
import { Dashboard } from './dashboard';
import { MentionsSection } from './mentions';
import { Onboarding } from './onboarding';
import { useActivePage } from './use-active-page';

const db = pageDb();

export function SidePanelApp() {
  const now = useMemo(() => new Date(), []);
  const page = useActivePage();
  const projects = useLive(() => liveProjects(db), []);
  const projectList: ProjectRow[] = projects.value.value ?? [];
  const byId = useMemo(() => new Map(projectList.map((p) => [p.id, p])), [projectList]);
  const [selectedId, setSelectedId] = useState<string>('');
  const [form, setForm] = useState<{ project?: ProjectRow } | null>(null);
  const [editing, setEditing] = useState<TaskRow | null>(null);

  const pageTasks = useLive(async () => (page ? tasksForUrl(db, page.url) : []), [page?.url]);
  const pageProjects = useLive(async () => (page ? projectsMatchingUrl(db, page.url) : []), [page?.url, projectList]);
  // The project in view: the user's choice, else the one the page belongs to.
  const current = byId.get(selectedId) ?? pageProjects.value.value?.[0];

  async function captureHere() {
    try {
      const result = await send('capture.activeTab', { projectId: current?.id ?? null });
      if (result.duplicateOf) showToast({ message: t('panel_pageHasTask') });
    } catch (error) {
      showError(error);
    }
  }

  const thisPage = pageTasks.value.value ?? [];
  const pageSteps = useLive(
    () =>
      stepCounts(
        db,
        thisPage.map((t) => t.id),
      ),
    [thisPage.map((t) => t.id).join(',')],
  );
  const matched = pageProjects.value.value ?? [];
  let suggestedDomain: string | undefined;
  try {
    suggestedDomain = page ? new URL(page.url).hostname.replace(/^www\./, '') : undefined;
  } catch {
    suggestedDomain = undefined;
  }

  return (
    <main class="panel">
      <header class="panel-header row">
        <label class="grow">
          <span class="sr-only">{t('panel_project')}</span>
          <select
            class="input"
            aria-label={t('panel_project')}
            value={current?.id ?? ''}
            onChange={(e) => setSelectedId((e.target as HTMLSelectElement).value)}
          >
            <option value="">{projectList.length ? t('panel_chooseProject') : t('panel_noProjects')}</option>
            {projectList.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn" onClick={() => setForm({})}>
          {t('panel_newProject')}
        </button>
      </header>

      <SyncStatusLine db={db} />
      <MentionsSection db={db} projects={projectList} onOpen={setSelectedId} />
      {page && (thisPage.length > 0 || matched.length > 0) && (
        <section class="section card" aria-labelledby="this-page-title">
          <h2 id="this-page-title">{t('panel_thisPage')}</h2>
          <p class="muted page-title" title={page.url}>
            {page.title || page.url}
          </p>
          {matched.length > 0 && (
            <p class="muted">
              {t('panel_belongsTo')}{' '}
              {matched.map((p, i) => (
                <span key={p.id}>
                  {i > 0 && ', '}
                  <button type="button" class="link" onClick={() => setSelectedId(p.id)}>
                    <span class="dot" style={{ background: p.color }} aria-hidden="true" />
                    {p.name}
                  </button>
                </span>
              ))}
            </p>
          )}
          <ul class="tasks" aria-label={t('panel_tasksFromPage')}>
            {thisPage.map((task) => (
              <TaskListItem
                key={task.id}
                task={task}
                project={task.projectId ? byId.get(task.projectId) : undefined}
                now={now}
                steps={pageSteps.value.value?.get(task.id)}
                onEdit={setEditing}
              />
            ))}
          </ul>
        </section>
      )}
      <Onboarding db={db} />
      {page && (
        <button type="button" class="btn small" onClick={() => void captureHere()}>
          {current ? t('panel_captureInto', current.name) : t('panel_capture')}
        </button>
      )}

      {current ? (
        <Dashboard
          db={db}
          project={current}
          projects={projectList}
          page={page}
          now={now}
          onEdit={setEditing}
          onEditProject={() => setForm({ project: current })}
        />
      ) : (
        <ProjectList projects={projectList} onOpen={setSelectedId} onCreate={() => setForm({})} />
      )}

      {form && (
        <ProjectForm
          db={db}
          project={form.project}
          suggestedDomain={suggestedDomain}
          onDone={(saved) => {
            setForm(null);
            if (saved) setSelectedId(saved.id);
          }}
        />
      )}
      {editing && <TaskEditor db={db} task={editing} projects={projectList} onClose={() => setEditing(null)} />}
      <KeysHint />
      <Toast />
    </main>
  );
}

function ProjectList({
  projects,
  onOpen,
  onCreate,
}: {
  projects: ProjectRow[];
  onOpen: (id: string) => void;
  onCreate: () => void;
}) {
  if (!projects.length) {
    return (
      <div class="empty">
        <p>
          <strong>{t('panel_noProjectsTitle')}</strong> {t('panel_noProjectsText')}
        </p>
        <button type="button" class="btn primary" onClick={onCreate}>
          {t('panel_createProject')}
        </button>
      </div>
    );
  }
  return (
    <section class="section" aria-labelledby="projects-title">
      <h2 id="projects-title">{t('popup_projects')}</h2>
      <ul class="tasks">
        {projects.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              class="btn ghost"
              style={{ width: '100%', justifyContent: 'flex-start' }}
              onClick={() => onOpen(p.id)}
            >
              <span class="dot" style={{ background: p.color }} aria-hidden="true" />
              {p.name}
              <span class="muted" style={{ marginLeft: 'auto', fontSize: 12 }}>
                {t(PROJECT_STATUS_LABELS[p.status] ?? 'status_active')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
