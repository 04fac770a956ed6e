// The compiled server loads the calendar feed's code (luxon, ical-generator, time zones, rrule) on first use from
// its own chunk: a feed request on the real process answers an ICS with the pushed task, and the chunk files exist.
// The build leaves out what the server never runs: zod's messages in other languages than English.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reachableChunks } from '../../scripts/build-server.mjs';
import { formatHlc } from '../../shared/hlc';
import { randomClientId, uuidv7 } from '../../shared/id';
import { API, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { type ServerProcess, startServerProcess } from '../e2e/server-process';
import { serverBundle } from './server-bundle';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
}, 60_000);
afterAll(() => server?.stop());

const call = async (method: string, path: string, token?: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
};

describe('lazily loaded server code', () => {
  it('is a separate chunk of the build', async () => {
    const chunks = await readdir(join(dirname(await serverBundle()), 'chunks'));
    expect(chunks.some((name) => /^ics-[A-Z0-9]{8}\.mjs$/.test(name))).toBe(true);
  });

  it("carries zod's English messages and no other language's", async () => {
    const entry = await serverBundle();
    const dir = dirname(entry);
    const files = ['index.mjs', ...(await reachableChunks(dir, 'index.mjs'))];
    const code = (await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')))).join('\n');
    expect(code).toContain('Too big: expected');
    expect(code).not.toContain('Trop grand'); // French
    expect(code).not.toContain('Zu gro'); // German (esbuild escapes the ß)
    const bad = await call('POST', API.teams, undefined, { teamName: 42, userName: 'Ada' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toMatch(/expected string/);
  });

  it('serves the calendar feed from the compiled process', async () => {
    const created = await call('POST', API.teams, undefined, { teamName: 'Lazy', userName: 'Ada' });
    expect(created.status).toBe(201);
    const { token, team } = JSON.parse(created.text) as { token: string; team: { id: string } };
    const clientId = randomClientId();
    const at = Date.now();
    const pushed = await call('POST', API.push, token, {
      protocolVersion: PROTOCOL_VERSION,
      teamId: team.id,
      clientId,
      mutations: [
        {
          seq: 1,
          op: 'upsert',
          table: 'tasks',
          key: uuidv7(at),
          hlc: formatHlc({ ms: at, counter: 0, clientId }),
          fields: {
            projectId: null,
            title: 'Call the lazy chunk',
            notes: '',
            status: 'todo',
            priority: 2,
            assigneeId: null,
            dueAt: '2026-12-24',
            tags: [],
            source: null,
            createdBy: 'Ada',
            createdAt: new Date(at).toISOString(),
            completedAt: null,
            order: 0,
          },
        },
      ],
    });
    expect(pushed.status).toBe(200);
    expect(JSON.parse(pushed.text).rejected).toEqual([]);
    const feed = await call('POST', '/v1/calendar-feed', token, { timeZone: 'Europe/Paris' });
    expect(feed.status).toBe(201);
    const ics = await fetch(JSON.parse(feed.text).url as string);
    expect(ics.status).toBe(200);
    const body = await ics.text();
    expect(body).toContain('BEGIN:VCALENDAR');
    expect(body).toContain('SUMMARY:Call the lazy chunk');
  }, 60_000);
});
