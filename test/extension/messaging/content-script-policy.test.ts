// The request guard from the attacker's side: a content script inside a mail page (which a hostile e-mail or
// page script may control) asks for more than its tab needs; extension pages keep every message, except a
// capture dialog bound to another tab.
import { afterEach, describe, expect, it, vi } from 'vitest';

const session = new Map<string, unknown>();
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: { id: 'waypoint', getURL: (path: string) => `chrome-extension://waypoint/${path}` },
    storage: {
      session: {
        get: async (key: string) => (session.has(key) ? { [key]: session.get(key) } : {}),
        set: async (items: Record<string, unknown>) => {
          for (const [k, v] of Object.entries(items)) session.set(k, v);
        },
        remove: async (key: string) => void session.delete(key),
      },
    },
  },
}));

const { createRequestGuard, parseExtractReply } = await import('@/messaging/content-script-policy');
const { createTestHandlers } = await import('../helpers');

const THREAD = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd';
const mailTab = { id: 7, url: THREAD, title: 'Q3 launch plan - Gmail' };
const mailScript = { id: 'waypoint', url: THREAD, frameId: 0, tab: mailTab };
const extensionPage = { id: 'waypoint', url: 'chrome-extension://waypoint/sidepanel.html' };
const email = {
  app: 'Gmail' as const,
  subject: 'Q3 launch plan',
  fromName: 'Sam Lee',
  fromAddress: 'sam@partner.example.org',
  date: null,
  messageId: null,
  threadId: 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd',
  url: 'https://mail.google.com/mail/u/0/#all/FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd',
  excerpt: '',
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  session.clear();
  await cleanup?.();
});

function setup() {
  const t = createTestHandlers();
  cleanup = () => t.db.delete();
  const guard = createRequestGuard();
  const run = (message: unknown) =>
    t.send((message as { type: string }).type, (message as { payload: unknown }).payload);
  const ask = (sender: object, type: string, payload: unknown) => guard({ type, payload }, sender, run);
  return { ...t, ask };
}

