// Pokes that carry a small push's changes (protocol 2): a teammate caught up at the version before applies
// them without a pull, and anything else (a missed poke, a pull cut short) falls back to pulling.
import { describe, expect, it } from 'vitest';
import { toSyncRow } from '@/db/rows';
import { parsePulled } from '../../../server/storage/types';
import { createTeamOfTwo, type Device, useDevices } from './devices';

const devices = useDevices();

type Poke = { type: 'poke'; teamId: string; version: number; from?: number; cursor?: string; changes?: unknown[] };

async function team() {
  const { server, ana, ben, teamId } = await createTeamOfTwo(devices);
  teamOf = teamId;
  const pokes: Poke[] = [];
  const benAccount = (await ben.account())!;
  server.hub.add({
    userId: benAccount.user.id,
    tokenId: 'listener',
    subscription: 'all',
    memberOf: new Set([teamId]),
    send: (data) => {
      const message = JSON.parse(data) as Poke;
      if (message.type === 'poke' && message.teamId === teamId) pokes.push(message);
    },
    revoke: () => undefined,
    removed: () => undefined,
  });
  /** The next poke of the team (sent right after the pusher's answer). */
  const nextPoke = async (): Promise<Poke> => {
    for (let i = 0; i < 100 && pokes.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const poke = pokes.shift();
    if (!poke) throw new Error('no poke');
    return poke;
  };
  return { server, ana, ben, teamId, nextPoke };
}

/** Pulls of the team space (not the private one). */
let teamOf = '';
const pulls = (device: Device) =>
  device.requests.filter((r) => r.includes('/v1/sync/pull') && r.includes(`teamId=${teamOf}`)).length;

describe('pokes that carry their changes', () => {
  it('a caught-up teammate applies the change from the poke, without a pull, as a pull would have', async () => {
    const { server, ana, ben, teamId, nextPoke } = await team();
    const project = await ana.store.createProject({ name: 'Launch', teamId });
    const task = await ana.store.createTask({ title: 'Draft', projectId: project.id });
    await ana.engine.sync();
    await nextPoke();
    await ben.engine.sync();
    expect((await ben.db.tasks.get(task.id))?.title).toBe('Draft');

    await ana.store.updateTask(task.id, { title: 'Final' });
    await ana.engine.sync();
    const poke = await nextPoke();
    expect(poke.from).toBe(poke.version - 1);
    expect(poke.changes).toHaveLength(1);
    expect(poke.changes?.[0]).toMatchObject({ table: 'tasks', key: task.id, hlc: expect.any(String) });

    const before = pulls(ben);
    // The poke starts its own cycle: nothing for the caller to kick.
    expect(await ben.engine.isBehind(teamId, poke.version, poke)).toBe(false);
    await ben.engine.settled();
    expect(pulls(ben)).toBe(before);
    const row = await ben.db.tasks.get(task.id);
    expect(row?.title).toBe('Final');
    expect(await ben.db.spaces.get(teamId)).toMatchObject({ version: poke.version, cursor: poke.cursor });
    // The same row, clocks included, as the server holds it.
    const pulled = await server.storage.pull({ teamId, limit: 100 });
    const stored = pulled.kind === 'ok' ? pulled.changes.map(parsePulled).find((c) => c.key === task.id) : undefined;
    expect(toSyncRow(row!)).toEqual({ key: task.id, fields: stored?.fields, hlc: stored?.hlc, deleted: false });
    // The cursor the poke gave is where a pull stands: the next pull brings nothing again.
    await ben.engine.sync();
    expect((await ben.db.tasks.get(task.id))?.title).toBe('Final');
  });

  it('a missed poke, or a pull cut short, means a pull instead', async () => {
    const { ana, ben, teamId, nextPoke } = await team();
    const project = await ana.store.createProject({ name: 'P', teamId });
    const shared = await ana.store.createTask({ title: 'Shared', projectId: project.id });
    await ana.engine.sync();
    await nextPoke();
    await ben.engine.sync();

    await ana.store.updateTask(shared.id, { title: 'Second' });
    await ana.engine.sync();
    await nextPoke(); // never delivered to Ben
    await ana.store.updateTask(shared.id, { notes: 'third' });
    await ana.engine.sync();
    const third = await nextPoke();
    const before = pulls(ben);
    expect(await ben.engine.isBehind(teamId, third.version, third)).toBe(false);
    await ben.engine.settled();
    expect(pulls(ben)).toBeGreaterThan(before);
    expect(await ben.db.tasks.get(shared.id)).toMatchObject({ title: 'Second', notes: 'third' });

    // A pull that stopped before its end leaves the space not caught up: a poke then is pulled too.
    await ben.db.spaces.update(teamId, { caughtUp: false });
    await ana.store.updateTask(shared.id, { title: 'Fourth' });
    await ana.engine.sync();
    const fourth = await nextPoke();
    const again = pulls(ben);
    await ben.engine.isBehind(teamId, fourth.version, fourth);
    await ben.engine.settled();
    expect(pulls(ben)).toBeGreaterThan(again);
    expect((await ben.db.tasks.get(shared.id))?.title).toBe('Fourth');
  });

  it('a local change is pushed without a pull, and its own poke brings the device to the team version', async () => {
    const { server, ana, teamId, nextPoke } = await team();
    const project = await ana.store.createProject({ name: 'Relay', teamId });
    await ana.engine.sync();
    await nextPoke();
    const before = pulls(ana);
    const task = await ana.store.createTask({ title: 'Captured', projectId: project.id });
    ana.engine.kick('change');
    await ana.engine.settled();
    // Pushed: the server has it and nothing is pending; nobody else changed anything, so nothing was pulled.
    const pulled = await server.storage.pull({ teamId, limit: 100 });
    expect(pulled.kind === 'ok' && pulled.changes.some((c) => c.key === task.id)).toBe(true);
    expect(await ana.engine.pendingCount()).toBe(0);
    expect(pulls(ana)).toBe(before);
    // The push's poke reaches the pusher too: it follows the version it stands at, so it is applied, not pulled.
    const poke = await nextPoke();
    expect(await ana.engine.isBehind(teamId, poke.version, poke)).toBe(false);
    await ana.engine.settled();
    expect(pulls(ana)).toBe(before);
    expect(await ana.db.spaces.get(teamId)).toMatchObject({ version: poke.version, cursor: poke.cursor });
    expect((await ana.db.tasks.get(task.id))?.title).toBe('Captured');
  });

  it('a poke whose changes do not fit the protocol is ignored for a pull', async () => {
    const { ana, ben, teamId, nextPoke } = await team();
    const project = await ana.store.createProject({ name: 'P', teamId });
    await ana.engine.sync();
    await nextPoke();
    await ben.engine.sync();
    await ana.store.updateProject(project.id, { name: 'Renamed' });
    await ana.engine.sync();
    const poke = await nextPoke();
    const before = pulls(ben);
    // Not a carried poke: the caller kicks a sync as for any poke.
    expect(
      await ben.engine.isBehind(teamId, poke.version, { ...poke, changes: [{ table: 'projects', key: project.id }] }),
    ).toBe(true);
    await ben.engine.sync();
    expect(pulls(ben)).toBeGreaterThan(before);
    expect((await ben.db.projects.get(project.id))?.name).toBe('Renamed');
  });

  it('a change this device just made is pushed before anything is read, and a carried poke written in one step', async () => {
    const { ana, ben, teamId, nextPoke } = await team();
    const project = await ana.store.createProject({ name: 'Relay', teamId });
    await ana.engine.sync();
    await nextPoke();
    await ben.engine.sync();
    // Every transaction either device opens, in order, beside its requests.
    const log: string[] = [];
    for (const device of [ana, ben]) {
      const open = device.db.transaction.bind(device.db) as (...args: unknown[]) => unknown;
      (device.db as unknown as { transaction: (...args: unknown[]) => unknown }).transaction = (...args) => {
        log.push(`${device.name} ${String(args[0])}`);
        return open(...args);
      };
      const requests = device.requests;
      device.requests = new Proxy(requests, {
        get: (target, key) =>
          key === 'push'
            ? (...items: string[]) => {
                for (const item of items) log.push(`${device.name} ${item.split('?')[0]}`);
                return target.push(...items);
              }
            : Reflect.get(target, key),
      });
    }
    const task = await ana.store.createTask({ title: 'Captured', projectId: project.id });
    log.length = 0;
    ana.engine.kick('change');
    await ana.engine.settled();
    // The store told the engine what it queued: the push is the cycle's first step.
    expect(log[0]).toBe(`${ana.name} POST /v1/sync/push`);
    const poke = await nextPoke();
    log.length = 0;
    expect(await ben.engine.isBehind(teamId, poke.version, poke)).toBe(false);
    await ben.engine.settled();
    // The space is checked inside the transaction that writes the change: one transaction, no read before it.
    expect(log).toEqual([`${ben.name} rw`]);
    expect((await ben.db.tasks.get(task.id))?.title).toBe('Captured');
    expect(await ben.db.spaces.get(teamId)).toMatchObject({ version: poke.version, cursor: poke.cursor });
  });
});
