import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Store, EventRecord } from './types.js';
import type { SqlDriver, BatchStatement } from './sql-driver.js';
import { MIGRATIONS, migrationSql, statements } from './migrations.js';
import { createSqlStore } from './sql-store.js';

/**
 * The embedded default: one SQLite file in WAL mode. A turn that commit() returned is in the write-ahead log before
 * the reply is sent, so it survives the process being killed; synchronous=NORMAL leaves the fsync to checkpoints
 * (a power cut may lose the last moments, a crash of the process loses nothing). Set SQLITE_SYNCHRONOUS=FULL to
 * fsync every turn. Checkpoints (copying the log into the database file, with its fsync) run on a connection of
 * their own in a worker thread, never inside a turn's commit (see walCheckpointer).
 */
export function createSqliteStore(file: string, options: { synchronous?: 'NORMAL' | 'FULL'; checkpoints?: CheckpointOptions } = {}): Store {
  return createSqlStore(sqliteDriver(file, options.synchronous ?? 'NORMAL', options.checkpoints));
}

function sqliteDriver(file: string, synchronous: 'NORMAL' | 'FULL', checkpointOptions?: CheckpointOptions): SqlDriver {
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
  const checkpoints = file === ':memory:' ? null : walCheckpointer(db, file, checkpointOptions);
  const written = () => checkpoints?.written();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  // Prepared statements are cached: compiling SQL is a large share of a small query's cost.
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  // Whether a statement returns rows or writes, asked once (each is a call into the driver's native side).
  const kinds = new WeakMap<Database.Statement, { reader: boolean; readonly: boolean }>();
  const kindOf = (s: Database.Statement) => {
    let k = kinds.get(s);
    if (!k) kinds.set(s, (k = { reader: s.reader, readonly: s.readonly }));
    return k;
  };
  const batchTx = db.transaction((stmts: BatchStatement[]) => {
    const ids: number[] = [];
    for (const s of stmts) {
      if (s.returnsId) ids.push(Number((prepare(s.sql).get(...s.params) as { id: number }).id));
      else prepare(s.sql).run(...s.params);
    }
    return ids;
  });

  /**
   * Group commit: the batches (turns) asked for while the event loop is busy are written in one transaction at the
   * end of its turn, each inside a savepoint of its own, so a batch that fails is rolled back alone and the others
   * still commit. A commit's cost here is mostly the log write of the pages it touched, and turns written together
   * share most pages (the tables' last leaves and their indexes): written once for all of them. No batch is
   * answered before its transaction has committed; a write outside a batch first commits those waiting, so writes
   * reach the database in the order they were asked for. (better-sqlite3 runs a transaction called inside another
   * as a savepoint.)
   */
  type Waiting = { stmts: BatchStatement[]; resolve: (ids: number[]) => void; reject: (e: unknown) => void; ids?: number[]; error?: unknown };
  let waiting: Waiting[] = [];
  let flushScheduled = false;
  const groupTx = db.transaction((group: Waiting[]) => {
    for (const w of group) {
      try {
        w.ids = batchTx(w.stmts);
      } catch (e) {
        w.error = e;
      }
    }
  });
  const flush = () => {
    flushScheduled = false;
    if (!waiting.length) return;
    const group = waiting;
    waiting = [];
    if (group.length === 1) {
      // Alone: its own transaction, as before grouping.
      const [w] = group;
      try {
        w.ids = batchTx.immediate(w.stmts);
      } catch (e) {
        w.error = e;
      }
    } else {
      try {
        groupTx.immediate(group);
      } catch (e) {
        // The transaction itself failed (BEGIN or COMMIT): nothing of the group was written.
        for (const w of group) {
          w.ids = undefined;
          w.error ??= e;
        }
      }
    }
    if (group.some((w) => w.ids)) written();
    for (const w of group) {
      if (w.ids) w.resolve(w.ids);
      else w.reject(w.error);
    }
  };

  return {
    kind: 'sqlite',
    async query(sql, params = []) {
      const s = prepare(sql);
      const kind = kindOf(s);
      if (!kind.readonly) flush();
      if (kind.reader) return s.all(...params) as Record<string, unknown>[];
      s.run(...params);
      written();
      return [];
    },
    async execute(sql, params = []) {
      flush();
      const changes = prepare(sql).run(...params).changes;
      written();
      return changes;
    },
    batch(stmts) {
      return new Promise<number[]>((resolve, reject) => {
        waiting.push({ stmts, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    async migrate() {
      flush();
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
      // One process per SQLite file: every subscriber is here.
      for (const e of events) bus.emit('event', e);
    },
    subscribe(listener) {
      bus.on('event', listener);
      return () => bus.off('event', listener);
    },
    async close() {
      flush();
      bus.removeAllListeners();
      await checkpoints?.close();
      if (db.open) db.close();
    },
  };
}

/**
 * The checkpointing thread: its own connection; on request, PASSIVE checkpoints (they never hold up a writer). While
 * commits keep coming the log may never be copied whole between two of them, so it never starts over; past
 * `boundFrames` the worker runs one RESTART, which holds writers for the little the PASSIVE passes left (a commit
 * arriving then waits that long), after which the next commit starts the log from its beginning.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 2000');
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    let r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    let restarted = false;
    if (r.log >= workerData.boundFrames) {
      r = db.pragma('wal_checkpoint(PASSIVE)')[0];
      r = db.pragma('wal_checkpoint(RESTART)')[0];
      restarted = true;
    }
    parentPort.postMessage({ ...r, restarted });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  }
});
`;

export interface CheckpointOptions {
  /** How long after a write the worker is asked to checkpoint (200 ms). */
  intervalMs?: number;
  /** The log's size at which the worker starts (1 MB). */
  startBytes?: number;
  /** The log's bound: past it the worker restarts the log (16 MB). */
  boundBytes?: number;
  /** Filled in as checkpoints run (tests). */
  stats?: { checkpoints: number; restarts: number };
}

/**
 * Keeps the write-ahead log small without a checkpoint inside a commit. SQLite's automatic checkpoint is off on the
 * serving connection; after writes, at most every 200 ms, a worker thread with its own connection copies the log into
 * the database (CHECKPOINT_WORKER). Once the log is copied whole the next commit starts it over, and
 * journal_size_limit truncates the file to the bound. The worker starts only once the log passes 1 MB (a short-lived
 * or idle store never starts it). If the worker fails, SQLite's own automatic checkpoint is turned back on.
 */
function walCheckpointer(db: Database.Database, file: string, opts: CheckpointOptions = {}) {
  const stats = opts.stats ?? { checkpoints: 0, restarts: 0 };
  const intervalMs = opts.intervalMs ?? 200;
  const startBytes = opts.startBytes ?? 1 << 20;
  const boundBytes = opts.boundBytes ?? 16 << 20;
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${boundBytes}`);
  let worker: Worker | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let failed = false;
  let closed = false;
  const fallBack = () => {
    failed = true;
    worker = null;
    if (db.open && !closed) db.pragma('wal_autocheckpoint = 1000');
  };
  const walBytes = () => {
    try {
      return statSync(`${file}-wal`).size;
    } catch {
      return 0;
    }
  };
  const tick = () => {
    timer = null;
    if (closed || failed || !db.open) return;
    if (running) return void (again = true);
    if (!worker) {
      if (walBytes() < startBytes) return;
      const boundFrames = Math.max(64, Math.floor(boundBytes / (pageSize + 24)));
      worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { file, boundFrames, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
      worker.unref();
      worker.on('message', (r: { log?: number; checkpointed?: number; restarted?: boolean; error?: string }) => {
        stats.checkpoints++;
        if (r.restarted) stats.restarts++;
        running = false;
        if (r.error || closed || !db.open) return;
        if (again) {
          again = false;
          schedule();
        }
      });
      worker.on('error', fallBack);
      worker.on('exit', () => {
        if (!closed) fallBack();
      });
    }
    running = true;
    worker.postMessage('checkpoint');
  };
  const schedule = () => {
    if (!timer && !closed && !failed) {
      timer = setTimeout(tick, intervalMs);
      timer.unref();
    }
  };
  return {
    written: schedule,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const w = worker;
      worker = null;
      if (w) {
        // Held (ref'd) while it closes: an unref'd worker and timer leave nothing to keep the process alive, and a
        // CLI awaiting close() at its top level would end with an unsettled await (exit code 13).
        w.ref();
        const exited = new Promise<void>((r) => w.once('exit', () => r()));
        w.postMessage('close');
        let wait: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (wait = setTimeout(r, 2000)))]);
        clearTimeout(wait);
        await w.terminate().catch(() => {});
      }
    },
  };
}
