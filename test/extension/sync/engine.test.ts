// The extension's sync engine against the real server app (in-process, SQLite in memory).
import { describe, expect, it } from 'vitest';
import { exportData, importData } from '@/data/transfer';
import { keepOnDevice } from '@/sync/refusals';
import { readSyncStatus } from '@/sync/status';
import { parsePulled } from '../../../server/storage/types';
import { createDevice, createServer, createTeamOfTwo, type Device, SERVER, useDevices } from './devices';

const devices = useDevices();

const team = () => createTeamOfTwo(devices, { teamName: 'Launch crew' });

const byTitle = async (device: Device, title: string) => device.db.tasks.filter((t) => t.title === title).first();

describe('sync engine', () => {
  it('shares a team project and its tasks between two members', async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    await ana.store.createTask({ title: 'Write press release', projectId: project.id, dueAt: '2026-12-01' });
    await ana.engine.sync();
    expect(await ana.engine.pendingCount()).toBe(0);
    await ben.engine.sync();
    const task = await byTitle(ben, 'Write press release');
    expect(task).toMatchObject({ projectId: project.id, teamId, dueAt: '2026-12-01', deleted: false });
    expect(task?.openDue).toBeDefined();
    expect((await ben.db.projects.get(project.id))?.name).toBe('Launch');
    expect(await readSyncStatus(ben.db)).toMatchObject({ state: 'synced' });
    expect((await ben.db.members.where('teamId').equals(teamId).toArray()).map((m) => m.name).sort()).toEqual([
      'Ana',
      'Ben',
    ]);
  });

  it('moves device-only data into the private space on sign-up, and keeps it out of the team', async () => {
    const server = createServer();
    const solo = createDevice('solo', server.app);
    const other = createDevice('other', server.app);
    devices.push(solo, other);
    await solo.store.createTask({ title: 'Private errand' });
    const created = await solo.accounts.createTeam({ serverUrl: SERVER, teamName: 'T', userName: 'Solo' });
    expect(created.moved).toBe(1);
    await solo.engine.sync();
    const account = (await solo.account())!;
    expect((await byTitle(solo, 'Private errand'))?.teamId).toBe(account.personalTeamId);
    const invite = await solo.accounts.invite(created.teamId, 'member');
    await other.accounts.join({ serverUrl: SERVER, code: invite.code, userName: 'Other' });
    await other.engine.sync();
    expect(await byTitle(other, 'Private errand')).toBeUndefined();
  });

  it('shares a capture’s title and link but keeps its private quote on the capturing device', async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    const source = {
      kind: 'selection' as const,
      url: 'https://acme.test/memo',
      pageTitle: 'Memo',
      capturedAt: new Date().toISOString(),
    };
    const task = await ana.store.createTask({
      title: 'Pay review',
      projectId: project.id,
      source,
      privateExcerpt: 'Salaries rise 4%',
    });
    await ana.engine.sync();
    await ben.engine.sync();
    const seen = await ben.db.tasks.get(task.id);
    expect(seen).toMatchObject({ title: 'Pay review', source: { url: 'https://acme.test/memo' } });
    expect(JSON.stringify(seen)).not.toMatch(/Salaries/);
    // Ben's edit comes back to Ana through a pull, which must not drop her private quote.
    await ben.store.updateTask(task.id, { priority: 1 });
    await ben.engine.sync();
    await ana.engine.sync();
    expect(await ana.db.tasks.get(task.id)).toMatchObject({ priority: 1, privateExcerpt: 'Salaries rise 4%' });
  });

  it('keeps concurrent edits to different fields of one task', async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    const task = await ana.store.createTask({ title: 'Draft', projectId: project.id });
    await ana.engine.sync();
    await ben.engine.sync();
    await ana.store.updateTask(task.id, { title: 'Draft v2' });
    await ben.store.updateTask(task.id, { priority: 1, notes: 'see the brief' });
    await ana.engine.sync();
    await ben.engine.sync();
    await ana.engine.sync();
    for (const device of [ana, ben]) {
      expect(await device.db.tasks.get(task.id)).toMatchObject({
        title: 'Draft v2',
        priority: 1,
        notes: 'see the brief',
      });
    }
  });

  it('keeps offline edits, shows them as pending, and sends them on reconnect', async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    await ana.engine.sync();
    ana.offline = true;
    await ana.store.createTask({ title: 'Offline idea', projectId: project.id });
    await ana.store.createTask({ title: 'Second idea', projectId: project.id });
    await ana.engine.sync();
    const status = await readSyncStatus(ana.db);
    expect(status.state).toBe('offline');
    expect(status.message).toMatch(/2 changes will sync when you're back/);
    expect(await ana.engine.pendingCount()).toBe(2);
    ana.offline = false;
    await ana.engine.sync();
    await ben.engine.sync();
    expect(await byTitle(ben, 'Offline idea')).toBeDefined();
    expect(await readSyncStatus(ana.db)).toMatchObject({ state: 'synced' });
  });

  it('resends after a lost response without duplicating anything', async () => {
    const { ana, ben, teamId, server } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    await ana.engine.sync();
    await ana.store.createTask({ title: 'Exactly once', projectId: project.id });
    ana.loseResponses = 1;
    await ana.engine.sync();
    expect(await ana.engine.pendingCount()).toBe(1);
    await ana.engine.sync();
    expect(await ana.engine.pendingCount()).toBe(0);
    await ben.engine.sync();
    expect(await ben.db.tasks.filter((t) => t.title === 'Exactly once').count()).toBe(1);
    const pull = await server.storage.pull({ teamId, limit: 1000 });
    expect(
      pull.kind === 'ok' && pull.changes.map(parsePulled).filter((c) => c.fields.title === 'Exactly once').length,
    ).toBe(1);
  });

  it('rebases pending local changes over pulled rows', async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    const task = await ana.store.createTask({ title: 'Plan', projectId: project.id });
    await ana.engine.sync();
    await ben.engine.sync();
    ben.offline = true;
    await ben.store.updateTask(task.id, { title: 'Plan (Ben)' });
    await ana.store.updateTask(task.id, { notes: 'from Ana', status: 'doing' });
    await ana.engine.sync();
    ben.offline = false;
    // Pull first by hand: the pending title must survive the pulled row.
    await ben.engine.sync();
    expect(await ben.db.tasks.get(task.id)).toMatchObject({ title: 'Plan (Ben)', notes: 'from Ana', status: 'doing' });
    await ana.engine.sync();
    expect(await ana.db.tasks.get(task.id)).toMatchObject({ title: 'Plan (Ben)', notes: 'from Ana' });
  });

  it('lets a delete win over a concurrent edit, and restore bring the row back', async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    const task = await ana.store.createTask({ title: 'Contested', projectId: project.id });
    await ana.engine.sync();
    await ben.engine.sync();
    await ana.store.deleteTask(task.id);
    await ben.store.updateTask(task.id, { title: 'Edited meanwhile' });
    await ana.engine.sync();
    await ben.engine.sync();
    await ana.engine.sync();
    expect((await ana.db.tasks.get(task.id))?.deleted).toBe(true);
    expect(await ben.db.tasks.get(task.id)).toMatchObject({ deleted: true, title: 'Edited meanwhile' });
    await ben.store.restoreTask(task.id);
    await ben.engine.sync();
    await ana.engine.sync();
    expect(await ana.db.tasks.get(task.id)).toMatchObject({ deleted: false, title: 'Edited meanwhile' });
  });

  it('keeps a guest’s refused task on the device and says why', async () => {
    const { ana, teamId, server } = await team();
    const guest = createDevice('guest', server.app);
    devices.push(guest);
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    await ana.engine.sync();
    const invite = await ana.accounts.invite(teamId, 'guest');
    await guest.accounts.join({ serverUrl: SERVER, code: invite.code, userName: 'Gus' });
    await guest.engine.sync();
    await guest.store.createTask({ title: 'Guest wish', projectId: project.id });
    await guest.engine.sync();
    expect(await guest.engine.pendingCount()).toBe(0);
    // The row stays where the guest put it, marked as refused until the guest keeps it here or discards it.
    const wish = await byTitle(guest, 'Guest wish');
    expect(wish?.teamId).toBe(teamId);
    expect(await guest.db.rejections.get(`tasks:${wish!.id}`)).toMatchObject({ code: 'Forbidden', kind: 'create' });
    await ana.engine.sync();
    expect(await byTitle(ana, 'Guest wish')).toBeUndefined();
  });

  it("re-importing one's own export in a team queues nothing wrong, and sync goes on both ways", async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    const task = await ana.store.createTask({ title: 'Plan', projectId: project.id });
    await ana.engine.sync();
    const file = JSON.stringify(await exportData(ana.db));
    await ana.store.updateTask(task.id, { title: 'Plan v2' });
    await importData(ana.db, file, ana.clock, { me: (await ana.account())!.user.id });
    // Another profile's copy of the same data imported in Ben's browser changes nothing either.
    await ben.engine.sync();
    await importData(ben.db, file, ben.clock, { me: (await ben.account())!.user.id });
    await ana.engine.sync();
    await ben.engine.sync();
    expect(await readSyncStatus(ana.db)).toMatchObject({ state: 'synced' });
    expect(await ana.engine.pendingCount()).toBe(0);
    expect(await ben.engine.pendingCount()).toBe(0);
    // A later edit still reaches the teammate: nothing is stuck.
    await ana.store.updateTask(task.id, { notes: 'after the import' });
    await ana.engine.sync();
    await ben.engine.sync();
    expect(await ben.db.tasks.get(task.id)).toMatchObject({ title: 'Plan v2', notes: 'after the import' });
  });

  it("a guest's refused risk is marked on the device; keeping it takes it out of the team, and nothing is stuck", async () => {
    const { ana, teamId, server } = await team();
    const guest = createDevice('guest', server.app);
    devices.push(guest);
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    await ana.engine.sync();
    await guest.accounts.join({
      serverUrl: SERVER,
      code: (await ana.accounts.invite(teamId, 'guest')).code,
      userName: 'Gus',
    });
    await guest.engine.sync();
    const risk = await guest.store.createPlanningRow('risks', {
      projectId: project.id,
      title: 'Guest worry',
      probability: 2,
      impact: 2,
      mitigation: '',
      ownerId: null,
      status: 'open',
    });
    await guest.engine.sync();
    expect(await guest.db.rejections.get(`risks:${risk.id}`)).toMatchObject({ kind: 'create', role: 'guest' });
    expect((await guest.db.risks.get(risk.id))?.teamId).toBe(teamId);
    await keepOnDevice(guest.db, `risks:${risk.id}`);
    expect((await guest.db.risks.get(risk.id))?.teamId).toBeNull();
    expect(await guest.db.rejections.count()).toBe(0);
    // A comment, which guests may write, still goes through.
    await guest.store.createPlanningRow('comments', { projectId: project.id, taskId: null, body: 'Hi', mentions: [] });
    await guest.engine.sync();
    await ana.engine.sync();
    expect(await ana.db.comments.count()).toBe(1);
    expect(await ana.db.risks.filter((r) => r.title === 'Guest worry').count()).toBe(0);
  });

  it('a mutation the server cannot store is refused, the rest renumbered, and later edits sync', async () => {
    const { ana, ben, teamId } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    const task = await ana.store.createTask({ title: 'Plan', projectId: project.id });
    await ana.engine.sync();
    // The store refuses such text at once; an outbox written by an older version may still hold some.
    await expect(ana.store.updateTask(task.id, { title: 'bad\u0000title' })).rejects.toThrow(/NUL/);
    const space = (await ana.db.spaces.get(teamId))!;
    await ana.db.transaction('rw', [ana.db.outbox, ana.db.spaces], async () => {
      await ana.db.outbox.add({
        table: 'tasks',
        key: task.id,
        op: 'patch',
        fields: { title: 'bad\ud800title' },
        hlc: ana.clock.now(),
        teamId,
        createdAt: new Date().toISOString(),
        wireSeq: space.lastWireSeq + 1,
      });
      await ana.db.spaces.update(teamId, { lastWireSeq: space.lastWireSeq + 1 });
    });
    await ana.store.updateTask(task.id, { notes: 'after' });
    await ana.engine.sync();
    expect(await ana.engine.pendingCount()).toBe(0);
    expect(await ana.db.rejections.get(`tasks:${task.id}`)).toMatchObject({ code: 'Invalid', kind: 'change' });
    await ben.engine.sync();
    expect(await ben.db.tasks.get(task.id)).toMatchObject({ title: 'Plan', notes: 'after' });
    expect((await ana.db.tasks.get(task.id))?.title).toBe('Plan');
  });

  it('stops retrying a revoked sign-in and explains it', async () => {
    const { ana } = await team();
    const account = (await ana.account())!;
    await ana.db.settings.put({ key: 'account', value: { ...account, token: `wp_${'A'.repeat(43)}` } });
    await ana.store.createTask({ title: 'After revoke' });
    await ana.engine.sync();
    expect(await readSyncStatus(ana.db)).toMatchObject({ state: 'error', message: /no longer accepts/ });
    expect(await ana.engine.pendingCount()).toBe(1);
  });
});
