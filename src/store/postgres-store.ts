import pg from 'pg';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Store, EventRecord } from './types.js';
import type { SqlDriver, Row } from './sql-driver.js';
import { MIGRATIONS, migrationSql, statements } from './migrations.js';
import { createSqlStore } from './sql-store.js';
import { EVENT_SELECT, toEvent } from './rows.js';

const CHANNEL = 'cia_events';
/** Any fixed number: every instance takes the same advisory lock while it migrates. */
const MIGRATION_LOCK = 74_231_007;
/** How far below the highest event id seen a reconnect looks again (ids of concurrent turns commit out of order). */
const CATCH_UP_SLACK = 200;

/** `?` placeholders → `$1, $2, …` (our SQL has no `?` inside string literals). */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * A turn's statements as one statement, so the turn costs one round trip: each statement a data-modifying CTE (they
 * run once each, to completion, in one snapshot, and the whole statement commits or fails as one), and the other
 * instances are told about the new events by a NOTIFY sent with the commit. CTEs run in no set order, so rows of one
 * table that must keep their order (messages, events, audit entries) go in one multi-row INSERT, whose serial ids
 * follow the order of its VALUES; the event ids come back sorted, that is in order. Valid when no two statements
 * write the same row (a turn's do not; foreign keys are checked at the end of the statement).
 */
export function oneStatement(stmts: Array<{ sql: string; params: unknown[]; returnsId?: boolean }>, announce: { channel: string; instance: string }): { sql: string; params: unknown[] } {
  const groups: Array<{ sql: string; rows: unknown[][]; returnsId: boolean }> = [];
  const insert = /^(INSERT INTO \w+ \([^)]*\) VALUES )(\([?, ]+\))( RETURNING id)?$/;
  for (const s of stmts) {
    const last = groups.at(-1);
    if (last && last.sql === s.sql && insert.test(s.sql)) last.rows.push(s.params);
    else groups.push({ sql: s.sql, rows: [s.params], returnsId: Boolean(s.returnsId) });
  }
  const ctes: string[] = [];
  const ids: string[] = [];
  const params: unknown[] = [];
  groups.forEach((g, i) => {
    let sql = g.sql;
    if (g.rows.length > 1) {
      const [, head, values, returning = ''] = insert.exec(g.sql)!;
      sql = `${head}${g.rows.map(() => values).join(', ')}${returning}`;
    }
    ctes.push(`s${i} AS (${sql})`);
    for (const r of g.rows) params.push(...r);
    if (g.returnsId) ids.push(`(SELECT array_agg(id ORDER BY id) FROM s${i}) AS i${ids.length}`);
  });
  let select = 'SELECT 1 AS done';
  if (ids.length) {
    ctes.push(`ids AS (SELECT ${ids.join(', ')})`);
    const list = ids.map((_, k) => `i${k}`);
    params.push(announce.channel, `${announce.instance}:`);
    select = `SELECT ${list.join(', ')}, pg_notify(?, ? || concat_ws(',', ${list.map((x) => `array_to_string(${x}, ',')`).join(', ')})) FROM ids`;
  }
  return { sql: toPgPlaceholders(`WITH ${ctes.join(',\n')}\n${select}`), params };
}

/**
 * PostgreSQL, for several instances sharing one state. Committed events are announced with NOTIFY (ids only,
 * payloads stay small) and every instance LISTENs, so a staff reply made on one reaches streams held by another.
 */
export function createPostgresStore(url: string, options: { log?: (msg: string, err?: unknown) => void } = {}): Store {
  return createSqlStore(postgresDriver(url, options.log ?? (() => {})));
}

