import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import type { EventRecord, Store } from '../../src/store/types.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { storeConformance } from '../store/store-conformance.js';

let server: TestPostgres | { skip: string } | null = null;
const serverOnce = async () => (server ??= await startPostgres());

storeConformance(
  'PostgreSQL',
  async () => {
    const s = await serverOnce();
    return 'skip' in s ? s : createPostgresStore(s.url);
  },
);

describe('PostgreSQL shared by two instances', () => {
  let a: Store;
  let b: Store;
  let skip: string | null = null;
  beforeAll(async () => {
    const s = await serverOnce();
    if ('skip' in s) return void (skip = s.skip);
    const url = await s.createDatabase('shared_two');
    a = createPostgresStore(url);
    b = createPostgresStore(url);
    await Promise.all([a.migrate(), b.migrate()]); // both at once: the advisory lock serialises them
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (server && !('skip' in server)) await server.stop();
  });

  it('delivers an event committed on one instance to subscribers of the other, once', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const onB: EventRecord[] = [];
    const onA: EventRecord[] = [];
    b.onEvent((e) => onB.push(e));
    a.onEvent((e) => onA.push(e));
    await new Promise((r) => setTimeout(r, 200)); // LISTEN is set up in the background
    const c = { id: 'shared-1', channel: 'web' as const, userId: 'u', externalRef: null, language: 'ko' as const, tokenHash: null, state: {}, createdAt: '2026-11-24T00:00:00.000Z', updatedAt: '2026-11-24T00:00:00.000Z' };
    const { eventIds } = await a.commit({ conversation: c, events: [{ conversationId: c.id, type: 'staff.replied', data: { text: '답변드립니다' }, createdAt: c.createdAt }] });
    await expect.poll(() => onB.length, { timeout: 5000 }).toBe(1);
    expect(onB[0]).toMatchObject({ id: eventIds[0], type: 'staff.replied', data: { text: '답변드립니다' } });
    expect(onA.map((e) => e.id)).toEqual(eventIds);
    // B sees A's writes, and claims are shared.
    expect((await b.getConversation('shared-1'))?.language).toBe('ko');
    expect(await a.claimOnce('slack-event', 'Ev1')).toBe(true);
    expect(await b.claimOnce('slack-event', 'Ev1')).toBe(false);
  });

  it('catches up on events committed while its LISTEN connection was down', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const onA: EventRecord[] = [];
    a.onEvent((e) => e.conversationId === 'shared-2' && onA.push(e));
    const s = server as TestPostgres;
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: s.url.replace(/\/cia$/, '/shared_two') });
    await admin.connect();
    try {
      // Cut every LISTEN connection, then write on B before A has reconnected: A hears no NOTIFY for it.
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      const c = { id: 'shared-2', channel: 'web' as const, userId: 'u', externalRef: null, language: 'en' as const, tokenHash: null, state: {}, createdAt: '2026-11-24T00:00:00.000Z', updatedAt: '2026-11-24T00:00:00.000Z' };
      const { eventIds } = await b.commit({ conversation: c, events: [{ conversationId: c.id, type: 'staff.replied', data: { text: 'sent during the outage' }, createdAt: c.createdAt }] });
      await expect.poll(() => onA.map((e) => e.id), { timeout: 8000 }).toContain(eventIds[0]);
    } finally {
      await admin.end();
    }
  });
});
