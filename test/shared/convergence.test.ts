// Model-based convergence: clients edit offline, lose responses and resend; once quiet, clients == server == model.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { runScenario as run, scenario } from '../server/convergence-harness';

const NUM_RUNS = Number(process.env.CONVERGENCE_RUNS ?? 1000);

describe('convergence (model-based)', () => {
  it(`clients, server and model agree after ${NUM_RUNS} random histories`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, (s) => run(s)),
      { numRuns: NUM_RUNS },
    );
  }, 300_000);

  it('paging inside one version loses nothing', async () => {
    await run({
      clients: 3,
      skews: [0, 0, 0, 0],
      actions: [
        { type: 'create', client: 0, table: 'tasks', name: 'alpha' },
        { type: 'create', client: 0, table: 'tasks', name: 'beta' },
        { type: 'create', client: 0, table: 'tasks', name: 'gamma' },
        { type: 'sync', client: 0 },
        { type: 'pullPage', client: 1, limit: 1 },
        { type: 'pullPage', client: 1, limit: 1 },
      ],
    });
  });

  it('a known tricky history: offline delete vs. concurrent patch and restore', async () => {
    await run({
      clients: 3,
      skews: [0, 5_000, -5_000, 0],
      actions: [
        { type: 'create', client: 0, table: 'tasks', name: 'alpha' },
        { type: 'sync', client: 0 },
        { type: 'sync', client: 1 },
        { type: 'sync', client: 2 },
        { type: 'toggleOnline', client: 1 },
        { type: 'delete', client: 1, pick: 0 },
        { type: 'patch', client: 2, pick: 0, task: { title: 'beta' }, project: {} },
        { type: 'push', client: 2, batch: 1, loseResponse: true },
        { type: 'restore', client: 0, pick: 0 },
        { type: 'push', client: 0, batch: 4, loseResponse: true },
        { type: 'tick', ms: 3000 },
        { type: 'toggleOnline', client: 1 },
        { type: 'push', client: 1, batch: 1, loseResponse: false },
      ],
    });
  });
});
