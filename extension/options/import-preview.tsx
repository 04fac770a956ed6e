// Options → Your data: what a chosen file is and what importing it will do, before anything is written. CSV files
// show the guessed column mapping (each field a select the person can change) and their first rows; Trello boards
// choose whether lists become statuses or milestones; every import chooses where the tasks go. The counts and the
// problems (by row and column) follow every change. Import goes through the one import path (data.import).

import { dateOrderOf } from '@@/shared/dates';
import { useMemo, useState } from 'preact/hooks';
import {
  CSV_FIELD_LABELS,
  CSV_FIELDS,
  type CsvField,
  type CsvMapping,
  csvPlan,
  guessMapping,
  parseCsv,
  tasksToCsv,
} from '../data/csv';
import { asanaMapping, asanaPlan } from '../data/importers/asana';
import type { Recognised } from '../data/importers/detect';
import { describeProblem, type ImportPlan, type ImportTarget, planSummary, planToExport } from '../data/importers/plan';
import { todoistCsvPlan, todoistZipPlan } from '../data/importers/todoist';
import { type TrelloListsAs, trelloPlan } from '../data/importers/trello';
import type { WaypointDb } from '../db/database';
import type { ProjectRow } from '../db/rows';
import { send } from '../messaging/client';

const text = {
  whatItIs: (label: string) => `This is ${label}.`,
  willHappen: 'What will happen:',
  target: 'Put the tasks into',
  inbox: 'Inbox',
  newProjectsNamed: (names: string[], existing: number) =>
    names.length === 0
      ? 'Inbox'
      : names.length === 1
        ? existing === 1
          ? `“${names[0]}”`
          : `“${names[0]}” (new project)`
        : `${names.length} projects (${names.length - existing} new)`,
  listsAs: 'Trello lists become',
  listsAsStatus: 'Statuses (Done is done, Doing is doing…)',
  listsAsMilestones: 'Milestones of the project',
  checklists: 'Checklists are added to each task’s notes as “- [ ] item” lines.',
  mapping: 'Columns',
  mappingHint: 'Waypoint guessed which column is which. Change any of them; the preview follows.',
  notMapped: '(not imported)',
  problems: (n: number) => `${n} ${n === 1 ? 'problem' : 'problems'}:`,
  more: (n: number) => `…and ${n} more.`,
  preview: 'First rows as they will be imported',
  importButton: (n: number) => `Import ${n} ${n === 1 ? 'task' : 'tasks'}`,
  cancel: 'Cancel',
  importing: 'Importing…',
  done: (n: number, where: string) =>
    `Imported ${n} ${n === 1 ? 'task' : 'tasks'} into ${where}. Importing this file again adds nothing twice.`,
  unchanged: 'Nothing new: these tasks were already imported.',
  failed: (message: string) => `Nothing was imported. ${message}`,
  noTasks: 'There is nothing to import in this file.',
  again: 'Idempotent: importing the same file again adds nothing twice; tasks you edited here keep your edits.',
  exportCsv: 'Export tasks as CSV',
  exported: (n: number) => `Exported ${n} tasks as CSV.`,
  title: 'Title',
  due: 'Due',
  status: 'Status',
  project: 'Project',
};

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
      return { error: text.noTasks };
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
          {text.cancel}
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
  const ownLabel = text.newProjectsNamed(
    ownNames,
    ownNames.filter((n) => known.has(n.trim().toLowerCase().replace(/\s+/g, ' '))).length,
  );
  const targetName = chosen ? chosen.name : target === 'inbox' ? text.inbox : ownLabel;
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
      const summary = await send('data.import', { text: exportText });
      onClose({ tone: 'ok', text: summary.changed === 0 ? text.unchanged : text.done(plan.tasks.length, targetName) });
    } catch (error) {
      onClose({ tone: 'error', text: text.failed(error instanceof Error ? error.message : String(error)) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="import-preview" data-testid="import-preview">
      <p>
        <strong>{text.whatItIs(plan.label)}</strong>
      </p>
      <label class="field">
        <span>{text.target}</span>
        <select class="input" value={target} onChange={(e) => setTarget(e.currentTarget.value as Target)}>
          <option value="own">{ownLabel}</option>
          <option value="inbox">{text.inbox}</option>
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
            <span>{text.listsAs}</span>
            <select class="input" value={listsAs} onChange={(e) => setListsAs(e.currentTarget.value as TrelloListsAs)}>
              <option value="status">{text.listsAsStatus}</option>
              <option value="milestones">{text.listsAsMilestones}</option>
            </select>
          </label>
          <p class="muted small">{text.checklists}</p>
        </>
      )}
      {csv && mapping && (
        <fieldset class="mapping">
          <legend>{text.mapping}</legend>
          <p class="muted small">{text.mappingHint}</p>
          {CSV_FIELDS.map((field: CsvField) => (
            <label class="field" key={field}>
              <span>{CSV_FIELD_LABELS[field]}</span>
              <select
                class="input"
                aria-label={`Column for ${CSV_FIELD_LABELS[field]}`}
                value={mapping[field] === null ? '' : String(mapping[field])}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setMapping({ ...mapping, [field]: value === '' ? null : Number(value) });
                }}
              >
                <option value="">{text.notMapped}</option>
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
        {text.willHappen} <span data-testid="import-summary">{planSummary(plan, targetName)}</span>
      </p>
      {problems.length > 0 && (
        <div>
          <p class="muted">{text.problems(problems.length)}</p>
          <ul data-testid="import-problems">
            {problems.slice(0, 20).map((p, i) => (
              <li key={i} class={p.skipped ? 'danger' : 'muted'}>
                {describeProblem(p)}
              </li>
            ))}
          </ul>
          {problems.length > 20 && <p class="muted">{text.more(problems.length - 20)}</p>}
        </div>
      )}
      {plan.tasks.length > 0 && (
        <table class="import-rows">
          <caption class="muted small">{text.preview}</caption>
          <thead>
            <tr>
              <th>{text.title}</th>
              <th>{text.status}</th>
              <th>{text.due}</th>
            </tr>
          </thead>
          <tbody>
            {plan.tasks.slice(0, 3).map((t) => (
              <tr key={t.key}>
                <td>{t.title}</td>
                <td>{t.status}</td>
                <td>{t.dueAt ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="muted small">{text.again}</p>
      <div class="row">
        <button
          type="button"
          class="btn primary"
          disabled={busy || plan.tasks.length === 0 || needsProject}
          onClick={() => void run()}
        >
          {busy ? text.importing : text.importButton(plan.tasks.length)}
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => onClose(null)}>
          {text.cancel}
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
          db.tasks.filter((t) => !t.deleted).toArray(),
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
        onDone(text.exported(tasks.length));
      }}
    >
      {text.exportCsv}
    </button>
  );
}
