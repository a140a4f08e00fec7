import type { EventRecord } from './types.js';

export type Row = Record<string, any>;

/** One statement of a batch; `returnsId` marks an INSERT … RETURNING id whose id the caller wants back. */
export interface BatchStatement {
  sql: string;
  params: unknown[];
  returnsId?: boolean;
}

/**
 * What the store needs from a database. SQL uses `?` placeholders; a driver rewrites them for its dialect.
 * Keeping dialect details here lets one store implementation (sql-store.ts) serve SQLite and PostgreSQL.
 */
export interface SqlDriver {
  readonly kind: 'sqlite' | 'postgres';
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Returns the number of rows changed. */
  execute(sql: string, params?: unknown[]): Promise<number>;
  /**
   * Runs the statements in one transaction; returns the ids of the `returnsId` statements in order. `turn`: the
   * statements write distinct rows and the returned ids are event ids, which the driver may then write in one
   * statement and announce to the other instances in the same commit (`publish(…, { announced: true })` after).
   */
  batch(statements: BatchStatement[], opts?: { turn?: boolean }): Promise<number[]>;
  /** Applies pending migrations once, even when several instances start together. */
  migrate(): Promise<void>;
  /** Tells every instance sharing the database (this one included) about committed events; `announced`: the others know already. */
  publish(events: EventRecord[], opts?: { announced?: boolean }): Promise<void>;
  subscribe(listener: (event: EventRecord) => void): () => void;
  close(): Promise<void>;
}
