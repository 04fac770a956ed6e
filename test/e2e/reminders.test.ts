// Reminders end to end in Chromium with the built extension: a reminder fires for a task due a few seconds
// ahead and its Complete button works on a restarted service worker; Snooze reschedules and the click window
// offers the rest; the task editor and the settings set reminders; a reminder missed while the browser was closed
// shows once at start; and with a real server, a reminder shows only on the assignee's (or creator's) device.
//
// Headless Chromium may not display notifications, but chrome.notifications.getAll() lists those created; buttons
// and clicks are dispatched in the worker as Chrome does (see worker-restart.test.ts and sync-safety.test.ts).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension, restartServiceWorker } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createSharedProject, createTeamInOptions, joinByLink } from './team';
import { row, storedTasks, waitForTasks } from './ui';

const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;
// Evaluated over CDP: extension pages refuse inline scripts (see accessibility.test.ts).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

/** axe-core's violations on a page, as "rule: selectors". */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (d: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

interface Created {
  id: string;
  title: string;
  buttons: string[];
  message: string;
}

/** Send a typed message from an extension page, as the popup does; returns the result or throws its message. */
async function send<T = { id: string }>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = (await page.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [
    type,
    payload,
  ] as const)) as { ok: boolean; result?: T; message?: string };
  if (!reply.ok) throw new Error(`${type}: ${reply.message}`);
  return reply.result as T;
}

/** A task due `seconds` from now, with a reminder at its due time. */
const dueIn = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

const onScreen = (e: ExtensionBrowser) =>
  e.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));

/** Record what the current worker passes to chrome.notifications.create (gone with the worker). */
const spyOnNotifications = (e: ExtensionBrowser) =>
  e.worker.evaluate(() => {
    const created: Created[] = [];
    (globalThis as unknown as { created: Created[] }).created = created;
    const api = chrome.notifications as unknown as { create: (...args: unknown[]) => Promise<string> };
    const original = api.create.bind(chrome.notifications);
    api.create = (...args: unknown[]) => {
      const options = (typeof args[0] === 'string' ? args[1] : args[0]) as {
        title?: string;
        message?: string;
        buttons?: { title: string }[];
      };
      return original(...args).then((id) => {
        created.push({
          id,
          title: options.title ?? '',
          message: options.message ?? '',
          buttons: (options.buttons ?? []).map((b) => b.title),
        });
        return id;
      });
    };
  });
const created = (e: ExtensionBrowser) =>
  e.worker.evaluate(() => (globalThis as unknown as { created?: Created[] }).created ?? []);

const press = (e: ExtensionBrowser, id: string, index: number) =>
  e.worker.evaluate(
    ([n, i]) =>
      (chrome.notifications.onButtonClicked as unknown as { dispatch(id: string, index: number): void }).dispatch(n, i),
    [id, index] as const,
  );

/** What the reminders module stored (local:reminderState). */
const reminderState = (e: ExtensionBrowser) =>
  e.worker.evaluate(async () => {
    const { reminderState: state } = await chrome.storage.local.get('reminderState');
    return (state ?? { checkedAt: null, delivered: {} }) as {
      checkedAt: string | null;
      delivered: Record<string, string>;
    };
  });

const reminderAlarm = (e: ExtensionBrowser) =>
  e.worker.evaluate(async () => (await chrome.alarms.get('waypoint-reminders'))?.scheduledTime ?? null);

