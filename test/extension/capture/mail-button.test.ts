// @vitest-environment happy-dom
// The in-page "Add to Waypoint" button on a Gmail fixture: shown only on an open message, isolated in a shadow
// root, and each answer of the background (added, duplicate, page fallback) with its follow-up actions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn();
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage } } }));

const { mountMailButton } = await import('@/mail/button');

const THREAD_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvFgNhbPqRxTzLcVbWd';
const fixture = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/mail', name), 'utf8');

function openPage(name: string, url: string) {
  (window as unknown as { happyDOM: { setURL: (u: string) => void } }).happyDOM.setURL(url);
  document.documentElement.innerHTML = new DOMParser().parseFromString(
    fixture(name),
    'text/html',
  ).documentElement.innerHTML;
}

const settle = () => new Promise((r) => setTimeout(r, 0));
let handle: ReturnType<typeof mountMailButton> | undefined;
const buttons = () => Array.from(handle?.root.querySelectorAll('button') ?? []);
const button = (label: string | RegExp) =>
  buttons().find((b) => (typeof label === 'string' ? b.textContent === label : label.test(b.textContent ?? '')));
const card = () => handle?.root.querySelector('[role="status"]')?.textContent ?? '';

beforeEach(() => sendMessage.mockReset());
afterEach(() => {
  handle?.destroy();
  handle = undefined;
});

describe('mail button', () => {
  it('is not shown on the inbox list', () => {
    openPage('gmail-inbox.html', 'https://mail.google.com/mail/u/0/#inbox');
    handle = mountMailButton();
    expect(document.querySelector('waypoint-mail-button')).toBeNull();
  });

  it('captures the open message, then offers undo and the sender as a stakeholder', async () => {
    openPage('gmail-thread.html', THREAD_URL);
    handle = mountMailButton();
    const host = document.querySelector('waypoint-mail-button');
    expect(host).not.toBeNull();
    // Closed: the page sees an empty host, and the page's styles do not reach in.
    expect(host?.shadowRoot).toBeNull();
    expect(host?.childNodes.length).toBe(0);

    sendMessage.mockResolvedValueOnce({
      ok: true,
      result: {
        kind: 'created',
        taskId: 't1',
        title: 'Q3 launch plan: venue contract',
        projectId: '0190a000-0000-7000-8000-000000000001',
        projectName: 'Launch',
        fallback: false,
        sender: { name: 'Sam Lee', address: 'sam.lee@partner.example.org' },
      },
    });
    button('Add to Waypoint')?.click();
    await settle();
    const [request] = sendMessage.mock.calls[0] ?? [];
    expect(request).toMatchObject({
      type: 'capture.email',
      payload: {
        email: { subject: 'Q3 launch plan: venue contract', fromAddress: 'sam.lee@partner.example.org' },
        page: { url: THREAD_URL },
      },
    });
    expect(card()).toContain('Added to Launch');

    sendMessage.mockResolvedValueOnce({ ok: true, result: { id: 's1' } });
    button('Add Sam Lee as stakeholder')?.click();
    await settle();
    expect(sendMessage.mock.calls[1]?.[0]).toMatchObject({
      type: 'row.create',
      payload: {
        table: 'stakeholders',
        draft: { name: 'Sam Lee', contact: 'sam.lee@partner.example.org', organisation: 'partner.example.org' },
      },
    });
    expect(card()).toContain('Sam Lee is now a stakeholder of Launch');

    sendMessage.mockResolvedValueOnce({ ok: true, result: { id: 't1' } });
    button('Undo')?.click();
    await settle();
    expect(sendMessage.mock.calls[2]?.[0]).toEqual({ type: 'task.delete', payload: { id: 't1' } });
    expect(card()).toContain('Removed from Waypoint');
  });

  it('says a duplicate exists without naming it (that stays out of the page), and can add it anyway', async () => {
    openPage('gmail-thread.html', THREAD_URL);
    handle = mountMailButton();
    sendMessage.mockResolvedValueOnce({ ok: true, result: { kind: 'duplicate' } });
    button('Add to Waypoint')?.click();
    await settle();
    expect(card()).toContain('This e-mail is already a task in Waypoint');
    sendMessage.mockResolvedValueOnce({
      ok: true,
      result: {
        kind: 'created',
        taskId: 't2',
        title: 'x',
        projectId: null,
        projectName: 'Inbox',
        fallback: false,
        sender: null,
      },
    });
    button('Add anyway')?.click();
    await settle();
    expect(sendMessage.mock.calls[1]?.[0]).toMatchObject({ type: 'capture.email', payload: { force: true } });
    expect(card()).toContain('Added to Inbox');
  });

  it('parses every reply: one that is not what the background sends is shown as a failure', async () => {
    openPage('gmail-thread.html', THREAD_URL);
    handle = mountMailButton();
    sendMessage.mockResolvedValueOnce({
      ok: true,
      result: { kind: 'duplicate', title: 'Salary review', projectName: 'HR — confidential', owner: 'Sam' },
    });
    button('Add to Waypoint')?.click();
    await settle();
    expect(card()).toContain('Waypoint answered something unexpected');
    expect(card()).not.toContain('Salary review');
  });

  it('says so when the message could not be read and the page was captured instead', async () => {
    openPage('gmail-thread.html', THREAD_URL);
    document.querySelector('[role="main"]')?.replaceChildren();
    handle = mountMailButton();
    sendMessage.mockResolvedValueOnce({
      ok: true,
      result: {
        kind: 'created',
        taskId: 't3',
        title: 'Q3',
        projectId: null,
        projectName: 'Inbox',
        fallback: true,
        sender: null,
      },
    });
    button('Add to Waypoint')?.click();
    await settle();
    expect(sendMessage.mock.calls[0]?.[0]).toMatchObject({ payload: { email: null } });
    expect(card()).toContain("Couldn't read this e-mail; captured the page instead");
  });
});
