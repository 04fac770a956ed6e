// The run contract of server/index.ts: env vars, first-start admin code with closed signup, clean SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, type ServerProcess, startServerProcess } from './process';

const dirs: string[] = [];
const running: ServerProcess[] = [];
afterAll(() => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(env: Record<string, string>) {
  const p = await startServerProcess(env);
  running.push(p);
  return p;
}

const createTeam = (url: string, body: Record<string, unknown>) =>
  fetch(`${url}/v1/teams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('server process', () => {
  it('prints the address and how to create a team; SIGTERM exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waypoint-run-'));
    dirs.push(dir);
    const port = await freePort();
    const p = await start({ PORT: String(port), WAYPOINT_DATA: dir });
    expect(p.output()).toContain(`http://127.0.0.1:${port}`);
    expect(p.output()).toMatch(/Create the first team/);
    expect((await createTeam(p.url, { teamName: 'T', userName: 'U' })).status).toBe(201);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 60_000);

  it('with WAYPOINT_SIGNUP=closed prints an admin code once, which then gates team creation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waypoint-closed-'));
    dirs.push(dir);
    const env = { PORT: String(await freePort()), WAYPOINT_DATA: dir, WAYPOINT_SIGNUP: 'closed' };
    const first = await start(env);
    const code = /Admin code \(shown once, keep it\): (wpa_[A-Za-z0-9_-]+)/.exec(first.output())?.[1];
    expect(code).toBeDefined();
    expect((await createTeam(first.url, { teamName: 'T', userName: 'U' })).status).toBe(403);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await start(env);
    expect(second.output()).not.toContain(code);
    expect((await createTeam(second.url, { teamName: 'T', userName: 'U', adminCode: 'wpa_wrong' })).status).toBe(403);
    expect((await createTeam(second.url, { teamName: 'T', userName: 'U', adminCode: code })).status).toBe(201);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
