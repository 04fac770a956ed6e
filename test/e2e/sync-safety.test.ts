// Data-loss paths of team sync, end to end in Chromium with the built extension and a real server process:
// re-importing one's own export while in a team, a guest's refused row, moving device data (charter rows too)
// into a new team, and notification buttons clicked after the MV3 service worker was stopped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  EXTENSION_DIR,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  restartServiceWorker,
  serveFixtures,
  tabOf,
} from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createSharedProject, createTeamInOptions, joinByLink, projectId, syncStatus } from './team';
import { quickAdd, row, storedTasks, waitForTasks } from './ui';

const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;
const TEAM = 'Harbor crew';
const PROJECT = 'Harbor launch';

let server: ServerProcess;
let dir: string;

beforeAll(async () => {
  [server, dir] = await Promise.all([startServerProcess(), mkdtemp(join(tmpdir(), 'waypoint-sync-safety-'))]);
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const board = (panel: Page): Locator => panel.locator('article.project #board');
const risks = (panel: Page): Locator => panel.locator('#risks .dash-item');
const dashboard = (panel: Page): Locator => panel.locator('article.project');

/** The status line says everything is pushed and pulled. */
const synced = (page: Page) =>
  syncStatus(page).and(page.locator('[data-state="synced"][data-pending="0"]')).waitFor({ timeout: 15_000 });

/** Show a project's dashboard in a side panel (waits for the project to be listed there first). */
async function openProject(panel: Page, name: string): Promise<void> {
  const id = await projectId(panel, name);
  await panel.getByLabel('Project', { exact: true }).selectOption(id);
  await dashboard(panel).getByRole('heading', { name }).waitFor();
}

/** Open the task editor from a row of the open project's board, set its title, save. */
async function renameTask(panel: Page, from: string, to: string): Promise<void> {
  await row(board(panel), from).getByRole('button', { name: from, exact: true }).click();
  const dialog = panel.getByRole('dialog', { name: 'Edit task' });
  await dialog.getByRole('textbox', { name: 'Title', exact: true }).fill(to);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row(board(panel), to).waitFor();
}

/** Add a risk through the Risks section's "+ Add" form. */
async function addRisk(panel: Page, text: string): Promise<void> {
  await panel
    .locator('#risks')
    .getByRole('button', { name: /Add a risk/ })
    .click();
  const form = panel.getByRole('form', { name: 'New risk' });
  await form.getByLabel('Risk', { exact: true }).fill(text);
  await form.getByRole('button', { name: 'Add risk' }).click();
  await form.waitFor({ state: 'detached' });
}

/**
 * Record every state and text the page's sync status line ever shows (a MutationObserver in the page), so a
 * test can assert that an error never flashed by, not only that none is shown at the end.
 */
async function recordSyncStatus(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { syncStatusSeen: string[] }).syncStatusSeen = seen;
    const note = () => {
      const line = document.querySelector<HTMLElement>('.sync-status');
      if (!line) return;
      const entry = `${line.dataset.state}|${line.dataset.pending}|${line.textContent ?? ''}`;
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { syncStatusSeen: string[] }).syncStatusSeen.slice());
}

