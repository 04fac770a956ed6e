// What the capture dialog is offered: the suggested project and why, each project's objectives and open
// milestones, people with their workload, and an existing task for the same source.
import { afterEach, describe, expect, it } from 'vitest';
import { createCapture } from '@/capture/capture';
import { draftFromContext } from '@/capture/draft';
import { prepareCapture } from '@/capture/prepare';
import type { WaypointDb } from '@/db/database';
import { createTestStore } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

describe('prepareCapture', () => {
  it('offers the rule-matched project with its plan, people and any existing task', async () => {
    const now = new Date(2026, 10, 25, 12);
    const t = createTestStore({ now: () => now });
    db = t.db;
    const team = '0190a000-0000-7000-8000-0000000000aa';
    const project = await t.store.createProject({
      name: 'Shop',
      teamId: team,
      urlRules: [{ kind: 'domain', value: 'shop.test' }],
    });
    await t.store.createPlanningRow('milestones', {
      projectId: project.id,
      kind: 'milestone',
      title: 'Beta',
      dueAt: '2026-12-01',
      done: false,
      order: 0,
    });
    await t.store.createPlanningRow('milestones', {
      projectId: project.id,
      kind: 'milestone',
      title: 'Alpha',
      dueAt: null,
      done: true,
      order: 1,
    });
    await t.db.members.bulkPut([
      { teamId: team, id: '0190a000-0000-7000-8000-0000000000b1', name: 'Sam', role: 'member' },
      { teamId: team, id: '0190a000-0000-7000-8000-0000000000b2', name: 'Gus', role: 'guest' },
    ]);
    await t.store.createTask({
      title: 'Existing',
      projectId: project.id,
      assigneeId: '0190a000-0000-7000-8000-0000000000b1',
      dueAt: '2026-11-26',
    });
    const url = 'https://shop.test/cart';
    const draft = draftFromContext({ pageUrl: url }, { url, title: 'Cart' }, now);
    const first = await prepareCapture(t.db, draft, now);
    expect(first).toMatchObject({
      title: 'Cart',
      suggestedProjectId: project.id,
      suggestionReason: 'matches its URL rules',
      duplicate: null,
    });
    const offered = first.projects.find((p) => p.id === project.id)!;
    expect(offered.milestones.map((m) => m.title)).toEqual(['Beta']);
    expect(offered.people).toEqual([
      { id: '0190a000-0000-7000-8000-0000000000b1', name: 'Sam', open: 1, dueThisWeek: 1 },
    ]);

    await createCapture({ db: t.db, store: t.store }).capture(
      { pageUrl: url },
      { url, title: 'Cart' },
      { kind: 'project', projectId: project.id },
    );
    const again = await prepareCapture(t.db, draft, now);
    expect(again.duplicate).toMatchObject({ title: 'Cart', projectName: 'Shop', owner: 'Tester' });
  });

  it('starts a selection from its page title, offers the quote as a title, and says which projects are shared', async () => {
    const now = new Date(2026, 10, 25, 12);
    const t = createTestStore({ now: () => now });
    db = t.db;
    const shared = await t.store.createProject({ name: 'Team', teamId: '0190a000-0000-7000-8000-0000000000aa' });
    const mine = await t.store.createProject({ name: 'Mine' });
    const url = 'https://acme.test/memo';
    const draft = draftFromContext(
      { pageUrl: url, selectionText: 'Salaries rise 4% in March', page: { description: 'Pay memo for staff.' } },
      { url, title: 'Pay memo — ACME' },
      now,
    );
    const prepared = await prepareCapture(t.db, draft, now);
    expect(prepared).toMatchObject({
      title: 'Pay memo',
      quoteTitle: 'Salaries rise 4% in March',
      source: { kind: 'selection', excerpt: 'Salaries rise 4% in March' },
    });
    expect(prepared.projects.find((p) => p.id === shared.id)?.shared).toBe(true);
    expect(prepared.projects.find((p) => p.id === mine.id)?.shared).toBe(false);
  });
});
