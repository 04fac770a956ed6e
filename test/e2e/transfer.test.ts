// Options: export all data to a file, import it into a fresh profile (lossless), and reject a bad file without changes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickContextMenu,
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  serveFixtures,
  tabOf,
} from './harness';
import { createProject, expandSection, quickAdd, row, type StoredTask, storedTasks, waitForTasks } from './ui';

let first: ExtensionBrowser;
let second: ExtensionBrowser | undefined;
let site: FixtureServer;
let dir: string;
let exported: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waypoint-transfer-'));
  site = await serveFixtures({ '/brief': '<!doctype html><title>Design brief</title><p>Make it calm.</p>' });
  first = await launchExtension();
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

// The importing profile stamps what it writes with its own clock (an import is an edit made now, which a team
// then receives as such): the rows compare by everything but their per-field clocks.
const comparable = (tasks: StoredTask[]) =>
  tasks
    // The clocks differ by design (an import writes with this device's clock); each row must have one.
    .map(({ sourceKey: _s, hlc, hlcs: _h, ...task }: StoredTask & { hlc?: string; hlcs?: Record<string, string> }) => ({
      ...task,
      clocked: typeof hlc === 'string' && hlc.length > 0,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('export and import', () => {
  it('exports every task and project to a JSON file and imports it into a fresh profile', async () => {
    const projectId = await createProject(first, { name: 'Brand refresh', objective: 'A calmer visual identity' });
    const popup = await first.open('popup.html');
    await quickAdd(popup, 'Pick the typeface tomorrow #Brand refresh !2', 'Pick the typeface');
    await quickAdd(popup, 'Collect logo feedback', 'Collect logo feedback');
    // A click, not check(): the row leaves for the collapsed "Done today", so check() cannot see it checked.
    await row(popup, 'Collect logo feedback').getByRole('checkbox').click();
    await row(popup, 'Collect logo feedback').waitFor({ state: 'detached' });
    const page = await first.context.newPage();
    await page.goto(`${site.origin}/brief`);
    const tab = await tabOf(first.worker, `${site.origin}/brief`);
    await clickContextMenu(first.worker, { menuItemId: 'capture:inbox', selectionText: 'Make it calm.' }, tab);
    await row(popup, 'Design brief').waitFor();
    // The snapshot to compare the import with: all three tasks, the completed one stored as done.
    const source = await waitForTasks(first.worker, (tasks) =>
      tasks.some((t) => t.title === 'Collect logo feedback' && t.status === 'done'),
    );
    expect(source).toHaveLength(3);

    const options = await first.open('options.html');
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export all data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^waypoint-export-\d{4}-\d{2}-\d{2}\.json$/);
    exported = join(dir, download.suggestedFilename());
    await download.saveAs(exported);
    await options.getByRole('status').filter({ hasText: 'Exported 3 tasks and 1 projects.' }).waitFor();
    const file = JSON.parse(await readFile(exported, 'utf8'));
    expect(file).toMatchObject({ format: 'waypoint-export', version: 1 });
    expect(file.projects.map((p: { id: string }) => p.id)).toEqual([projectId]);

    const profile = await launchExtension();
    second = profile;
    const fresh = await profile.open('options.html');
    await fresh.getByLabel('Import from file').setInputFiles(exported);
    await fresh
      .getByRole('status')
      .filter({ hasText: /^Imported 3 tasks and 1 projects/ })
      .waitFor();
    await expect.poll(async () => comparable(await storedTasks(profile.worker))).toEqual(comparable(source));

    const imported = await second.open('popup.html');
    const typeface = row(imported, 'Pick the typeface');
    await typeface.waitFor();
    await expect.poll(() => typeface.locator('.meta').textContent()).toMatch(/Brand refresh.*tomorrow.*P2/);
    await row(imported, 'Design brief').waitFor();
    await expect.poll(() => imported.locator('li.task').count()).toBe(2); // "Done today" starts collapsed
    await expandSection(imported, 'Done today');
    await row(imported, 'Collect logo feedback')
      .getByRole('checkbox', { name: 'Reopen “Collect logo feedback”' })
      .waitFor();
    await expect
      .poll(() => imported.getByLabel('Filter by project').locator('option', { hasText: 'Brand refresh' }).count())
      .toBe(1);
  });

  it('rejects a bad file with a clear error and changes nothing', async () => {
    if (!second) throw new Error('needs the imported profile of the previous test');
    const options = await second.open('options.html');
    const before = comparable(await storedTasks(second.worker));
    const input = options.getByLabel('Import from file');

    const notJson = join(dir, 'notes.json');
    await writeFile(notJson, 'this is not json');
    await input.setInputFiles(notJson);
    await options.getByRole('alert').filter({ hasText: 'Nothing was imported. The file is not JSON.' }).waitFor();

    // A real export with one broken task: nothing of it may land, not even the valid rows.
    const file = JSON.parse(await readFile(exported, 'utf8'));
    file.tasks[0].title = 'Renamed by the bad file';
    file.tasks[1].title = '';
    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify(file));
    await input.setInputFiles(broken);
    const alert = options.getByRole('alert');
    await alert.filter({ hasText: 'The file is not a valid Waypoint export' }).waitFor();
    await expect.poll(() => alert.textContent()).toContain('Nothing was imported.');
    await expect.poll(() => alert.textContent()).toContain('tasks.1.title');

    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ format: 'something-else', version: 1 }));
    await input.setInputFiles(other);
    await alert.filter({ hasText: 'This is not a Waypoint export file.' }).waitFor();

    expect(comparable(await storedTasks(second.worker))).toEqual(before);
    const popup = await second.open('popup.html');
    await row(popup, 'Design brief').waitFor();
    await expect.poll(() => popup.getByText('Renamed by the bad file').count()).toBe(0);
  });
});
