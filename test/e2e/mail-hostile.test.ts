// E-mail capture from the attacker's side: hostile messages served on the real Gmail and Outlook host names,
// captured with the in-page button (integrations on). A message block forged inside an Outlook body must not
// become the sender, nor be offered as a stakeholder; in Gmail a <time> in the body must not set the date,
// CSS-hidden text must stay out of the excerpt, an oversized display name and subject must still capture, and
// a right-to-left override or zero-width characters must not reach the task title, which renders isolated.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchExtension,
  type RealHostServer,
  serveOnRealHosts,
} from './harness';
import { accessibleNames, clickButton } from './shadow';
import { createProject, row, waitForTasks } from './ui';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/mail', name), 'utf8');
const GMAIL_THREAD = 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcHost';
const OUTLOOK_ID = 'AAQkADAwATM3ZmYAZS1hNzE2LTQ2NWQtMDACLTAwCgAQAGkH2Z3n+zFOqU5/dGkFvmE=';
const REAL_ITEM = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AXbF1JH1nckK9cJJ0AdUmGwAAAHrDXAAA';

interface MailTask {
  title: string;
  projectId: string | null;
  privateExcerpt?: string;
  source: {
    url: string;
    excerpt?: string;
    email: { subject: string; fromName: string; fromAddress: string; date: string | null; messageId: string | null };
  };
}

let browser: ExtensionBrowser;
let hosts: RealHostServer;
let buildCopy: string;

beforeAll(async () => {
  const gmail = fixture('gmail-hostile.html');
  const outlook = fixture('outlook-hostile.html');
  hosts = await serveOnRealHosts(['mail.google.com', 'outlook.office.com'], (host, path, res) => {
    if (!path.startsWith('/mail/')) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(host === 'mail.google.com' ? gmail : outlook);
  });
  // The integrations' access granted in a copy of the build (headless Chromium cannot answer the prompt).
  buildCopy = mkdtempSync(join(tmpdir(), 'waypoint-hostile-build-'));
  cpSync(EXTENSION_DIR, buildCopy, { recursive: true });
  const manifestPath = join(buildCopy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = manifest.optional_host_permissions;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  browser = await launchExtension({ extensionDir: buildCopy, args: hosts.args });
});
afterAll(async () => {
  await browser?.close();
  await hosts?.close();
  if (buildCopy) rmSync(buildCopy, { recursive: true, force: true });
});

async function stakeholders(): Promise<{ name: string; contact: string }[]> {
  return browser.worker.evaluate(
    () =>
      new Promise<{ name: string; contact: string }[]>((done, fail) => {
        const open = indexedDB.open('waypoint');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('stakeholders').objectStore('stakeholders').getAll();
          request.onsuccess = () => {
            open.result.close();
            done(request.result);
          };
        };
      }),
  );
}

describe('hostile e-mails', () => {
  it('the mail script is registered for both integrations on start', async () => {
    await expect
      .poll(() =>
        browser.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id)),
      )
      .toEqual(expect.arrayContaining(['waypoint-mail-gmail', 'waypoint-mail-outlook']));
  });

  it('Outlook: a CEO forged inside the body is neither the sender nor the stakeholder offered', async () => {
    await createProject(browser, { name: 'Supplier audit', domainRule: 'outlook.office.com' });
    const page = await browser.context.newPage();
    await page.goto(`https://outlook.office.com/mail/inbox/id/${encodeURIComponent(OUTLOOK_ID)}`);
    await expect.poll(() => accessibleNames(page)).toContain('Add to Waypoint');
    await clickButton(page, 'Add to Waypoint');
    const tasks = await waitForTasks(browser.worker, (all) => all.some((t) => t.title === 'Urgent: supplier payment'));
    const task = tasks.find((t) => t.title === 'Urgent: supplier payment') as unknown as MailTask;
    expect(task.source.email).toMatchObject({
      fromName: 'Priya Raman',
      fromAddress: 'priya.raman@contoso.example',
      messageId: REAL_ITEM,
      date: expect.stringMatching(/^2026-11-25T/),
    });
    expect(task.privateExcerpt).toContain('Please see the note from our CEO below');
    expect(task.privateExcerpt).not.toMatch(/HIDDEN/);
    expect(task.source.excerpt).toBeUndefined();

    await expect
      .poll(async () => (await accessibleNames(page)).join(' | '))
      .toContain('Add Priya Raman as stakeholder');
    expect([...new Set((await accessibleNames(page)).filter((name) => /as stakeholder/.test(name)))]).toEqual([
      'Add Priya Raman as stakeholder',
    ]);
    await clickButton(page, 'Add Priya Raman as stakeholder');
    await expect
      .poll(async () => (await stakeholders()).map((s) => s.contact))
      .toEqual(['priya.raman@contoso.example']);
    await page.close();
  });

  it('Gmail: header date, no hidden text, oversized fields cut to fit, and a title without bidi tricks', async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://mail.google.com/mail/u/0/#inbox/${GMAIL_THREAD}`);
    await expect.poll(() => accessibleNames(page)).toContain('Add to Waypoint');
    await clickButton(page, 'Add to Waypoint');
    // Capturable despite a 1,200-character subject and a 400-character name: it says so in the page.
    await expect.poll(async () => (await accessibleNames(page)).join(' | ')).toMatch(/Added to /);
    const tasks = await waitForTasks(browser.worker, (all) => all.some((t) => t.source?.url.endsWith(GMAIL_THREAD)));
    const task = tasks.find((t) => t.source?.url.endsWith(GMAIL_THREAD)) as unknown as MailTask;
    expect(task.title.startsWith('Invoice fdp.exe for Q3 ready')).toBe(true);
    expect(task.title).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060\uFEFF]/);
    expect(task.title.length).toBeLessThanOrEqual(500);
    expect(task.source.email.subject.length).toBeLessThanOrEqual(1000);
    expect(task.source.email.fromName.length).toBeLessThanOrEqual(300);
    expect(task.source.email).toMatchObject({
      fromAddress: 'sam.lee@partner.example.org',
      messageId: 'msg-f:1816700123456789012',
      date: expect.stringMatching(/^2026-11-25T/),
    });
    expect(task.privateExcerpt).toContain('Thanks for the draft');
    expect(task.privateExcerpt).not.toMatch(/HIDDEN/);

    // Shown in the popup as an isolated run of text.
    const popup = await browser.open('popup.html');
    const title = row(popup, task.title).locator('button.title');
    await title.waitFor();
    expect(await title.getAttribute('dir')).toBe('auto');
    expect(await title.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');
    await popup.close();
    await page.close();
  });
});