describe('reminders on one device', () => {
  let e: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    e = await launchExtension({ extensionDir });
    page = await e.open('popup.html');
  });
  afterAll(async () => {
    await e?.close();
  });

  it('fires for a task due in a few seconds, and Complete works after the service worker was stopped', async () => {
    await spyOnNotifications(e);
    const task = await send(page, 'task.create', { title: 'Pay the venue deposit', dueAt: dueIn(4), reminder: 0 });
    const id = `reminder:${task.id}`;
    await expect.poll(() => onScreen(e), { timeout: 20_000 }).toContain(id);
    const [shown] = (await created(e)).filter((c) => c.id === id);
    expect(shown).toMatchObject({ title: 'Pay the venue deposit', buttons: ['Complete', 'Snooze 10 min'] });
    expect(shown?.message).toMatch(/^Due today \d\d:\d\d$/);

    await restartServiceWorker(e);
    await press(e, id, 0);
    await waitForTasks(e.worker, (tasks) => tasks.some((t) => t.id === task.id && t.status === 'done'));
    await expect.poll(() => onScreen(e)).not.toContain(id);
  });

  it('Snooze 10 min reschedules; the click window offers 1 hour and Tomorrow; the editor sets or removes one', async () => {
    const task = await send(page, 'task.create', { title: 'Call the caterer', dueAt: dueIn(3), reminder: 0 });
    const id = `reminder:${task.id}`;
    await expect.poll(() => onScreen(e), { timeout: 20_000 }).toContain(id);

    const pressedAt = Date.now();
    await press(e, id, 1);
    const snoozed = await waitForTasks(e.worker, (tasks) =>
      tasks.some((t) => t.id === task.id && (t as { reminderSnooze?: unknown }).reminderSnooze),
    );
    const snooze = (snoozed.find((t) => t.id === task.id) as unknown as { reminderSnooze: { until: string } })
      .reminderSnooze;
    expect(Date.parse(snooze.until) - pressedAt).toBeGreaterThan(9 * 60_000);
    expect(Date.parse(snooze.until) - pressedAt).toBeLessThan(11 * 60_000);
    await expect.poll(() => onScreen(e)).not.toContain(id);
    // The next wake-up is the snoozed reminder.
    await expect.poll(() => reminderAlarm(e)).toBe(Date.parse(snooze.until));

    // A click on the notification opens the window with every action.
    const opened = e.context.waitForEvent('page', { predicate: (p) => p.url().includes('reminder.html') });
    await e.worker.evaluate(
      (n) => (chrome.notifications.onClicked as unknown as { dispatch(id: string): void }).dispatch(n),
      id,
    );
    const win = await opened;
    await win.getByRole('heading', { name: 'Call the caterer' }).waitFor();
    for (const name of ['Complete', 'Snooze 10 min', 'Snooze 1 hour'])
      await win.getByRole('button', { name, exact: true }).waitFor();
    expect(await axeViolations(win)).toEqual([]);
    const dueBefore = (await storedTasks(e.worker)).find((t) => t.id === task.id)?.dueAt ?? '';
    await win.getByRole('button', { name: 'Tomorrow', exact: true }).click();
    const moved = await waitForTasks(e.worker, (tasks) => tasks.some((t) => t.id === task.id && t.dueAt !== dueBefore));
    const dueAfter = moved.find((t) => t.id === task.id)?.dueAt ?? '';
    expect(Date.parse(dueAfter) - Date.parse(dueBefore)).toBeGreaterThanOrEqual(23 * 3_600_000);
    await expect.poll(() => reminderAlarm(e)).toBe(Date.parse(dueAfter));

    // The editor: "15 minutes before", then "No reminder" (no alarm left for it).
    const popup = await e.open('popup.html');
    await row(popup, 'Call the caterer').locator('button.title').click();
    let dialog = popup.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Reminder').selectOption({ label: '15 minutes before' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForTasks(e.worker, (tasks) =>
      tasks.some((t) => t.id === task.id && (t as { reminder?: unknown }).reminder === 15),
    );
    await expect.poll(() => reminderAlarm(e)).toBe(Date.parse(dueAfter) - 15 * 60_000);
    await row(popup, 'Call the caterer').locator('button.title').click();
    dialog = popup.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Reminder').selectOption({ label: 'No reminder' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForTasks(e.worker, (tasks) =>
      tasks.some((t) => t.id === task.id && (t as { reminder?: unknown }).reminder === 'none'),
    );
    await expect.poll(() => reminderAlarm(e)).toBeNull();
    await Promise.all([popup.close(), win.close().catch(() => {})]);
  });

  it('the settings set the default reminder and the overdue badge', async () => {
    const options = await e.open('options.html');
    const form = options.getByRole('form', { name: 'Reminders' });
    await form.getByLabel('Remind me of tasks that have a time').selectOption({ label: '1 hour before' });
    await form.getByLabel(/^Count overdue tasks on the toolbar badge/).check();
    await form.getByRole('button', { name: 'Save reminders' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();

    const task = await send(page, 'task.create', { title: 'Order the badges', dueAt: dueIn(2 * 3600) });
    // The default applies: an hour before its due.
    await expect
      .poll(() => reminderAlarm(e))
      .toBe(Date.parse((await storedTasks(e.worker)).find((t) => t.id === task.id)?.dueAt ?? '') - 3_600_000);
    await send(page, 'task.create', { title: 'Late already', dueAt: new Date(Date.now() - 3_600_000).toISOString() });
    await expect.poll(() => e.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');

    // The morning digest, at a time already past today: it shows at once, counting the late task.
    await spyOnNotifications(e);
    const again = options.getByRole('form', { name: 'Reminders' });
    await again.getByLabel(/^Morning digest/).check();
    await again.getByLabel('Digest time').fill('00:00');
    await again.getByRole('button', { name: 'Save reminders' }).click();
    await expect.poll(() => onScreen(e)).toContain('reminders:digest');
    const digest = (await created(e)).find((c) => c.id === 'reminders:digest');
    expect(digest?.message).toMatch(/1 overdue/);
    await options.close();
  });
});

describe('a reminder missed while the browser was closed', () => {
  let profile: string;
  let e: ExtensionBrowser | undefined;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'waypoint-e2e-reminders-'));
  });
  afterAll(async () => {
    await e?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('shows once at the next start, and not again after the worker restarts', async () => {
    e = await launchExtension({ extensionDir, profileDir: profile });
    const page = await e.open('popup.html');
    const dueAt = dueIn(8);
    const task = await send(page, 'task.create', { title: 'Renew the domain', dueAt, reminder: 0 });
    const id = `reminder:${task.id}`;
    // Planned (the alarm is set), then the browser closes before it is due.
    await expect.poll(() => reminderAlarm(e as ExtensionBrowser)).toBe(Date.parse(dueAt));
    await e.close();
    e = undefined;
    await new Promise((done) => setTimeout(done, Math.max(0, Date.parse(dueAt) - Date.now() + 1500)));

    e = await launchExtension({ extensionDir, profileDir: profile });
    const browser = e;
    await expect.poll(() => onScreen(browser), { timeout: 20_000 }).toContain(id);
    await expect.poll(async () => (await reminderState(browser)).delivered[task.id]).toBe(dueAt);

    // The person closes it; a restarted worker runs again and does not show it a second time.
    await browser.worker.evaluate((n) => chrome.notifications.clear(n), id);
    await expect.poll(() => onScreen(browser)).not.toContain(id);
    const restartedAt = Date.now();
    await restartServiceWorker(browser);
    await expect.poll(async () => Date.parse((await reminderState(browser)).checkedAt ?? '') > restartedAt).toBe(true);
    expect(await onScreen(browser)).not.toContain(id);
  }, 90_000);
});

