// The built extension in a French Chromium (--lang=fr): the popup and the side panel speak French, and quick
// add reads French ("demain 15h", "chaque lundi") into the right task.
import { civilDateTime } from '@@/shared/dates';
import { parseQuickAdd } from '@@/shared/quick-add';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from './harness';
import { row, section, storedTasks } from './ui';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension({ args: ['--lang=fr'] });
});
afterAll(async () => {
  await browser?.close();
});

describe('in French', () => {
  it('the popup is in French and quick add reads “demain 15h” as tomorrow at 15:00', async () => {
    const popup = await browser.open('popup.html');
    await expect.poll(() => popup.locator('h1').textContent()).toBe('Mes tâches');
    const input = popup.getByLabel('Ajout rapide de tâche');
    await expect.poll(() => input.getAttribute('placeholder')).toMatch(/^Ajouter une tâche… ex\./);
    await expect.poll(() => popup.getByText('Rien à faire pour l’instant.').count()).toBe(1);
    await expect.poll(() => popup.getByRole('button', { name: 'Projets' }).count()).toBe(1);

    await input.pressSequentially('Appeler Léa demain 15h');
    const due = popup.locator('.chip[data-kind=due]');
    await due.waitFor();
    await expect.poll(() => due.textContent()).toContain('Demain 15:00');
    await expect.poll(() => popup.getByRole('button', { name: /^Retirer Demain 15:00/ }).count()).toBe(1);
    await input.press('Enter');

    // Tomorrow is upcoming; the row says when in French.
    const added = row(section(popup, 'À venir'), 'Appeler Léa');
    await added.waitFor();
    await expect.poll(() => added.locator('.meta').textContent()).toContain('demain 15:00');
    await expect
      .poll(async () => (await storedTasks(browser.worker)).find((t) => t.title === 'Appeler Léa'))
      .toBeTruthy();
    const task = (await storedTasks(browser.worker)).find((t) => t.title === 'Appeler Léa');
    const now = new Date();
    const expected = parseQuickAdd('Appeler Léa demain 15h', { now, projects: [], language: 'fr' });
    expect(task?.dueAt).toBe(expected.dueAt);
    const civil = civilDateTime(new Date(task?.dueAt ?? ''));
    expect(`${civil.hour}:${civil.minute}`).toBe('15:0');
    await expect.poll(() => popup.locator('.toast').textContent()).toContain('Ajoutée à Boîte de réception');
    await popup.close();
  });

  it('“chaque lundi” makes a task that repeats every Monday, described in French', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Ajout rapide de tâche');
    await input.fill('Sport chaque lundi 7h');
    const chip = popup.locator('.chip[data-kind=recurrence]');
    await chip.waitFor();
    await expect.poll(() => chip.textContent()).toContain('chaque lundi 07:00');
    await input.press('Enter');
    const added = row(popup, 'Sport');
    await added.waitFor();
    await expect.poll(() => added.locator('.repeats').textContent()).toContain('chaque lundi à 07:00');
    await expect.poll(async () => (await storedTasks(browser.worker)).find((t) => t.title === 'Sport')).toBeTruthy();
    const stored = (await storedTasks(browser.worker)).find((t) => t.title === 'Sport') as unknown as {
      recurrence: { rule: string } | null;
      dueAt: string;
    };
    expect(stored.recurrence?.rule).toBe('FREQ=WEEKLY;BYDAY=MO');
    expect(civilDateTime(new Date(stored.dueAt)).weekday).toBe(1);
    await popup.close();
  });

  it('the side panel is in French', async () => {
    const panel = await browser.open('sidepanel.html');
    await expect.poll(() => panel.getByRole('button', { name: 'Nouveau projet' }).count()).toBe(1);
    await expect.poll(() => panel.getByText('Aucun projet pour l’instant.').count()).toBe(1);
    await expect.poll(() => panel.getByRole('heading', { name: /^Travailler en équipe\s\?$/ }).count()).toBe(1);
    await expect.poll(() => panel.getByRole('button', { name: 'Créer un projet' }).count()).toBe(1);
    await expect.poll(() => panel.getByLabel('Projet', { exact: true }).count()).toBeGreaterThan(0);
    await panel.close();
  });
});
