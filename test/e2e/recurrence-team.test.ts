// A repeating task shared by a team (issue 11, "Done when"): completing it in one browser shows the next
// occurrence in a teammate's, counted once, with its checklist unticked for that occurrence. Two Chromium profiles,
// the built extension, a real server process.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createSharedProject, createTeamInOptions, joinByLink, syncStatus } from './team';
import { quickAdd, row, type StoredTask, storedTasks } from './ui';

const TEAM = 'Greenhouse';
const PROJECT = 'Office plants';
const TASK = 'Water the ferns';

let server: ServerProcess;
let a: ExtensionBrowser;
let b: ExtensionBrowser;
const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;

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

type Stored = StoredTask & { timesDone?: number; recurrence?: { rule: string } | null };
const stored = async (browser: ExtensionBrowser) =>
  (await storedTasks(browser.worker)).filter((t) => t.title === TASK && !t.deleted) as Stored[];
const board = (panel: Page) => panel.locator('article.project #board');
const synced = (page: Page) =>
  syncStatus(page).and(page.locator('[data-state="synced"][data-pending="0"]')).waitFor({ timeout: 15_000 });

describe('a repeating task between teammates', () => {
  it("completing it in one browser shows the next occurrence in the teammate's", async () => {
    const options = await createTeamInOptions(a, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
    await joinByLink(b, await createInvitation(options), 'Bo');
    const panelA = await a.open('sidepanel.html');
    const project = await createSharedProject(panelA, PROJECT, TEAM);
    await quickAdd(panelA, `${TASK} every 3 days`, TASK);
    const mine = row(board(panelA), TASK);
    await expect.poll(() => mine.locator('.meta').textContent()).toContain('every 3 days');

    // A step ticked for this occurrence.
    await mine.getByRole('button', { name: TASK, exact: true }).click();
    const dialog = panelA.getByRole('dialog', { name: 'Edit task' });
    const field = dialog.getByLabel('New step');
    await field.fill('Check the soil');
    await field.press('Enter');
    await dialog.getByRole('checkbox', { name: 'Check the soil', exact: true }).check();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => mine.locator('.step-progress').textContent()).toContain('1/1');

    const panelB = await b.open('sidepanel.html');
    const picker = panelB.getByLabel('Project', { exact: true });
    await picker.locator(`option[value="${project}"]`).waitFor({ state: 'attached', timeout: 15_000 });
    await picker.selectOption(project);
    const theirs = row(board(panelB), TASK);
    await expect.poll(() => theirs.locator('.step-progress').textContent(), { timeout: 15_000 }).toContain('1/1');
    await Promise.all([synced(panelA), synced(panelB)]);
    const [before] = await stored(b);
    expect(before?.timesDone ?? 0).toBe(0);
    const dueText = await theirs.locator('.meta').textContent();

    // A completes this occurrence.
    await mine.getByRole('checkbox', { name: `Complete “${TASK}”` }).click();
    await expect.poll(async () => (await stored(a))[0]?.timesDone).toBe(1);
    const [next] = await stored(a);
    expect(next?.status).toBe('todo');
    expect(Date.parse(next?.dueAt ?? '')).toBeGreaterThan(Date.parse(before?.dueAt ?? ''));

    // B sees the next occurrence, once, counted once, with the step unticked — without a reload.
    await expect.poll(() => theirs.locator('.meta').textContent(), { timeout: 20_000 }).toContain('done 1×');
    await expect.poll(() => theirs.locator('.step-progress').textContent()).toContain('0/1');
    expect(await theirs.locator('.meta').textContent()).not.toBe(dueText);
    await expect(board(panelB).locator('li.task', { hasText: TASK }).count()).resolves.toBe(1);
    await expect
      .poll(async () => (await stored(b)).map((t) => [t.dueAt, t.timesDone, t.status]))
      .toEqual([[next?.dueAt, 1, 'todo']]);
    await Promise.all([synced(panelA), synced(panelB)]);
  });
});
