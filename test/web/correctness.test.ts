import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';

let server: Awaited<ReturnType<typeof startServer>>;
let url: string;
let sqliteFile: string;

beforeAll(async () => {
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', RATE_LIMITS: 'off', STAFF_ADMINS: 'admin@agency.example' });
  sqliteFile = config.sqliteFile;
  server = await startServer(config, createLogger('silent'));
  url = server.url;
});
afterAll(async () => server?.close());

async function conversation() {
  const r = await fetch(`${url}/api/conversations`, { method: 'POST' });
  return (await r.json()) as { conversationId: string; token: string };
}
const post = (c: { conversationId: string; token: string }, path: string, body: unknown, extra: Record<string, string> = {}) =>
  fetch(`${url}/api/conversations/${c.conversationId}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, ...extra },
    body: JSON.stringify(body),
  });
const transcript = async (c: { conversationId: string; token: string }, query = '') =>
  (await (await fetch(`${url}/api/conversations/${c.conversationId}/messages${query}`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as {
    messages: Array<{ id: string; role: string; text: string }>;
    before: string | null;
  };

describe('idempotency keys are bound to their request', () => {
  it('the same key with a different body is a 422 (nothing stored), the same body gets the first reply', async () => {
    const c = await conversation();
    const first = await post(c, '/messages', { text: 'How long is a China recordation valid?' }, { 'idempotency-key': 'key-1' });
    expect(first.status).toBe(200);
    const again = await post(c, '/messages', { text: 'How long is a China recordation valid?' }, { 'idempotency-key': 'key-1' });
    expect((await again.json()).messageId).toBe((await first.json()).messageId);
    // Even a request for a person under a used key is refused, not silently answered with the old reply.
    const other = await post(c, '/messages', { action: 'person' }, { 'idempotency-key': 'key-1' });
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_mismatch:api');
    expect((await transcript(c)).messages).toHaveLength(2);
  });

  it('a request whose twin is still being answered gets a 409 with Retry-After; after a crash a retry is answered', async () => {
    const c = await conversation();
    const a = server.app.assistant;
    const original = a.handle;
    a.handle = async (...args: Parameters<typeof original>) => {
      await new Promise((r) => setTimeout(r, 300));
      return original(...args);
    };
    try {
      const first = post(c, '/messages', { text: 'hello' }, { 'idempotency-key': 'key-busy' });
      await new Promise((r) => setTimeout(r, 50));
      const busy = await post(c, '/messages', { text: 'hello' }, { 'idempotency-key': 'key-busy' });
      expect(busy.status).toBe(409);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect((await first).status).toBe(200);
    } finally {
      a.handle = original;
    }
    // A reservation left by a process that died (no reply stored) does not block the client's retry.
    const fp = await import('node:crypto').then(({ createHash }) => createHash('sha256').update(JSON.stringify(['hi again', null, null])).digest('base64url'));
    await server.app.store.reserveRequestKey(c.conversationId, 'key-orphan', fp, new Date(0).toISOString());
    expect((await post(c, '/messages', { text: 'hi again' }, { 'idempotency-key': 'key-orphan' })).status).toBe(200);
    expect((await post(c, '/messages', { text: 'something else' }, { 'idempotency-key': 'key-orphan' })).status).toBe(422);
  });
});

describe('input is cleaned once, for every store', () => {
  it('NUL and other control characters are removed; the turn is stored', async () => {
    const c = await conversation();
    const r = await post(c, '/messages', { text: 'What is the fee\u0000 in China?\u0007' });
    expect(r.status).toBe(200);
    const t = await transcript(c);
    expect(t.messages[0].text).toBe('What is the fee in China?');
  });
});

describe('the conversation token stays out of URLs', () => {
  it('is refused in the query string except for the event stream', async () => {
    const c = await conversation();
    expect((await fetch(`${url}/api/conversations/${c.conversationId}/messages?token=${c.token}`)).status).toBe(401);
    expect((await fetch(`${url}/api/conversations/${c.conversationId}/plan.md?token=${c.token}`)).status).toBe(401);
    const ctl = new AbortController();
    const sse = await fetch(`${url}/api/conversations/${c.conversationId}/events?token=${c.token}`, { signal: ctl.signal });
    expect(sse.status).toBe(200);
    ctl.abort();
  });

  it('plan downloads go through short-lived signed links', async () => {
    const c = await conversation();
    for (const body of [
      { text: 'Guide me step by step through customs registration' },
      { action: 'wt:market:CN' },
      { action: 'wt:right:trademark' },
      { action: 'wt:registered:yes' },
      { text: 'No. 12345678, class 3 cosmetics' },
      { text: 'Fakes made in Guangzhou sold online' },
      { action: 'wt:skip' },
      { action: 'wt:agent:have' },
    ])
      expect((await post(c, '/messages', body)).status).toBe(200);
    const links = await (await post(c, '/plan-links', {})).json();
    expect(links.markdown).toMatch(/\/plan\.md\?exp=\d+&sig=[\w-]+$/);
    expect(links.markdown).not.toContain(c.token);
    const md = await fetch(`${url}${links.markdown}`);
    expect(md.status).toBe(200);
    expect(await md.text()).toMatch(/China|중국/);
    expect((await fetch(`${url}${links.calendar}`)).status).toBe(200);
    // A link for one file does not open the other, and a forged or expired one opens nothing.
    expect((await fetch(`${url}${links.markdown.replace('plan.md', 'plan.ics')}`)).status).toBe(401);
    expect((await fetch(`${url}${links.markdown.replace(/sig=[\w-]+/, 'sig=forged')}`)).status).toBe(401);
    expect((await fetch(`${url}${links.markdown.replace(/exp=\d+/, 'exp=1000')}`)).status).toBe(401);
  });
});

describe('feedback', () => {
  it('accepts only the assistant messages of this conversation, and keeps the comment', async () => {
    const c = await conversation();
    const reply = await (await post(c, '/messages', { text: 'How long is a China recordation valid?' })).json();
    const made = await post(c, '/feedback', { messageId: '00000000-0000-0000-0000-000000000000', rating: 'down' });
    expect(made.status).toBe(404);
    const userMessage = (await transcript(c)).messages.find((m) => m.role === 'user')!;
    expect((await post(c, '/feedback', { messageId: userMessage.id, rating: 'down' })).status).toBe(404);
    const other = await conversation();
    expect((await post(other, '/feedback', { messageId: reply.messageId, rating: 'down' })).status).toBe(404);
    expect((await post(c, '/feedback', { messageId: reply.messageId, rating: 'down', comment: 'It did not mention the fee' })).status).toBe(200);
    const fb = await server.app.store.listFeedback(c.conversationId);
    expect(fb).toHaveLength(1);
    expect(fb[0].comment).toBe('It did not mention the fee');
    expect(await server.app.store.listAudit('ticket', '0')).toEqual([]);
  });
});

describe('messages page back', () => {
  it('returns the newest page with a cursor to the one before', async () => {
    const c = await conversation();
    for (let i = 0; i < 3; i++) await post(c, '/messages', { text: `thanks ${i}` });
    const p1 = await transcript(c, '?limit=4');
    expect(p1.messages).toHaveLength(4);
    expect(p1.before).toMatch(/^\d+$/);
    const p2 = await transcript(c, `?limit=4&before=${p1.before}`);
    expect(p2.messages).toHaveLength(2);
    expect(p2.before).toBeNull();
    expect(p2.messages[0].text).toBe('thanks 0');
    expect((await fetch(`${url}/api/conversations/${c.conversationId}/messages?before=abc`, { headers: { authorization: `Bearer ${c.token}` } })).status).toBe(400);
  });
});

describe('staff accounts end at once', () => {
  const signIn = async (email: string, password: string) => {
    const r = await fetch(`${url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!.split(';')[0];
    return { cookie, csrf: (await r.json()).csrfToken as string };
  };

  it('a deleted or disabled account is out on its next request; session ids are stored hashed', async () => {
    const { store } = server.app;
    await addStaffUser(store, 'park@agency.example', 'a long enough password');
    const s = await signIn('park@agency.example', 'a long enough password');
    expect((await fetch(`${url}/staff/api/me`, { headers: { cookie: s.cookie } })).status).toBe(200);
    const raw = s.cookie.split('=')[1];
    const db = new Database(sqliteFile, { readonly: true });
    const ids = (db.prepare('SELECT id FROM staff_sessions').all() as Array<{ id: string }>).map((r) => r.id);
    db.close();
    expect(ids).not.toContain(raw);
    expect(ids.length).toBeGreaterThan(0);

    await store.setStaffUserDisabled('park@agency.example', new Date().toISOString());
    expect((await fetch(`${url}/staff/api/me`, { headers: { cookie: s.cookie } })).status).toBe(401);
    await store.setStaffUserDisabled('park@agency.example', null);
    const s2 = await signIn('park@agency.example', 'a long enough password');
    await store.deleteStaffUser('park@agency.example');
    expect((await fetch(`${url}/staff/api/tickets`, { headers: { cookie: s2.cookie } })).status).toBe(401);
  });

  it('staff admins export and delete one conversation; other staff cannot', async () => {
    const { store } = server.app;
    await addStaffUser(store, 'admin@agency.example', 'admin long password');
    await addStaffUser(store, 'choi@agency.example', 'staff long password');
    const c = await conversation();
    expect((await post(c, '/messages', { text: 'How long is a China recordation of my trademark valid?' })).status).toBe(200);
    expect((await post(c, '/messages', { action: 'person' })).status).toBe(200);
    const admin = await signIn('admin@agency.example', 'admin long password');
    const staff = await signIn('choi@agency.example', 'staff long password');
    const path = `${url}/staff/api/admin/conversations/${c.conversationId}`;
    expect((await fetch(`${path}/export`, { headers: { cookie: staff.cookie } })).status).toBe(403);
    const exp = await fetch(`${path}/export`, { headers: { cookie: admin.cookie } });
    expect(exp.status).toBe(200);
    const data = await exp.json();
    expect(data.messages.map((m: { text: string }) => m.text)).toContain('How long is a China recordation of my trademark valid?');
    expect(data.tickets).toHaveLength(1);
    expect(data.conversation.tokenHash).toBeUndefined();
    expect((await fetch(path, { method: 'DELETE', headers: { cookie: admin.cookie } })).status).toBe(403); // CSRF token missing
    const del = await fetch(path, { method: 'DELETE', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    expect(del.status).toBe(200);
    expect(await store.getConversation(c.conversationId)).toBeNull();
    expect((await transcript(c).catch(() => null)) as unknown).toBeTruthy();
    expect((await fetch(`${url}/api/conversations/${c.conversationId}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).status).toBe(401);
  });
});
