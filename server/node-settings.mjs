// How Node runs the sync server: V8 and glibc settings that keep its memory small, in one list that every way of
// starting reads (server/index.ts re-executes itself with them when started without; scripts/start.mjs and the
// test harness pass them directly, so they start the same process without the extra launcher).
// Measured with bench/server.ts and an A/B of the same 10,000-task push and 3 pulls, reading the server's CPU time
// from /proc (wall time on the shared 2-core machine was too noisy); RSS after the workload, same machine:
// - --max-semi-space-size=2: the young generation stops at 2 × 2 MiB instead of growing to 2 × 16 MiB under a push
//   or pull burst.
// - --heap-growing-percent=20: the old generation's next collection comes when it has grown 20% past what the last
//   one kept, instead of V8's factor of up to 4× for a small heap, so garbage promoted from request bodies and pull
//   pages does not pile up to the next limit. Together: 108 → 80 MiB after 10,000 tasks; push CPU unchanged, pull
//   CPU +70% with pull building row objects (main before the lean SQLite rows), no measurable cost with the pull
//   that copies stored JSON (440–470 vs 490–530 ms for 3 × 10,000 rows).
// - Not used: --optimize-for-size (a few MiB less again, but twice the pull CPU on either pull), larger young
//   generations (4 MiB: 86 MiB, 8 MiB: 95 MiB).
// - MALLOC_ARENA_MAX=2: glibc otherwise gives threads that allocate (libuv pool, V8 workers) their own arenas (up to
//   8 per core), which keep what they freed.
// - MALLOC_MMAP_THRESHOLD_=65536: blocks of 64 KiB and more (socket reads, request bodies, pull pages) get their own
//   mapping, unmapped when freed. glibc's default starts at 128 KiB but rises to the size of each large block freed,
//   so after the first pushes every body came from the heap and left holes it cannot give back: the malloc heap after
//   10,000 tasks was 9.6–16.4 MiB, with this 8.9–10.0 MiB (server RSS 81–86 → 80–83 MiB, 3 runs each of
//   bench/server.ts; push throughput within the runs' noise). 32 and 16 KiB gained nothing more.

/** V8 flags, as `--name=value` or `--name`. */
export const NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=20'];

/** Environment for the server process. */
export const NODE_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536' };

/** Set in the re-executed process: never re-execute twice. */
export const RELAUNCHED = 'WAYPOINT_NODE_RELAUNCHED';

const flagName = (flag) => flag.split('=')[0].replace(/_/g, '-');

/**
 * What this process lacks of the settings: flags the person did not set themselves (a flag of the same name in
 * `execArgv` or NODE_OPTIONS wins) and environment variables not already set. WAYPOINT_NODE_SETTINGS=off: none.
 */
export function missingSettings(execArgv, env) {
  if (env.WAYPOINT_NODE_SETTINGS === 'off') return { flags: [], env: {} };
  const given = new Set([...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].filter(Boolean).map(flagName));
  const flags = NODE_FLAGS.filter((flag) => !given.has(flagName(flag)));
  const missingEnv = Object.fromEntries(Object.entries(NODE_ENV).filter(([name]) => env[name] === undefined));
  return { flags, env: missingEnv };
}

/** Arguments and environment that start `entry` with the settings (for scripts and tests that spawn the server). */
export function serverCommand(entry, env = process.env) {
  return { args: [...NODE_FLAGS, entry], env: { ...NODE_ENV, ...env } };
}
