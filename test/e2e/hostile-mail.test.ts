// The mail content script's world taken over, from the attacker's side: the Gmail fixture served on
// mail.google.com (a throwaway certificate and host-resolver rules) with the integration granted, and the
// attacker's code run in the content script's own isolated world through DevTools — as a hostile e-mail
// that found a hole in the script, or a compromised page script, would. It asks for what the script is
// allowed to ask for, beyond its tab's needs; and it answers the background's `mail.extract` with a
// javascript: link.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
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
import { storedTasks } from './ui';

const THREAD = 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd';
const THREAD_URL = `https://mail.google.com/mail/u/0/#inbox/${THREAD}`;
const fixture = readFileSync(resolve(import.meta.dirname, '../fixtures/mail/gmail-thread.html'), 'utf8');

let hosts: RealHostServer;
let browser: ExtensionBrowser;
let copy: string;
let hr = '';
let launch = '';
let secret = '';

async function send(type: string, payload: unknown): Promise<{ ok: boolean; result: { id: string } }> {
  const panel = await browser.open('sidepanel.html');
  const reply = await panel.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [
    type,
    payload,
  ] as const);
  await panel.close();
  return reply;
}

beforeAll(async () => {
  hosts = await serveOnRealHosts(['mail.google.com'], (_host, path, res) => {
    if (path.startsWith('/mail/')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture);
    else res.writeHead(404).end();
  });
  copy = mkdtempSync(join(tmpdir(), 'waypoint-hostile-mail-'));
  cpSync(EXTENSION_DIR, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = manifest.optional_host_permissions;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  browser = await launchExtension({ extensionDir: copy, args: hosts.args });
  // The background registers the mail script on start, from the granted permission.
  for (let tries = 0; ; tries++) {
    const ids = await browser.worker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id),
    );
    if (ids.includes('waypoint-mail-gmail')) break;
    if (tries > 100) throw new Error('The mail script was never registered');
    await new Promise((done) => setTimeout(done, 100));
  }
  hr = (await send('project.create', { name: 'HR — confidential' })).result.id;
  launch = (await send('project.create', { name: 'Launch' })).result.id;
  secret = (await send('task.create', { title: 'Salary review', projectId: hr, notes: 'Bands for 2027' })).result.id;
});
afterAll(async () => {
  await browser?.close();
  await hosts?.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** DevTools into Waypoint's content-script world on the page: run attacker code there. */
async function contentScriptWorld(
  page: Page,
): Promise<{ run: (expression: string) => Promise<unknown>; cdp: CDPSession }> {
  const cdp = await page.context().newCDPSession(page);
  const worlds: { id: number; origin: string }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  const origin = `chrome-extension://${browser.extensionId}`;
  await expect.poll(() => worlds.some((w) => w.origin === origin)).toBe(true);
  const world = worlds.find((w) => w.origin === origin);
  return {
    cdp,
    run: async (expression) => {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression,
        contextId: world?.id,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.text);
      return result.value;
    },
  };
}

const ask = (type: string, payload: unknown) => `chrome.runtime.sendMessage(${JSON.stringify({ type, payload })})`;

async function openThread(url = THREAD_URL): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.locator('waypoint-mail-button').waitFor({ state: 'attached' });
  return page;
}

