// Options → Your data: what a chosen file is and what importing it will do, before anything is written. CSV files
// show the guessed column mapping (each field a select the person can change) and their first rows; Trello boards
// choose whether lists become statuses or milestones; every import chooses where the tasks go. The counts and the
// problems (by row and column) follow every change. Import goes through the one import path (data.import).

import { dateOrderOf } from '@@/shared/dates';
import { useMemo, useState } from 'preact/hooks';
import { CSV_FIELDS, type CsvField, type CsvMapping, csvPlan, guessMapping, parseCsv, tasksToCsv } from '../data/csv';
import { sendImport } from '../data/import-channel';
import { asanaMapping, asanaPlan } from '../data/importers/asana';
import type { Recognised } from '../data/importers/detect';
import { describeProblem, type ImportPlan, type ImportTarget, planSummary, planToExport } from '../data/importers/plan';
import { todoistCsvPlan, todoistZipPlan } from '../data/importers/todoist';
import { type TrelloListsAs, trelloPlan } from '../data/importers/trello';
import type { WaypointDb } from '../db/database';
import type { ProjectRow } from '../db/rows';
import { formatNumber, type MessageKey, t, tn } from '../i18n';
import { send } from '../messaging/client';

/** The mapping's field names in the UI language (the CSV export keeps CSV_FIELD_LABELS, in English). */
const FIELD_KEYS: Record<CsvField, MessageKey> = {
  project: 'importPreview_field_project',
  title: 'importPreview_field_title',
  status: 'importPreview_field_status',
  priority: 'importPreview_field_priority',
  assignee: 'importPreview_field_assignee',
  due: 'importPreview_field_due',
  tags: 'importPreview_field_tags',
  sourceUrl: 'importPreview_field_sourceUrl',
  notes: 'importPreview_field_notes',
  created: 'importPreview_field_created',
  completed: 'importPreview_field_completed',
  section: 'importPreview_field_section',
  id: 'importPreview_field_id',
};

/** Inbox, “Launch”, “Launch” (new project) or 3 projects (2 new): where the plan's own projects go. */
function newProjectsNamed(names: string[], existing: number): string {
  if (names.length === 0) return t('common_inbox');
  if (names.length === 1)
    return existing === 1 ? t('common_quoted', names[0] ?? '') : t('importPreview_newProject', names[0] ?? '');
  return tn('importPreview_projects', names.length, formatNumber(names.length - existing));
}

type Target = 'own' | 'inbox' | `project:${string}`;

