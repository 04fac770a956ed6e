// Team sync end to end: two Chromium profiles, two members of one team, the built extension, a real server process.
// Nothing between a capture or an edit in one browser and the other browser's UI is mocked.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  EXTENSION_DIR,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createSharedProject, createTeamInOptions, joinByLink, projectId, syncStatus } from './team';
import { row, storedTasks, waitForTasks } from './ui';

const TEAM = 'Atlas crew';
const PROJECT = 'Launch plan';
const SELECTION = 'Ship the onboarding checklist before the launch review.';
// A selection is titled by its page (the quote stays private unless the project shares quotes).
const CAPTURED = 'Launch brief';
const OFFLINE_TITLE = 'Onboarding checklist, edited offline';
const A_TITLE = 'Onboarding checklist, renamed by Ada';

let server: ServerProcess;
let site: FixtureServer;
let a: ExtensionBrowser;
let b: ExtensionBrowser;
let panelA: Page;
let panelB: Page;
let project = '';
let taskId = '';
// A copy of the build can be pinned while other work rebuilds .output (both profiles must load the same one).
const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;

beforeAll(async () => {
  [server, site, a, b] = await Promise.all([
    startServerProcess(),
    serveFixtures({
      '/brief': `<!doctype html><title>Launch brief</title><h1>Launch brief</h1><p>${SELECTION}</p>`,
      '/memo': '<!doctype html><title>Budget review</title><h1>Budget review</h1><p>The agency fee is 40k.</p>',
    }),
    launchExtension({ extensionDir }),
    launchExtension({ extensionDir }),
  ]);
});
afterAll(async () => {
  await Promise.allSettled([a?.close(), b?.close(), site?.close()]);
  await server?.stop();
});

/** The open project's task board in a side panel (other sections, and "This page", may list a task again). */
const projectView = (panel: Page): Locator => panel.locator('article.project #board');

/** Open the task editor from a side panel row, apply `edit` to its form, save. */
async function editTask(panel: Page, title: string, edit: (dialog: Locator) => Promise<unknown>) {
  await row(projectView(panel), title).getByRole('button', { name: title, exact: true }).click();
  const dialog = panel.getByRole('dialog', { name: 'Edit task' });
  try {
    await edit(dialog);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
  } catch (error) {
    // Cancel the editor (Esc) as a person would, so a modal left open cannot block the next tests' clicks.
    await panel.keyboard.press('Escape').catch(() => {});
    await dialog.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
    throw error;
  }
}

/** The status line says everything is pushed and pulled. */
const synced = (page: Page) => syncStatus(page).and(page.locator('[data-state="synced"][data-pending="0"]')).waitFor();

