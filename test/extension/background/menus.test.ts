import { describe, expect, it } from 'vitest';
import { buildMenus } from '@/background/menus';
import type { ProjectRow } from '@/db/rows';

const project = (id: string, name: string) => ({ id, name }) as ProjectRow;

describe('context menu rebuilds', () => {
  it('rebuilds only when the projects it lists change, not on every wake-up of its query', async () => {
    let rebuilds = 0;
    const titles: string[] = [];
    const scope = globalThis as { chrome?: object };
    // The menu's titles come from `chrome.i18n` (the fake of the unit setup): keep it.
    scope.chrome = {
      ...scope.chrome,
      runtime: { lastError: undefined },
      contextMenus: {
        removeAll: async () => {
          rebuilds += 1;
          titles.length = 0;
        },
        create: (props: chrome.contextMenus.CreateProperties, done: () => void) => {
          if (props.title) titles.push(props.title);
          done();
        },
      },
    };
    const launch = project('menus-test-1', 'Launch');
    const hiring = project('menus-test-2', 'Hiring');
    await buildMenus([launch, hiring]);
    expect(rebuilds).toBe(1);
    // A capture to the Inbox wakes the query with the same projects: the menu stays as it is.
    await Promise.all([buildMenus([launch, hiring]), buildMenus([{ ...launch }, { ...hiring }])]);
    expect(rebuilds).toBe(1);
    // A capture to Hiring moves it first; a rename shows the new name.
    await buildMenus([hiring, launch]);
    expect(rebuilds).toBe(2);
    expect(titles.slice(2, 4)).toEqual(['Hiring', 'Launch']);
    await buildMenus([{ ...hiring, name: 'Recruiting' }, launch]);
    expect(rebuilds).toBe(3);
    expect(titles).toContain('Recruiting');
    await buildMenus([]);
    expect(rebuilds).toBe(4);
    expect(titles).toEqual(['Add to Waypoint', 'Inbox', 'Choose project…']);
  });
});
