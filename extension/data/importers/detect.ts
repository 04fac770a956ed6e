// What a chosen file is, before anything is imported: a Waypoint export, a Todoist CSV or backup, a Trello board,
// an Asana export, another CSV, or none of these — in words the options page shows as they are.
import { parseCsv } from '../csv';
import { EXPORT_FORMAT } from '../transfer';
import { isAsanaCsv } from './asana';
import { isTodoistCsv } from './todoist';
import { isTrelloBoard } from './trello';

export type Recognised =
  | { kind: 'waypoint'; text: string }
  | { kind: 'trello'; json: unknown; name: string }
  | { kind: 'todoist-csv'; text: string }
  | { kind: 'todoist-zip'; bytes: Uint8Array }
  | { kind: 'asana'; text: string }
  | { kind: 'csv'; text: string }
  | { kind: 'unknown'; reason: string };

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export function recogniseFile(name: string, bytes: Uint8Array): Recognised {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    return { kind: 'unknown', reason: 'This file is over 50 MB; Waypoint imports files up to 50 MB.' };
  }
  // "PK\x03\x04": a zip (Todoist backups are zips of CSVs).
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { kind: 'todoist-zip', bytes };
  }
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'unknown', reason: 'This file starts like JSON but is not valid JSON. Is it complete?' };
    }
    if (isTrelloBoard(json)) return { kind: 'trello', json, name: String((json as { name: string }).name) };
    // A file that says what format it is (or looks like an export): the export's own validation explains the rest.
    const claims = json && typeof json === 'object' && ('format' in json || 'exportedAt' in json);
    if ((json as { format?: unknown } | null)?.format === EXPORT_FORMAT || claims) return { kind: 'waypoint', text };
    return {
      kind: 'unknown',
      reason:
        'This JSON file is neither a Waypoint export nor a Trello board export. Waypoint imports its own exports, Trello boards (JSON), Todoist (CSV or backup zip), Asana (CSV) and other CSV files.',
    };
  }
  if (/\.json$/i.test(name)) {
    return {
      kind: 'unknown',
      reason:
        'The file is not JSON. Choose a file exported from Waypoint (waypoint-export.json) or a Trello board (JSON), or a Todoist, Asana or other CSV file.',
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
      'Waypoint cannot read this file. It imports its own exports (JSON), Trello boards (JSON), Todoist (CSV or backup zip), Asana (CSV) and other CSV files.',
  };
}
