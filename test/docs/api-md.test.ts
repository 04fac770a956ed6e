// docs/api.md is executable: its `sh` blocks run in order in one bash (curl and jq, as a reader would) against a
// real server with a real API token, every curl failing the run on an HTTP error; its Node signature check runs
// against a real signed delivery. A documented example that stops working fails here.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningServer, startServer } from '../../server/start';
import { createSqliteStorage } from '../../server/storage/sqlite';
import { signatureHeader } from '../../server/webhooks/signing';

vi.setConfig({ testTimeout: 60_000 });

const doc = await readFile(resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
const blocks = (lang: string) =>
  [...doc.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');

let server: RunningServer;
let token = '';
const storage = createSqliteStorage({ path: ':memory:' });

beforeAll(async () => {
  server = await startServer({ storage, port: 0, logEvent: () => undefined });
  const post = async (path: string, body: unknown, bearer?: string) =>
    (
      await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      })
    ).json();
  const owner = await post('/v1/teams', { teamName: 'Crew', userName: 'Olive' });
  // As the options page does it.
  token = (await post('/v1/api-tokens', { name: 'docs', scope: 'write' }, owner.token)).token;
});
afterAll(async () => {
  await server?.close(100);
});

describe('docs/api.md', () => {
  it('runs every shell example in order against a real server', async () => {
    const scripts = blocks('sh');
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    // Asynchronously: the server answers from this process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(
        'bash',
        // Any HTTP error fails the run, as does any failing command of a pipe.
        ['-c', `set -euo pipefail\ncurl() { command curl --fail-with-body "$@"; }\n${scripts.join('\n')}`],
        { env: { ...process.env, WAYPOINT: server.url, TOKEN: token }, timeout: 50_000 },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (status) => done({ status, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain('"name":"Crew","role":"owner","personal":false');
    expect(out).toMatch(/created [0-9a-f-]{36}/);
    expect(out).toContain('2026-12-15 Renew the TLS certificate');
    // Read, doing, completed (an instant), reopened, deleted.
    expect(out).toMatch(
      /Renew the TLS certificate\ndoing\n\d{4}-\d\d-\d\dT[\d:.]+Z\ntodo\n\{"id":"[0-9a-f-]{36}","deleted":true\}/,
    );
  });

  it('its Node signature check accepts a real signature and refuses a forged or old one', async () => {
    const [js] = blocks('js');
    const dir = await mkdtemp(join(tmpdir(), 'waypoint-doc-'));
    try {
      const file = join(dir, 'verify.mjs');
      await writeFile(file, js ?? '');
      const { verifyWaypointSignature } = (await import(pathToFileURL(file).href)) as {
        verifyWaypointSignature: (
          secret: string,
          header: string | undefined,
          body: string,
          tolerance?: number,
        ) => boolean;
      };
      const body = '{"type":"task.created"}';
      const now = Math.floor(Date.now() / 1000);
      expect(verifyWaypointSignature('whsec_x', signatureHeader('whsec_x', now, body), body)).toBe(true);
      expect(verifyWaypointSignature('whsec_y', signatureHeader('whsec_x', now, body), body)).toBe(false);
      expect(verifyWaypointSignature('whsec_x', signatureHeader('whsec_x', now, body), `${body} `)).toBe(false);
      expect(verifyWaypointSignature('whsec_x', signatureHeader('whsec_x', now - 3600, body), body)).toBe(false);
      expect(verifyWaypointSignature('whsec_x', undefined, body)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
