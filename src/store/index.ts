import type { Store } from './types.js';
import { createSqliteStore } from './sqlite-store.js';

/** PostgreSQL when DATABASE_URL is set (several instances sharing one state), otherwise the SQLite file. */
export async function createStore(config: { databaseUrl?: string; sqliteFile: string; sqliteSynchronous?: 'NORMAL' | 'FULL' }): Promise<Store> {
  if (!config.databaseUrl) return createSqliteStore(config.sqliteFile, { synchronous: config.sqliteSynchronous });
  // Loaded only when used: the embedded default does not carry the PostgreSQL client.
  const { createPostgresStore } = await import('./postgres-store.js');
  return createPostgresStore(config.databaseUrl);
}