function postgresDriver(url: string, log: (msg: string, err?: unknown) => void): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', (err) => log('postgres pool error', err));
  const instance = randomUUID().slice(0, 8);
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  let listener: pg.Client | null = null;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | null = null;

  let maxSeen = 0;
  let lost = false;
  const emit = (events: EventRecord[]) => {
    for (const e of events) {
      if (e.id > maxSeen) maxSeen = e.id;
      bus.emit('event', e);
    }
  };

  /**
   * After the LISTEN connection was lost, events announced meanwhile were not heard: read them back. Ids are taken
   * before commit, so a little below the highest id seen may still be new; an event heard twice is harmless
   * (streams skip ids they sent, deliveries are claimed once).
   */
  async function catchUp(): Promise<void> {
    const r = await pool.query(`${EVENT_SELECT} WHERE e.id > $1 ORDER BY e.id LIMIT 5000`, [Math.max(0, maxSeen - CATCH_UP_SLACK)]);
    emit(r.rows.map(toEvent));
  }

  async function listen(): Promise<void> {
    if (closed || listener) return;
    const client = new pg.Client({ connectionString: url });
    listener = client;
    const retry = (err: unknown) => {
      if (listener !== client) return;
      log('postgres event listener lost; reconnecting', err);
      client.removeAllListeners();
      client.on('error', () => {});
      client.end().catch(() => {});
      listener = null;
      lost = true;
      if (!closed && !reconnectTimer) reconnectTimer = setTimeout(() => ((reconnectTimer = null), void listen()), 1000);
    };
    client.on('error', retry);
    client.on('end', () => retry(new Error('connection ended')));
    client.on('notification', (msg) => {
      if (!msg.payload) return;
      const [from, ids] = msg.payload.split(':');
      if (from === instance || !ids) return; // this instance already emitted its own events
      const list = ids.split(',').map(Number);
      pool
        .query(`${EVENT_SELECT} WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`, [list])
        .then((r) => emit(r.rows.map(toEvent)))
        .catch((err) => log('could not read announced events', err));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (lost) {
        lost = false;
        await catchUp();
      }
    } catch (err) {
      retry(err);
    }
  }

  return {
    kind: 'postgres',
    async query(sql, params = []) {
      return (await pool.query(toPgPlaceholders(sql), params)).rows as Row[];
    },
    async execute(sql, params = []) {
      return (await pool.query(toPgPlaceholders(sql), params)).rowCount ?? 0;
    },
    async batch(stmts, opts = {}) {
      if (opts.turn && stmts.length) {
        const one = oneStatement(stmts, { channel: CHANNEL, instance });
        const row = (await pool.query(one.sql, one.params)).rows[0] as Record<string, unknown>;
        return Object.keys(row)
          .filter((k) => /^i\d+$/.test(k))
          .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
          .flatMap((k) => (row[k] as Array<string | number>).map(Number));
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const ids: number[] = [];
        for (const s of stmts) {
          const r = await client.query(toPgPlaceholders(s.sql), s.params);
          if (s.returnsId) ids.push(Number(r.rows[0].id));
        }
        await client.query('COMMIT');
        return ids;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
        const done = new Set((await client.query('SELECT id FROM schema_migrations')).rows.map((r) => Number(r.id)));
        for (const m of MIGRATIONS) {
          if (done.has(m.id)) continue;
          for (const s of statements(migrationSql(m.sql, 'postgres'))) await client.query(s);
          await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [m.id, m.name, new Date().toISOString()]);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
      await listen();
    },
    async publish(events, opts = {}) {
      emit(events);
      if (opts.announced) return;
      // Ids only: NOTIFY payloads are capped at 8000 bytes. Chunked so a large batch stays under the cap.
      for (let i = 0; i < events.length; i += 200) {
        const ids = events.slice(i, i + 200).map((e) => e.id).join(',');
        await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, `${instance}:${ids}`]).catch((err) => log('could not announce events', err));
      }
    },
    subscribe(fn) {
      bus.on('event', fn);
      void listen();
      return () => bus.off('event', fn);
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      bus.removeAllListeners();
      const l = listener;
      listener = null;
      if (l) {
        l.removeAllListeners();
        l.on('error', () => {});
        await l.end().catch(() => {});
      }
      await pool.end();
    },
  };
}
