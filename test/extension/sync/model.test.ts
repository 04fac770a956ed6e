// Model-based convergence of the real extension (store, sync engine, account service over fake-indexeddb)
// against the in-process server on SQLite, under lost answers, server kills, 410 resets, imports, role
// downgrades, guest refusals and device data moved into a team (see model-harness.ts for the invariants).

import type { SyncTableName } from '@@/shared/sync/tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Action,
  type DevicePlan,
  describeScenario,
  holdRetryTimers,
  runScenario,
  type Scenario,
  scenarioArbitrary,
  sqliteBackend,
} from './model-harness';

const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 1000);
/** Shrink one kind of problem: keep only the problems matching this regular expression (`^$` keeps none). */
const MATCH = process.env.MODEL_MATCH ? new RegExp(process.env.MODEL_MATCH) : undefined;

let release: () => void;
beforeAll(() => {
  release = holdRetryTimers();
});
afterAll(() => release());

async function check(s: Scenario) {
  const problems = (await runScenario(s, { backend: sqliteBackend() })).filter((p) => !MATCH || MATCH.test(p));
  expect(problems, describeScenario(s)).toEqual([]);
}

describe('model-based convergence on SQLite', () => {
  it(`devices, server and oracle agree after ${RUNS} random histories`, async () => {
    const started = process.cpuUsage();
    const wall = Date.now();
    await fc.assert(fc.asyncProperty(scenarioArbitrary(), check), {
      numRuns: RUNS,
      ...(process.env.MODEL_SEED ? { seed: Number(process.env.MODEL_SEED) } : {}),
      // Exploring on a busy machine: stop after this many ms and report the smallest counterexample so far.
      ...(process.env.MODEL_TIME_LIMIT ? { interruptAfterTimeLimit: Number(process.env.MODEL_TIME_LIMIT) } : {}),
    });
    const cpu = process.cpuUsage(started);
    if (process.env.MODEL_TIMING)
      console.log(`${RUNS} runs: ${Date.now() - wall} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms cpu`);
  }, 600_000);
});

// ---- hand-written histories, one per fault ---------------------------------------------------------------

const member: DevicePlan = { role: 'member', deviceRows: null };
const guest: DevicePlan = { role: 'guest', deviceRows: null };
const sync = (c: number, fault: 'none' | 'lose' | 'crash' = 'none'): Action => ({ t: 'sync', c, fault });
const project = (c: number, name = 'Launch'): Action => ({
  t: 'create',
  c,
  table: 'projects',
  where: 'team',
  pick: 0,
  values: { name },
});
const milestone: Record<string, unknown> = {
  kind: 'milestone',
  title: 'Beta',
  dueAt: '2026-12-01',
  done: false,
  order: 1,
};
const everyTable = {
  projects: { name: 'Offline plan' },
  tasks: { title: 'Offline task', priority: 2 },
  objectives: { title: 'Signups', unit: 'users', target: 100, current: 5, dueAt: null, order: 0 },
  milestones: milestone,
  risks: { title: 'Late', probability: 3, impact: 4, mitigation: 'Start early', ownerId: null, status: 'open' },
  stakeholders: {
    name: 'Dana',
    organisation: 'Acme',
    role: 'Sponsor',
    internal: false,
    interest: 4,
    influence: 5,
    contact: 'dana@acme.test',
    memberId: null,
  },
  documents: { title: 'Brief', url: 'https://docs.example.org/d/1/edit', kind: 'doc' },
  comments: { taskId: null, body: 'Looks good', mentions: [] },
  statusUpdates: { health: 'on-track', body: 'On plan' },
  // After tasks: a step goes into a task's checklist.
  steps: { title: 'Bring the slides' },
};