export function ImportPreview({
  db,
  name,
  file,
  projects,
  onClose,
}: {
  db: WaypointDb;
  name: string;
  file: Exclude<Recognised, { kind: 'waypoint' } | { kind: 'unknown' }>;
  projects: ProjectRow[];
  onClose: (message: { tone: 'ok' | 'error'; text: string } | null) => void;
}) {
  const reading = useMemo(() => ({ now: new Date(), dateOrder: dateOrderOf() }), []);
  const csv = useMemo(() => (file.kind === 'csv' || file.kind === 'asana' ? parseCsv(file.text) : null), [file]);
  const [mapping, setMapping] = useState<CsvMapping | null>(() =>
    csv ? (file.kind === 'asana' ? asanaMapping(csv.headers) : guessMapping(csv.headers)) : null,
  );
  const [listsAs, setListsAs] = useState<TrelloListsAs>('status');
  const [target, setTarget] = useState<Target>('own');
  const [busy, setBusy] = useState(false);

  const planned = useMemo((): { plan: ImportPlan } | { error: string } => {
    try {
      if (file.kind === 'trello') return { plan: trelloPlan(file.json, listsAs) };
      if (file.kind === 'todoist-csv') return { plan: todoistCsvPlan(name, file.text, reading) };
      if (file.kind === 'todoist-zip') return { plan: todoistZipPlan(file.bytes, reading) };
      if (file.kind === 'asana' && csv && mapping) return { plan: asanaPlan(csv, reading, mapping) };
      if (csv && mapping) return { plan: csvPlan(csv, mapping, reading) };
      return { error: t('importPreview_noTasks') };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [file, name, csv, mapping, listsAs, reading]);

  if ('error' in planned) {
    return (
      <div class="import-preview">
        <p role="alert" class="alert">
          {planned.error}
        </p>
        <button type="button" class="btn" onClick={() => onClose(null)}>
          {t('common_cancel')}
        </button>
      </div>
    );
  }
  const { plan } = planned;
  const chosen = target.startsWith('project:') ? projects.find((p) => `project:${p.id}` === target) : undefined;
  const importTarget: ImportTarget = chosen
    ? { kind: 'project', project: chosen }
    : target === 'inbox'
      ? { kind: 'inbox' }
      : { kind: 'own' };
  // Milestones need a project: with the Inbox as target, lists can only be statuses.
  const needsProject = file.kind === 'trello' && listsAs === 'milestones' && target === 'inbox';
  const known = new Set(projects.map((p) => p.name.trim().toLowerCase().replace(/\s+/g, ' ')));
  const ownNames = plan.projects.map((p) => p.name);
  const ownLabel = newProjectsNamed(
    ownNames,
    ownNames.filter((n) => known.has(n.trim().toLowerCase().replace(/\s+/g, ' '))).length,
  );
  const targetName = chosen ? chosen.name : target === 'inbox' ? t('common_inbox') : ownLabel;
  const problems = plan.problems;

  async function run() {
    setBusy(true);
    try {
      const members = await db.members.toArray();
      const teamMembers = chosen?.teamId ? members.filter((m) => m.teamId === chosen.teamId) : members;
      const settings = await db.settings.get('displayName');
      const exportText = await planToExport(plan, {
        target: importTarget,
        members: teamMembers,
        existingProjects: projects,
        me: typeof settings?.value === 'string' && settings.value ? settings.value : null,
        now: new Date(),
      });
      const summary = await sendImport(exportText, (text) => send('data.import', { text }));
      onClose({
        tone: 'ok',
        text:
          summary.changed === 0
            ? t('importPreview_unchanged')
            : tn('importPreview_done', plan.tasks.length, targetName),
      });
    } catch (error) {
      onClose({
        tone: 'error',
        text: t('importPreview_failed', error instanceof Error ? error.message : String(error)),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="import-preview" data-testid="import-preview">
      <p>
        <strong>{t('importPreview_whatItIs', plan.label)}</strong>
      </p>
      <label class="field">
        <span>{t('importPreview_target')}</span>
        <select class="input" value={target} onChange={(e) => setTarget(e.currentTarget.value as Target)}>
          <option value="own">{ownLabel}</option>
          <option value="inbox">{t('common_inbox')}</option>
          {projects.map((p) => (
            <option key={p.id} value={`project:${p.id}`}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {file.kind === 'trello' && (
        <>
          <label class="field">
            <span>{t('importPreview_listsAs')}</span>
            <select class="input" value={listsAs} onChange={(e) => setListsAs(e.currentTarget.value as TrelloListsAs)}>
              <option value="status">{t('importPreview_listsAsStatus')}</option>
              <option value="milestones">{t('importPreview_listsAsMilestones')}</option>
            </select>
          </label>
          <p class="muted small">{t('importPreview_checklists')}</p>
        </>
      )}
      {csv && mapping && (
        <fieldset class="mapping">
          <legend>{t('importPreview_mapping')}</legend>
          <p class="muted small">{t('importPreview_mappingHint')}</p>
          {CSV_FIELDS.map((field: CsvField) => (
            <label class="field" key={field}>
              <span>{t(FIELD_KEYS[field])}</span>
              <select
                class="input"
                aria-label={t('importPreview_columnFor', t(FIELD_KEYS[field]))}
                value={mapping[field] === null ? '' : String(mapping[field])}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setMapping({ ...mapping, [field]: value === '' ? null : Number(value) });
                }}
              >
                <option value="">{t('importPreview_notMapped')}</option>
                {csv.headers.map((header, i) => (
                  <option key={`${i}:${header}`} value={String(i)}>
                    {header || `#${i + 1}`}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      <p>
        {t('importPreview_willHappen')} <span data-testid="import-summary">{planSummary(plan, targetName)}</span>
      </p>
      {problems.length > 0 && (
        <div>
          <p class="muted">{tn('importPreview_problems', problems.length)}</p>
          <ul data-testid="import-problems">
            {problems.slice(0, 20).map((p, i) => (
              <li key={i} class={p.skipped ? 'danger' : 'muted'}>
                {describeProblem(p)}
              </li>
            ))}
          </ul>
          {problems.length > 20 && <p class="muted">{t('importPreview_more', problems.length - 20)}</p>}
        </div>
      )}
      {plan.tasks.length > 0 && (
        <table class="import-rows">
          <caption class="muted small">{t('importPreview_preview')}</caption>
          <thead>
            <tr>
              <th>{t('importPreview_title')}</th>
              <th>{t('importPreview_status')}</th>
              <th>{t('importPreview_due')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.tasks.slice(0, 3).map((task) => (
              <tr key={task.key}>
                <td>{task.title}</td>
                <td>{task.status}</td>
                <td>{task.dueAt ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="muted small">{t('importPreview_again')}</p>
      <div class="row">
        <button
          type="button"
          class="btn primary"
          disabled={busy || plan.tasks.length === 0 || needsProject}
          onClick={() => void run()}
        >
          {busy ? t('importPreview_importing') : tn('importPreview_importButton', plan.tasks.length)}
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => onClose(null)}>
          {t('common_cancel')}
        </button>
      </div>
    </div>
  );
}

/** "Export tasks as CSV": every live task of this browser, one row each. */
export function ExportCsvButton({ db, onDone }: { db: WaypointDb; onDone: (message: string) => void }) {
  return (
    <button
      type="button"
      class="btn"
      onClick={async () => {
        const [tasks, projects, members] = await Promise.all([
          db.tasks.filter((task) => !task.deleted).toArray(),
          db.projects.filter((p) => !p.deleted).toArray(),
          db.members.toArray(),
        ]);
        const csvText = tasksToCsv(
          tasks,
          {
            projects: new Map(projects.map((p) => [p.id, p.name] as const)),
            members: new Map(members.map((m) => [m.id, m.name] as const)),
          },
          Intl.DateTimeFormat().resolvedOptions().timeZone,
        );
        const url = URL.createObjectURL(new Blob([csvText], { type: 'text/csv;charset=utf-8' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `waypoint-tasks-${new Date().toISOString().slice(0, 10)}.csv`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        onDone(tn('importPreview_exported', tasks.length));
      }}
    >
      {t('importPreview_exportCsv')}
    </button>
  );
}
