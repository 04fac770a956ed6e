// Steps (a task's checklist) in the built extension: added in the task editor, ticked, renamed, reordered with the
// buttons and the keyboard, deleted and brought back, "2/5" on the row; then two browsers of one team tick
// different steps of one task at the same time, offline, and both end with both ticked.
import type { Locator, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violations } from './axe';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createInvitation, createSharedProject, createTeamInOptions, joinByLink, projectId, syncStatus } from './team';
import { quickAdd, row } from './ui';

interface StoredStep {
  id: string;
  taskId: string;
  title: string;
  done: boolean;
  position: string;
  teamId: string | null;
  deleted: boolean;
}

/** Every row of the `steps` store, read with plain IndexedDB in the service worker (no extension code). */
function storedSteps(worker: Worker): Promise<StoredStep[]> {
  return worker.evaluate(
    () =>
      new Promise<StoredStep[]>((resolve, reject) => {
        const open = indexedDB.open('waypoint');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('steps', 'readonly').objectStore('steps').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve(request.result as StoredStep[]);
          };
        };
      }),
  );
}

/** The step titles of the open editor, in the order shown. */
const shownSteps = (dialog: Locator) => dialog.locator('li.step .step-text').allTextContents();

async function addSteps(dialog: Locator, titles: string[]) {
  const field = dialog.getByLabel('New step');
  for (const title of titles) {
    await field.fill(title);
    await field.press('Enter');
    await dialog.getByRole('checkbox', { name: title, exact: true }).waitFor();
    // The field stays for the next step, emptied.
    await expect.poll(() => field.inputValue()).toBe('');
  }
}

const extensionDir = process.env.WAYPOINT_EXTENSION_DIR ?? EXTENSION_DIR;

