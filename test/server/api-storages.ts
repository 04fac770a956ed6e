// The storages the API and webhook tests run on: SQLite always, PostgreSQL (a schema per test file, emptied per
// test) when WAYPOINT_TEST_DATABASE_URL is set.
import { afterAll } from 'vitest';
import { createPostgresStorage, type PostgresStorage } from '../../server/storage/postgres';
import { createSqliteStorage } from '../../server/storage/sqlite';
import type { Storage } from '../../server/storage/types';
import { pgUrlWithSchema } from './pg-schema';

export function apiStorages(schema: string): [string, () => Promise<Storage>][] {
  const url = process.env.WAYPOINT_TEST_DATABASE_URL;
  const opened: Storage[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => undefined);
  });
  const pg = async (): Promise<Storage> => {
    const schemaUrl = await pgUrlWithSchema(url!, schema);
    const cleaner = (await createPostgresStorage({ connectionString: schemaUrl, max: 1 })) as PostgresStorage;
    await cleaner.dropAll();
    await cleaner.close();
    const s = await createPostgresStorage({ connectionString: schemaUrl, max: 4 });
    opened.push(s);
    return s;
  };
  return [
    ['SQLite', async () => createSqliteStorage({ path: ':memory:' })],
    ...(url ? ([['PostgreSQL', pg]] as [string, () => Promise<Storage>][]) : []),
  ];
}

/** The connection string of a test file's PostgreSQL schema (for a second instance on the same tables). */
export async function pgSchemaUrl(schema: string): Promise<string> {
  return pgUrlWithSchema(process.env.WAYPOINT_TEST_DATABASE_URL!, schema);
}