describe('model-based convergence: one history per fault', { timeout: 60_000 }, () => {
  it('a lost push answer: the resend applies nothing twice', async () => {
    await check({
      devices: [member, member],
      actions: [
        project(0),
        { t: 'create', c: 0, table: 'tasks', where: 'team', pick: 0, values: { title: 'Exactly once' } },
        sync(0, 'lose'),
        { t: 'patch', c: 0, table: 'tasks', pick: 0, values: { status: 'done' } },
        sync(1),
      ],
    });
  });

  it('a server killed between commit and answer: reopened from its file, nothing lost or doubled', async () => {
    await check({
      devices: [member, member],
      actions: [
        project(0),
        { t: 'create', c: 0, table: 'objectives', where: 'team', pick: 0, values: everyTable.objectives },
        sync(0, 'crash'),
        { t: 'patch', c: 0, table: 'objectives', pick: 0, values: { current: 50 } },
        sync(1, 'crash'),
        sync(0),
      ],
    });
  });

  it('a 410 reset after compaction drops the compacted rows of every table', async () => {
    await check({
      devices: [member, member],
      actions: [
        project(0),
        { t: 'create', c: 0, table: 'milestones', where: 'team', pick: 0, values: milestone },
        { t: 'create', c: 0, table: 'tasks', where: 'team', pick: 0, values: { title: 'Soon gone' } },
        sync(0),
        sync(1),
        { t: 'delete', c: 0, table: 'milestones', pick: 0 },
        { t: 'delete', c: 0, table: 'tasks', pick: 0 },
        sync(0),
        { t: 'compact' },
        sync(1),
      ],
    });
  });

  it('an export imported back while signed in syncs like any change', async () => {
    await check({
      devices: [member, member],
      actions: [
        project(0),
        { t: 'patch', c: 0, table: 'projects', pick: 0, values: { status: 'on-hold' } },
        sync(0),
        { t: 'import', from: 0, to: 0 },
        { t: 'import', from: 0, to: 1 },
      ],
    });
  });

  it('an export from another account imported while signed in leaves nothing pending for good', async () => {
    await check({
      devices: [member, member],
      actions: [
        { t: 'create', c: 0, table: 'tasks', where: 'personal', pick: 0, values: { title: 'Private errand' } },
        sync(0),
        { t: 'import', from: 0, to: 1 },
      ],
    });
  });

  it('a member downgraded to guest mid-session: refused edits are undone, own comments still sync', async () => {
    await check({
      devices: [member, member],
      actions: [
        project(0),
        { t: 'create', c: 1, table: 'tasks', where: 'team', pick: 0, values: { title: 'Mine' } },
        sync(0),
        sync(1),
        { t: 'downgrade', c: 1 },
        { t: 'patch', c: 1, table: 'tasks', pick: 0, values: { title: 'Still mine?' } },
        { t: 'create', c: 1, table: 'comments', where: 'team', pick: 0, values: everyTable.comments },
        sync(1),
        { t: 'refresh', c: 1 },
      ],
    });
  });

  it('a guest’s refused charter row is not left looking shared', async () => {
    await check({
      devices: [member, guest],
      actions: [
        project(0),
        sync(0),
        sync(1),
        { t: 'create', c: 1, table: 'milestones', where: 'team', pick: 0, values: milestone },
        { t: 'create', c: 1, table: 'comments', where: 'team', pick: 0, values: everyTable.comments },
        sync(1),
      ],
    });
  });

  it('a guest’s refused task whose answer was lost is not left looking shared', async () => {
    await check({
      devices: [member, guest],
      actions: [
        project(0),
        sync(0),
        sync(1),
        { t: 'create', c: 1, table: 'tasks', where: 'team', pick: 0, values: { title: 'Wish' } },
        sync(1, 'lose'),
      ],
    });
  });

  it('device data in every table moves into the account when the device signs in', async () => {
    await check({
      devices: [member, { role: 'member', deviceRows: everyTable }],
      actions: [sync(1), sync(0)],
    });
  });

  it('every table: creates, patches, deletes and restores from two devices', async () => {
    const actions: Action[] = [project(0)];
    for (const [table, values] of Object.entries(everyTable)) {
      if (table === 'projects') continue;
      actions.push({ t: 'create', c: 0, table: table as SyncTableName, where: 'team', pick: 0, values });
    }
    actions.push(sync(0), sync(1));
    actions.push({ t: 'patch', c: 1, table: 'risks', pick: 0, values: { status: 'mitigated' } });
    actions.push({ t: 'patch', c: 0, table: 'risks', pick: 0, values: { impact: 2 } });
    actions.push({ t: 'delete', c: 1, table: 'documents', pick: 0 });
    actions.push({ t: 'patch', c: 0, table: 'documents', pick: 0, values: { kind: 'pdf' } });
    actions.push({ t: 'delete', c: 0, table: 'stakeholders', pick: 0 });
    actions.push(sync(0));
    actions.push({ t: 'restore', c: 0, table: 'stakeholders', pick: 0 });
    actions.push({ t: 'patch', c: 1, table: 'statusUpdates', pick: 0, values: { health: 'at-risk' } });
    await check({ devices: [member, member], actions });
  });

  it('two devices tick, rename and move different steps of one task at once: every change holds', async () => {
    const step = (c: number, title: string): Action => ({
      t: 'create',
      c,
      table: 'steps',
      where: 'team',
      pick: 0,
      values: { title },
    });
    await check({
      devices: [member, member],
      actions: [
        project(0),
        { t: 'create', c: 0, table: 'tasks', where: 'team', pick: 0, values: { title: 'Demo day' } },
        step(0, 'Slides'),
        step(0, 'Room'),
        step(0, 'Snacks'),
        sync(0),
        sync(1),
        // Offline from each other: each works on a different step (rows sorted by id: 0, 1, 2 in creation order).
        { t: 'patch', c: 0, table: 'steps', pick: 0, values: { done: true } },
        { t: 'patch', c: 1, table: 'steps', pick: 2, values: { done: true, title: 'Snacks and drinks' } },
        { t: 'patch', c: 1, table: 'steps', pick: 1, values: { position: 'Zz' } },
        // And the same step at once: the later write wins on both devices.
        { t: 'patch', c: 0, table: 'steps', pick: 1, values: { title: 'Big room' } },
        { t: 'create', c: 1, table: 'steps', where: 'team', pick: 0, values: { title: 'Badges' } },
        sync(0),
        sync(1),
        { t: 'delete', c: 0, table: 'tasks', pick: 0 },
        sync(0),
        { t: 'restore', c: 1, table: 'tasks', pick: 0 },
        sync(1),
      ],
    });
  });
});