describe('steps in one browser', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchExtension({ extensionDir });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('adds, ticks, renames, reorders and deletes steps in the editor, and shows 2/5 on the row', async () => {
    const popup = await browser.open('popup.html');
    const trip = await quickAdd(popup, 'Pack for the trip', 'Pack for the trip');
    await trip.getByRole('button', { name: 'Edit “Pack for the trip”' }).click();
    const dialog = popup.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByText('Break the task into steps').waitFor();
    await addSteps(dialog, ['Passport', 'Chargers', 'Tickets', 'Sunscreen', 'Book']);
    // Enter added steps: the editor is still open and nothing else was saved.
    await expect.poll(() => shownSteps(dialog)).toEqual(['Passport', 'Chargers', 'Tickets', 'Sunscreen', 'Book']);

    await dialog.getByRole('checkbox', { name: 'Passport', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'Tickets', exact: true }).check();
    await expect.poll(() => dialog.getByTestId('steps-progress').textContent()).toContain('2/5');
    expect(await violations(popup)).toEqual([]);

    // Reorder: a button moves Book up, the keyboard (Alt+↑ on the focused step) moves Tickets to the top.
    await dialog.getByRole('button', { name: 'Move “Book” up' }).click();
    await expect.poll(() => shownSteps(dialog)).toEqual(['Passport', 'Chargers', 'Tickets', 'Book', 'Sunscreen']);
    const tickets = dialog.getByRole('checkbox', { name: 'Tickets', exact: true });
    await tickets.focus();
    await popup.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => shownSteps(dialog)).toEqual(['Passport', 'Tickets', 'Chargers', 'Book', 'Sunscreen']);
    // Focus follows the moved step, so a second press moves it again.
    await expect.poll(() => tickets.evaluate((el) => el === document.activeElement)).toBe(true);
    await popup.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => shownSteps(dialog)).toEqual(['Tickets', 'Passport', 'Chargers', 'Book', 'Sunscreen']);

    // Dragging a step onto another puts it in that one's place.
    await dialog
      .locator('li.step', { hasText: 'Sunscreen' })
      .dragTo(dialog.locator('li.step', { hasText: 'Passport' }));
    await expect.poll(() => shownSteps(dialog)).toEqual(['Tickets', 'Sunscreen', 'Passport', 'Chargers', 'Book']);
    await dialog.locator('li.step', { hasText: 'Sunscreen' }).dragTo(dialog.locator('li.step', { hasText: 'Book' }));
    await expect.poll(() => shownSteps(dialog)).toEqual(['Tickets', 'Passport', 'Chargers', 'Book', 'Sunscreen']);

    // Rename in place: Esc leaves the rename only, Enter saves.
    await dialog.getByRole('button', { name: 'Rename step “Book”' }).click();
    const rename = dialog.getByLabel('New name for “Book”');
    await rename.fill('Paperback');
    await rename.press('Escape');
    await expect.poll(() => shownSteps(dialog)).toContain('Book');
    await expect(dialog.isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Rename step “Book”' }).click();
    await rename.fill('Paperback');
    await rename.press('Enter');
    await expect.poll(() => shownSteps(dialog)).toEqual(['Tickets', 'Passport', 'Chargers', 'Paperback', 'Sunscreen']);

    // Delete, then Undo (offered in the editor: the page's toast is behind the modal dialog).
    await dialog.getByRole('button', { name: 'Delete step “Sunscreen”' }).click();
    await expect.poll(() => shownSteps(dialog)).toEqual(['Tickets', 'Passport', 'Chargers', 'Paperback']);
    await expect.poll(() => dialog.getByTestId('steps-progress').textContent()).toContain('2/4');
    await dialog
      .getByRole('status')
      .filter({ hasText: 'Deleted step “Sunscreen”' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(() => shownSteps(dialog)).toEqual(['Tickets', 'Passport', 'Chargers', 'Paperback', 'Sunscreen']);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => trip.locator('.step-progress').textContent()).toContain('2/5');
    await expect.poll(() => trip.locator('.step-progress').getAttribute('title')).toBe('2 of 5 steps done');
    expect(await violations(popup)).toEqual([]);

    // Stored as five rows of their own, ordered by their position keys; a reopened popup shows the same.
    const stored = (await storedSteps(browser.worker)).filter((s) => !s.deleted);
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((s) => s.taskId)).size).toBe(1);
    const byPosition = [...stored].sort((x, y) => (x.position < y.position ? -1 : x.position > y.position ? 1 : 0));
    expect(byPosition.map((s) => s.title)).toEqual(['Tickets', 'Passport', 'Chargers', 'Paperback', 'Sunscreen']);
    await popup.close();
    const again = await browser.open('popup.html');
    await expect.poll(() => row(again, 'Pack for the trip').locator('.step-progress').textContent()).toContain('2/5');

    // Deleting the task takes its steps along; Undo brings them back.
    await row(again, 'Pack for the trip').getByRole('button', { name: 'Delete “Pack for the trip”' }).click();
    await row(again, 'Pack for the trip').waitFor({ state: 'detached' });
    await again
      .getByRole('status')
      .filter({ hasText: 'Deleted “Pack for the trip”' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(() => row(again, 'Pack for the trip').locator('.step-progress').textContent()).toContain('2/5');
    await again.close();
  });

  it('completing a repeating task unticks its steps for the next occurrence; Undo ticks them again', async () => {
    const popup = await browser.open('popup.html');
    const input = popup.getByLabel('Quick add task');
    await input.fill('Tidy the desk every friday');
    await popup.locator('.chip[data-kind=recurrence]').waitFor();
    await input.press('Enter');
    const review = row(popup, 'Tidy the desk');
    await review.waitFor();
    await review.getByRole('button', { name: 'Edit “Tidy the desk”' }).click();
    const dialog = popup.getByRole('dialog', { name: 'Edit task' });
    await addSteps(dialog, ['Inbox zero', 'Plan next week']);
    await dialog.getByRole('checkbox', { name: 'Inbox zero', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'Plan next week', exact: true }).check();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => review.locator('.step-progress').textContent()).toContain('2/2');

    await review.getByRole('checkbox', { name: 'Complete “Tidy the desk”' }).click();
    await expect.poll(() => review.locator('.meta').textContent()).toContain('done 1×');
    await expect.poll(() => review.locator('.step-progress').textContent()).toContain('0/2');
    await popup
      .getByRole('status')
      .filter({ hasText: 'Completed “Tidy the desk” — next' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(() => review.locator('.step-progress').textContent()).toContain('2/2');
    await expect.poll(() => review.locator('.meta').textContent()).not.toContain('done 1×');
    await popup.close();
  });
});

