import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { storeBounds } from '../store/store-bounds.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';

let pg: TestPostgres | { skip: string } | null = null;
const pgOnce = async () => (pg ??= await startPostgres());

storeBounds('PostgreSQL', async () => {
  const s = await pgOnce();
  return 'skip' in s ? s : createPostgresStore(await s.createDatabase('store_bounds'));
});

describe('two instances on one PostgreSQL', () => {
  type Running = Awaited<ReturnType<typeof startServer>>;
  let a: Running;
  let b: Running;
  let skip: string | null = null;
  beforeAll(async () => {
    const s = await pgOnce();
    if ('skip' in s) return void (skip = s.skip);
    const url = await s.createDatabase('bounds_two');
    const env = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, RATE_CONVERSATIONS: '3/1m' };
    a = await startServer(testConfig(env), createLogger('silent'));
    b = await startServer(testConfig(env), createLogger('silent'));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (pg && !('skip' in pg)) await pg.stop();
  });

  it('share their rate limits', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const create = (s: Running) => fetch(`${s.url}/api/conversations`, { method: 'POST' }).then((r) => r.status);
    expect([await create(a), await create(b), await create(a)]).toEqual([201, 201, 201]);
    expect(await create(b)).toBe(429);
    expect(await create(a)).toBe(429);
  });

  it('store a message with NUL in it (PostgreSQL refuses U+0000): the turn is answered and kept', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const { store } = a.app;
    // The conversation budget above is spent: start this one in the store.
    const { conversation, token } = await a.app.assistant.startConversation({ channel: 'web', userId: 'v1' });
    const r = await fetch(`${a.url}/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'How long is a China recordation\u0000 valid?' }),
    });
    expect(r.status).toBe(200);
    const texts = (await store.listMessages(conversation.id)).map((m) => m.text);
    expect(texts[0]).toBe('How long is a China recordation valid?');
    // A channel that bypasses the web body reader (Slack, the CLI) is cleaned by the store.
    const slack = await a.app.assistant.handle({ channel: 'slack', externalRef: 'C1:1.2', userId: 'U1', text: 'hello\u0000 there' });
    expect(slack.text.length).toBeGreaterThan(0);
  });

  it('share download-link keys: a link made by one instance opens on the other', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const sa = await a.app.store.getOrCreateMeta('secrets', 'download-links', 'x');
    const sb = await b.app.store.getOrCreateMeta('secrets', 'download-links', 'y');
    expect(sa).toBe(sb);
    expect(sa).not.toBe('x');
  });
});