describe('team sync between two browsers', () => {
  it('A creates a team and an invitation; B joins through the invitation link', async () => {
    const optionsA = await createTeamInOptions(a, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
    const link = await createInvitation(optionsA);
    expect(link).toMatch(new RegExp(`^${server.url}/join/[A-Za-z0-9_-]+$`));
    const optionsB = await joinByLink(b, link, 'Bo');
    await optionsB
      .getByRole('list', { name: `Members of ${TEAM}` })
      .getByText('Ada')
      .waitFor();
    await optionsB
      .getByRole('list', { name: `Members of ${TEAM}` })
      .getByText('Bo')
      .waitFor();
    await Promise.all([optionsA.close(), optionsB.close()]);
  });

  it("a capture in A shows up in B's open side panel without a reload", async () => {
    panelA = await a.open('sidepanel.html');
    project = await createSharedProject(panelA, PROJECT, TEAM);

    // B's panel is open on the shared project before anything is captured into it.
    panelB = await b.open('sidepanel.html');
    expect(await projectId(panelB, PROJECT)).toBe(project);
    await panelB.getByLabel('Project', { exact: true }).selectOption(project);
    await projectView(panelB).waitFor();
    await expect.poll(() => projectView(panelB).locator('li.task').count()).toBe(0);
    await panelB.evaluate(() => {
      (window as unknown as { loadedOnce: string }).loadedOnce = 'still the same document';
    });

    const brief = await a.context.newPage();
    await brief.goto(`${site.origin}/brief`);
    const tab = await tabOf(a.worker, `${site.origin}/brief`);
    await clickContextMenu(
      a.worker,
      { menuItemId: `capture:project:${project}`, selectionText: SELECTION, pageUrl: tab.url, editable: false },
      tab,
    );

    const captured = row(projectView(panelB), CAPTURED);
    await captured.waitFor({ timeout: 10_000 });
    await expect(panelB.evaluate(() => (window as unknown as { loadedOnce?: string }).loadedOnce)).resolves.toBe(
      'still the same document',
    );
    await expect.poll(() => captured.getAttribute('data-task-id')).toMatch(/\S/);
    taskId = (await captured.getAttribute('data-task-id')) ?? '';
    // B has it from the server, so A (where it was captured) has stored it.
    const [inA] = (await storedTasks(a.worker)).filter((t) => t.id === taskId);
    expect(inA?.projectId).toBe(project);
    await brief.close();
  });

  it('keeps a captured quote private: the teammate sees the title and link, not the text', async () => {
    const memo = await a.context.newPage();
    await memo.goto(`${site.origin}/memo`);
    const tab = await tabOf(a.worker, `${site.origin}/memo`);
    const quote = 'Budget review\nThe agency fee is 40k; do not forward outside finance.';
    await clickContextMenu(
      a.worker,
      { menuItemId: `capture:project:${project}`, selectionText: quote, pageUrl: tab.url, editable: false },
      tab,
    );
    // A sees its own quote, marked private.
    const mine = row(projectView(panelA), 'Budget review');
    await mine.waitFor({ timeout: 10_000 });
    await expect.poll(() => mine.locator('blockquote').textContent()).toContain('40k');
    // B gets the task (title and link back to the page) without the quote, in the UI and in its database.
    const theirs = row(projectView(panelB), 'Budget review');
    await theirs.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => theirs.getByRole('link', { name: /Open source/ }).getAttribute('href'))
      .toBe(`${site.origin}/memo`);
    await expect.poll(() => theirs.locator('blockquote').count()).toBe(0);
    const [stored] = (await storedTasks(b.worker)).filter((t) => t.title === 'Budget review');
    const [kept] = (await storedTasks(a.worker)).filter((t) => t.title === 'Budget review');
    expect(JSON.stringify(kept)).toContain('40k');
    expect(stored?.source?.url).toBe(`${site.origin}/memo`);
    expect(JSON.stringify(stored)).not.toContain('40k');
    await memo.close();
  });

  it('an edit made offline arrives after reconnecting', async () => {
    await synced(panelB);
    await b.context.setOffline(true);
    await editTask(panelB, CAPTURED, (dialog) =>
      dialog.getByRole('textbox', { name: 'Title', exact: true }).fill(OFFLINE_TITLE),
    );
    await row(projectView(panelB), OFFLINE_TITLE).waitFor();

    const status = syncStatus(panelB);
    await status.and(panelB.locator('[data-state="offline"][data-pending="1"]')).waitFor({ timeout: 10_000 });
    await expect.poll(() => status.textContent()).toMatch(/offline.*1 change will sync/);
    // Nothing leaked out while offline.
    await row(projectView(panelA), CAPTURED).waitFor();
    expect((await storedTasks(a.worker)).find((t) => t.id === taskId)?.title).toBe(CAPTURED);

    await b.context.setOffline(false);
    await row(projectView(panelA), OFFLINE_TITLE).waitFor({ timeout: 15_000 });
    await synced(panelB);
  });

  it('concurrent edits to different fields of one task both survive', async () => {
    // B changes the priority while offline (unsynced); A renames the task meanwhile, and A's rename reaches the server.
    await b.context.setOffline(true);
    await editTask(panelB, OFFLINE_TITLE, (dialog) =>
      dialog.getByRole('combobox', { name: 'Priority', exact: true }).selectOption('1'),
    );
    await syncStatus(panelB).and(panelB.locator('[data-pending="1"]')).waitFor();
    await editTask(panelA, OFFLINE_TITLE, (dialog) =>
      dialog.getByRole('textbox', { name: 'Title', exact: true }).fill(A_TITLE),
    );
    await synced(panelA);

    await b.context.setOffline(false);
    for (const [browser, panel] of [
      [a, panelA],
      [b, panelB],
    ] as const) {
      await row(projectView(panel), A_TITLE).getByText('P1').waitFor({ timeout: 15_000 });
      const tasks = await waitForTasks(browser.worker, (all) =>
        all.some((t) => t.id === taskId && t.title === A_TITLE && t.priority === 1),
      );
      expect(tasks.filter((t) => t.id === taskId)).toHaveLength(1);
    }
    await Promise.all([synced(panelA), synced(panelB)]);
  });
});