describe('sync safety in a team', () => {
  let a: ExtensionBrowser;
  let b: ExtensionBrowser;
  let guest: ExtensionBrowser | undefined;
  let panelA: Page;
  let panelB: Page;

  beforeAll(async () => {
    [a, b] = await Promise.all([launchExtension({ extensionDir }), launchExtension({ extensionDir })]);
    const optionsA = await createTeamInOptions(a, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
    const link = await createInvitation(optionsA);
    const optionsB = await joinByLink(b, link, 'Bo');
    await Promise.all([optionsA.close(), optionsB.close()]);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close(), guest?.close()]);
  });

  it("re-importing one's own JSON export keeps sync going: the teammate gets the edits made after it", async () => {
    panelA = await a.open('sidepanel.html');
    await createSharedProject(panelA, PROJECT, TEAM);
    await openProject(panelA, PROJECT);
    await quickAdd(panelA, 'Book the launch venue', 'Book the launch venue');

    panelB = await b.open('sidepanel.html');
    await expect
      .poll(() => panelB.getByLabel('Project', { exact: true }).textContent(), { timeout: 15_000 })
      .toContain(PROJECT);
    await openProject(panelB, PROJECT);
    await row(board(panelB), 'Book the launch venue').waitFor({ timeout: 15_000 });
    await synced(panelA);
    const seenA = await recordSyncStatus(panelA);
    await panelB.evaluate(() => {
      (window as unknown as { loadedOnce: string }).loadedOnce = 'still the same document';
    });

    // Export from A's options page.
    const options = await a.open('options.html');
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export all data' }).click(),
    ]);
    const exported = join(dir, `a-${download.suggestedFilename()}`);
    await download.saveAs(exported);
    await options
      .getByRole('status')
      .filter({ hasText: /^Exported \d+ tasks/ })
      .waitFor();

    // An edit after the export, then the (older) export imported back into the same profile.
    await renameTask(panelA, 'Book the launch venue', 'Book the harbour hall');
    await row(board(panelB), 'Book the harbour hall').waitFor({ timeout: 15_000 });
    await options.getByLabel('Import from file').setInputFiles(exported);
    await options
      .getByRole('status')
      .filter({ hasText: /^Imported / })
      .waitFor();
    await options.close();

    // Importing merges: the newer edit stays, in A's panel and in B's.
    await row(board(panelA), 'Book the harbour hall').waitFor();
    await synced(panelA);

    // The edit after the import reaches B's open panel without a reload.
    await renameTask(panelA, 'Book the harbour hall', 'Book the harbour hall for May 12');
    await row(board(panelB), 'Book the harbour hall for May 12').waitFor({ timeout: 15_000 });
    await expect.poll(() => board(panelB).locator('li.task').count()).toBe(1);
    await expect(panelB.evaluate(() => (window as unknown as { loadedOnce?: string }).loadedOnce)).resolves.toBe(
      'still the same document',
    );
    await synced(panelA);
    await expect.poll(() => syncStatus(panelA).textContent()).toMatch(/^\s*Synced/);
    // Another cycle may start (a poke, the alarm) and show "Syncing…" for a moment: wait for it to settle.
    await expect.poll(async () => (await seenA()).at(-1)).toMatch(/^synced\|0\|\s*Synced/);
    const states = await seenA();
    expect(states.filter((s) => s.startsWith('error|'))).toEqual([]);
    expect(states.filter((s) => /Not shared|Not saved|problem/i.test(s))).toEqual([]);
    // A's database has one row for the task, with the latest title (the import added no copy).
    const tasks = await waitForTasks(a.worker, (all) =>
      all.some((t) => t.title === 'Book the harbour hall for May 12'),
    );
    expect(tasks.filter((t) => !t.deleted && t.title.startsWith('Book the'))).toHaveLength(1);
  });

  it("a guest's risk the server refuses is marked as refused, kept on this device or discarded", async () => {
    guest = await launchExtension({ extensionDir });
    const optionsA = await a.open('options.html#team');
    await optionsA
      .getByRole('form', { name: 'Invite someone' })
      .getByLabel('Role')
      .selectOption({ label: 'Guest (reads and comments)' });
    const link = await createInvitation(optionsA);
    const optionsG = await joinByLink(guest, link, 'Gus');
    await Promise.all([optionsA.close(), optionsG.close()]);

    const panelG = await guest.open('sidepanel.html');
    await expect
      .poll(() => panelG.getByLabel('Project', { exact: true }).textContent(), { timeout: 15_000 })
      .toContain(PROJECT);
    await openProject(panelG, PROJECT);
    await panelA.reload();
    await openProject(panelA, PROJECT);
    const risksInA = await risks(panelA).count();

    const KEPT = 'Harbour permit arrives late';
    await addRisk(panelG, KEPT);
    const kept = risks(panelG).filter({ hasText: KEPT });
    await kept.waitFor();
    const note = kept.locator('.refused');
    await note.waitFor({ timeout: 15_000 });
    await expect.poll(() => note.getAttribute('role')).toBe('status');
    await expect.poll(() => note.locator('span.grow').textContent()).toBe("Not shared: guests can't add risks.");
    await note.getByRole('button', { name: 'Keep on this device' }).waitFor();
    await note.getByRole('button', { name: 'Discard' }).waitFor();
    // The status line says so too, never "Synced" while the refusal waits for a decision.
    await expect.poll(() => syncStatus(panelG).textContent()).toContain("Not shared: guests can't add risks.");
    expect(await syncStatus(panelG).textContent()).not.toMatch(/Synced/);

    await note.getByRole('button', { name: 'Keep on this device' }).click();
    await note.waitFor({ state: 'detached' });
    await kept.waitFor();
    await expect.poll(() => syncStatus(panelG).textContent()).not.toContain('Not shared');

    const DISCARDED = 'Catering cancels';
    await addRisk(panelG, DISCARDED);
    const discarded = risks(panelG).filter({ hasText: DISCARDED });
    const secondNote = discarded.locator('.refused');
    await secondNote.waitFor({ timeout: 15_000 });
    await expect.poll(() => secondNote.locator('span.grow').textContent()).toBe("Not shared: guests can't add risks.");
    await secondNote.getByRole('button', { name: 'Discard' }).click();
    await discarded.waitFor({ state: 'detached' });
    await kept.waitFor();

    // A's own risk reaches the guest, so everything before it has synced; A never got either of the guest's.
    const A_RISK = 'Storm season starts early';
    await addRisk(panelA, A_RISK);
    await risks(panelG).filter({ hasText: A_RISK }).waitFor({ timeout: 15_000 });
    await synced(panelA);
    await expect.poll(() => risks(panelA).count()).toBe(risksInA + 1);
    expect(await risks(panelA).filter({ hasText: KEPT }).count()).toBe(0);
    expect(await risks(panelA).filter({ hasText: DISCARDED }).count()).toBe(0);
    await expect.poll(() => risks(panelG).filter({ hasText: KEPT }).count()).toBe(1);
    await expect.poll(() => risks(panelG).filter({ hasText: DISCARDED }).count()).toBe(0);
  });
});

