// Project management end to end: a project from a template, a captured page placed in one of its milestones,
// progress and alignment moving, a teammate's dashboard showing a new risk without a reload, and the status
// page served by the real server (and refused once revoked).
import type { Page } from 'playwright-core';
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
import { createInvitation, createTeamInOptions, joinByLink, projectId } from './team';
import { row, waitForTasks } from './ui';

const TEAM = 'Aurora crew';
const PROJECT = 'Aurora launch';
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
    await panelA.getByLabel('Project', { exact: true }).selectOption(project);
    // The template filled in objectives, phases and milestones, and typical risks.
    await expect.poll(() => panelA.locator('#objectives .dash-item').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => panelA.locator('#milestones .dash-item').count()).toBeGreaterThanOrEqual(5);
    await expect.poll(() => panelA.locator('#risks .dash-item').count()).toBeGreaterThanOrEqual(3);
    expect(await dashboard(panelA).locator('p.objective').textContent()).toMatch(/\w+/);
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
    await expect.poll(() => progressText(panelA).textContent()).toMatch(/^0 of 1 tasks done/);
    await expect.poll(() => alignment(panelA).getAttribute('aria-valuenow')).toBe('0');
    await expect(
      panelA.getByRole('list', { name: 'Orphan tasks' }).getByText('Pricing page draft').count(),
    ).resolves.toBe(1);

    // Place it in a milestone from the task editor: it now serves the plan.
    await task.getByRole('button', { name: 'Pricing page draft', exact: true }).click();
    const editor = panelA.getByRole('dialog', { name: 'Edit task' });
    const milestone = editor.getByLabel('Milestone');
    const option = (await milestone.locator('option').allTextContents()).find((text) =>
      /Positioning and pricing/i.test(text),
    );
    expect(option).toBeTruthy();
    await milestone.selectOption({ label: option! });
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => alignment(panelA).getAttribute('aria-valuenow')).toBe('100');
    await expect.poll(() => panelA.getByRole('list', { name: 'Orphan tasks' }).count()).toBe(0);

    // Completing it moves the project's progress and the milestone's.
    await row(dashboard(panelA), 'Pricing page draft').first().getByRole('checkbox').first().check();
    await expect.poll(() => progressText(panelA).textContent()).toMatch(/^1 of 1 tasks done \(100%\)/);
    await expect
      .poll(() => panelA.locator('#milestones .dash-item', { hasText: option! }).textContent())
      .toMatch(/1 of 1 tasks/);
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
    await panelB.locator('#risks').waitFor();
    const before = await panelB.locator('#risks .dash-item').count();

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
    expect(await panelB.locator('#risks .dash-item').count()).toBe(before + 1);
    expect(await risk.textContent()).toMatch(/20/);
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
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/s/ws_`));

    const page = await a.context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    const text = ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(PROJECT);
    // The same figures as the dashboard: project progress, the milestone's, and the open risks.
    const dashboardProgress = (await progressText(panelA).textContent()) ?? '';
    expect(dashboardProgress).toMatch(/^1 of 1 tasks done/);
    expect(text).toContain('1 of 1 tasks done');
    expect(text).toContain('1 / 1 tasks done');
    const risks = await panelA.locator('#risks .dash-item .row > span.grow').allTextContents();
    expect(risks.length).toBeGreaterThan(3);
    for (const risk of risks) expect(text).toContain(risk);
    expect(text).toContain('Payment provider certification slips');
    expect(await page.locator('script').count()).toBe(0);

    await section.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => section.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    const revoked = await page.goto(url);
    expect(revoked?.status()).toBe(410);
    await page.close();
  });
});
