// The importers on fixture files shaped like the real exports: what each file is recognised as, the preview
// (counts and problems by row and column), the rows the one import path writes, and that importing twice
// duplicates nothing.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sortSteps } from '@@/shared/steps';
import { csvPlan, guessMapping, parseCsv, tasksToCsv } from '@/data/csv';
import { asanaPlan } from '@/data/importers/asana';
import { recogniseFile } from '@/data/importers/detect';
import { describeProblem, type ImportContext, type ImportPlan, planSummary, planToExport, stableId } from '@/data/importers/plan';
import { todoistCsvPlan, todoistZipPlan } from '@/data/importers/todoist';
import { trelloPlan } from '@/data/importers/trello';
import { importData } from '@/data/transfer';
import type { WaypointDb } from '@/db/database';
import { createTestStore } from '../../helpers';

const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/imports/${name}`));
const text = (name: string) => new TextDecoder().decode(fixture(name));
const reading = { now: new Date('2026-11-25T12:00:00Z'), timeZone: 'Europe/Paris', dateOrder: 'mdy' as const };
const own: ImportContext = { target: { kind: 'own' }, members: [], me: 'Olive Owner', now: reading.now };

const dbs: WaypointDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

async function importTwice(plan: ImportPlan, context: ImportContext = own) {
  const t = createTestStore();
  dbs.push(t.db);
  const first = await importData(t.db, await planToExport(plan, context), t.clock);
  const second = await importData(t.db, await planToExport(plan, context), t.clock);
  const tasks = await t.db.tasks.toArray();
  const projects = await t.db.projects.toArray();
  return { first, second, tasks, projects, t };
}

describe('recognising a file', () => {
  it('names each export for what it is', () => {
    expect(recogniseFile('Launch [2203306141].csv', fixture('Launch [2203306141].csv')).kind).toBe('todoist-csv');
    expect(recogniseFile('todoist-backup.zip', fixture('todoist-backup.zip')).kind).toBe('todoist-zip');
    expect(recogniseFile('board.json', fixture('trello-board.json')).kind).toBe('trello');
    expect(recogniseFile('asana.csv', fixture('asana-conference.csv')).kind).toBe('asana');
    expect(recogniseFile('tasks.csv', fixture('tasks.csv')).kind).toBe('csv');
    expect(recogniseFile('x.json', new TextEncoder().encode('{"format":"waypoint-export"}')).kind).toBe('waypoint');
    const other = recogniseFile('x.json', new TextEncoder().encode('{"tasks":[]}'));
    expect(other).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('neither a Waypoint export nor a Trello') });
    // A file that claims a format goes to the export's own validation, which names what is wrong.
    expect(recogniseFile('x.json', new TextEncoder().encode('{"format":"other","version":1}')).kind).toBe('waypoint');
    expect(recogniseFile('notes.json', new TextEncoder().encode('this is not json'))).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('The file is not JSON.'),
    });
    expect(recogniseFile('x.json', new TextEncoder().encode('{"cut'))).toMatchObject({ kind: 'unknown' });
    expect(recogniseFile('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toMatchObject({ kind: 'unknown' });
  });
});

describe('Todoist', () => {
  it('reads the CSV template: labels, sections, notes, sub-tasks, repeats, priorities; skips a row without title', async () => {
    const plan = todoistCsvPlan('Launch [2203306141].csv', text('Launch [2203306141].csv'), reading);
    expect(plan.label).toBe('a Todoist project, “Launch”');
    expect(plan.projects).toEqual([{ key: 'launch', name: 'Launch' }]);
    const byTitle = new Map(plan.tasks.map((t) => [t.title, t] as const));
    expect([...byTitle.keys()]).toEqual(['Draft the launch brief', 'Pick the venue', 'Standup', 'Order stickers']);
    const brief = byTitle.get('Draft the launch brief')!;
    expect(brief).toMatchObject({ priority: 1, dueAt: '2026-12-03', tags: ['writing', 'q4'], assigneeName: 'Olive' });
    expect(brief.notes).toBe('Two pages, with the pricing table\n\nAsk Sam for the latest numbers');
    // 5pm in Paris.
    expect(byTitle.get('Pick the venue')).toMatchObject({ dueAt: '2026-12-04T16:00:00.000Z', priority: 2 });
    expect(byTitle.get('Pick the venue')!.notes).toContain('Sub-task of “Draft the launch brief”.');
    expect(byTitle.get('Standup')).toMatchObject({
      tags: ['Weekly'],
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'due' },
      dueAt: '2026-11-30T08:00:00.000Z',
    });
    expect(byTitle.get('Order stickers')!.notes).toContain('DATE: someday when it rains');
    expect(plan.problems.map(describeProblem)).toEqual([
      'Row 6, DATE: “someday when it rains” is not a date Waypoint reads — kept in the notes',
      'Row 7, CONTENT: no title',
    ]);
    expect(planSummary(plan, 'Launch')).toBe('4 tasks into Launch, 1 skipped: no title');

    const { first, second, tasks, projects } = await importTwice(plan);
    expect(first).toMatchObject({ tasks: 4, projects: 1, changed: 5 });
    expect(second.changed).toBe(0);
    expect(tasks).toHaveLength(4);
    expect(projects.map((p) => p.name)).toEqual(['Launch']);
    expect(new Set(tasks.map((t) => t.projectId))).toEqual(new Set([projects[0]!.id]));
  });

  it('reads a backup zip: one project per CSV', async () => {
    const plan = todoistZipPlan(fixture('todoist-backup.zip'), reading);
    expect(plan.label).toBe('a Todoist backup with 2 projects');
    expect(plan.projects.map((p) => p.name)).toEqual(['Home', 'Launch']);
    expect(plan.tasks).toHaveLength(6);
    expect(plan.tasks.find((t) => t.title === 'Water the plants')).toMatchObject({
      tags: ['home'],
      recurrence: { rule: 'FREQ=DAILY;INTERVAL=3', mode: 'due' },
    });
    expect(plan.problems.find((p) => p.skipped)?.message).toBe('Launch, row 7, CONTENT: no title');
    expect(() => todoistZipPlan(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), reading)).toThrow(/could not be opened/);
    const { second, tasks, projects } = await importTwice(plan);
    expect(second.changed).toBe(0);
    expect(tasks).toHaveLength(6);
    expect(projects).toHaveLength(2);
  });
});

describe('Trello', () => {
  const board = () => JSON.parse(text('trello-board.json'));

  it('lists become statuses; cards, labels, dues, members, checklists; archived cards are skipped', async () => {
    const plan = trelloPlan(board(), 'status');
    expect(plan.label).toBe('a Trello board, “Website relaunch”');
    expect(plan.tasks.map((t) => [t.title, t.status])).toEqual([
      ['New home page', 'doing'],
      ['Write release notes', 'todo'],
      ['Pick a font', 'done'],
    ]);
    const home = plan.tasks[0]!;
    expect(home).toMatchObject({
      dueAt: '2026-12-04T16:00:00.000Z',
      tags: ['Design'],
      assigneeName: 'Olive Owner',
      sourceUrl: 'https://trello.com/c/Hp1Aa2Bb',
    });
    // Checklist items become the task's steps, in Trello's order.
    expect(home.notes).toBe('Hero, pricing, footer.');
    expect(home.steps!.map((step) => [step.title, step.done])).toEqual([
      ['Hero', true],
      ['Pricing table', false],
    ]);
    expect(plan.tasks[1]!.tags).toEqual(['Urgent', 'purple']);
    expect(plan.problems.map(describeProblem)).toEqual(['Row 4, card: archived card', 'Row 5, list: in an archived list']);
    expect(planSummary(plan, 'Website relaunch')).toBe(
      '3 tasks into Website relaunch, 2 skipped: archived card; in an archived list',
    );

    // Members by name: Olive is on the team, Sam is not (kept in the notes).
    const context: ImportContext = { ...own, members: [{ id: '0193a0a0-0000-7000-8000-0000000000aa', name: 'olive owner' }] };
    const { second, tasks, t } = await importTwice(plan, context);
    expect(second.changed).toBe(0);
    const stored = new Map(tasks.map((t) => [t.title, t] as const));
    // The steps are rows of the task, in order, in its space; the second import added none.
    const steps = sortSteps(await t.db.steps.toArray());
    expect(steps.map((step) => [step.title, step.done, step.taskId])).toEqual([
      ['Hero', true, stored.get('New home page')!.id],
      ['Pricing table', false, stored.get('New home page')!.id],
    ]);
    expect(new Set(steps.map((step) => step.teamId))).toEqual(new Set([stored.get('New home page')!.teamId]));
    expect(stored.get('New home page')!.assigneeId).toBe('0193a0a0-0000-7000-8000-0000000000aa');
    expect(stored.get('Pick a font')).toMatchObject({ assigneeId: null, status: 'done', completedAt: '2026-11-10T12:30:00.000Z' });
    expect(stored.get('Pick a font')!.notes).toContain('Assigned to Sam Designer in trello.');
  });

  it('lists become milestones of the project', async () => {
    const plan = trelloPlan(board(), 'milestones');
    expect(plan.milestones.map((m) => m.title)).toEqual(['To Do', 'Doing', 'Done']);
    const { tasks, t } = await importTwice(plan);
    const milestones = await t.db.milestones.toArray();
    expect(milestones.map((m) => m.title).sort()).toEqual(['Doing', 'Done', 'To Do']);
    const doing = milestones.find((m) => m.title === 'Doing')!;
    expect(tasks.find((x) => x.title === 'New home page')!.milestoneId).toBe(doing.id);
  });

  it('a board with missing parts gets a plain error', () => {
    expect(() => trelloPlan({ id: 'b', name: 'B', lists: [{}], cards: [] })).toThrow(/Export it again from Trello/);
  });
});

describe('Asana', () => {
  it('reads the project export; Task ID keeps it idempotent; bad dates are kept in the notes', async () => {
    const plan = asanaPlan(parseCsv(text('asana-conference.csv')), reading);
    expect(plan.projects.map((p) => p.name)).toEqual(['Conference 2027']);
    expect(plan.tasks.map((t) => [t.title, t.status, t.dueAt])).toEqual([
      ['Book the venue', 'todo', '2026-12-10'],
      ['Send save-the-date', 'done', '2026-11-14'],
      ['Order badges', 'todo', null],
    ]);
    expect(plan.tasks[0]).toMatchObject({ tags: ['venue', 'budget', 'Planning'], assigneeName: 'Olive Owner', key: 'id:1206123456789001' });
    expect(plan.tasks[1]!.completedAt).toBe('2026-11-15T00:00:00.000Z');
    expect(plan.tasks[2]!.notes).toBe('Line one\nLine two\n\nDue Date: sometime soon');
    expect(plan.problems.map(describeProblem)).toEqual([
      'Row 3, Name: no title',
      'Row 4, Due Date: “sometime soon” is not a date — kept in the notes',
    ]);
    const { second, tasks } = await importTwice(plan);
    expect(second.changed).toBe(0);
    expect(tasks).toHaveLength(3);
  });
});

describe('CSV', () => {
  it('guesses the mapping from the header, and reports problems by row and column', () => {
    const csv = parseCsv(text('tasks.csv'));
    const mapping = guessMapping(csv.headers);
    expect(mapping).toMatchObject({ title: 0, project: 1, status: 2, priority: 3, due: 4, tags: 5, sourceUrl: 6, notes: 7, assignee: 8 });
    const plan = csvPlan(csv, mapping, reading);
    expect(plan.tasks.map((t) => t.title)).toEqual(['Write the report', 'Call "ACME"', 'Plan the party']);
    expect(plan.tasks[0]).toMatchObject({ status: 'doing', priority: 2, dueAt: '2026-12-03', tags: ['finance', 'q4'] });
    expect(plan.tasks[0]!.notes).toBe('First line\nsecond line, with a comma');
    expect(plan.tasks[1]).toMatchObject({ status: 'done', priority: 1, dueAt: '2026-12-04' });
    expect(plan.problems.map(describeProblem)).toEqual([
      'Row 3, Title: no title',
      'Row 4, Status: “someday” is not a status (todo, doing, blocked, done) — kept in the notes',
      'Row 4, Due date: “next blue moon” is not a date — kept in the notes',
      'Row 4, Link: “javascript:alert(1)” is not an http(s) link — kept in the notes',
    ]);
    expect(plan.tasks[2]!.notes).toContain('Due date: next blue moon');
    expect(plan.tasks[2]!.sourceUrl).toBeNull();
    // The person changes the mapping: "Description" is not mapped any more.
    const changed = csvPlan(csv, { ...mapping, notes: null }, reading);
    expect(changed.tasks[0]!.notes).toBe('');
  });

  it('exports the expected columns, escapes formulas, and reads its own export back without duplicates', async () => {
    const t = createTestStore();
    dbs.push(t.db);
    const project = await t.store.createProject({ name: 'Launch' });
    await t.store.createTask({ title: '=HYPERLINK("http://evil")', projectId: project.id, dueAt: '2026-12-04T16:00:00.000Z', tags: ['a', 'b'] });
    await t.store.createTask({ title: 'Plain, "quoted"\nand multi-line', dueAt: '2026-12-03' });
    const tasks = await t.db.tasks.toArray();
    const csvText = tasksToCsv(tasks, { projects: new Map([[project.id, 'Launch']]), members: new Map() }, 'Europe/Paris');
    const csv = parseCsv(csvText);
    expect(csv.headers).toEqual(['Project', 'Title', 'Status', 'Priority', 'Assignee', 'Due', 'Tags', 'Source URL', 'Notes', 'Created', 'Completed', 'ID']);
    const rows = new Map(csv.rows.map((r) => [r[1], r] as const));
    expect(rows.get(`'=HYPERLINK("http://evil")`)?.[5]).toBe('2026-12-04 17:00');
    expect(rows.get('Plain, "quoted"\nand multi-line')?.[0]).toBe('Inbox');

    const plan = csvPlan(csv, guessMapping(csv.headers), reading);
    expect(plan.problems).toEqual([]);
    expect(plan.tasks.find((x) => x.title.includes('HYPERLINK'))!.dueAt).toBe('2026-12-04T16:00:00.000Z');
    const again = createTestStore();
    dbs.push(again.db);
    await importData(again.db, await planToExport(plan, own), again.clock);
    const second = await importData(again.db, await planToExport(plan, own), again.clock);
    expect(second.changed).toBe(0);
    expect(await again.db.tasks.count()).toBe(2);
  });

  it('a project named in the file that exists here is imported into, not made again', async () => {
    const t = createTestStore();
    dbs.push(t.db);
    const launch = await t.store.createProject({ name: 'launch ' });
    const plan = csvPlan(parseCsv(text('tasks.csv')), guessMapping(parseCsv(text('tasks.csv')).headers), reading);
    await importData(t.db, await planToExport(plan, { ...own, existingProjects: [launch] }), t.clock);
    expect(await t.db.projects.count()).toBe(1);
    const tasks = await t.db.tasks.toArray();
    expect(tasks.filter((x) => x.projectId === launch.id).map((x) => x.title).sort()).toEqual(['Call "ACME"', 'Write the report']);
    expect(tasks.find((x) => x.title === 'Plan the party')!.projectId).toBeNull();
  });

  it('stable ids are UUIDv7-shaped and depend only on the key', async () => {
    const a = await stableId('trello:task:x');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await stableId('trello:task:x')).toBe(a);
    expect(await stableId('trello:task:y')).not.toBe(a);
  });

  it('into an existing project of a team: tasks land in that project and its space', async () => {
    const t = createTestStore();
    dbs.push(t.db);
    const project = await t.store.createProject({ name: 'Existing' });
    const plan = trelloPlan(JSON.parse(text('trello-board.json')));
    const context: ImportContext = { ...own, target: { kind: 'project', project } };
    const first = await importData(t.db, await planToExport(plan, context), t.clock);
    // 3 tasks and the 2 steps of one card's checklist.
    expect(first.changed).toBe(5);
    expect(new Set((await t.db.steps.toArray()).map((step) => step.teamId))).toEqual(new Set([project.teamId]));
    const tasks = await t.db.tasks.toArray();
    expect(new Set(tasks.map((x) => x.projectId))).toEqual(new Set([project.id]));
    expect(await t.db.projects.count()).toBe(1);
    expect((await t.db.projects.get(project.id))!.name).toBe('Existing');
  });
});
