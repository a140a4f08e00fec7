import type { Store } from './types.js';
import { createSqliteStore } from './sqlite-store.js';
import { createPostgresStore } from './postgres-store.js';

/** PostgreSQL when DATABASE_URL is set (several instances sharing one state), otherwise the SQLite file. */
export function createStore(config: { databaseUrl?: string; sqliteFile: string; sqliteSynchronous?: 'NORMAL' | 'FULL' }): Store {
  return config.databaseUrl ? createPostgresStore(config.databaseUrl) : createSqliteStore(config.sqliteFile, { synchronous: config.sqliteSynchronous });
}
