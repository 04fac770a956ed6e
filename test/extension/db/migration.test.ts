// Opening a database written by an older extension version keeps every row and adds what the new version needs.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, SCHEMA_VERSION, syncedStores } from '@/db/database';
import { rowClocks, toSyncRow } from '@/db/rows';

const name = 'waypoint-migration-test';
afterEach(async () => Dexie.delete(name));

describe('migrations', () => {
  it('upgrades a version 1 database without losing data', async () => {
    // The schema exactly as version 1 of the extension shipped it.
    const v1 = new Dexie(name);
    v1.version(1).stores({
      tasks: 'id, openDue, [projectKey+openDue], projectKey, sourceKey, doneAt',
      projects: 'id, name',
      outbox: '++seq, teamId, [table+key]',
      settings: 'key',
    });
    const task = {
      id: '0190a000-0000-7000-8000-000000000001',
      title: 'Old task',
      openDue: '~',
      projectKey: 'inbox',
      hlc: {},
      deleted: false,
    };
    await v1.table('tasks').add(task);
    await v1
      .table('outbox')
      .add({ table: 'tasks', key: task.id, op: 'upsert', fields: { title: 'Old task' }, hlc: 'x', teamId: null });
    await v1.table('settings').put({ key: 'displayName', value: 'Ana' });
    v1.close();

    const db = createDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    // A row nothing wrote has no clock: its empty per-field map becomes an empty row HLC (v6).
    expect(await db.tasks.get(task.id)).toEqual({ ...task, hlc: '' });
    expect(await db.tasks.where('openDue').equals('~').count()).toBe(1);
    expect((await db.outbox.toArray()).map((m) => m.seq)).toEqual([1]);
    expect((await db.settings.get('displayName'))?.value).toBe('Ana');
    await db.spaces.put({
      teamId: 't',
      name: 'Team',
      role: 'owner',
      personal: false,
      cursor: '',
      cursorTables: '',
      version: 0,
      lastWireSeq: 0,
    });
    await db.members.put({ teamId: 't', id: 'u', name: 'Ana', role: 'owner' });
    expect(await db.members.where('teamId').equals('t').count()).toBe(1);
    expect(await db.risks.where('projectId').equals('p').count()).toBe(0);
    db.close();
  });

  it('adds the steps store to a version 4 database', async () => {
    // Version 4's stores as the extension shipped them (before steps).
    const v4 = new Dexie(name);
    v4.version(4).stores({
      tasks: 'id, openDue, [projectKey+openDue], projectKey, sourceKey, doneAt',
      projects: 'id, name',
      outbox: '++seq, teamId, [table+key]',
      settings: 'key',
      spaces: 'teamId',
      members: '[teamId+id], teamId',
      objectives: 'id, projectId',
      milestones: 'id, projectId',
      risks: 'id, projectId',
      stakeholders: 'id, projectId',
      documents: 'id, projectId',
      comments: 'id, projectId, taskId',
      statusUpdates: 'id, projectId',
      rejections: 'id, teamId',
    });
    await v4.table('tasks').add({ id: 't1', title: 'Kept', hlc: {}, deleted: false });
    v4.close();

    const db = createDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect((await db.tasks.get('t1'))?.title).toBe('Kept');
    await db.steps.put({
      id: 's1',
      teamId: null,
      taskId: 't1',
      title: 'Step',
      done: false,
      position: 'a0',
      createdBy: null,
      createdAt: '2026-11-25T12:00:00.000Z',
      hlc: '',
      deleted: false,
    });
    expect(await db.steps.where('taskId').equals('t1').count()).toBe(1);
    db.close();
  });

  it('v6 keeps one HLC per row and only the field HLCs that differ, losing no clock', async () => {
    const v4 = new Dexie(name);
    defineSchemaUpTo4(v4);
    const a = '1764547200000-0000-dev-a';
    const b = '1764547200500-0001-dev-b';
    const fresh = {
      id: '0190a000-0000-7000-8000-000000000002',
      teamId: 't',
      title: 'Written once',
      notes: '',
      openDue: '~',
      projectKey: 'inbox',
      hlc: { title: a, notes: a },
      deleted: false,
    };
    const edited = {
      id: '0190a000-0000-7000-8000-000000000003',
      teamId: 't',
      title: 'Renamed',
      notes: 'old notes',
      projectKey: 'inbox',
      hlc: { title: b, notes: a, deleted: a },
      deleted: false,
    };
    const gone = {
      id: '0190a000-0000-7000-8000-000000000004',
      teamId: 't',
      name: 'P',
      hlc: { name: a, deleted: b },
      deleted: true,
    };
    await v4.table('tasks').bulkAdd([fresh, edited]);
    await v4.table('projects').add(gone);
    await v4
      .table('outbox')
      .add({ table: 'tasks', key: fresh.id, op: 'patch', fields: { title: 'x' }, hlc: b, teamId: 't' });
    v4.close();

    const db = createDatabase(name);
    await db.open();
    const [storedFresh, storedEdited] = await db.tasks.bulkGet([fresh.id, edited.id]);
    expect(storedFresh).toEqual({ ...fresh, hlc: a });
    // The restore's tombstone HLC is kept even though the row is live: a later delete still compares with it.
    expect(storedEdited).toEqual({ ...edited, hlc: b, hlcs: { notes: a, deleted: a } });
    expect(await db.projects.get(gone.id)).toEqual({ ...gone, hlc: b, hlcs: { name: a } });
    expect(rowClocks(storedFresh!)).toEqual(fresh.hlc);
    expect(rowClocks(storedEdited!)).toEqual(edited.hlc);
    expect(rowClocks((await db.projects.get(gone.id))!)).toEqual(gone.hlc);
    expect(toSyncRow(storedEdited!)).toEqual({
      key: edited.id,
      fields: { title: 'Renamed', notes: 'old notes' },
      hlc: edited.hlc,
      deleted: false,
    });
    expect(await db.tasks.where('projectKey').equals('inbox').count()).toBe(2);
    expect(await db.outbox.toArray()).toEqual([
      { seq: 1, table: 'tasks', key: fresh.id, op: 'patch', fields: { title: 'x' }, hlc: b, teamId: 't' },
    ]);
    db.close();
  });
});

/** The schema as version 4 of the extension shipped it (versions 1 to 4 of defineSchema). */
function defineSchemaUpTo4(db: Dexie): void {
  db.version(1).stores({
    tasks: 'id, openDue, [projectKey+openDue], projectKey, sourceKey, doneAt',
    projects: 'id, name',
    outbox: '++seq, teamId, [table+key]',
    settings: 'key',
  });
  db.version(2).stores({ spaces: 'teamId', members: '[teamId+id], teamId' });
  db.version(3).stores({
    objectives: 'id, projectId',
    milestones: 'id, projectId',
    risks: 'id, projectId',
    stakeholders: 'id, projectId',
    documents: 'id, projectId',
    comments: 'id, projectId, taskId',
    statusUpdates: 'id, projectId',
  });
  db.version(4).stores({ ...syncedStores(), rejections: 'id, teamId' });
}