describe('steps between two browsers of one team', () => {
  const TEAM = 'Trail crew';
  const PROJECT = 'Field day';
  const TASK = 'Set up the stand';
  let server: ServerProcess;
  let a: ExtensionBrowser;
  let b: ExtensionBrowser;
  let panelA: Page;
  let panelB: Page;

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

  const board = (panel: Page) => panel.locator('article.project #board');
  const synced = (page: Page) =>
    syncStatus(page).and(page.locator('[data-state="synced"][data-pending="0"]')).waitFor({ timeout: 15_000 });

  async function openEditor(panel: Page): Promise<Locator> {
    await row(board(panel), TASK).getByRole('button', { name: TASK, exact: true }).click();
    const dialog = panel.getByRole('dialog', { name: 'Edit task' });
    await dialog.waitFor();
    return dialog;
  }

  it('ticking different steps of one task at the same time keeps both ticks', async () => {
    const options = await createTeamInOptions(a, { serverUrl: server.url, teamName: TEAM, userName: 'Ada' });
    await joinByLink(b, await createInvitation(options), 'Bo');
    panelA = await a.open('sidepanel.html');
    const project = await createSharedProject(panelA, PROJECT, TEAM);
    await quickAdd(panelA, TASK, TASK);
    let dialog = await openEditor(panelA);
    await addSteps(dialog, ['Tent', 'Banner', 'Flyers']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row(board(panelA), TASK).locator('.step-progress').textContent()).toContain('0/3');

    panelB = await b.open('sidepanel.html');
    expect(await projectId(panelB, PROJECT)).toBe(project);
    await panelB.getByLabel('Project', { exact: true }).selectOption(project);
    await expect
      .poll(() => row(board(panelB), TASK).locator('.step-progress').textContent(), { timeout: 15_000 })
      .toContain('0/3');
    await Promise.all([synced(panelA), synced(panelB)]);

    // Both go offline and each ticks a different step of the same task: neither has seen the other's tick.
    await Promise.all([a.context.setOffline(true), b.context.setOffline(true)]);
    dialog = await openEditor(panelA);
    await dialog.getByRole('checkbox', { name: 'Tent', exact: true }).check();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const dialogB = await openEditor(panelB);
    await dialogB.getByRole('checkbox', { name: 'Flyers', exact: true }).check();
    await dialogB.getByRole('button', { name: 'Cancel' }).click();
    for (const panel of [panelA, panelB])
      await expect.poll(() => row(board(panel), TASK).locator('.step-progress').textContent()).toContain('1/3');

    await Promise.all([a.context.setOffline(false), b.context.setOffline(false)]);
    for (const panel of [panelA, panelB])
      await expect
        .poll(() => row(board(panel), TASK).locator('.step-progress').textContent(), { timeout: 20_000 })
        .toContain('2/3');
    await Promise.all([synced(panelA), synced(panelB)]);
    for (const browser of [a, b]) {
      const steps = (await storedSteps(browser.worker)).filter((s) => !s.deleted);
      expect(
        steps
          .filter((s) => s.done)
          .map((s) => s.title)
          .sort(),
      ).toEqual(['Flyers', 'Tent']);
      expect(steps.every((s) => s.teamId === steps[0]?.teamId && s.teamId !== null)).toBe(true);
    }
    // The editor in B shows both ticks too, in the order A made.
    dialog = await openEditor(panelB);
    await expect.poll(() => shownSteps(dialog)).toEqual(['Tent', 'Banner', 'Flyers']);
    await expect(dialog.getByRole('checkbox', { name: 'Tent', exact: true }).isChecked()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
