// `npm run backup` and `npm run restore`: copies of the SQLite database that are safe while the server runs, and
// putting one back while it does not. With DATABASE_URL (PostgreSQL) they say to use pg_dump / pg_restore instead.
//
//   npm run backup [-- <file>]      SQLite's online backup API (better-sqlite3's db.backup): a consistent copy
//                                    while the server keeps serving; default backups/waypoint-<time>.sqlite
//   npm run restore -- <file>       checks the file (SQLite, integrity_check, Waypoint's tables), refuses while a
//                                    server has the database open, keeps the current one as
//                                    waypoint.sqlite.before-restore-<time>, then puts the backup in its place
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const REQUIRED_TABLES = ['schema_migrations', 'users', 'teams', 'members', 'tokens', 'sync_rows'];

export class BackupError extends Error {}

export function databasePath(env = process.env) {
  if (env.DATABASE_URL) {
    throw new BackupError(
      'DATABASE_URL is set: this server stores its data in PostgreSQL. Back it up with\n' +
        '  pg_dump --format=custom --file=waypoint.dump "$DATABASE_URL"\n' +
        'and restore it (server stopped) with\n' +
        '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" waypoint.dump',
    );
  }
  return join(resolve(env.WAYPOINT_DATA ?? './data'), 'waypoint.sqlite');
}

const stamp = (date = new Date()) =>
  date
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');

/** What a database file holds: its migration version and counts, after an integrity check. Throws when unfit. */
export function inspect(file) {
  if (!existsSync(file)) throw new BackupError(`There is no file at ${file}.`);
  const header = readFileSync(file, { encoding: null, flag: 'r' }).subarray(0, 16).toString('latin1');
  if (header !== 'SQLite format 3\u0000') throw new BackupError(`${file} is not an SQLite database.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${file} is damaged (integrity_check: ${check}).`);
    // sync_rows is a view over sync_data since migration 8.
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").pluck().all());
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new BackupError(`${file} is not a Waypoint database (no ${missing.join(', ')} table).`);
    return {
      version: db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() ?? 0,
      teams: db.prepare('SELECT COUNT(*) FROM teams WHERE personal = 0').pluck().get(),
      users: db.prepare('SELECT COUNT(*) FROM users').pluck().get(),
      rows: db.prepare('SELECT COUNT(*) FROM sync_rows').pluck().get(),
    };
  } finally {
    db.close();
  }
}

export async function backup({ env = process.env, out } = {}) {
  const source = databasePath(env);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} (set WAYPOINT_DATA).`);
  const target = resolve(out ?? join('backups', `waypoint-${stamp()}.sqlite`));
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose another file.`);
  mkdirSync(dirname(target), { recursive: true });
  // Not read-only: a reader of a WAL database may need to create its -shm file. The server's writes go on.
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  return { source, target, ...inspect(target), bytes: statSync(target).size };
}

/** True when another connection (a running server) has the database open: it then cannot be locked exclusively. */
export function inUse(file) {
  const db = new Database(file, { fileMustExist: true, timeout: 200 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    // Fold any WAL left by a crash into the file we are about to set aside, so that copy is complete.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return false;
  } catch (error) {
    if (error?.code === 'SQLITE_BUSY' || error?.code === 'SQLITE_LOCKED') return true;
    throw error;
  } finally {
    db.close();
  }
}

export function restore({ env = process.env, file }) {
  if (!file) throw new BackupError('Name the backup to restore: npm run restore -- backups/waypoint-….sqlite');
  const source = resolve(file);
  const facts = inspect(source);
  const target = databasePath(env);
  let keptAs = null;
  if (existsSync(target)) {
    if (inUse(target)) {
      throw new BackupError(
        `A Waypoint server has ${target} open. Stop it first (Ctrl+C, or systemctl stop …), then run the restore again.`,
      );
    }
    keptAs = `${target}.before-restore-${stamp()}`;
    renameSync(target, keptAs);
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  } else {
    mkdirSync(dirname(target), { recursive: true });
  }
  copyFileSync(source, target);
  return { source, target, keptAs, ...facts };
}

async function main() {
  const [command, file] = process.argv.slice(2);
  try {
    if (command === 'backup') {
      const r = await backup({ out: file });
      console.log(
        `Backed up ${r.source} to ${r.target} (${r.bytes} bytes; ${r.teams} teams, ${r.users} accounts, ${r.rows} rows; schema ${r.version}).`,
      );
    } else if (command === 'restore') {
      const r = restore({ file });
      console.log(
        `Restored ${r.source} into ${r.target} (${r.teams} teams, ${r.users} accounts, ${r.rows} rows; schema ${r.version}).` +
          (r.keptAs ? `\nThe previous database is kept as ${r.keptAs}.` : '') +
          '\nStart the server again; it applies any newer migrations at start.',
      );
    } else {
      throw new BackupError('Usage: node scripts/sqlite-backup.mjs backup [file] | restore <file>');
    }
  } catch (error) {
    console.error(error instanceof BackupError ? error.message : error);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