describe('what the mail content script may ask', () => {
  it('captures only its own tab: the page URL is the tab, a thread link on another host is refused', async () => {
    const { ask, db, send } = setup();
    const project = (await send('project.create', { name: 'Launch' })) as { result: { id: string } };
    const refused = await ask(mailScript, 'capture.email', {
      email: { ...email, url: 'https://evil.example/steal' },
      page: { url: THREAD, title: 'x' },
    });
    expect(refused).toMatchObject({ ok: false, error: 'Forbidden' });
    expect(await db.tasks.count()).toBe(0);

    const reply = await ask(mailScript, 'capture.email', {
      email: null,
      page: { url: 'https://intranet.example/hr/salaries', title: 'Salaries' },
      projectId: project.result.id,
    });
    expect(reply).toMatchObject({ ok: true, result: { kind: 'created', projectName: 'Launch' } });
    const [task] = await db.tasks.toArray();
    // The tab's thread (as its reopening link), not the page the script named.
    expect(task?.source?.url).toBe('https://mail.google.com/mail/u/0/#all/FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd');
  });

  it('learns nothing about an existing task from a duplicate', async () => {
    const { ask, send } = setup();
    await send('task.create', { title: 'placeholder' });
    await ask(mailScript, 'capture.email', { email, page: { url: THREAD, title: '' } });
    const duplicate = await ask(mailScript, 'capture.email', { email, page: { url: THREAD, title: '' } });
    expect(duplicate).toEqual({ ok: true, result: { kind: 'duplicate' } });
  });

  it('undoes and adds the sender only for what its tab has just captured', async () => {
    const { ask, db, send } = setup();
    const hr = (await send('project.create', { name: 'HR — confidential' })) as { result: { id: string } };
    const secret = (await send('task.create', { title: 'Salary review', projectId: hr.result.id })) as {
      result: { id: string };
    };
    const launch = (await send('project.create', { name: 'Launch' })) as { result: { id: string } };
    const captured = (await ask(mailScript, 'capture.email', {
      email,
      page: { url: THREAD, title: '' },
      projectId: launch.result.id,
    })) as { ok: true; result: { taskId: string; sender: unknown } };
    expect(captured.result.sender).toEqual({ name: 'Sam Lee', address: 'sam@partner.example.org' });

    expect(await ask(mailScript, 'task.delete', { id: secret.result.id })).toMatchObject({ error: 'Forbidden' });
    const intoHr = await ask(mailScript, 'row.create', {
      table: 'stakeholders',
      draft: { projectId: hr.result.id, name: 'Mallory', contact: 'm@evil.example' },
    });
    expect(intoHr).toMatchObject({ error: 'Forbidden' });
    // Another tab's script cannot use this tab's grant.
    const otherTab = { ...mailScript, tab: { ...mailTab, id: 8 } };
    expect(await ask(otherTab, 'task.delete', { id: captured.result.taskId })).toMatchObject({ error: 'Forbidden' });

    const added = await ask(mailScript, 'row.create', {
      table: 'stakeholders',
      draft: { projectId: launch.result.id, name: 'Mallory', contact: 'm@evil.example' },
    });
    expect(added).toMatchObject({ ok: true, result: { id: expect.any(String) } });
    // Built from the captured sender, not from what the script sent.
    const [stakeholder] = await db.stakeholders.toArray();
    expect(stakeholder).toMatchObject({ projectId: launch.result.id, contact: 'sam@partner.example.org' });
    expect(
      await ask(mailScript, 'row.create', { table: 'stakeholders', draft: { projectId: launch.result.id } }),
    ).toMatchObject({ error: 'Forbidden' });

    expect(await ask(mailScript, 'task.delete', { id: captured.result.taskId })).toEqual({
      ok: true,
      result: { id: captured.result.taskId },
    });
    expect(await ask(mailScript, 'task.delete', { id: captured.result.taskId })).toMatchObject({ error: 'Forbidden' });
    expect((await db.tasks.get(secret.result.id))?.deleted).toBeFalsy();
  });

  it('is refused everything else, and anything from another page or a subframe', async () => {
    const { ask } = setup();
    expect(await ask(mailScript, 'data.export', {})).toMatchObject({ error: 'Forbidden' });
    expect(await ask(mailScript, 'account.signOut', {})).toMatchObject({ error: 'Forbidden' });
    const elsewhere = {
      id: 'waypoint',
      url: 'https://evil.example/',
      frameId: 0,
      tab: { id: 9, url: 'https://evil.example/' },
    };
    expect(await ask(elsewhere, 'capture.email', { email: null, page: { url: '', title: '' } })).toMatchObject({
      error: 'Forbidden',
    });
    expect(
      await ask({ ...mailScript, frameId: 3 }, 'capture.email', { email: null, page: { url: '', title: '' } }),
    ).toMatchObject({
      error: 'Forbidden',
    });
  });
});

describe('extension pages', () => {
  it('may send anything, but a dialog bound to one tab answers only to that tab', async () => {
    const { ask } = setup();
    expect(await ask(extensionPage, 'data.export', {})).toMatchObject({ ok: true });
    const id = '6f1c1f9e-3a55-4b7e-9c57-2c5c8d1f0a11';
    session.set(`captureFrame:${id}`, { tabId: 7, at: Date.now() });
    const frameIn = (tabId: number) => ({
      id: 'waypoint',
      url: `chrome-extension://0d3f7a2e-dynamic/capture.html?id=${id}&inline=1`,
      frameId: 4,
      tab: { id: tabId, url: 'https://evil.example/' },
    });
    expect(
      await ask(frameIn(8), 'capture.commit', { id, title: 'x', projectId: null, shareExcerpt: false }),
    ).toMatchObject({
      error: 'Forbidden',
    });
    // In its own tab the request goes through (here: the capture was never saved, so it is gone).
    expect(await ask(frameIn(7), 'capture.cancel', { id })).not.toMatchObject({ error: 'Forbidden' });
  });
});

describe('the mail.extract reply', () => {
  it('is parsed: a javascript: link or a link to another host is unreadable', () => {
    expect(parseExtractReply({ email }, THREAD)).toEqual(email);
    expect(parseExtractReply({ email: { ...email, url: 'javascript:alert(1)' } }, THREAD)).toBeNull();
    expect(parseExtractReply({ email: { ...email, url: 'https://evil.example/x' } }, THREAD)).toBeNull();
    expect(parseExtractReply({ email: { ...email, extra: 1 } }, THREAD)).toBeNull();
    expect(parseExtractReply('nonsense', THREAD)).toBeNull();
    expect(parseExtractReply({ email: null }, THREAD)).toBeNull();
  });
});