describe('reminders follow the assignee across devices', () => {
  const TEAM = 'Venue crew';
  let server: ServerProcess;
  let a: ExtensionBrowser;
  let b: ExtensionBrowser;

  beforeAll(async () => {
    [server, a, b] = await Promise.all([
      startServerProcess(),
      launchExtension({ extensionDir }),
      launchExtension({ extensionDir }),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await server?.stop();
  });

  const accountOf = (e: ExtensionBrowser) =>
    e.worker.evaluate(
      () =>
        new Promise<{ user: { id: string } }>((resolve, reject) => {
          const open = indexedDB.open('waypoint');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('settings').objectStore('settings').get('account');
            request.onsuccess = () => {
              open.result.close();
              resolve(request.result.value);
            };
            request.onerror = () => reject(request.error);
          };
        }),
    );

  it("shows a task's reminder on the assignee's device only, and an unassigned one on its creator's", async () => {
    const optionsA = await createTeamInOptions(a, { serverUrl: server.url, teamName: TEAM, userName: 'Ana' });
    const link = await createInvitation(optionsA);
    const optionsB = await joinByLink(b, link, 'Ben');
    const ben = (await accountOf(b)).user.id;
    const panel = await a.open('sidepanel.html');
    const projectId = await createSharedProject(panel, 'Venue', TEAM);

    const dueAt = dueIn(20);
    const forBen = await send(panel, 'task.create', {
      title: 'Book the venue',
      projectId,
      assigneeId: ben,
      dueAt,
      reminder: 0,
    });
    const anas = await send(panel, 'task.create', { title: 'Draft the agenda', projectId, dueAt, reminder: 0 });
    // Both tasks reach Ben's browser before they are due.
    await waitForTasks(b.worker, (tasks) => [forBen.id, anas.id].every((id) => tasks.some((t) => t.id === id)), 15_000);

    await expect.poll(() => onScreen(b), { timeout: 30_000 }).toContain(`reminder:${forBen.id}`);
    await expect.poll(() => onScreen(a), { timeout: 30_000 }).toContain(`reminder:${anas.id}`);
    // Each device has run past the due instant: what it did not show, it will not.
    for (const e of [a, b])
      await expect
        .poll(async () => Date.parse((await reminderState(e)).checkedAt ?? '') >= Date.parse(dueAt))
        .toBe(true);
    expect(await onScreen(a)).not.toContain(`reminder:${forBen.id}`);
    expect(await onScreen(b)).not.toContain(`reminder:${anas.id}`);
    expect(Object.keys((await reminderState(a)).delivered)).not.toContain(forBen.id);

    // Ben completes it from the notification; Ana's copy follows through sync.
    await press(b, `reminder:${forBen.id}`, 0);
    await waitForTasks(a.worker, (tasks) => tasks.some((t) => t.id === forBen.id && t.status === 'done'), 15_000);
    await Promise.all([optionsA.close(), optionsB.close(), panel.close()]);
  }, 120_000);
});
