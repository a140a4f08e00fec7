import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventEmitter } from 'node:events';
import type { Store, EventRecord } from './types.js';
import type { SqlDriver, BatchStatement } from './sql-driver.js';
import { MIGRATIONS, migrationSql, statements } from './migrations.js';
import { createSqlStore } from './sql-store.js';

/**
 * The embedded default: one SQLite file in WAL mode. A turn that commit() returned is in the write-ahead log before
 * the reply is sent, so it survives the process being killed; synchronous=NORMAL leaves the fsync to checkpoints
 * (a power cut may lose the last moments, a crash of the process loses nothing). Set SQLITE_SYNCHRONOUS=FULL to
 * fsync every turn.
 */
export function createSqliteStore(file: string, options: { synchronous?: 'NORMAL' | 'FULL' } = {}): Store {
  return createSqlStore(sqliteDriver(file, options.synchronous ?? 'NORMAL'));
}

function sqliteDriver(file: string, synchronous: 'NORMAL' | 'FULL'): SqlDriver {
  // Transcripts, password hashes and sessions: readable by this user only. SQLite gives the -wal and -shm files
  // the permissions of the database file.
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  // Prepared statements are cached: compiling SQL is a large share of a small query's cost.
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const batchTx = db.transaction((stmts: BatchStatement[]) => {
    const ids: number[] = [];
    for (const s of stmts) {
      if (s.returnsId) ids.push(Number((prepare(s.sql).get(...s.params) as { id: number }).id));
      else prepare(s.sql).run(...s.params);
    }
    return ids;
  });

  return {
    kind: 'sqlite',
    async query(sql, params = []) {
      const s = prepare(sql);
      if (s.reader) return s.all(...params) as Record<string, unknown>[];
      s.run(...params);
      return [];
    },
    async execute(sql, params = []) {
      return prepare(sql).run(...params).changes;
    },
    async batch(stmts) {
      return batchTx.immediate(stmts);
    },
    async migrate() {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const done = new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id));
      for (const m of MIGRATIONS) {
        if (done.has(m.id)) continue;
        db.transaction(() => {
          for (const s of statements(migrationSql(m.sql, 'sqlite'))) db.exec(s);
          db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, new Date().toISOString());
        }).immediate();
      }
    },
    async publish(events: EventRecord[]) {
      for (const e of events) bus.emit('event', e);
    },
    subscribe(listener) {
      bus.on('event', listener);
      return () => bus.off('event', listener);
    },
    async close() {
      bus.removeAllListeners();
      if (db.open) db.close();
    },
  };
}
