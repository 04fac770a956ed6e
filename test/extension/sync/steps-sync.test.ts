// Steps across devices: two people tick different steps of one task offline and both ticks survive; two offline
// completions of one occurrence of a repeating task converge to one next occurrence with its steps unticked;
// a guest cannot add steps.
import { describe, expect, it } from 'vitest';
import { taskSteps } from '@/db/queries';
import { createTeamOfTwo, type Device, useDevices } from './devices';

const devices = useDevices();

async function team(role: 'member' | 'guest' = 'member') {
  const { ana, ben, teamId } = await createTeamOfTwo(devices, { role });
  const project = await ana.store.createProject({ name: 'Ops', teamId });
  return { ana, ben, project, teamId };
}

const syncAll = async (...all: Device[]) => {
  for (const d of all) await d.engine.sync();
  for (const d of all) await d.engine.sync();
};

describe('steps across devices', () => {
  it('ticks of different steps made offline on two devices both survive', async () => {
    const { ana, ben, project, teamId } = await team();
    const task = await ana.store.createTask({ title: 'Launch', projectId: project.id });
    const first = await ana.store.createStep({ taskId: task.id, title: 'Write notes' });
    const second = await ana.store.createStep({ taskId: task.id, title: 'Tag release' });
    expect(first.teamId).toBe(teamId);
    await syncAll(ana, ben);
    expect((await taskSteps(ben.db, task.id)).map((s) => s.title)).toEqual(['Write notes', 'Tag release']);

    ana.offline = true;
    ben.offline = true;
    await ana.store.updateStep(first.id, { done: true });
    await ben.store.updateStep(second.id, { done: true });
    // At the same time Ana moves a step to the top and Ben adds one there: both compute the same key, and the
    // tie is ordered by step id on every device (the older step first).
    await ana.store.moveStep(second.id, 0);
    await ben.store.createStep({ taskId: task.id, title: 'Announce', index: 0 });
    ana.offline = false;
    ben.offline = false;
    await syncAll(ana, ben);

    for (const device of [ana, ben]) {
      const steps = await taskSteps(device.db, task.id);
      expect(steps.map((s) => [s.title, s.done])).toEqual([
        ['Tag release', true],
        ['Announce', false],
        ['Write notes', true],
      ]);
      expect(await device.engine.pendingCount()).toBe(0);
    }
  });

  it('two offline completions of one occurrence leave one next occurrence with its steps unticked', async () => {
    const { ana, ben, project } = await team();
    const task = await ana.store.createTask({
      title: 'Backup',
      projectId: project.id,
      dueAt: '2099-01-05',
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'due' },
    });
    const step = await ana.store.createStep({ taskId: task.id, title: 'Check the disks' });
    await ana.store.updateStep(step.id, { done: true });
    await syncAll(ana, ben);

    ana.offline = true;
    ben.offline = true;
    await ana.store.updateTask(task.id, { status: 'done' });
    await ben.store.updateTask(task.id, { status: 'done' });
    ana.offline = false;
    ben.offline = false;
    await syncAll(ana, ben);

    for (const device of [ana, ben]) {
      expect(await device.db.tasks.get(task.id)).toMatchObject({ status: 'todo', dueAt: '2099-01-12', timesDone: 1 });
      expect((await taskSteps(device.db, task.id)).map((s) => s.done)).toEqual([false]);
    }
  });

  it('a guest’s step is refused and shown as not shared', async () => {
    const { ana, ben, project } = await team('guest');
    const task = await ana.store.createTask({ title: 'Launch', projectId: project.id });
    await syncAll(ana, ben);
    const step = await ben.store.createStep({ taskId: task.id, title: 'Guest idea' });
    await ben.engine.sync();
    const refusal = await ben.db.rejections.get(`steps:${step.id}`);
    expect(refusal).toMatchObject({ code: 'Forbidden', table: 'steps' });
    expect(await ana.db.steps.count()).toBe(0);
  });
});
