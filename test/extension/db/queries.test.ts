import { toLocalDateKey } from '@@/shared/dates';
import { afterEach, describe, expect, it } from 'vitest';
import type { WaypointDb } from '@/db/database';
import { projectsMatchingUrl, projectTasks, sectionTotals, taskSections, tasksForUrl } from '@/db/queries';
import { createTestStore } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

const now = new Date(2026, 10, 25, 12, 0); // 25 Nov 2026, 12:00 local
const local = (d: number, h: number, m = 0) => new Date(2026, 10, d, h, m).toISOString();
const source = (url: string) => ({ kind: 'page' as const, url, pageTitle: 'Page', capturedAt: now.toISOString() });

describe('queries', () => {
  it('sorts my open tasks into sections by local due time', async () => {
    const t = createTestStore({ now: () => now });
    db = t.db;
    const s = t.store;
    await s.createTask({ title: 'late timed', dueAt: local(25, 9) });
    await s.createTask({ title: 'late day', dueAt: toLocalDateKey(new Date(2026, 10, 24)) });
    await s.createTask({ title: 'today day', dueAt: toLocalDateKey(now) });
    await s.createTask({ title: 'today later', dueAt: local(25, 17) });
    await s.createTask({ title: 'tomorrow', dueAt: toLocalDateKey(new Date(2026, 10, 26)) });
    await s.createTask({ title: 'someday' });
    const done = await s.createTask({ title: 'finished' });
    await s.updateTask(done.id, { status: 'done' });
    const gone = await s.createTask({ title: 'deleted', dueAt: local(25, 8) });
    await s.deleteTask(gone.id);

    const sections = await taskSections(t.db, { now });
    const titles = Object.fromEntries(sections.map((x) => [x.id, x.tasks.map((task) => task.title)]));
    expect(titles).toEqual({
      overdue: ['late day', 'late timed'],
      today: ['today later', 'today day'],
      upcoming: ['tomorrow'],
      none: ['someday'],
      doneToday: ['finished'],
    });
    expect(await sectionTotals(t.db, { now })).toEqual({ overdue: 2, today: 2, upcoming: 1, none: 1, doneToday: 1 });
  });

  it('limits rows per section but counts them all, and filters by project', async () => {
    const t = createTestStore({ now: () => now });
    db = t.db;
    const launch = await t.store.createProject({ name: 'Launch' });
    for (let i = 0; i < 7; i++) await t.store.createTask({ title: `inbox ${i}` });
    for (let i = 0; i < 3; i++) await t.store.createTask({ title: `launch ${i}`, projectId: launch.id });
    const all = await taskSections(t.db, { now, limit: 5 });
    expect((await sectionTotals(t.db, { now })).none).toBe(10);
    expect(all.find((x) => x.id === 'none')?.tasks).toHaveLength(5);
    const onlyLaunch = await taskSections(t.db, { now, projectKey: launch.id });
    expect(
      onlyLaunch
        .find((x) => x.id === 'none')
        ?.tasks.map((x) => x.title)
        .sort(),
    ).toEqual(['launch 0', 'launch 1', 'launch 2']);
    const inbox = await taskSections(t.db, { now, projectKey: 'inbox' });
    expect(inbox.find((x) => x.id === 'none')?.tasks.every((x) => x.projectId === null)).toBe(true);
    expect((await sectionTotals(t.db, { now, projectKey: 'inbox' })).none).toBe(7);
    expect((await projectTasks(t.db, launch.id)).length).toBe(3);
  });

  it('finds the tasks and projects of a page by canonical URL and URL rules', async () => {
    const t = createTestStore({ now: () => now });
    db = t.db;
    const project = await t.store.createProject({ name: 'Docs', urlRules: [{ kind: 'domain', value: 'acme.test' }] });
    await t.store.createTask({ title: 'from page', source: source('https://acme.test/spec?utm_source=mail#part') });
    const other = await t.store.createTask({ title: 'other', source: source('https://elsewhere.test/') });
    await t.store.deleteTask(other.id);
    expect((await tasksForUrl(t.db, 'https://ACME.test/spec')).map((x) => x.title)).toEqual(['from page']);
    expect(await tasksForUrl(t.db, 'https://elsewhere.test/')).toEqual([]);
    expect((await projectsMatchingUrl(t.db, 'https://www.acme.test/anything')).map((p) => p.id)).toEqual([project.id]);
  });
});
