// Todoist: its CSV template format (TYPE, CONTENT, DESCRIPTION, PRIORITY, INDENT, AUTHOR, RESPONSIBLE, DATE, …; one
// project per file) and its backup, a zip of such CSVs (one per project). Labels are the `@words` of CONTENT,
// sections become tags, notes are appended to the task above, sub-tasks (INDENT > 1) name their parent.
// PRIORITY 1 is p1, the highest, as in Todoist; an empty cell is p1 too, as Todoist's own import reads it.
import { unzipSync } from 'fflate';
import { t, tn } from '../../i18n';
import { parseCsv } from '../csv';
import { type DateReading, readDate } from './dates';
import type { ImportedProject, ImportedTask, ImportPlan, ImportProblem } from './plan';

export const TODOIST_COLUMNS = ['TYPE', 'CONTENT', 'DESCRIPTION', 'PRIORITY', 'INDENT', 'AUTHOR', 'RESPONSIBLE', 'DATE'];

export function isTodoistCsv(headers: readonly string[]): boolean {
  const upper = headers.map((h) => h.trim().toUpperCase());
  return upper[0] === 'TYPE' && upper.includes('CONTENT') && upper.includes('PRIORITY');
}

/** "Launch [2203306141].csv" or "Launch.csv" → "Launch". */
export function projectNameOf(fileName: string): string {
  const base = fileName.split('/').pop() ?? fileName;
  return (
    base
      .replace(/\.csv$/i, '')
      .replace(/\s*\[\d+\]\s*$/, '')
      .trim() || 'Todoist'
  );
}

/** "Olive (14781400)" → "Olive". */
const personName = (cell: string) => cell.replace(/\s*\(\d+\)\s*$/, '').trim();

interface Sheet {
  project: ImportedProject;
  text: string;
}

function readSheets(sheets: Sheet[], reading: DateReading, label: string): ImportPlan {
  const tasks: ImportedTask[] = [];
  const problems: ImportProblem[] = [];
  const multi = sheets.length > 1;
  for (const { project, text } of sheets) {
    const csv = parseCsv(text);
    const at = (name: string) => csv.headers.findIndex((h) => h.toUpperCase() === name);
    const col = Object.fromEntries(TODOIST_COLUMNS.map((c) => [c, at(c)])) as Record<string, number>;
    const where = (row: number) => (multi ? t('importProblem_sheetRow', project.name, String(row)) : null);
    for (const p of csv.problems) problems.push({ ...p, column: multi ? project.name : p.column });
    let section: string | null = null;
    const parents: ImportedTask[] = [];
    const seen = new Map<string, number>();
    csv.rows.forEach((cells, i) => {
      const row = i + 1;
      const cell = (name: string) => (col[name]! >= 0 ? (cells[col[name]!] ?? '').trim() : '');
      const type = cell('TYPE').toLowerCase();
      const problemAt = (column: string, message: string, skipped: boolean) =>
        problems.push(
          multi
            ? { row: null, column: null, message: t('importProblem_at', `${where(row)}, ${column}`, message), skipped }
            : { row, column, message, skipped },
        );
      if (type === 'meta' || (type === '' && !cell('CONTENT'))) return;
      if (type === 'section') {
        section = cell('CONTENT') || null;
        parents.length = 0;
        return;
      }
      if (type === 'note') {
        const last = tasks.at(-1);
        if (last && cell('CONTENT')) last.notes = `${last.notes}\n\n${cell('CONTENT')}`.trim();
        return;
      }
      if (type !== 'task') {
        problemAt('TYPE', t('importProblem_todoistType', cell('TYPE')), true);
        return;
      }
      const content = cell('CONTENT');
      const tags = [...content.matchAll(/(?:^|\s)@([\p{L}\p{N}_-]+)/gu)].map((m) => m[1]!);
      const title = content.replace(/(?:^|\s)@[\p{L}\p{N}_-]+/gu, ' ').replace(/\s+/g, ' ').trim();
      if (!title) {
        problemAt('CONTENT', t('importProblem_noTitle'), true);
        return;
      }
      const kept: string[] = [];
      const priorityText = cell('PRIORITY');
      let priority = priorityText === '' ? 1 : Number(priorityText);
      if (!Number.isInteger(priority) || priority < 1 || priority > 4) {
        problemAt('PRIORITY', t('importProblem_todoistPriority', priorityText), false);
        kept.push(`PRIORITY: ${priorityText}`);
        priority = 4;
      }
      const zone = cell('TIMEZONE');
      let due = readDate(cell('DATE'), { ...reading, ...(zone ? { timeZone: zone } : {}) });
      if (!due) {
        problemAt('DATE', t('importProblem_todoistDate', cell('DATE')), false);
        kept.push(`DATE: ${cell('DATE')}`);
        due = { dueAt: null, recurrence: null };
      }
      const indent = Math.max(1, Number(cell('INDENT')) || 1);
      parents.length = Math.min(parents.length, indent - 1);
      const parent = parents.at(-1);
      const baseKey = `${project.key}|${section ?? ''}|${title}`;
      const n = (seen.get(baseKey) ?? 0) + 1;
      seen.set(baseKey, n);
      const notes = [
        cell('DESCRIPTION'),
        ...(parent ? [`Sub-task of “${parent.title}”.`] : []),
        ...(kept.length ? ['', ...kept] : []),
      ]
        .join('\n')
        .trim();
      const task: ImportedTask = {
        key: n === 1 ? baseKey : `${baseKey}#${n}`,
        title,
        notes,
        status: 'todo',
        priority,
        dueAt: due.dueAt,
        recurrence: due.recurrence,
        tags: [...tags, ...(section ? [section] : [])],
        sourceUrl: null,
        projectKey: project.key,
        milestoneKey: null,
        assigneeName: personName(cell('RESPONSIBLE')) || null,
        createdAt: null,
        completedAt: null,
      };
      tasks.push(task);
      parents[indent - 1] = task;
    });
  }
  return { source: 'todoist', label, projects: sheets.map((s) => s.project), milestones: [], tasks, problems };
}

export function todoistCsvPlan(fileName: string, text: string, reading: DateReading): ImportPlan {
  const name = projectNameOf(fileName);
  return readSheets([{ project: { key: name.toLowerCase(), name }, text }], reading, t('importPreview_labelTodoistProject', name));
}

/** A Todoist backup: a zip with one CSV per project. */
export function todoistZipPlan(bytes: Uint8Array, reading: DateReading): ImportPlan {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => /\.csv$/i.test(file.name) && file.originalSize < 20_000_000 });
  } catch {
    throw new Error('This zip file could not be opened. Download the Todoist backup again.');
  }
  const decoder = new TextDecoder();
  const sheets: Sheet[] = Object.entries(files)
    .map(([path, data]) => ({ path, text: decoder.decode(data) }))
    .filter(({ text }) => isTodoistCsv(parseCsv(text.split(/\r?\n/, 1)[0] ?? '').headers))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ path, text }) => {
      const name = projectNameOf(path);
      return { project: { key: path.toLowerCase(), name }, text };
    });
  if (sheets.length === 0) {
    throw new Error('This zip file has no Todoist project CSV in it. Is it a Todoist backup?');
  }
  const count = sheets.length;
  return readSheets(sheets, reading, tn('importPreview_labelTodoistBackup', count));
}
