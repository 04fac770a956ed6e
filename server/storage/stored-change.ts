// A stored sync row read back as a StoredChange: its fields, and the per-field clock map expanded from the
// compact columns (`hlc` = the row's newest HLC, `hlcs` = the fields written earlier; shared/sync/clock.ts).
// SQLite hands back JSON text; PostgreSQL hands back parsed JSONB. Used by every reader of sync_rows outside the
// pull path (which copies the stored text as it is): project snapshots, the calendar feed, the REST API.
import { expandClock } from '../../shared/sync/clock';
import type { StoredChange } from './types';

/** A `sync_rows` row as SQLite returns it. */
export interface SqliteChangeRecord {
  tbl: string;
  key: string;
  fields: string;
  hlc: string;
  hlcs: string | null;
  deleted: number;
  version: number;
}

/** A `sync_rows` row as PostgreSQL returns it (JSONB parsed by the driver). */
export interface PostgresChangeRecord {
  tbl: string;
  key: string;
  fields: Record<string, unknown>;
  hlc: string;
  hlcs: Record<string, string> | null;
  deleted: boolean;
  version: number;
}

export function sqliteChange(r: SqliteChangeRecord): StoredChange {
  const fields = JSON.parse(r.fields) as Record<string, unknown>;
  const deleted = r.deleted === 1;
  const hlcs = r.hlcs === null ? null : (JSON.parse(r.hlcs) as Record<string, string>);
  return {
    table: r.tbl,
    key: r.key,
    version: r.version,
    deleted,
    fields,
    hlc: expandClock(fields, deleted, r.hlc, hlcs),
  };
}

export function postgresChange(r: PostgresChangeRecord): StoredChange {
  return {
    table: r.tbl,
    key: r.key,
    version: r.version,
    deleted: r.deleted,
    fields: r.fields,
    hlc: expandClock(r.fields, r.deleted, r.hlc, r.hlcs),
  };
}
