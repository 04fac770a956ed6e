import { afterEach, describe, expect, it } from 'vitest';
import { buildMenus, menuProjects, parseMenuId } from '@/background/menus';
import { createCapture } from '@/capture/capture';
import { recentProjectIds, writeSettings } from '@/data/settings';
import type { WaypointDb } from '@/db/database';
import { createTestStore } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

const tab = { url: 'https://acme.test/brief', title: 'Launch brief' };

describe('capture', () => {
  it('routes to the Inbox, a project or the default project, and remembers recent projects', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const launch = await t.store.createProject({ name: 'Launch' });
    const inbox = await capture({ pageUrl: tab.url, selectionText: 'one' }, tab, { kind: 'inbox' });
    expect(inbox).toMatchObject({ kind: 'created', projectName: 'Inbox', task: { projectId: null } });
    const routed = await capture({ pageUrl: tab.url, selectionText: 'two' }, tab, {
      kind: 'project',
      projectId: launch.id,
    });
    expect(routed).toMatchObject({ kind: 'created', projectName: 'Launch', task: { projectId: launch.id } });
    expect(await recentProjectIds(t.db)).toEqual([launch.id]);
    await writeSettings(t.db, { defaultProjectId: launch.id });
    const byDefault = await capture(
      { pageUrl: 'https://acme.test/x' },
      { url: 'https://acme.test/x', title: 'X' },
      { kind: 'default' },
    );
    expect(byDefault).toMatchObject({ projectName: 'Launch' });
  });

  it('offers the existing task when the same page is captured again, unless forced', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const first = await capture({ pageUrl: tab.url }, tab, { kind: 'inbox' });
    const again = await capture({ pageUrl: `${tab.url}?utm_source=newsletter` }, tab, { kind: 'inbox' });
    expect(again.kind).toBe('duplicate');
    if (first.kind === 'created' && again.kind === 'duplicate') expect(again.existing.id).toBe(first.task.id);
    expect(await t.db.tasks.count()).toBe(1);
    expect((await capture({ pageUrl: tab.url }, tab, { kind: 'inbox' }, { force: true })).kind).toBe('created');
    // A new quote from the same page is new work, not a duplicate.
    expect((await capture({ pageUrl: tab.url, selectionText: 'another point' }, tab, { kind: 'inbox' })).kind).toBe(
      'created',
    );
  });

  it('falls back to the Inbox when the chosen project was deleted meanwhile', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const project = await t.store.createProject({ name: 'Gone' });
    await t.store.deleteProject(project.id);
    expect(await capture({ pageUrl: tab.url }, tab, { kind: 'project', projectId: project.id })).toMatchObject({
      projectName: 'Inbox',
    });
  });
});

describe('context menu', () => {
  it('keeps the documented menu ids', () => {
    expect(parseMenuId('capture:inbox')).toEqual({ kind: 'capture', target: { kind: 'inbox' } });
    expect(parseMenuId('capture:project:abc')).toEqual({
      kind: 'capture',
      target: { kind: 'project', projectId: 'abc' },
    });
    expect(parseMenuId('capture:choose')).toEqual({ kind: 'choose' });
    expect(parseMenuId('something-else')).toBeNull();
  });

  it('lists recent projects first, then open ones by name, five at most', async () => {
    const t = createTestStore();
    db = t.db;
    const names = ['Zeta', 'Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'];
    const projects = [];
    for (const name of names) projects.push(await t.store.createProject({ name }));
    await t.store.updateProject(projects[3]!.id, { status: 'done' });
    const rows = await t.db.projects.toArray();
    const listed = menuProjects(rows, [projects[0]!.id, projects[3]!.id]).map((p) => p.name);
    expect(listed).toEqual(['Zeta', 'Alpha', 'Beta', 'Delta', 'Epsilon']);
  });

  it('builds the menu tree through the contextMenus API', async () => {
    const created: chrome.contextMenus.CreateProperties[] = [];
    const scope = globalThis as { chrome?: object };
    // The menu's titles come from `chrome.i18n` (the fake of the unit setup): keep it.
    scope.chrome = {
      ...scope.chrome,
      runtime: { lastError: undefined },
      contextMenus: {
        removeAll: async () => {
          created.length = 0;
        },
        create: (props: chrome.contextMenus.CreateProperties, done: () => void) => {
          created.push(props);
          done();
        },
      },
    };
    const t = createTestStore();
    db = t.db;
    const launch = await t.store.createProject({ name: 'Launch' });
    await buildMenus([launch]);
    expect(created.filter((c) => c.type !== 'separator').map((c) => [c.id, c.title])).toEqual([
      ['capture', 'Add to Waypoint'],
      ['capture:inbox', 'Inbox'],
      [`capture:project:${launch.id}`, 'Launch'],
      ['capture:choose', 'Choose project…'],
    ]);
    expect(created.every((c) => c.contexts?.join() === 'page,selection,link,image')).toBe(true);
  });
});
