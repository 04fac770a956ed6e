// The popup with hundreds of tasks: sections are paged (50 rows, "Show more" adds 100) and arrow keys still walk
// the rows across sections.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport } from '../../bench/extension';
import { type ExtensionBrowser, launchExtension } from './harness';

const TASKS = 400;
let browser: ExtensionBrowser;
let dir: string;

beforeAll(async () => {
  browser = await launchExtension();
  dir = await mkdtemp(join(tmpdir(), 'waypoint-long-list-'));
  const file = join(dir, 'tasks.json');
  await writeFile(file, buildExport(TASKS));
  const options = await browser.open('options.html');
  await options.getByLabel('Import from file').setInputFiles(file);
  await options
    .getByRole('status')
    .filter({ hasText: `Imported ${TASKS} tasks` })
    .waitFor({ timeout: 60_000 });
  await options.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('popup long lists', () => {
  it('pages each section, shows more on request and keeps arrow keys moving across sections', async () => {
    const popup = await browser.open('popup.html');
    const overdue = popup.locator('ul[aria-label="Overdue"] > li.task');
    const more = popup
      .locator('section[aria-labelledby="section-overdue"]')
      .getByRole('button', { name: /^Show more/ });
    // Settled: the counts are known, so the button says how many remain.
    await expect.poll(() => more.textContent(), { timeout: 15_000 }).toMatch(/\(\d+ more\)/);
    await expect.poll(() => overdue.count()).toBe(50);
    const remaining = Number(/\((\d+) more\)/.exec((await more.textContent()) ?? '')?.[1]);
    expect(remaining).toBeGreaterThan(0);
    expect(await popup.locator('li.task').count()).toBeLessThanOrEqual(200);

    await more.click();
    await expect.poll(() => overdue.count()).toBe(50 + Math.min(100, remaining));

    // The last overdue row, then ArrowDown: focus lands on the first row of Today.
    await overdue.last().locator('button.title').focus();
    await popup.keyboard.press('ArrowDown');
    const firstToday = await popup.locator('ul[aria-label="Today"] > li.task button.title').first().textContent();
    await expect.poll(() => popup.evaluate(() => document.activeElement?.textContent)).toBe(firstToday);
    await popup.close();
  });
});
