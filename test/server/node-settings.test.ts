// The server's Node settings (server/node-settings.mjs): which are missing, and that every way of starting runs the
// server process with them: bare `node .output/server/index.mjs` re-executes itself, the harness passes them.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingSettings, NODE_ENV, NODE_FLAGS } from '../../server/node-settings.mjs';
import { startServerProcess as startWithSettings } from '../e2e/server-process';
import { freePort, type ServerProcess, startServerProcess as startBare } from './process';

const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const environ = (pid: number) =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
const alive = (pid: number) => {
  try {
    // A zombie (exited, not yet reaped by its parent) still has a /proc entry but an empty cmdline.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').length > 0;
  } catch {
    return false;
  }
};
const children = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

describe('missingSettings', () => {
  it('lists every flag and variable for a plain start', () => {
    expect(missingSettings([], {})).toEqual({ flags: NODE_FLAGS, env: NODE_ENV });
  });

  it('keeps what the person set: a flag of the same name (either spelling, or in NODE_OPTIONS) and set variables', () => {
    const missing = missingSettings(['--heap_growing_percent=50'], {
      MALLOC_ARENA_MAX: '4',
      MALLOC_MMAP_THRESHOLD_: '131072',
      NODE_OPTIONS: '--max-semi-space-size=8',
    });
    expect(missing).toEqual({ flags: [], env: {} });
  });

  it('WAYPOINT_NODE_SETTINGS=off asks for nothing', () => {
    expect(missingSettings([], { WAYPOINT_NODE_SETTINGS: 'off' })).toEqual({ flags: [], env: {} });
  });
});

describe('the server process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('started bare, runs the server as a child with the settings and passes SIGTERM on (exit 0)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waypoint-settings-'));
    let launcher: ServerProcess | undefined;
    cleanups.push(async () => {
      if (launcher && launcher.child.exitCode === null) launcher.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    });
    launcher = await startBare({ PORT: String(await freePort()), WAYPOINT_DATA: dir }, { bare: true });
    const launcherPid = launcher.child.pid as number;
    expect(cmdline(launcherPid)).not.toContain(NODE_FLAGS[0]);
    const [serverPid, ...more] = children(launcherPid);
    expect(more).toEqual([]);
    expect(cmdline(serverPid!)).toEqual(expect.arrayContaining(NODE_FLAGS));
    for (const [name, value] of Object.entries(NODE_ENV)) {
      expect(environ(serverPid!)[name]).toBe(process.env[name] ?? value);
    }
    expect((await fetch(`${launcher.url}/healthz`)).status).toBe(200);
    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
    expect(launcher.output()).toContain('SIGTERM: draining requests');
    await expect
      .poll(() => {
        try {
          return readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').length;
        } catch {
          return 0;
        }
      })
      .toBe(0);
  }, 60_000);

  it('started bare, the server shuts down when its supervisor is SIGKILLed instead of running on as an orphan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waypoint-settings-'));
    const port = await freePort();
    const launcher = await startBare({ PORT: String(port), WAYPOINT_DATA: dir }, { bare: true });
    const [serverPid] = children(launcher.child.pid as number);
    cleanups.push(async () => {
      if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    });
    expect(serverPid).toBeGreaterThan(0);
    launcher.child.kill('SIGKILL');
    await expect.poll(() => alive(serverPid!), { timeout: 15_000 }).toBe(false);
    // The port is free again: a restart on the same data works.
    const again = await startBare({ PORT: String(port), WAYPOINT_DATA: dir });
    cleanups.unshift(async () => {
      again.child.kill('SIGTERM');
      await again.exited;
    });
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
  }, 60_000);

  it('started by the harness (as scripts/start.mjs does) is the server itself, with the settings', async () => {
    const server = await startWithSettings();
    cleanups.push(() => server.stop());
    expect(cmdline(server.pid)).toEqual(expect.arrayContaining(NODE_FLAGS));
    for (const [name, value] of Object.entries(NODE_ENV)) expect(environ(server.pid)[name]).toBe(value);
    expect(children(server.pid)).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
