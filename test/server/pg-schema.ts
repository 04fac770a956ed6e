// A PostgreSQL schema of its own for one test file: test files run in parallel on one database, and each drops its
// tables between tests. Returns a connection string whose search_path is that schema.
import pg from 'pg';

export async function pgUrlWithSchema(url: string, schema: string, applicationName?: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  if (applicationName) u.searchParams.set('application_name', applicationName);
  return u.toString();
}
