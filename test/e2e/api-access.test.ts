// HTTP API and webhooks end to end: the built extension in Chromium, a real server process and a webhook receiver
// in another process. In the options page the owner makes a read/write API token (copied once) and a webhook (its
// secret shown once); a script's REST call creates a task that the popup then shows through sync, the receiver
// gets the signed event, the delivery log says so; the webhook is disabled and deleted, the token revoked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../server/webhooks/signing';
import { type Receiver, startReceiver } from '../server/webhooks/receiver';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createTeamInOptions } from './team';

const TEAM = 'Script crew';
let server: ServerProcess;
let receiver: Receiver;
let browser: ExtensionBrowser;
let options: Page;
let token = '';
let secret = '';
const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;

beforeAll(async () => {
  [server, receiver, browser] = await Promise.all([
    // The receiver listens on 127.0.0.1: this server allows private targets, as its administrator would on a LAN.
    startServerProcess({
      env: { WAYPOINT_WEBHOOK_ALLOW_PRIVATE: '1', WAYPOINT_WEBHOOK_POLL_MS: '100', WAYPOINT_LOG: 'off' },
    }),
    startReceiver(),
    launchExtension({ extensionDir }),
  ]);
});
afterAll(async () => {
  await Promise.allSettled([browser?.close(), receiver?.stop()]);
  await server?.stop();
});

const rest = async (method: string, path: string, body?: unknown, bearer = token) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
};

describe('API tokens and webhooks in the options page', () => {
  it('makes a read/write token, shown once, that a script uses to create a task the popup shows', async () => {
    options = await createTeamInOptions(browser, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
    const form = options.getByRole('form', { name: 'Create token' });
    await form.getByLabel('Name').fill('Nightly report');
    await form.getByLabel('Access').selectOption('write');
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = options.getByLabel('New API token');
    await shown.waitFor();
    await expect.poll(() => shown.inputValue()).toMatch(/^wpat_[A-Za-z0-9_-]{43}$/);
    token = await shown.inputValue();
    const list = options.getByRole('list', { name: 'API tokens' });
    await list.getByText('Nightly report').waitFor();
    await list.getByText(/Read and write, created/).waitFor();
    await options.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => options.getByLabel('New API token').count()).toBe(0);

    const teams = await rest('GET', '/v1/teams');
    const team = teams.body.teams.find((t: { name: string }) => t.name === TEAM);
    const created = await rest('POST', '/v1/tasks', { teamId: team.id, title: 'Rotate the backup keys' });
    expect(created.status).toBe(201);
    const popup = await browser.open('popup.html');
    // The server pokes the extension after the REST write; a pull brings the task in.
    await popup.getByText('Rotate the backup keys').waitFor({ timeout: 30_000 });
    await popup.close();
  });

  it('adds a webhook (secret shown once), delivers a signed event, logs it, disables and deletes it', async () => {
    const section = options.getByRole('region', { name: `Webhooks of ${TEAM}` });
    await section.getByText('No webhooks yet.').waitFor();
    const form = section.getByRole('form', { name: `Add webhook (${TEAM})` });
    await form.getByLabel('Address (https://…)').fill(`${receiver.url}?m=e2e`);
    // Only task completions and creations.
    for (const label of [
      'Task assigned',
      'Due date changed',
      'Project status changed',
      'Comment added',
      'Risk added',
    ]) {
      await form.getByLabel(label).uncheck();
    }
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const shown = section.getByLabel('Webhook signing secret');
    await shown.waitFor();
    await expect.poll(() => shown.inputValue()).toMatch(/^whsec_/);
    secret = await shown.inputValue();
    await section.getByRole('button', { name: 'Done' }).click();
    const hooks = section.getByRole('list', { name: `Webhooks of ${TEAM}` });
    await hooks.getByText(`${receiver.url}?m=e2e`).waitFor();
    await hooks.getByText('Task created, Task completed').waitFor();

    const teams = await rest('GET', '/v1/teams');
    const team = teams.body.teams.find((t: { name: string }) => t.name === TEAM);
    const created = await rest('POST', '/v1/tasks', { teamId: team.id, title: 'Ship it' });
    await rest('POST', `/v1/tasks/${created.body.task.id}/complete`);
    await expect
      .poll(async () => (await receiver.received()).filter((r) => r.path.includes('m=e2e')).length, { timeout: 20_000 })
      .toBe(2);
    const got = (await receiver.received()).filter((r) => r.path.includes('m=e2e'));
    expect(got.map((r) => JSON.parse(r.body).type)).toEqual(['task.created', 'task.completed']);
    for (const r of got) {
      expect(
        verifySignature({
          secret,
          header: r.headers['waypoint-signature'],
          body: r.body,
          nowSeconds: Date.now() / 1000,
        }),
      ).toBe(true);
    }

    await hooks.getByRole('button', { name: 'Delivery log' }).click();
    const log = hooks.getByRole('list', { name: 'Delivery log' });
    await expect.poll(() => log.getByText(/delivered \(HTTP 200\)/).count()).toBe(2);
    await log.getByText(/Task completed · attempt 1/).waitFor();

    await hooks.getByRole('button', { name: 'Disable' }).click();
    await hooks.getByText('Disabled').waitFor();
    await hooks.getByRole('button', { name: 'Enable' }).waitFor();

    await hooks.getByRole('button', { name: 'Delete' }).click();
    await hooks.getByText('Delete this webhook and its log?').waitFor();
    await hooks.getByRole('button', { name: 'Yes, delete' }).click();
    await section.getByText('No webhooks yet.').waitFor();
  });

  it('explains a refused webhook address, and a revoked token stops working at once', async () => {
    const section = options.getByRole('region', { name: `Webhooks of ${TEAM}` });
    const form = section.getByRole('form', { name: `Add webhook (${TEAM})` });
    await form.getByLabel('Address (https://…)').fill('ftp://example.test/hook');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await section
      .getByRole('alert')
      .getByText(/url: The URL must be http or https/)
      .waitFor();

    const list = options.getByRole('list', { name: 'API tokens' });
    await list.getByRole('button', { name: 'Revoke' }).click();
    await list.getByRole('button', { name: 'Yes, revoke' }).click();
    await options.getByText('No API tokens yet.').waitFor();
    await expect.poll(async () => (await rest('GET', '/v1/teams')).status).toBe(401);
  });
});
