// The database as an extension page (popup, side panel, options, capture dialog) reads it: one connection per page.
import { createDatabase, type WaypointDb } from '../db/database';

let db: WaypointDb | undefined;

export function pageDb(): WaypointDb {
  db ??= createDatabase();
  return db;
}
