// Project management end to end: a project from a template, a captured page placed in one of its milestones,
// progress and alignment moving, a teammate's dashboard showing a new risk without a reload, and the status
// page served by the real server (and refused once revoked).
import { findTemplate } from '@@/shared/templates';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { createInvitation, createTeamInOptions, joinByLink, projectId } from './team';
import { row, waitForTasks } from './ui';

const TEAM = 'Aurora crew';
const PROJECT = 'Aurora launch';
/** The risks the product launch template starts a project with. */
const TEMPLATE_RISKS = findTemplate('product-launch')?.risks.length ?? 0;
const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;

let server: ServerProcess;
let site: FixtureServer;
let a: ExtensionBrowser;
let b: ExtensionBrowser;
let panelA: Page;
let panelB: Page;
let project = '';

beforeAll(async () => {
  [server, site, a, b] = await Promise.all([
    startServerProcess(),
    serveFixtures({
      '/pricing': '<!doctype html><title>Pricing page draft</title><h1>Pricing</h1><p>Three plans.</p>',
    }),
    launchExtension({ extensionDir }),
    launchExtension({ extensionDir }),
  ]);
  const optionsA = await createTeamInOptions(a, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
  const link = await createInvitation(optionsA);
  const optionsB = await joinByLink(b, link, 'Bo');
  await Promise.all([optionsA.close(), optionsB.close()]);
});
afterAll(async () => {
  await Promise.allSettled([a?.close(), b?.close(), site?.close()]);
  await server?.stop();
});

const dashboard = (panel: Page) => panel.locator('article.project');
const progressText = (panel: Page) => dashboard(panel).locator('header.overview .meter .muted').first();
const alignment = (panel: Page) => panel.locator('#alignment [role=progressbar]');
const risks = (panel: Page) => panel.locator('#risks .dash-item');

/** Show the project's dashboard in a side panel (the panel does not keep the choice across a reload). */
async function openDashboard(panel: Page) {
  await panel.getByLabel('Project', { exact: true }).selectOption(await projectId(panel, PROJECT));
  await dashboard(panel).getByRole('heading', { name: PROJECT }).waitFor();
}

// Every test after the first starts from A's panel freshly loaded on the project, as a person recovers: a test
// that fails with the task editor (a modal dialog) open must not block the clicks of the tests after it.
beforeEach(async () => {
  if (!panelA || !project) return;
  await panelA.reload();
  await openDashboard(panelA);
});

describe('running a project from the side panel', () => {
  it('creates a project from the product launch template, shared with the team', async () => {
    panelA = await a.open('sidepanel.html');
    await panelA.getByRole('button', { name: 'New project', exact: true }).click();
    const dialog = panelA.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Start from').selectOption({ label: 'Template: Product launch' });
    await dialog.getByLabel('Name').fill(PROJECT);
    await dialog.getByLabel('Shared with').selectOption({ label: `Team: ${TEAM}` });
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.waitFor({ state: 'detached' });
    project = await projectId(panelA, PROJECT);
    await openDashboard(panelA);
    // The template filled in objectives, phases and milestones, and typical risks.
    await expect.poll(() => panelA.locator('#objectives .dash-item').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => panelA.locator('#milestones .dash-item').count()).toBeGreaterThanOrEqual(5);
    await expect.poll(() => risks(panelA).count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => dashboard(panelA).locator('p.objective').textContent()).toMatch(/\w+/);
  });

  it('captures a page into the project, then into a milestone: progress and alignment move', async () => {
    const page = await a.context.newPage();
    await page.goto(`${site.origin}/pricing`);
    const tab = await tabOf(a.worker, `${site.origin}/pricing`);
    await clickContextMenu(
      a.worker,
      { menuItemId: `capture:project:${project}`, pageUrl: tab.url, editable: false },
      tab,
    );
    const tasks = await waitForTasks(a.worker, (all) => all.some((t) => t.title === 'Pricing page draft'));
    const captured = tasks.find((t) => t.title === 'Pricing page draft');
    expect(captured?.projectId).toBe(project);
    const task = row(dashboard(panelA), 'Pricing page draft').first();
    await task.waitFor();
    await expect.poll(() => progressText(panelA).textContent()).toMatch(/^0 of 1 task done/);
    await expect.poll(() => alignment(panelA).getAttribute('aria-valuenow')).toBe('0');
    await expect
      .poll(() => panelA.getByRole('list', { name: 'Orphan tasks' }).getByText('Pricing page draft').count())
      .toBe(1);

    // Place it in a milestone from the task editor: it now serves the plan.
    await task.getByRole('button', { name: 'Pricing page draft', exact: true }).click();
    const editor = panelA.getByRole('dialog', { name: 'Edit task' });
    const milestone = editor.getByLabel('Milestone');
    // The milestones come from a live query that answers after the dialog opens: wait for the one to pick.
    const choice = milestone.locator('option', { hasText: /Positioning and pricing/i });
    await choice.waitFor({ state: 'attached' });
    const option = (await choice.textContent()) ?? '';
    expect(option).toMatch(/Positioning and pricing/i);
    await milestone.selectOption({ label: option });
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => alignment(panelA).getAttribute('aria-valuenow')).toBe('100');
    await expect.poll(() => panelA.getByRole('list', { name: 'Orphan tasks' }).count()).toBe(0);

    // Completing it moves the project's progress and the milestone's.
    await row(dashboard(panelA), 'Pricing page draft').first().getByRole('checkbox').first().check();
    await expect.poll(() => progressText(panelA).textContent()).toMatch(/^1 of 1 task done \(100%\)/);
    await expect
      .poll(() => panelA.locator('#milestones .dash-item', { hasText: option }).textContent())
      .toMatch(/1 of 1 task\b/);
    await page.close();
  });

  it("shows a new risk in a teammate's open dashboard without a reload", async () => {
    panelB = await b.open('sidepanel.html');
    await expect
      .poll(
        async () => (await panelB.getByLabel('Project', { exact: true }).locator('option').allTextContents()).join('|'),
        { timeout: 15_000 },
      )
      .toContain(PROJECT);
    await panelB.getByLabel('Project', { exact: true }).selectOption(project);
    // B's dashboard has received the template's risks before the new one is added.
    const before = TEMPLATE_RISKS;
    expect(before).toBeGreaterThanOrEqual(3);
    await expect.poll(() => risks(panelB).count(), { timeout: 15_000 }).toBe(before);

    await panelA
      .locator('#risks')
      .getByRole('button', { name: /Add a risk/ })
      .click();
    const form = panelA.getByRole('form', { name: 'New risk' });
    await form.getByLabel('Risk', { exact: true }).fill('Payment provider certification slips');
    await form.getByLabel('Probability (1–5)').selectOption('4');
    await form.getByLabel('Impact (1–5)').selectOption('5');
    await form.getByRole('button', { name: 'Add risk' }).click();

    const risk = panelB.locator('#risks .dash-item', { hasText: 'Payment provider certification slips' });
    await risk.waitFor({ timeout: 15_000 });
    await expect.poll(() => risks(panelB).count()).toBe(before + 1);
    await expect.poll(() => risk.textContent()).toMatch(/20/);
    // The score-20 risk lands in the matrix's red cell (probability 4, impact 5).
    await expect
      .poll(() => panelB.locator('table.risk-matrix td[title^="Probability 4, impact 5"]').textContent())
      .toBe('1');
  });

  it('serves a status page with the same figures from the real server, and refuses it once revoked', async () => {
    const section = panelA.locator('#status-page');
    await section.getByRole('button', { name: 'Status page for stakeholders' }).click();
    await section.getByRole('button', { name: 'Create a status page link' }).click();
    const link = section.getByRole('textbox', { name: 'Status page link' });
    await expect.poll(() => link.inputValue()).toMatch(new RegExp(`^${server.url}/s/ws_`));
    const url = await link.inputValue();

    const page = await a.context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    // The status page is static HTML (no script), complete once loaded: read it once.
    const text = ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(PROJECT);
    // The same figures as the dashboard: project progress, the milestone's, and the open risks.
    await expect.poll(() => progressText(panelA).textContent()).toMatch(/^1 of 1 task done/);
    expect(text).toContain('1 of 1 task done');
    // The milestone's line says the same in the same words.
    expect(text.split('1 of 1 task done').length - 1).toBeGreaterThanOrEqual(2);
    await expect.poll(() => risks(panelA).count()).toBe(TEMPLATE_RISKS + 1);
    const names = await risks(panelA).locator('.row > span.grow').allTextContents();
    expect(names.length).toBeGreaterThan(3);
    for (const risk of names) expect(text).toContain(risk);
    expect(text).toContain('Payment provider certification slips');
    expect(await page.locator('script').count()).toBe(0);

    await section.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => section.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    const revoked = await page.goto(url);
    expect(revoked?.status()).toBe(410);
    await page.close();
  });
});
