// Opening a database written by an older extension version keeps every row and adds what the new version needs.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, SCHEMA_VERSION } from '@/db/database';

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
    expect(await db.tasks.get(task.id)).toEqual(task);
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
      hlc: {},
      deleted: false,
    });
    expect(await db.steps.where('taskId').equals('t1').count()).toBe(1);
    db.close();
  });
});
