// Unit-suite setup: give the PostgreSQL storage tests a real database when this machine can run one.
// CI sets WAYPOINT_TEST_DATABASE_URL itself (.ci/run); locally scripts/test-postgres.sh starts (or installs,
// as root) Debian's PostgreSQL. Without it those tests are skipped and this says so.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  if (process.env.WAYPOINT_TEST_DATABASE_URL || process.env.WAYPOINT_SKIP_POSTGRES === '1') return;
  try {
    const url = execFileSync(resolve(import.meta.dirname, '../scripts/test-postgres.sh'), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    }).trim();
    if (url.startsWith('postgres://')) process.env.WAYPOINT_TEST_DATABASE_URL = url;
  } catch (error) {
    console.warn(
      `PostgreSQL is not available, so its storage tests are skipped: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}
