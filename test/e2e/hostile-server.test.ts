// A hostile invitation, from the attacker's side: a real server process behind a recording proxy on a real
// host name (team.attacker.example, plain http:// — Chromium's host-resolver rules send it to the proxy).
// The link pre-fills the join form; the person's private project, its tasks with their notes and the source
// URL of a capture must not reach that server unless the person chooses so, and an unencrypted server on the
// network needs an explicit exception after a warning.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { storedTasks } from './ui';

const ATTACKER_HOST = 'team.attacker.example';
const PRIVATE_PROJECT = 'HR — confidential';
const PRIVATE_NOTE = 'Salary bands for 2027: keep between HR and the board';
const SOURCE_PATH = '/hr/salaries-2027';

let server: ServerProcess;
let proxy: Server;
let proxyPort = 0;
let site: FixtureServer;
/** Everything the attacker's server received: method, path and body of each request. */
const received: string[] = [];

/** A team and a single-use invitation on the attacker's server, made with its API. */
async function attackerInvite(): Promise<string> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const auth = await post('/v1/teams', { teamName: 'Totally your team', userName: 'Mallory' });
  const invite = await post(`/v1/teams/${auth.team.id}/invites`, { role: 'member' }, auth.token);
  return invite.code as string;
}

beforeAll(async () => {
  server = await startServerProcess();
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push(`${req.method} ${req.url}\n${body.toString('utf8')}`);
      const target = new URL(server.url);
      const forward = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  proxyPort = (proxy.address() as AddressInfo).port;
  site = await serveFixtures({
    [SOURCE_PATH]: '<!doctype html><title>Salary review 2027</title><h1>Salary review</h1>',
  });
});
afterAll(async () => {
  await site?.close();
  await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
  await server?.stop();
});

/** A browser holding a private project with two noted tasks and a capture of an intranet page. */
async function victim(): Promise<ExtensionBrowser> {
  const browser = await launchExtension({
    args: [`--host-resolver-rules=MAP ${ATTACKER_HOST} 127.0.0.1:${proxyPort}`],
  });
  const panel = await browser.open('sidepanel.html');
  const send = (type: string, payload: unknown) =>
    panel.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [
      type,
      payload,
    ] as const) as Promise<{
      ok: boolean;
      result: { id: string };
    }>;
  const project = (await send('project.create', { name: PRIVATE_PROJECT })).result.id;
  await send('task.create', { title: 'Prepare salary review', projectId: project, notes: PRIVATE_NOTE });
  await send('task.create', { title: 'Brief the board', projectId: project, notes: 'Numbers attached' });
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}${SOURCE_PATH}`);
  const tab = await tabOf(browser.worker, `${site.origin}${SOURCE_PATH}`);
  await clickContextMenu(
    browser.worker,
    { menuItemId: `capture:project:${project}`, pageUrl: tab.url, editable: false },
    tab,
  );
  await expect.poll(async () => (await storedTasks(browser.worker)).length).toBe(3);
  await Promise.all([page.close(), panel.close()]);
  return browser;
}

async function openLink(browser: ExtensionBrowser, serverUrl: string, code: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(
    `chrome-extension://${browser.extensionId}/options.html?server=${encodeURIComponent(serverUrl)}&code=${code}`,
  );
  return page;
}

const leaked = () =>
  received.filter((r) => r.includes(PRIVATE_PROJECT) || r.includes(PRIVATE_NOTE) || r.includes(SOURCE_PATH));

describe('a hostile invitation link', () => {
  it('names the server, refuses plain http:// on the network without an exception, and keeps device data by default', async () => {
    const browser = await victim();
    try {
      const code = await attackerInvite();
      received.length = 0;
      const options = await openLink(browser, `http://${ATTACKER_HOST}`, code);
      const form = options.getByRole('form', { name: 'Join a team' });
      await form.getByTestId('server-host').getByText(ATTACKER_HOST, { exact: true }).waitFor();
      await form.getByText(/invitation link filled in this address/).waitFor();
      await form.getByText(/plain http:\/\/ on the network/).waitFor();
      await form
        .getByTestId('device-data')
        .getByText(`1 project and 3 tasks are on this device only (“${PRIVATE_PROJECT}”).`)
        .waitFor();
      expect(await form.getByLabel('Keep them on this device').isChecked()).toBe(true);
      expect(await form.getByLabel(/Move all 1 project and 3 tasks/).isChecked()).toBe(false);

      await form.getByLabel('Your name').fill('Vic');
      await form.getByRole('button', { name: 'Join', exact: true }).click();
      await form.getByText(/would cross the network unencrypted/).waitFor();
      // Refused before anything was sent: the attacker's server saw no request at all.
      expect(received).toEqual([]);

      await form.getByLabel(/Connect without encryption anyway/).check();
      await form.getByRole('button', { name: 'Join', exact: true }).click();
      await options.getByText(`Signed in to http://${ATTACKER_HOST} as Vic.`).waitFor();
      await options
        .getByText(new RegExp(`Nothing from this device was sent to ${ATTACKER_HOST.replace(/\./g, '\\.')}`))
        .waitFor();
      // Sync ran against the attacker's server (the proxy sees it) and settled, without the private rows.
      await expect.poll(() => received.some((r) => r.startsWith('GET /v1/sync/pull'))).toBe(true);
      await options.locator('.sync-status[data-state="synced"][data-pending="0"]').waitFor();
      expect(leaked()).toEqual([]);
      // Still on the device.
      await expect.poll(async () => (await storedTasks(browser.worker)).length).toBe(3);
    } finally {
      await browser.close();
    }
  });

  it('moves the device data only when the person chooses to (loopback http:// needs no exception)', async () => {
    const browser = await victim();
    try {
      const code = await attackerInvite();
      received.length = 0;
      const options = await openLink(browser, `http://127.0.0.1:${proxyPort}`, code);
      const form = options.getByRole('form', { name: 'Join a team' });
      await form.getByText(/a server on this computer/).waitFor();
      expect(await form.getByText(/plain http:\/\/ on the network/).count()).toBe(0);
      await form.getByLabel('Your name').fill('Vic');
      await form.getByLabel(/Move all 1 project and 3 tasks/).check();
      await form.getByRole('button', { name: 'Join', exact: true }).click();
      await options.getByText(/items from this device now sync to your private space on 127\.0\.0\.1/).waitFor();
      // The control for the test above: what the person chose to move does reach the server, and the proxy sees it.
      await expect.poll(() => leaked().length > 0, { timeout: 15_000 }).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
