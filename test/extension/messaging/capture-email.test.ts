// The background's `capture.email` request: a task titled by the subject with the thread link and sender,
// the body private by default, duplicates by thread and message id, the page fallback, and the sender offer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { senderStakeholder } from '@/capture/sender';
import type { WaypointDb } from '@/db/database';
import { createTestHandlers } from '../helpers';

// Handlers reach modules that import the extension API at load; none of it runs here.
vi.mock('webextension-polyfill', () => ({ default: {} }));

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

function setup() {
  const t = createTestHandlers();
  db = t.db;
  return t;
}

const THREAD = 'FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd';
const page = { url: `https://mail.google.com/mail/u/0/#inbox/${THREAD}`, title: 'Q3 venue - ana@example.com - Gmail' };
const email = {
  app: 'Gmail',
  subject: 'Q3 launch plan: venue contract',
  fromName: 'Sam Lee',
  fromAddress: 'sam.lee@partner.example.org',
  date: '2026-11-25T09:14:00.000Z',
  messageId: 'msg-f:1816700123456789012',
  threadId: THREAD,
  url: `https://mail.google.com/mail/u/0/#all/${THREAD}`,
  excerpt: 'Hi Ana, Thanks for the draft. Two changes before we sign.',
};

describe('capture.email', () => {
  it('creates a task titled by the subject, with the thread link and sender, keeping the body private', async () => {
    const { send, db, store } = setup();
    const project = await store.createProject({ name: 'Launch' });
    const reply = await send('capture.email', { email, page, projectId: project.id });
    expect(reply).toMatchObject({
      ok: true,
      result: {
        kind: 'created',
        title: 'Q3 launch plan: venue contract',
        projectId: project.id,
        projectName: 'Launch',
        fallback: false,
        sender: { name: 'Sam Lee', address: 'sam.lee@partner.example.org' },
      },
    });
    const [task] = await db.tasks.toArray();
    expect(task?.source).toMatchObject({
      kind: 'email',
      url: email.url,
      app: 'Gmail',
      documentKind: 'email',
      externalId: THREAD,
      email: { subject: email.subject, fromAddress: email.fromAddress, messageId: email.messageId },
    });
    // Teammates see title, link and metadata; the body stays on this device unless shared.
    expect(task?.source?.excerpt).toBeUndefined();
    expect(task?.privateExcerpt).toBe(email.excerpt);
  });

  it('shares the body when the project shares excerpts', async () => {
    const { send, db, store } = setup();
    const project = await store.createProject({ name: 'Open', shareExcerpts: true });
    await send('capture.email', { email, page, projectId: project.id });
    const [task] = await db.tasks.toArray();
    expect(task?.source?.excerpt).toBe(email.excerpt);
  });

  it('offers the same message again as a duplicate, but a new message of the thread as a new task', async () => {
    const { send, db, store } = setup();
    const project = await store.createProject({ name: 'Launch' });
    const first = await send('capture.email', { email, page, projectId: project.id });
    const again = await send('capture.email', { email, page, projectId: null });
    expect(again).toMatchObject({
      ok: true,
      result: { kind: 'duplicate', projectName: 'Launch', owner: 'Tester', title: email.subject },
    });
    expect((again as { result: { taskId: string } }).result.taskId).toBe(
      (first as { result: { taskId: string } }).result.taskId,
    );
    const reply = await send('capture.email', { email: { ...email, messageId: 'msg-f:2' }, page, projectId: null });
    expect(reply).toMatchObject({ ok: true, result: { kind: 'created', projectName: 'Inbox', sender: null } });
    expect(await db.tasks.count()).toBe(2);
    // Asked for anyway: a second task of the same message.
    expect(await send('capture.email', { email, page, force: true })).toMatchObject({ result: { kind: 'created' } });
  });

  it('captures the page when the message could not be read, and says so', async () => {
    const { send, db } = setup();
    const reply = await send('capture.email', { email: null, page });
    expect(reply).toMatchObject({
      ok: true,
      result: { kind: 'created', fallback: true, title: 'Q3 venue', projectName: 'Inbox', sender: null },
    });
    const [task] = await db.tasks.toArray();
    expect(task?.source).toMatchObject({ kind: 'email', url: `https://mail.google.com/mail/u/0/#all/${THREAD}` });
    // The thread was already captured as a page: reading it later is a duplicate, not a second task.
    expect(await send('capture.email', { email, page })).toMatchObject({ result: { kind: 'duplicate' } });
  });

  it('adds the sender as a stakeholder once, then stops offering', async () => {
    const { send, db, store } = setup();
    const project = await store.createProject({ name: 'Launch' });
    await send('capture.email', { email, page, projectId: project.id });
    const row = await send('row.create', {
      table: 'stakeholders',
      draft: senderStakeholder(project.id, { name: 'Sam Lee', address: email.fromAddress }),
    });
    expect(row).toMatchObject({
      ok: true,
      result: { name: 'Sam Lee', organisation: 'partner.example.org', contact: email.fromAddress, internal: false },
    });
    const next = await send('capture.email', {
      email: { ...email, messageId: 'msg-f:3' },
      page,
      projectId: project.id,
    });
    expect(next).toMatchObject({ ok: true, result: { kind: 'created', sender: null } });
    expect(await db.stakeholders.count()).toBe(1);
  });

  it('refuses a malformed message', async () => {
    const { send, db } = setup();
    expect(await send('capture.email', { email: { ...email, url: 'javascript:alert(1)' }, page })).toMatchObject({
      ok: false,
      error: 'Invalid',
    });
    expect(await send('capture.email', { email: { ...email, excerpt: 'x'.repeat(2001) }, page })).toMatchObject({
      ok: false,
      error: 'Invalid',
    });
    expect(await send('capture.email', { email: null, page: { url: 'chrome://settings', title: '' } })).toMatchObject({
      ok: false,
      error: 'Uncapturable',
    });
    expect(await db.tasks.count()).toBe(0);
  });
});