describe("the mail content script's world, taken over", () => {
  it('cannot pass a javascript: link as the open message: the menu capture falls back to the page', async () => {
    const page = await openThread();
    const { run, cdp } = await contentScriptWorld(page);
    // Answer the background's mail.extract before the real script does (a synchronous reply wins).
    await run(`chrome.runtime.onMessage.addListener((message, _sender, reply) => {
      if (message?.type !== 'mail.extract') return;
      reply({ email: { app: 'Gmail', subject: 'Click me', fromName: 'x', fromAddress: 'x@example.com', date: null,
        messageId: null, threadId: null, url: 'javascript:alert(document.domain)', excerpt: '' } });
    }); 'ok'`);
    const tab = await tabOf(browser.worker, THREAD_URL);
    await clickContextMenu(browser.worker, { menuItemId: 'capture:inbox', pageUrl: THREAD_URL, editable: false }, tab);
    await expect.poll(async () => (await storedTasks(browser.worker)).length).toBe(2);
    const sources = (await storedTasks(browser.worker)).map((t) => t.source?.url ?? '');
    expect(sources.some((url) => url.startsWith('javascript:'))).toBe(false);
    expect(sources).toContain(`https://mail.google.com/mail/u/0/#all/${THREAD}`);
    // The forged answer was the one received (the real script would have given the sender): it was refused
    // as unreadable, and the page was captured instead.
    const task = (await storedTasks(browser.worker)).find((t) => t.source?.url.endsWith(THREAD));
    expect(task?.title).not.toBe('Click me');
    expect(task?.source).not.toHaveProperty('email');
    await cdp.detach();
    await page.close();
  });

  it('gets nothing beyond what its tab needs', async () => {
    const page = await openThread();
    const { run, cdp } = await contentScriptWorld(page);
    const email = {
      app: 'Gmail',
      subject: 'Q3 launch plan',
      fromName: 'Mallory',
      fromAddress: 'mallory@evil.example',
      date: null,
      messageId: null,
      threadId: THREAD,
      excerpt: '',
    };
    // A thread link on another host.
    expect(
      await run(
        ask('capture.email', { email: { ...email, url: 'https://evil.example/track' }, page: { url: '', title: '' } }),
      ),
    ).toMatchObject({ ok: false, error: 'Forbidden' });
    // A duplicate lookup for the thread (already captured above): no title, project or owner comes back.
    const duplicate = await run(
      ask('capture.email', { email: null, page: { url: 'https://intranet.example/hr', title: '' } }),
    );
    expect(duplicate).toEqual({ ok: true, result: { kind: 'duplicate' } });
    // Deleting someone's task, adding a stakeholder to a project it never captured into, exporting everything.
    expect(await run(ask('task.delete', { id: secret }))).toMatchObject({ ok: false, error: 'Forbidden' });
    expect(
      await run(
        ask('row.create', {
          table: 'stakeholders',
          draft: { projectId: hr, name: 'Mallory', contact: 'm@evil.example' },
        }),
      ),
    ).toMatchObject({ ok: false, error: 'Forbidden' });
    expect(await run(ask('data.export', {}))).toMatchObject({ ok: false, error: 'Forbidden' });

    // What the tab does need still works: capture (into Launch), add its sender, undo it.
    const captured = (await run(
      ask('capture.email', {
        email: { ...email, url: `https://mail.google.com/mail/u/0/#all/${THREAD}` },
        page: { url: 'https://intranet.example/hr', title: '' },
        projectId: launch,
        force: true,
      }),
    )) as { ok: boolean; result: { kind: string; taskId: string } };
    expect(captured).toMatchObject({ ok: true, result: { kind: 'created', projectName: 'Launch' } });
    expect(
      await run(
        ask('row.create', { table: 'stakeholders', draft: { projectId: launch, name: 'Anyone', contact: 'a@b.c' } }),
      ),
    ).toMatchObject({ ok: true });
    expect(await run(ask('task.delete', { id: captured.result.taskId }))).toEqual({
      ok: true,
      result: { id: captured.result.taskId },
    });

    const tasks = await storedTasks(browser.worker);
    expect(tasks.find((t) => t.id === secret)?.deleted).toBeFalsy();
    // The capture's page is the tab, not the page the attacker named.
    expect(tasks.every((t) => !t.source?.url.includes('intranet.example'))).toBe(true);
    const stakeholders = (await browser.worker.evaluate(async () => {
      const open = indexedDB.open('waypoint');
      const db = await new Promise<IDBDatabase>((done) => {
        open.onsuccess = () => done(open.result);
      });
      const all = db.transaction('stakeholders').objectStore('stakeholders').getAll();
      return new Promise((done) => {
        all.onsuccess = () => done(all.result);
      });
    })) as { projectId: string; contact: string }[];
    expect(stakeholders.map((s) => [s.projectId === launch ? 'Launch' : 'other', s.contact])).toEqual([
      ['Launch', 'mallory@evil.example'],
    ]);
    await cdp.detach();
    await page.close();
  });
});