describe('creating a team after working without a server', () => {
  const SOLO_TEAM = 'Lighthouse crew';
  const SOLO_PROJECT = 'Lighthouse launch';
  let c: ExtensionBrowser;
  let d: ExtensionBrowser;

  beforeAll(async () => {
    [c, d] = await Promise.all([launchExtension({ extensionDir }), launchExtension({ extensionDir })]);
  });
  afterAll(async () => {
    await Promise.allSettled([c?.close(), d?.close()]);
  });

  const count = (panel: Page) =>
    Promise.all(['#objectives', '#milestones', '#risks'].map((id) => panel.locator(`${id} .dash-item`).count())).then(
      (n) => n.join(','),
    );
  let panelC: Page;
  /** "objectives,milestones,risks" of the project as made from the template in this browser. */
  let charter = '';

  it('creates a project from the product launch template in a browser with no team', async () => {
    panelC = await c.open('sidepanel.html');
    await panelC.getByRole('button', { name: 'New project', exact: true }).click();
    const dialog = panelC.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Start from').selectOption({ label: 'Template: Product launch' });
    await dialog.getByLabel('Name').fill(SOLO_PROJECT);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.waitFor({ state: 'detached' });
    await openProject(panelC, SOLO_PROJECT);
    await expect.poll(() => panelC.locator('#risks .dash-item').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => panelC.locator('#milestones .dash-item').count()).toBeGreaterThanOrEqual(5);
    await expect.poll(() => panelC.locator('#objectives .dash-item').count()).toBeGreaterThanOrEqual(3);
    charter = await count(panelC);
  });

  it("creating a team and moving this device's data says how many items moved into the private space", async () => {
    const optionsC = await createTeamInOptions(c, {
      serverUrl: server.url,
      teamName: SOLO_TEAM,
      userName: 'Cy',
      moveDeviceData: true,
    });
    try {
      const moved = optionsC.getByRole('status').filter({ hasText: `Team “${SOLO_TEAM}” created.` });
      await moved.waitFor({ timeout: 10_000 });
      await expect
        .poll(() => moved.textContent())
        .toMatch(/^Team “.+” created\. \d+ items from this device now sync to your private space on .+\.$/);
      const [, items] = /(\d+) items from this device/.exec((await moved.textContent()) ?? '') ?? [];
      // The project and every charter row it has (objectives, milestones, risks, and whatever else it holds).
      const rows = charter.split(',').reduce((sum, n) => sum + Number(n), 1);
      expect(Number(items)).toBeGreaterThanOrEqual(rows);
    } finally {
      await optionsC.screenshot({ path: join(tmpdir(), 'waypoint-sync-safety-team-created.png'), fullPage: true });
      await optionsC.close();
    }
  });

  it('sharing the project then gives a teammate every objective, milestone and risk of it', async () => {
    const optionsC = await c.open('options.html#team');
    const link = await createInvitation(optionsC);
    const optionsD = await joinByLink(d, link, 'Dee');
    await Promise.all([optionsC.close(), optionsD.close()]);

    // Share the project with the team from its edit form.
    await panelC.reload();
    await openProject(panelC, SOLO_PROJECT);
    await dashboard(panelC).locator('header.overview').getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = panelC.getByRole('dialog', { name: 'Edit project' });
    await edit.getByLabel('Shared with').selectOption({ label: `Team: ${SOLO_TEAM}` });
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await synced(panelC);

    const panelD = await d.open('sidepanel.html');
    await expect
      .poll(() => panelD.getByLabel('Project', { exact: true }).textContent(), { timeout: 15_000 })
      .toContain(SOLO_PROJECT);
    await openProject(panelD, SOLO_PROJECT);
    await expect.poll(() => count(panelD), { timeout: 15_000 }).toBe(charter);
    await expect.poll(() => count(panelC)).toBe(charter);
  });
});

