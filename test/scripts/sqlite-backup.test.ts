// `npm run backup` / `npm run restore` against the real server process: a backup taken while the server serves
// (and writes) is complete and consistent; restore refuses while the server has the database open, checks the
// file, keeps the current database aside, and the restarted server serves the backup's data.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, type ServerProcess, startServerProcess } from '../server/process';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(() => {
  for (const s of servers) s.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(command: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string }>((done) => {
    execFile(
      process.execPath,
      ['scripts/sqlite-backup.mjs', command, ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env } },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

async function createTeam(url: string, teamName: string) {
  const res = await fetch(`${url}/v1/teams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ teamName, userName: 'Olive' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; team: { id: string } };
}

async function teamsOf(url: string, token: string) {
  const res = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: res.status,
    body: res.status === 200 ? ((await res.json()) as { teams: { name: string }[] }) : null,
  };
}

describe('npm run backup / restore (SQLite)', () => {
  it('backs up a running server, refuses to restore under it, and restores once it is stopped', async () => {
    const data = mkdtempSync(join(tmpdir(), 'waypoint-backup-'));
    dirs.push(data);
    const env = { WAYPOINT_DATA: data, PORT: String(await freePort()), WAYPOINT_LOG: 'off' };
    const server = await startServerProcess(env);
    servers.push(server);
    const before = await createTeam(server.url, 'Before the backup');

    // Writes keep coming while the backup runs (7: team creation is rate limited to 10 an hour per address).
    const writing = Promise.all(Array.from({ length: 7 }, (_, i) => createTeam(server.url, `During ${i}`)));
    const out = join(data, 'copies', 'one.sqlite');
    const backedUp = await run('backup', [out], { WAYPOINT_DATA: data });
    await writing;
    expect(backedUp.code, backedUp.out).toBe(0);
    expect(backedUp.out).toMatch(
      /^Backed up .*waypoint\.sqlite to .*one\.sqlite \(\d+ bytes; \d+ teams, \d+ accounts, \d+ rows; schema \d+\)\./,
    );
    expect(existsSync(out)).toBe(true);
    // A second backup to the same file is refused rather than overwriting it.
    expect((await run('backup', [out], { WAYPOINT_DATA: data })).out).toContain('already exists');

    const after = await createTeam(server.url, 'After the backup');
    const refused = await run('restore', [out], { WAYPOINT_DATA: data });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('A Waypoint server has');
    expect(refused.out).toContain('Stop it first');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const junk = join(data, 'junk.sqlite');
    writeFileSync(junk, 'not a database');
    expect((await run('restore', [junk], { WAYPOINT_DATA: data })).out).toContain('is not an SQLite database');
    expect((await run('restore', [], { WAYPOINT_DATA: data })).out).toContain('Name the backup to restore');

    const restored = await run('restore', [out], { WAYPOINT_DATA: data });
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toContain('The previous database is kept as');
    expect(readdirSync(data).some((f) => f.startsWith('waypoint.sqlite.before-restore-'))).toBe(true);

    const again = await startServerProcess(env);
    servers.push(again);
    expect((await teamsOf(again.url, before.token)).body?.teams.map((t) => t.name)).toContain('Before the backup');
    // The team made after the backup is not in it: its token is unknown to the restored database.
    expect((await teamsOf(again.url, after.token)).status).toBe(401);
    again.child.kill('SIGTERM');
    await again.exited;
  }, 60_000);

  it('points PostgreSQL users to pg_dump and pg_restore', async () => {
    const res = await run('backup', [], { DATABASE_URL: 'postgres://x@127.0.0.1/db' });
    expect(res.code).toBe(1);
    expect(res.out).toContain('pg_dump --format=custom');
    expect(res.out).toContain('pg_restore --clean');
  }, 20_000);
});
