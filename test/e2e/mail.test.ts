// Gmail fixture served on the real host name (Chromium's --host-resolver-rules and a throwaway TLS
// certificate): a right-click capture without the integration is a page capture titled by the subject with
// the thread link; the Gmail/Outlook access is optional and the Integrations section shows it off. With the
// access granted (a copy of the build that holds it, since headless Chromium cannot answer the permission
// prompt), the background registers the mail script on start and the in-page button captures the message.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchExtension,
  type RealHostServer,
  serveOnRealHosts,
  tabOf,
} from './harness';
import { accessibleNames, clickButton } from './shadow';
import { createProject, storedTasks, waitForTasks } from './ui';

const THREAD = 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd';
const fixture = readFileSync(resolve(import.meta.dirname, '../fixtures/mail/gmail-thread.html'), 'utf8');
const outlookFixture = readFileSync(resolve(import.meta.dirname, '../fixtures/mail/outlook-message.html'), 'utf8');
const OUTLOOK_ID = 'AAQkADAwATM3ZmYAZS1hNzE2LTQ2NWQtMDACLTAwCgAQAGkH2Z3n+zFOqU5/dGkFvmE=';

let browser: ExtensionBrowser;
let hosts: RealHostServer;
let resolverArgs: string[];

beforeAll(async () => {
  hosts = await serveOnRealHosts(['mail.google.com', 'outlook.office.com'], (host, path, res) => {
    if (path.startsWith('/mail/')) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(host === 'outlook.office.com' ? outlookFixture : fixture);
    } else res.writeHead(404).end();
  });
  resolverArgs = hosts.args;
  browser = await launchExtension({ args: resolverArgs });
});

afterAll(async () => {
  await browser?.close();
  await hosts?.close();
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
    // The checkbox is enabled once the granted permissions are read; its state is then the real one.
    await expect.poll(() => gmail.isEnabled()).toBe(true);
    await expect.poll(() => gmail.isChecked()).toBe(false);
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

describe('Gmail and Outlook with the integrations on', () => {
  let granted: ExtensionBrowser;
  let buildCopy: string;

  beforeAll(async () => {
    buildCopy = mkdtempSync(join(tmpdir(), 'waypoint-mail-build-'));
    cpSync(EXTENSION_DIR, buildCopy, { recursive: true });
    const manifestPath = join(buildCopy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.host_permissions = manifest.optional_host_permissions;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    granted = await launchExtension({ extensionDir: buildCopy, args: resolverArgs });
  });
  afterAll(async () => {
    await granted?.close();
    if (buildCopy) rmSync(buildCopy, { recursive: true, force: true });
  });

  it('registers the mail script on start; the button captures the message into the routed project', async () => {
    await expect
      .poll(() =>
        granted.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id)),
      )
      .toContain('waypoint-mail-gmail');
    await createProject(granted, { name: 'Launch', domainRule: 'mail.google.com' });

    const url = `https://mail.google.com/mail/u/0/#inbox/${THREAD}`;
    const page = await granted.context.newPage();
    await page.goto(url);
    // The page's own DOM only sees an empty host element.
    await page.locator('waypoint-mail-button').waitFor({ state: 'attached' });
    await expect.poll(() => accessibleNames(page)).toContain('Add to Waypoint');
    // The button is drawn (above), so its shadow root exists: the page cannot reach it.
    expect(await page.locator('waypoint-mail-button').evaluate((host) => host.shadowRoot)).toBeNull();

    await clickButton(page, 'Add to Waypoint');
    const [task] = await waitForTasks(granted.worker, (tasks) => tasks.length === 1);
    expect(task?.title).toBe('Q3 launch plan: venue contract');
    expect(task?.source).toMatchObject({
      kind: 'email',
      url: `https://mail.google.com/mail/u/0/#all/${THREAD}`,
      email: {
        fromName: 'Sam Lee',
        fromAddress: 'sam.lee@partner.example.org',
        messageId: 'msg-f:1816700123456789012',
      },
    });
    // The body is private by default.
    expect(task?.source).not.toHaveProperty('excerpt');
    await expect.poll(async () => (await accessibleNames(page)).join(' | ')).toContain('Added to Launch');

    await clickButton(page, 'Add Sam Lee as stakeholder');
    await expect
      .poll(async () => (await accessibleNames(page)).join(' | '))
      .toContain('Sam Lee is now a stakeholder of Launch');

    // The same message again: the existing task is offered, not a duplicate.
    await clickButton(page, 'Add to Waypoint');
    await expect
      .poll(async () => (await accessibleNames(page)).join(' | '))
      .toContain('This e-mail is already a task in Waypoint');
    expect((await storedTasks(granted.worker)).filter((t) => !t.deleted)).toHaveLength(1);
    await page.close();
  });

  it('a right-click capture on the mail page reads the open message too', async () => {
    const other = 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcOther';
    const url = `https://mail.google.com/mail/u/0/#label/Work/${other}`;
    const page = await granted.context.newPage();
    await page.goto(url);
    await page.locator('waypoint-mail-button').waitFor({ state: 'attached' });
    const tab = await tabOf(granted.worker, url);
    await clickContextMenu(granted.worker, { menuItemId: 'capture:inbox', pageUrl: url, editable: false }, tab);
    const tasks = await waitForTasks(granted.worker, (all) => all.some((t) => t.source?.url.endsWith(other)));
    const task = tasks.find((t) => t.source?.url.endsWith(other));
    expect(task?.title).toBe('Q3 launch plan: venue contract');
    expect(task?.projectId).toBeNull();
    expect(task?.source).toMatchObject({
      kind: 'email',
      url: `https://mail.google.com/mail/u/0/#all/${other}`,
      email: { fromAddress: 'sam.lee@partner.example.org', date: expect.stringMatching(/^2026-11-25T/) },
    });
    await page.close();
  });

  it('captures an Outlook message from the button with its durable item link', async () => {
    await expect
      .poll(() =>
        granted.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id)),
      )
      .toContain('waypoint-mail-outlook');
    const page = await granted.context.newPage();
    await page.goto(`https://outlook.office.com/mail/inbox/id/${encodeURIComponent(OUTLOOK_ID)}`);
    await expect.poll(() => accessibleNames(page)).toContain('Add to Waypoint');
    await clickButton(page, 'Add to Waypoint');
    const tasks = await waitForTasks(granted.worker, (all) => all.some((t) => t.source?.url.includes('ItemID=')));
    const task = tasks.find((t) => t.source?.url.includes('ItemID='));
    expect(task?.title).toBe('Budget sign-off for the Q3 launch');
    expect(task?.source).toMatchObject({
      kind: 'email',
      app: 'Outlook',
      url: `https://outlook.office.com/owa/?ItemID=${encodeURIComponent(OUTLOOK_ID)}&exvsurl=1&viewmodel=ReadMessageItem`,
      email: { fromName: 'Priya Raman', fromAddress: 'priya.raman@contoso.example' },
    });
    await expect.poll(async () => (await accessibleNames(page)).join(' | ')).toContain('Added to Inbox');
    await page.close();
  });
});
