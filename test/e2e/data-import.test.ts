// Options → Your data with other apps' files, and Subscribe in your calendar, in the built extension: a CSV import
// with the column mapping changed in the preview (importing twice adds nothing), a Trello board import, and the
// calendar link fetched from the real server process and read with ical.js (regenerating revokes the old link).
import { resolve } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from './harness';
import { type ServerProcess, startServerProcess } from './server-process';
import { createTeamInOptions } from './team';
import { quickAdd, type StoredTask, storedTasks } from './ui';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/imports');

let browser: ExtensionBrowser;
let server: ServerProcess;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchExtension(), startServerProcess()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('importing other apps’ files', () => {
  it('CSV: previews the guessed mapping, follows a change, imports, and a second import adds nothing', async () => {
    const options = await browser.open('options.html');
    await options.getByLabel('Import from file').setInputFiles(resolve(FIXTURES, 'tasks.csv'));
    const preview = options.getByTestId('import-preview');
    await preview.getByText('This is a CSV file with 4 rows.').waitFor();
    const summary = preview.getByTestId('import-summary');
    await expect.poll(() => summary.textContent()).toBe('3 tasks into “Launch” (new project), 1 skipped: no title');
    await preview
      .getByTestId('import-problems')
      .getByText('Row 4, Due date: “next blue moon” is not a date — kept in the notes')
      .waitFor();
    // The guess maps "Project"; the person says the project column is not to be imported.
    await expect.poll(() => preview.getByLabel('Column for Project').inputValue()).toBe('1');
    await preview.getByLabel('Column for Project').selectOption('');
    await expect.poll(() => summary.textContent()).toBe('3 tasks into Inbox, 1 skipped: no title');
    await preview.getByRole('button', { name: 'Import 3 tasks' }).click();
    await options.getByText('Imported 3 tasks into Inbox. Importing this file again adds nothing twice.').waitFor();
    await expect
      .poll(async () => (await storedTasks(browser.worker)).map((t) => t.title).sort())
      .toEqual(['Call "ACME"', 'Plan the party', 'Write the report']);
    const tasks = await storedTasks(browser.worker);
    expect(tasks.every((t) => t.projectId === null)).toBe(true);
    expect(tasks.find((t) => t.title === 'Write the report')).toMatchObject({
      status: 'doing',
      priority: 2,
      dueAt: '2026-12-03',
    });

    await options.getByLabel('Import from file').setInputFiles(resolve(FIXTURES, 'tasks.csv'));
    await options.getByTestId('import-preview').getByLabel('Column for Project').selectOption('');
    await options.getByRole('button', { name: 'Import 3 tasks' }).click();
    await options.getByText('Nothing new: these tasks were already imported.').waitFor();
    await expect.poll(async () => (await storedTasks(browser.worker)).length).toBe(3);
  });

  it('says what a Todoist CSV is, and imports a Trello board with lists as statuses', async () => {
    const options = await browser.open('options.html');
    await options.getByLabel('Import from file').setInputFiles(resolve(FIXTURES, 'Launch [2203306141].csv'));
    await options.getByText('This is a Todoist project, “Launch”.').waitFor();
    await options.getByRole('button', { name: 'Cancel' }).click();
    await options.getByTestId('import-preview').waitFor({ state: 'detached' });

    await options.getByLabel('Import from file').setInputFiles(resolve(FIXTURES, 'trello-board.json'));
    const preview = options.getByTestId('import-preview');
    await preview.getByText('This is a Trello board, “Website relaunch”.').waitFor();
    await expect
      .poll(() => preview.getByTestId('import-summary').textContent())
      .toBe('3 tasks into “Website relaunch” (new project), 2 skipped: archived card; in an archived list');
    await preview.getByRole('button', { name: 'Import 3 tasks' }).click();
    await options.getByText(/^Imported 3 tasks into “Website relaunch”/).waitFor();
    await expect
      .poll(async () => (await storedTasks(browser.worker)).find((t) => t.title === 'New home page')?.status)
      .toBe('doing');
    const home = (await storedTasks(browser.worker)).find((t) => t.title === 'New home page') as StoredTask & {
      notes: string;
      tags: string[];
    };
    // Olive is no teammate here: the notes say who had the card.
    expect(home.notes).toBe('Hero, pricing, footer.\n\nAssigned to Olive Owner in trello.');
    // The card's checklist is the task's steps: the editor shows them, Hero ticked.
    const popup = await browser.open('popup.html');
    await popup.getByRole('button', { name: 'Edit “New home page”' }).click();
    const dialog = popup.getByRole('dialog', { name: 'Edit task' });
    const hero = dialog.getByRole('checkbox', { name: 'Hero', exact: true });
    await expect.poll(() => hero.isChecked()).toBe(true);
    await expect
      .poll(() => dialog.getByRole('checkbox', { name: 'Pricing table', exact: true }).isChecked())
      .toBe(false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(home.tags).toEqual(['Design']);
  });
});

describe('calendar link', () => {
  it('serves my dated tasks from the real server; regenerating revokes the old link', async () => {
    const options = await createTeamInOptions(browser, {
      serverUrl: server.url,
      teamName: 'Cal team',
      userName: 'Cleo',
    });
    const popup = await browser.open('popup.html');
    await quickAdd(popup, 'Pay the rent dec 24 at 10am', 'Pay the rent');

    await options.reload();
    const section = options.getByRole('region', { name: 'Subscribe in your calendar' });
    await section.getByRole('button', { name: 'Get a calendar link' }).click();
    const field = section.getByTestId('calendar-url');
    await expect
      .poll(() => field.inputValue())
      .toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/wc_[A-Za-z0-9_-]{43}\.ics$/);
    const first = await field.inputValue();
    await expect
      .poll(() => section.getByRole('link', { name: 'Open in calendar app' }).getAttribute('href'))
      .toBe(first.replace('http://', 'webcal://'));

    // The task reaches the server by sync; the feed then lists it, timed, read back by a real parser.
    const summaries = async () => {
      const res = await fetch(first);
      if (res.status !== 200) return [];
      const calendar = new ICAL.Component(ICAL.parse(await res.text()));
      return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    };
    await expect.poll(summaries, { timeout: 20_000 }).toContain('Pay the rent');
    const res = await fetch(first);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = calendar
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .find((e) => e.summary === 'Pay the rent')!;
    expect(event.startDate.isDate).toBe(false);
    const stored = (await storedTasks(browser.worker)).find((t) => t.title === 'Pay the rent')!;
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(stored.dueAt!).toISOString());

    await section.getByRole('button', { name: 'Regenerate link' }).click();
    await expect.poll(() => field.inputValue()).not.toBe(first);
    await section.getByText('New link made. The old one no longer works: update your calendar.').waitFor();
    expect((await fetch(first)).status).toBe(410);
    expect((await fetch(await field.inputValue())).status).toBe(200);
  });
});