describe('notification buttons after the service worker stopped', () => {
  let e: ExtensionBrowser;
  let site: FixtureServer;

  beforeAll(async () => {
    [e, site] = await Promise.all([
      launchExtension({ extensionDir }),
      serveFixtures({ '/agenda': '<!doctype html><title>Harbour agenda</title><h1>Agenda</h1>' }),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([e?.close(), site?.close()]);
  });

  /**
   * Record what the current worker passes to chrome.notifications.create (a spy in its global scope: gone with
   * the worker). Chrome offers no way to read a notification's title or buttons back.
   */
  const spyOnNotifications = () =>
    e.worker.evaluate(() => {
      const created: { id: string; title: string; buttons: string[] }[] = [];
      (globalThis as unknown as { created: typeof created }).created = created;
      const api = chrome.notifications as unknown as { create: (...args: unknown[]) => unknown };
      const original = api.create.bind(chrome.notifications);
      api.create = (...args: unknown[]) => {
        const options = (typeof args[0] === 'string' ? args[1] : args[0]) as {
          title?: string;
          buttons?: { title: string }[];
        };
        const callback = args.find((arg) => typeof arg === 'function') as ((id: string) => void) | undefined;
        const record = (id: string) =>
          created.push({ id, title: options.title ?? '', buttons: (options.buttons ?? []).map((b) => b.title) });
        if (callback)
          return original(...args.filter((arg) => arg !== callback), (id: string) => {
            record(id);
            callback(id);
          });
        return (original(...args) as Promise<string>).then((id) => {
          record(id);
          return id;
        });
      };
    });
  const created = () =>
    e.worker.evaluate(
      () => (globalThis as unknown as { created: { id: string; title: string; buttons: string[] }[] }).created,
    );
  const onScreen = () => e.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
  const press = (id: string, index: number) =>
    e.worker.evaluate(
      ([n, i]) =>
        (chrome.notifications.onButtonClicked as unknown as { dispatch(id: string, index: number): void }).dispatch(
          n,
          i,
        ),
      [id, index] as const,
    );

  it('Undo deletes the captured task, and Add anyway adds a second one, each pressed on a restarted worker', async () => {
    const url = `${site.origin}/agenda`;
    const page = await e.context.newPage();
    await page.goto(url);
    const tab = await tabOf(e.worker, url);
    const info = { menuItemId: 'capture:inbox', pageUrl: tab.url, editable: false };
    const live = (tasks: Awaited<ReturnType<typeof storedTasks>>) =>
      tasks.filter((t) => t.source?.url === url && !t.deleted);

    await spyOnNotifications();
    await clickContextMenu(e.worker, info, tab);
    const [task] = live(await waitForTasks(e.worker, (tasks) => live(tasks).length === 1));
    await expect.poll(async () => (await created()).length).toBe(1);
    const [added] = await created();
    expect(added).toMatchObject({ title: 'Added to Inbox', buttons: ['Undo'] });
    await expect.poll(onScreen).toContain(added?.id);

    await restartServiceWorker(e);
    await press(added?.id ?? '', 0);
    await waitForTasks(e.worker, (tasks) => tasks.some((t) => t.id === task?.id && t.deleted));
    await expect.poll(onScreen).not.toContain(added?.id);

    // The page again: a new task; and once more: the duplicate notification.
    await spyOnNotifications();
    await clickContextMenu(e.worker, info, tab);
    await waitForTasks(e.worker, (tasks) => live(tasks).length === 1);
    await expect.poll(async () => (await created()).length).toBe(1);
    await clickContextMenu(e.worker, info, tab);
    await expect.poll(async () => (await created()).length).toBe(2);
    const duplicate = (await created())[1];
    expect(duplicate?.title).toMatch(/^Already a task in /);
    expect(duplicate?.buttons).toEqual(['Open it', 'Add anyway']);
    expect(live(await storedTasks(e.worker))).toHaveLength(1);

    await restartServiceWorker(e);
    await press(duplicate?.id ?? '', 1);
    const tasks = live(await waitForTasks(e.worker, (all) => live(all).length === 2));
    expect(tasks.every((t) => t.title === 'Harbour agenda')).toBe(true);
    await page.close();
  });
});
