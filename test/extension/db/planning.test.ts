// The charter rows of a project (objectives, milestones, risks, …): validated writes that travel with the project.
import { afterEach, describe, expect, it } from 'vitest';
import { exportData, importData } from '@/data/transfer';
import type { WaypointDb } from '@/db/database';
import { type AnyRow, toSyncRow } from '@/db/rows';
import { createTestStore, TEST_TEAM } from '../helpers';

const dbs: WaypointDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

describe('planning rows', () => {
  it('creates, edits and deletes rows of a project with the outbox in step', async () => {
    const t = createTestStore({ space: TEST_TEAM });
    dbs.push(t.db);
    const project = await t.store.createProject({ name: 'Launch' });
    const risk = await t.store.createPlanningRow('risks', {
      projectId: project.id,
      title: 'Vendor late',
      probability: 3,
      impact: 4,
      mitigation: '',
      ownerId: null,
      status: 'open',
    });
    expect(risk).toMatchObject({ teamId: TEST_TEAM, createdBy: 'Tester', deleted: false });
    const edited = await t.store.updatePlanningRow('risks', risk.id, { mitigation: 'Second vendor on standby' });
    expect(edited.mitigation).toBe('Second vendor on standby');
    await expect(t.store.updatePlanningRow('risks', risk.id, { probability: 9 })).rejects.toThrow();
    await expect(t.store.updatePlanningRow('risks', risk.id, { projectId: project.id })).rejects.toThrow();
    await expect(
      t.store.createPlanningRow('objectives', { projectId: '0190a000-0000-7000-8000-000000000000', title: 'x' }),
    ).rejects.toThrow(/does not exist/);
    await t.store.deleteRow('risks', risk.id);
    expect((await t.db.risks.get(risk.id))?.deleted).toBe(true);
    expect((await t.db.outbox.toArray()).filter((m) => m.table === 'risks').map((m) => m.op)).toEqual([
      'upsert',
      'patch',
      'delete',
    ]);
  });

  it('moves the whole charter with its project into a team', async () => {
    const t = createTestStore();
    dbs.push(t.db);
    const project = await t.store.createProject({ name: 'Launch' });
    const objective = await t.store.createPlanningRow('objectives', {
      projectId: project.id,
      title: '1,000 signups',
      unit: 'signups',
      target: 1000,
      current: 120,
      dueAt: null,
      order: 0,
    });
    const team = '0190a000-0000-7000-8000-0000000000aa';
    await t.store.updateProject(project.id, { teamId: team });
    expect((await t.db.objectives.get(objective.id))?.teamId).toBe(team);
    const upsert = (await t.db.outbox.toArray()).find((m) => m.table === 'objectives' && m.teamId === team);
    expect(upsert).toMatchObject({ op: 'upsert', fields: { title: '1,000 signups', target: 1000 } });
  });

  it('exports and imports charter rows with every field', async () => {
    const a = createTestStore({ clientId: 'a' });
    const b = createTestStore({ clientId: 'b' });
    dbs.push(a.db, b.db);
    const project = await a.store.createProject({ name: 'Launch' });
    await a.store.createPlanningRow('milestones', {
      projectId: project.id,
      kind: 'milestone',
      title: 'Beta',
      dueAt: '2027-01-15',
      done: false,
      order: 1,
    });
    await a.store.createPlanningRow('comments', {
      projectId: project.id,
      taskId: null,
      body: 'Kick-off <b>notes</b>',
      mentions: [],
    });
    const summary = await importData(b.db, JSON.stringify(await exportData(a.db)), b.clock);
    expect(summary.planning).toBe(2);
    // The importer's clock stamps what it wrote (importing is an edit made now); the values are the same.
    const fields = (rows: AnyRow[]) => rows.map((row) => toSyncRow(row).fields);
    expect(fields(await b.db.milestones.toArray())).toEqual(fields(await a.db.milestones.toArray()));
    expect(fields(await b.db.comments.toArray())).toEqual(fields(await a.db.comments.toArray()));
  });
});
