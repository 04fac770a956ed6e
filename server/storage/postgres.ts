// PostgreSQL storage: not available yet; DATABASE_URL fails fast instead of silently using SQLite.
import type { Storage } from './types';

export async function createPostgresStorage(_options: { connectionString: string }): Promise<Storage> {
  throw new Error('PostgreSQL storage is not implemented yet: unset DATABASE_URL to use the embedded SQLite');
}
