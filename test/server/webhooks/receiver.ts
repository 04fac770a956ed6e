// Start the webhook receiver fixture (test/fixtures/webhooks/receiver.mjs) in another process and talk to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ReceivedHook {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  answered: number;
}

export interface Receiver {
  url: string;
  received(): Promise<ReceivedHook[]>;
  answerWith(status: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve(import.meta.dirname, '../../fixtures/webhooks/receiver.mjs')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) done(JSON.parse(line).port);
    });
    child.once('exit', () => fail(new Error('the receiver exited')));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/hooks/waypoint`,
    async received() {
      return (await (await fetch(`${base}/__received`)).json()) as ReceivedHook[];
    },
    async answerWith(status) {
      await fetch(`${base}/__status`, { method: 'POST', body: JSON.stringify({ status }) });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
