// Asana: its project CSV export (Task ID, Created At, Completed At, Last Modified, Name, Section/Column, Assignee,
// Assignee Email, Start Date, Due Date, Tags, Notes, Projects, Parent task, …). Read through the CSV mapping with
// Asana's columns fixed; the Task ID is the stable key, a Completed At date makes the task done.
import { tn } from '../../i18n';
import { type CsvMapping, csvPlan, guessMapping, type ParsedCsv } from '../csv';
import type { DateReading } from './dates';
import type { ImportPlan } from './plan';

export function isAsanaCsv(headers: readonly string[]): boolean {
  const set = new Set(headers.map((h) => h.trim()));
  return set.has('Task ID') && set.has('Name') && set.has('Section/Column') && set.has('Completed At');
}

export function asanaMapping(headers: readonly string[]): CsvMapping {
  const at = (name: string) => {
    const i = headers.findIndex((h) => h.trim() === name);
    return i >= 0 ? i : null;
  };
  return {
    ...guessMapping(headers),
    id: at('Task ID'),
    title: at('Name'),
    project: at('Projects'),
    section: at('Section/Column'),
    assignee: at('Assignee'),
    due: at('Due Date'),
    tags: at('Tags'),
    notes: at('Notes'),
    created: at('Created At'),
    completed: at('Completed At'),
    status: null,
    priority: null,
    sourceUrl: null,
  };
}

export function asanaPlan(csv: ParsedCsv, reading: DateReading, mapping = asanaMapping(csv.headers)): ImportPlan {
  const count = csv.rows.length;
  return csvPlan(csv, mapping, {
    ...reading,
    source: 'asana',
    label: tn('importPreview_labelAsana', count),
  });
}
