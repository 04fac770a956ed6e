// Captures keep their quote private unless shared, and land in the project their URL or history suggests.
import { afterEach, describe, expect, it } from 'vitest';
import { createCapture } from '@/capture/capture';
import { suggestProjects } from '@/capture/routing';
import type { WaypointDb } from '@/db/database';
import { taskExcerpt, taskSourceHref, toSyncRow } from '@/db/rows';
import { createTestStore } from '../helpers';

let db: WaypointDb | undefined;
afterEach(async () => db?.delete());

const tab = (url: string, title = 'Page') => ({ url, title });

describe('privacy of captured excerpts', () => {
  it('keeps the quote and its text-fragment link on this device by default', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const quote = 'Pay review\nSalaries rise 4% in March';
    const outcome = await capture(
      { pageUrl: 'https://acme.test/memo', selectionText: quote },
      tab('https://acme.test/memo'),
      { kind: 'inbox' },
    );
    if (outcome.kind !== 'created') throw new Error('expected a task');
    const task = outcome.task;
    expect(task.source?.excerpt).toBeUndefined();
    expect(task.source?.fragmentUrl).toBeUndefined();
    // The title (the page's, not the quote's), the link and the metadata are what teammates see.
    expect(task.title).toBe('Page');
    expect(taskExcerpt(task)).toEqual({ text: quote, private: true });
    expect(taskSourceHref(task)).toMatch(/#:~:text=/);
    // Nothing of the quote goes into the synced fields or the outbox.
    expect(JSON.stringify(toSyncRow(task).fields)).not.toMatch(/Salaries|text=/);
    expect(JSON.stringify(await t.db.outbox.toArray())).not.toMatch(/Salaries|text=/);
  });

  it('shares it when the project says so, or when the capturer chooses, and can take it back', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const open = await t.store.createProject({ name: 'Open book', shareExcerpts: true });
    const shared = await capture(
      { pageUrl: 'https://acme.test/a', selectionText: 'Quote A' },
      tab('https://acme.test/a'),
      { kind: 'project', projectId: open.id },
    );
    expect(shared.kind === 'created' && shared.task.source?.excerpt).toBe('Quote A');
    const chosen = await capture(
      { pageUrl: 'https://acme.test/b', selectionText: 'Quote B' },
      tab('https://acme.test/b'),
      { kind: 'inbox' },
      { shareExcerpt: true },
    );
    if (chosen.kind !== 'created') throw new Error('expected a task');
    expect(chosen.task.source?.excerpt).toBe('Quote B');
    const unshared = await t.store.shareExcerpt(chosen.task.id, false);
    expect(unshared.source?.excerpt).toBeUndefined();
    expect(unshared.privateExcerpt).toBe('Quote B');
    const reshared = await t.store.shareExcerpt(chosen.task.id, true);
    expect(reshared.source?.excerpt).toBe('Quote B');
    expect(reshared.privateExcerpt).toBeUndefined();
    expect(reshared.source?.fragmentUrl).toMatch(/#:~:text=Quote%20B/);
  });

  it('titles a shared selection by its quote, and keeps a page description as private as a quote', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const open = await t.store.createProject({ name: 'Open book', shareExcerpts: true });
    const shared = await capture(
      { pageUrl: 'https://acme.test/q', selectionText: 'Ship the beta\nby Friday' },
      tab('https://acme.test/q', 'Plan — ACME'),
      { kind: 'project', projectId: open.id },
    );
    expect(shared.kind === 'created' && shared.task.title).toBe('Ship the beta');
    const page = { pageUrl: 'https://acme.test/salaries', page: { description: 'Salaries rise 4% in March.' } };
    const secret = await capture(page, tab('https://acme.test/salaries', 'Pay memo'), { kind: 'inbox' });
    if (secret.kind !== 'created') throw new Error('expected a task');
    expect(secret.task.source?.description).toBeUndefined();
    expect(secret.task.privateDescription).toBe('Salaries rise 4% in March.');
    expect(JSON.stringify(toSyncRow(secret.task).fields)).not.toMatch(/Salaries/);
    expect(JSON.stringify(await t.db.outbox.toArray())).not.toMatch(/Salaries/);
    const public_ = await t.store.shareExcerpt(secret.task.id, true);
    expect(public_.source?.description).toBe('Salaries rise 4% in March.');
    expect(public_.privateDescription).toBeUndefined();
    const inProject = await capture(
      { pageUrl: 'https://acme.test/open', page: { description: 'Open roadmap.' } },
      tab('https://acme.test/open', 'Roadmap'),
      { kind: 'project', projectId: open.id },
    );
    expect(inProject.kind === 'created' && inProject.task.source?.description).toBe('Open roadmap.');
  });

  it('keeps the private quote when the task is edited', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const outcome = await capture(
      { pageUrl: 'https://acme.test/c', selectionText: 'Keep me' },
      tab('https://acme.test/c'),
      { kind: 'inbox' },
    );
    if (outcome.kind !== 'created') throw new Error('expected a task');
    const edited = await t.store.updateTask(outcome.task.id, { title: 'Renamed' });
    expect(edited.privateExcerpt).toBe('Keep me');
  });
});

describe('routing', () => {
  it('suggests projects by URL rule, then by where earlier captures from the site went', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    const docs = await t.store.createProject({
      name: 'Docs',
      urlRules: [{ kind: 'prefix', value: 'https://wiki.acme.test/docs' }],
    });
    const sales = await t.store.createProject({ name: 'Sales' });
    expect(
      (await suggestProjects(t.db, 'https://wiki.acme.test/docs/setup')).map((s) => [s.project.name, s.reason]),
    ).toEqual([['Docs', 'rule']]);
    expect(await suggestProjects(t.db, 'https://crm.acme.test/deal/1')).toEqual([]);
    for (const n of [1, 2])
      await capture({ pageUrl: `https://crm.acme.test/deal/${n}` }, tab(`https://crm.acme.test/deal/${n}`), {
        kind: 'project',
        projectId: sales.id,
      });
    const learned = await suggestProjects(t.db, 'https://crm.acme.test/deal/3');
    expect(learned.map((s) => [s.project.name, s.reason, s.captures])).toEqual([['Sales', 'learned', 2]]);
    // The shortcut (default target) follows the suggestion and says why.
    const routed = await capture({ pageUrl: 'https://crm.acme.test/deal/3' }, tab('https://crm.acme.test/deal/3'), {
      kind: 'default',
    });
    expect(routed).toMatchObject({ kind: 'created', projectName: 'Sales', routedBy: 'learned' });
    const ruled = await capture(
      { pageUrl: 'https://wiki.acme.test/docs/faq' },
      tab('https://wiki.acme.test/docs/faq'),
      { kind: 'default' },
    );
    expect(ruled).toMatchObject({ projectName: 'Docs', routedBy: 'rule' });
    expect(docs.id).toBeTruthy();
  });

  it('names the owner of the existing task in a duplicate', async () => {
    const t = createTestStore();
    db = t.db;
    const { capture } = createCapture({ db: t.db, store: t.store });
    await capture({ pageUrl: 'https://acme.test/spec' }, tab('https://acme.test/spec', 'Spec'), { kind: 'inbox' });
    const again = await capture(
      { pageUrl: 'https://acme.test/spec#intro' },
      tab('https://acme.test/spec#intro', 'Spec'),
      { kind: 'inbox' },
    );
    expect(again).toMatchObject({ kind: 'duplicate', projectName: 'Inbox', owner: 'Tester' });
  });
});
