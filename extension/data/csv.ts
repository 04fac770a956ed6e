// CSV export of tasks with the columns people expect, and CSV import with a column mapping: the mapping is guessed
// from the header (in English and French, and from Asana's and our own export's column names) and the person can
// change it before importing. Parsing and writing use papaparse (quotes, embedded newlines, BOMs, delimiters);
// cells that a spreadsheet would run as a formula are escaped on export.
import { civilDateTime } from '@@/shared/dates';
import { isSafeUrl } from '@@/shared/safe-url';
import type { TaskStatus } from '@@/shared/schemas/task';
import Papa from 'papaparse';
import { t, tn } from '../i18n';
import { type DateReading, readDate } from './importers/dates';
import type { ImportedProject, ImportedTask, ImportPlan, ImportProblem, ImportSource } from './importers/plan';

export const CSV_FIELDS = [
  'project',
  'title',
  'status',
  'priority',
  'assignee',
  'due',
  'tags',
  'sourceUrl',
  'notes',
  'created',
  'completed',
  'section',
  'id',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export type CsvMapping = Record<CsvField, number | null>;

/** Column titles of the export, and what the mapping select shows for each field. */
export const CSV_FIELD_LABELS: Record<CsvField, string> = {
  project: 'Project',
  title: 'Title',
  status: 'Status',
  priority: 'Priority',
  assignee: 'Assignee',
  due: 'Due',
  tags: 'Tags',
  sourceUrl: 'Source URL',
  notes: 'Notes',
  created: 'Created',
  completed: 'Completed',
  section: 'Section',
  id: 'ID',
};

const EXPORT_COLUMNS: CsvField[] = [
  'project',
  'title',
  'status',
  'priority',
  'assignee',
  'due',
  'tags',
  'sourceUrl',
  'notes',
  'created',
  'completed',
  'id',
];

export interface CsvTask {
  id: string;
  projectId: string | null;
  title: string;
  notes: string;
  status: TaskStatus;
  priority: number;
  assigneeId: string | null;
  dueAt: string | null;
  tags: string[];
  source: { url: string } | null;
  createdAt: string;
  completedAt: string | null;
}

/** A due as a spreadsheet reads it: the day, or the day and wall time in the person's zone. */
function dueCell(dueAt: string | null, timeZone?: string): string {
  if (!dueAt) return '';
  if (!dueAt.includes('T')) return dueAt;
  const civil = civilDateTime(new Date(dueAt), timeZone);
  return `${civil.date} ${String(civil.hour).padStart(2, '0')}:${String(civil.minute).padStart(2, '0')}`;
}

export function tasksToCsv(
  tasks: readonly CsvTask[],
  names: { projects: ReadonlyMap<string, string>; members: ReadonlyMap<string, string> },
  timeZone?: string,
): string {
  const rows = tasks.map((task) => {
    const cells: Record<CsvField, string> = {
      project: task.projectId ? (names.projects.get(task.projectId) ?? '') : 'Inbox',
      title: task.title,
      status: task.status,
      priority: `P${task.priority}`,
      assignee: task.assigneeId ? (names.members.get(task.assigneeId) ?? '') : '',
      due: dueCell(task.dueAt, timeZone),
      tags: task.tags.join(', '),
      sourceUrl: task.source?.url ?? '',
      notes: task.notes,
      created: task.createdAt,
      completed: task.completedAt ?? '',
      section: '',
      id: task.id,
    };
    return EXPORT_COLUMNS.map((field) => cells[field]);
  });
  // A BOM so spreadsheet apps read UTF-8; CRLF as RFC 4180 says.
  return `\uFEFF${Papa.unparse(
    { fields: EXPORT_COLUMNS.map((f) => CSV_FIELD_LABELS[f]), data: rows },
    { escapeFormulae: true, newline: '\r\n' },
  )}`;
}

export interface ParsedCsv {
  headers: string[];
  /** Data rows (without the header), as cells. */
  rows: string[][];
  /** Rows papaparse could not read cleanly (an unclosed quote, a wrong number of cells). */
  problems: ImportProblem[];
}

export function parseCsv(text: string): ParsedCsv {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [headers = [], ...rows] = result.data;
  const problems: ImportProblem[] = result.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .slice(0, 50)
    .map((e) => ({
      row: typeof e.row === 'number' ? e.row : null,
      column: null,
      message: e.code === 'MissingQuotes' ? t('importProblem_unclosedQuote') : e.message,
      skipped: false,
    }));
  return { headers: headers.map((h) => h.trim()), rows, problems };
}

/** Header words that name each field (lower case, without punctuation). */
const SYNONYMS: Record<CsvField, string[]> = {
  title: ['title', 'name', 'task', 'task name', 'content', 'summary', 'subject', 'titre', 'nom', 'tâche'],
  project: ['project', 'projects', 'project name', 'list', 'board', 'projet'],
  status: ['status', 'state', 'statut', 'état', 'done', 'completed?'],
  priority: ['priority', 'prio', 'importance', 'priorité'],
  assignee: ['assignee', 'assigned to', 'owner', 'responsible', 'responsable', 'assigné à'],
  due: ['due', 'due date', 'deadline', 'date', 'due on', 'échéance', 'date d’échéance', "date d'échéance"],
  tags: ['tags', 'labels', 'tag', 'label', 'étiquettes', 'categories'],
  sourceUrl: ['source url', 'url', 'link', 'source', 'lien'],
  notes: ['notes', 'description', 'desc', 'details', 'note', 'comments'],
  created: ['created', 'created at', 'created on', 'date created', 'créé le', 'création'],
  completed: ['completed', 'completed at', 'completed on', 'done at', 'terminé le'],
  section: ['section', 'section/column', 'column', 'colonne'],
  id: ['id', 'task id', 'key', 'identifiant'],
};

export function guessMapping(headers: readonly string[]): CsvMapping {
  const normal = headers.map((h) => h.toLowerCase().replace(/[_*]+/g, ' ').replace(/\s+/g, ' ').trim());
  const taken = new Set<number>();
  const mapping = Object.fromEntries(CSV_FIELDS.map((f) => [f, null])) as CsvMapping;
  for (const field of CSV_FIELDS) {
    const index = normal.findIndex((h, i) => !taken.has(i) && SYNONYMS[field].includes(h));
    if (index >= 0) {
      mapping[field] = index;
      taken.add(index);
    }
  }
  return mapping;
}

const STATUS_WORDS: Record<string, TaskStatus> = {
  todo: 'todo',
  'to do': 'todo',
  open: 'todo',
  new: 'todo',
  'not started': 'todo',
  'à faire': 'todo',
  false: 'todo',
  no: 'todo',
  doing: 'doing',
  'in progress': 'doing',
  started: 'doing',
  active: 'doing',
  'en cours': 'doing',
  blocked: 'blocked',
  'on hold': 'blocked',
  waiting: 'blocked',
  bloqué: 'blocked',
  done: 'done',
  complete: 'done',
  completed: 'done',
  closed: 'done',
  finished: 'done',
  terminé: 'done',
  fait: 'done',
  true: 'done',
  yes: 'done',
  x: 'done',
  '✓': 'done',
};

export function readStatus(text: string): TaskStatus | null {
  return STATUS_WORDS[text.trim().toLowerCase()] ?? null;
}

const PRIORITY_WORDS: Record<string, number> = {
  urgent: 1,
  highest: 1,
  high: 2,
  haute: 2,
  élevée: 2,
  medium: 3,
  normal: 3,
  moyenne: 3,
  low: 4,
  basse: 4,
  none: 4,
  lowest: 4,
};

export function readPriority(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (!value) return 4;
  const numeric = /^(?:p|!)?([1-4])$/.exec(value);
  if (numeric) return Number(numeric[1]);
  return PRIORITY_WORDS[value] ?? null;
}

export function readTags(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((t) => t.trim().replace(/^#/, ''))
    .filter(Boolean);
}

export interface CsvPlanOptions extends DateReading {
  source?: ImportSource;
  label?: string;
}

/**
 * The plan of a mapped CSV: one task per row. A row without a title is skipped (and listed); a value that does
 * not read (a due that is not a date, an unknown status) is kept in the task's notes and listed, never dropped.
 */
export function csvPlan(csv: ParsedCsv, mapping: CsvMapping, options: CsvPlanOptions): ImportPlan {
  const source = options.source ?? 'csv';
  const problems: ImportProblem[] = [...csv.problems];
  const projects = new Map<string, ImportedProject>();
  const tasks: ImportedTask[] = [];
  const seen = new Map<string, number>();
  const column = (field: CsvField) => {
    const index = mapping[field];
    return index === null ? CSV_FIELD_LABELS[field] : (csv.headers[index] ?? CSV_FIELD_LABELS[field]);
  };
  csv.rows.forEach((cells, i) => {
    const row = i + 1;
    const cell = (field: CsvField) => {
      const index = mapping[field];
      return index === null ? '' : (cells[index] ?? '').trim();
    };
    const title = cell('title');
    if (!title) {
      if (cells.some((c) => c.trim())) {
        problems.push({ row, column: column('title'), message: t('importProblem_noTitle'), skipped: true });
      }
      return;
    }
    const kept: string[] = [];
    const problem = (field: CsvField, message: string) => {
      problems.push({ row, column: column(field), message: t('importProblem_keptInNotes', message), skipped: false });
      kept.push(`${column(field)}: ${cell(field)}`);
    };
    const completedText = cell('completed');
    const completed = completedText ? readDate(completedText, options) : null;
    if (completedText && !completed?.dueAt) problem('completed', t('importProblem_notDate', completedText));
    let status: TaskStatus = completed?.dueAt ? 'done' : 'todo';
    if (cell('status')) {
      const read = readStatus(cell('status'));
      if (read) status = read;
      else problem('status', t('importProblem_notStatus', cell('status')));
    }
    let priority = readPriority(cell('priority'));
    if (priority === null) {
      problem('priority', t('importProblem_notPriority', cell('priority')));
      priority = 4;
    }
    const due = readDate(cell('due'), options);
    if (!due) problem('due', t('importProblem_notDate', cell('due')));
    const createdText = cell('created');
    const created = createdText ? readDate(createdText, options) : null;
    if (createdText && !created?.dueAt) problem('created', t('importProblem_notDate', createdText));
    let sourceUrl: string | null = cell('sourceUrl') || null;
    if (sourceUrl && !isSafeUrl(sourceUrl)) {
      problem('sourceUrl', t('importProblem_notLink', sourceUrl));
      sourceUrl = null;
    }
    const projectName = cell('project');
    let projectKey: string | null = null;
    if (projectName && projectName.toLowerCase() !== 'inbox') {
      projectKey = projectName.toLowerCase();
      if (!projects.has(projectKey)) projects.set(projectKey, { key: projectKey, name: projectName });
    }
    const idText = cell('id');
    const baseKey = idText ? `id:${idText}` : `row:${projectName}|${title}|${createdText || cell('due')}`;
    const n = (seen.get(baseKey) ?? 0) + 1;
    seen.set(baseKey, n);
    const notes = [cell('notes'), ...(kept.length ? ['', ...kept] : [])].join('\n').trim();
    const toInstant = (read: typeof created) =>
      read?.dueAt ? new Date(read.dueAt.includes('T') ? read.dueAt : `${read.dueAt}T00:00:00Z`).toISOString() : null;
    tasks.push({
      key: n === 1 ? baseKey : `${baseKey}#${n}`,
      title,
      notes,
      status,
      priority,
      dueAt: due?.dueAt ?? null,
      recurrence: due?.recurrence ?? null,
      tags: [...readTags(cell('tags')), ...(cell('section') ? [cell('section')] : [])],
      sourceUrl,
      projectKey,
      milestoneKey: null,
      assigneeName: cell('assignee') || null,
      createdAt: toInstant(created),
      completedAt: status === 'done' ? toInstant(completed) : null,
    });
  });
  const count = csv.rows.length;
  return {
    source,
    label: options.label ?? tn('importPreview_labelCsv', count),
    projects: [...projects.values()],
    milestones: [],
    tasks,
    problems,
  };
}
