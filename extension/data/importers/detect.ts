// What a chosen file is, before anything is imported: a Waypoint export, a Todoist CSV or backup, a Trello board,
// an Asana export, another CSV, or none of these — in words the options page shows as they are.
import { t } from '../../i18n';
import { parseCsv } from '../csv';
import { EXPORT_FORMAT } from '../transfer';
import { isAsanaCsv } from './asana';
import { isTodoistCsv } from './todoist';
import { isTrelloBoard } from './trello';

export type Recognised =
  | { kind: 'waypoint'; bytes: Uint8Array }
  | { kind: 'trello'; json: unknown; name: string }
  | { kind: 'todoist-csv'; text: string }
  | { kind: 'todoist-zip'; bytes: Uint8Array }
  | { kind: 'asana'; text: string }
  | { kind: 'csv'; text: string }
  | { kind: 'unknown'; reason: string };

/** How an export file begins (exportData's JSON, extension/data/transfer.ts), after a byte-order mark or spaces. */
const WAYPOINT_HEAD = new RegExp(`^\\uFEFF?\\s*\\{\\s*"format"\\s*:\\s*"${EXPORT_FORMAT}"`);

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export function recogniseFile(name: string, bytes: Uint8Array): Recognised {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return { kind: 'unknown', reason: t('importProblem_tooBig') };
  }
  // "PK\x03\x04": a zip (Todoist backups are zips of CSVs).
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { kind: 'todoist-zip', bytes };
  }
  // A file Waypoint wrote says so first: it goes to the import as it is, unparsed here (the background parses and
  // validates it; parsing 9 MB twice cost a third of a second, bench/extension.ts).
  if (WAYPOINT_HEAD.test(new TextDecoder().decode(bytes.subarray(0, 64)))) return { kind: 'waypoint', bytes };
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'unknown', reason: t('importProblem_badJson') };
    }
    if (isTrelloBoard(json)) return { kind: 'trello', json, name: String((json as { name: string }).name) };
    // A file that says what format it is (or looks like an export): the export's own validation explains the rest.
    const claims = json && typeof json === 'object' && ('format' in json || 'exportedAt' in json);
    if ((json as { format?: unknown } | null)?.format === EXPORT_FORMAT || claims) return { kind: 'waypoint', bytes };
    return {
      kind: 'unknown',
      reason:
        t('importProblem_otherJson'),
    };
  }
  if (/\.json$/i.test(name)) {
    return {
      kind: 'unknown',
      reason:
        t('importProblem_notJson'),
    };
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const headers = parseCsv(firstLine).headers;
  if (isTodoistCsv(headers)) return { kind: 'todoist-csv', text };
  if (isAsanaCsv(headers)) return { kind: 'asana', text };
  if (/\.(csv|tsv|txt)$/i.test(name) || headers.length > 1) return { kind: 'csv', text };
  return {
    kind: 'unknown',
    reason:
      t('importProblem_unknown'),
  };
}
