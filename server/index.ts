// The server's entry (`node .output/server/index.mjs`, `npm run server`): makes sure Node runs with the memory
// settings of server/node-settings.mjs, then loads the server (server/main.ts, a separate chunk of the bundle).
// Node cannot change V8's heap layout or glibc's arenas once running and has no exec() before Node 22, so a process
// started without them starts the server as its child with them and stays as a thin supervisor: it forwards
// SIGTERM/SIGINT/SIGHUP and exits with the child's code. Starting with the settings (scripts/start.mjs, the test
// harness, or by hand as in README "Self-hosting") skips that extra process.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { missingSettings, RELAUNCHED } from './node-settings.mjs';

const missing = process.env[RELAUNCHED] ? { flags: [], env: {} } : missingSettings(process.execArgv, process.env);

if (missing.flags.length === 0 && Object.keys(missing.env).length === 0) {
  if (process.env[RELAUNCHED] && process.channel) {
    // Started by the supervisor below: if it dies (even by SIGKILL) the channel closes; shut down as on SIGTERM
    // rather than run on as an orphan holding the port. unref: the channel alone does not keep the server running.
    process.channel.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  await import('./main');
} else {
  const child = spawn(process.execPath, [...process.execArgv, ...missing.flags, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...missing.env, [RELAUNCHED]: '1' },
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.once('error', (error) => {
    console.error(`Could not start the server process: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
  });
}
