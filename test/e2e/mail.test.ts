// Gmail fixture served on the real host name (Chromium's --host-resolver-rules and a throwaway TLS
// certificate): a right-click capture without the integration is a page capture titled by the subject with
// the thread link; the Gmail/Outlook access is optional and the Integrations section shows it off.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickContextMenu, type ExtensionBrowser, launchExtension, tabOf } from './harness';
import { waitForTasks } from './ui';

const THREAD = 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd';
const fixture = readFileSync(resolve(import.meta.dirname, '../fixtures/mail/gmail-thread.html'), 'utf8');

let browser: ExtensionBrowser;
let server: Server;
let certDir: string;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'waypoint-mail-cert-'));
  execFileSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=mail.google.com',
    '-addext',
    'subjectAltName=DNS:mail.google.com',
    '-keyout',
    join(certDir, 'key.pem'),
    '-out',
    join(certDir, 'cert.pem'),
  ]);
  server = createServer(
    { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) },
    (req, res) => {
      if (new URL(req.url ?? '/', 'https://x').pathname.startsWith('/mail/')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture);
      } else res.writeHead(404).end();
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  browser = await launchExtension({
    args: [`--host-resolver-rules=MAP mail.google.com 127.0.0.1:${port}`, '--ignore-certificate-errors'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe('Gmail', () => {
  it('asks for no mail access at install: the hosts are optional', async () => {
    const manifest = await browser.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.optional_host_permissions).toEqual(
      expect.arrayContaining(['https://mail.google.com/*', 'https://outlook.office.com/*']),
    );
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_scripts ?? []).toEqual([]);
    const options = await browser.open('options.html');
    const gmail = options.getByRole('checkbox', { name: /Gmail/ });
    await expect.poll(() => gmail.isEnabled()).toBe(true);
    expect(await gmail.isChecked()).toBe(false);
    await options.close();
  });

  it('captures a thread from the context menu as the subject with a link that reopens it', async () => {
    const url = `https://mail.google.com/mail/u/0/#inbox/${THREAD}`;
    const page = await browser.context.newPage();
    await page.goto(url);
    const tab = await tabOf(browser.worker, url);
    expect(tab.title).toBe('Q3 launch plan: venue contract - ana@example.com - Gmail');
    await clickContextMenu(browser.worker, { menuItemId: 'capture:inbox', pageUrl: url, editable: false }, tab);
    const [task] = await waitForTasks(browser.worker, (tasks) => tasks.length === 1);
    expect(task?.title).toBe('Q3 launch plan: venue contract');
    expect(task?.source).toMatchObject({
      kind: 'email',
      app: 'Gmail',
      url: `https://mail.google.com/mail/u/0/#all/${THREAD}`,
      externalId: THREAD,
    });
    await page.close();
  });
});
