// Two devices complete the same occurrence of a recurring task while offline: after sync both hold one task
// with one next occurrence, counted once.
import { describe, expect, it } from 'vitest';
import { createTeamOfTwo, useDevices } from './devices';

const devices = useDevices();

describe('recurring tasks across devices', () => {
  it('two offline completions of one occurrence converge to one next occurrence', async () => {
    const { ana, ben, teamId } = await createTeamOfTwo(devices);
    const project = await ana.store.createProject({ name: 'Ops', teamId });
    // Due in the future, so the next occurrence depends only on the rule and this occurrence.
    const task = await ana.store.createTask({
      title: 'Backup',
      projectId: project.id,
      dueAt: '2099-01-05',
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'due' },
    });
    await ana.engine.sync();
    await ben.engine.sync();
    expect((await ben.db.tasks.get(task.id))?.recurrence).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'due' });

    ana.offline = true;
    ben.offline = true;
    await ana.store.updateTask(task.id, { status: 'done' });
    await ben.store.updateTask(task.id, { status: 'done' });
    ana.offline = false;
    ben.offline = false;
    await ana.engine.sync();
    await ben.engine.sync();
    await ana.engine.sync();

    for (const device of [ana, ben]) {
      const rows = await device.db.tasks.filter((t) => t.title === 'Backup').toArray();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'todo', dueAt: '2099-01-12', timesDone: 1 });
    }
  });
});
