// Model-based convergence of the real extension against the in-process server on PostgreSQL (set
// WAYPOINT_TEST_DATABASE_URL): the same random histories as model.test.ts, and the inputs PostgreSQL treats
// differently from SQLite (NUL characters and lone surrogates in text).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../../../server/storage/postgres';
import { pgUrlWithSchema } from '../../server/pg-schema';
import {
  describeScenario,
  holdRetryTimers,
  postgresBackend,
  runScenario,
  type Scenario,
  scenarioArbitrary,
} from './model-harness';

const databaseUrl = process.env.WAYPOINT_TEST_DATABASE_URL;
/** A schema of its own: test files run in parallel on one database. */
let url: string | undefined = databaseUrl;
const RUNS = Number(process.env.CONVERGENCE_PG_RUNS ?? 200);
/** Shrink one kind of problem: keep only the problems matching this regular expression (`^$` keeps none). */
const MATCH = process.env.MODEL_MATCH ? new RegExp(process.env.MODEL_MATCH) : undefined;

describe.skipIf(!databaseUrl)('model-based convergence on PostgreSQL', { timeout: 60_000 }, () => {
  let release: () => void;
  beforeAll(async () => {
    release = holdRetryTimers();
    // Fresh tables once; every run then creates teams of its own, so runs never see each other's rows.
    url = await pgUrlWithSchema(databaseUrl!, 'waypoint_model_test');
    const storage = await createPostgresStorage({ connectionString: url, max: 1 });
    await storage.dropAll();
    await storage.close();
  });
  afterAll(() => release());

  async function check(s: Scenario) {
    const problems = (await runScenario(s, { backend: postgresBackend(url!) })).filter((p) => !MATCH || MATCH.test(p));
    expect(problems, describeScenario(s)).toEqual([]);
  }

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

  it('syncs a task whose title holds a NUL character and a lone surrogate', async () => {
    await check({
      devices: [
        { role: 'member', deviceRows: null },
        { role: 'member', deviceRows: null },
      ],
      actions: [
        { t: 'create', c: 0, table: 'tasks', where: 'team', pick: 0, values: { title: 'a\u0000b \ud800' } },
        { t: 'sync', c: 0, fault: 'none' },
        { t: 'create', c: 0, table: 'tasks', where: 'team', pick: 0, values: { title: 'after it' } },
      ],
    });
  });
});
