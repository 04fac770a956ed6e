// E2E helpers that act through the real UI (side panel, popup) and read the real IndexedDB from the worker.
import type { Locator, Page, Worker } from 'playwright-core';
import { type ExtensionBrowser, waitUntil } from './harness';

export interface ProjectInput {
  name: string;
  objective?: string;
  /** A domain URL rule, e.g. `127.0.0.1`. */
  domainRule?: string;
  /** Share captured quotes with the team: a selection is then titled by its first line. */
  shareQuotes?: boolean;
}

/** Create a project through the side panel's "New project" dialog; returns its id. */
export async function createProject(browser: ExtensionBrowser, input: ProjectInput, panel?: Page): Promise<string> {
  const page = panel ?? (await browser.open('sidepanel.html'));
  await page.getByRole('button', { name: 'New project', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name').fill(input.name);
  if (input.objective) await dialog.getByLabel(/^Objective/).fill(input.objective);
  if (input.domainRule) {
    await dialog.getByRole('button', { name: 'Add a URL rule' }).click();
    await dialog.getByLabel('Rule 1 value').fill(input.domainRule);
  }
  if (input.shareQuotes) await dialog.getByLabel(/^Share captured quotes/).check();
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await dialog.waitFor({ state: 'detached' });
  const option = page.getByLabel('Project', { exact: true }).locator('option', { hasText: input.name });
  await option.waitFor({ state: 'attached' });
  const id = await option.getAttribute('value');
  if (!id) throw new Error(`Project ${input.name} has no id`);
  if (!panel) await page.close();
  return id;
}

export interface StoredTask {
  id: string;
  title: string;
  status: string;
  deleted: boolean;
  projectId: string | null;
  priority: number;
  dueAt: string | null;
  sourceKey?: string;
  source: { kind: string; url: string } | null;
}

/** Every row of the `tasks` store, read with plain IndexedDB in the service worker (no extension code). */
export async function storedTasks(worker: Worker): Promise<StoredTask[]> {
  return worker.evaluate(
    () =>
      new Promise<StoredTask[]>((resolve, reject) => {
        const open = indexedDB.open('waypoint');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('tasks', 'readonly').objectStore('tasks').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve(request.result as StoredTask[]);
          };
        };
      }),
  );
}

/** Poll the database until `predicate` holds; returns the rows. */
export async function waitForTasks(
  worker: Worker,
  predicate: (tasks: StoredTask[]) => boolean,
  timeoutMs = 10_000,
): Promise<StoredTask[]> {
  return waitUntil(() => storedTasks(worker), predicate, 'the stored tasks', timeoutMs);
}

/** The popup's list for one section (`Overdue`, `Today`, `Upcoming`, `No date`, `Done today`). */
export function section(page: Page, name: string): Locator {
  return page.getByRole('list', { name, exact: true });
}

/** The row of a task by its exact title, anywhere on the page. */
export function row(scope: Page | Locator, title: string): Locator {
  const page = 'page' in scope ? scope.page() : scope;
  return scope.locator('li.task').filter({ has: page.locator('button.title', { hasText: exactText(title) }) });
}

const exactText = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Expand a collapsed popup section ("Done today" starts collapsed); resolves once its list shows. */
export async function expandSection(page: Page, name: string): Promise<void> {
  const header = page.locator('h2 button', { hasText: name });
  await header.waitFor();
  // Whether the section is collapsed lives in the popup's memory only, set when it renders: read it once shown.
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  await section(page, name).waitFor();
}

/** Type a line into quick add and press Enter; waits until the row shows up. */
export async function quickAdd(page: Page, text: string, expectTitle: string): Promise<Locator> {
  const input = page.getByLabel('Quick add task');
  await input.fill(text);
  await input.press('Enter');
  const added = row(page, expectTitle);
  await added.first().waitFor();
  return added;
}
