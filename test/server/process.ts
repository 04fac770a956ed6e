// Spawn the real server process (`node .output/server/index.mjs`, compiled from the current sources) the way scripts and CI
// start it: with the memory settings of server/node-settings.mjs on the command line, so `child` is the server itself
// (a SIGKILL kills the server); `bare` starts plain `node .output/server/index.mjs` (the entry then supervises a child).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serverCommand } from '../../server/node-settings.mjs';
import { serverBundle } from './server-bundle';

const root = join(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export async function startServerProcess(
  env: Record<string, string>,
  { bare = false }: { bare?: boolean } = {},
): Promise<ServerProcess> {
  const command = bare
    ? { args: [await serverBundle()], env: process.env }
    : serverCommand(await serverBundle(), process.env);
  const child = spawn(process.execPath, command.args, {
    cwd: root,
    env: { ...command.env, HOST: '127.0.0.1', DATABASE_URL: '', WAYPOINT_SIGNUP: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url, output: () => output, exited };
}
