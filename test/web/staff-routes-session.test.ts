import { describe, it, expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { createStaffAccount, disableStaffAccount, removeStaffAccount } from '../../src/escalation/staff-accounts.js';
import { createWebApp } from '../../src/channels/web/app.js';
import { staffRoutes } from '../../src/channels/web/staff-routes.js';
import { createLogger } from '../../src/logger.js';
import type { Assistant } from '../../src/conversation/engine.js';
import type { Store } from '../../src/store/types.js';
import { seedTicket } from '../support/staff-seed.js';
import { signIn, tempStore } from '../support/staff-app.js';

const ADMIN = { email: 'park@moip.example.kr', password: 'admin passphrase 1' };
const AGENT = { email: 'choi@moip.example.kr', password: 'agent passphrase 1' };
const LISTED = { email: 'lead@moip.example.kr', password: 'listed passphrase 1' };

function app(store: Store, opts: { admins?: string[]; sessionCheckMs?: number } = {}): Hono {
  return createWebApp({
    logger: createLogger('silent'),
    routes: [staffRoutes({ assistant: {} as Assistant, store, secureCookies: false, ...opts })],
    health: () => ({}),
  });
}

/**
 * Reads an event stream as text until it ends or the time is up; once `until` matches, waits at most two more seconds
 * for the end.
 */
async function readStream(res: Response, until: RegExp, ms = 5000): Promise<{ text: string; ended: boolean }> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  let deadline = Date.now() + ms;
  let matched = false;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const r = await Promise.race([reader.read(), new Promise<null>((ok) => setTimeout(() => ok(null), left))]);
    if (!r) break;
    if (r.done) return { text, ended: true };
    text += dec.decode(r.value, { stream: true });
    if (!matched && until.test(text)) {
      matched = true;
      deadline = Math.min(deadline, Date.now() + 2000);
    }
  }
  void reader.cancel().catch(() => undefined);
  return { text, ended: false };
}

const ticketEvent = async (store: Store, conversationId: string, summary: string) =>
  store.commit({ events: [{ conversationId, type: 'ticket.updated', data: { ticket: { id: 1, summary } }, createdAt: new Date().toISOString() }] });

describe('staff routes: admins by role, live updates only for live accounts', () => {
  it('the export and delete routes accept an account with the admin role, or one listed in STAFF_ADMINS; an agent is refused', async () => {
    const store = await tempStore();
    await createStaffAccount(store, { ...ADMIN, role: 'admin' }, { actor: 'test' });
    await createStaffAccount(store, AGENT, { actor: 'test' });
    await createStaffAccount(store, LISTED, { actor: 'test' });
    const web = app(store, { admins: ['Lead@moip.example.kr'] });
    const ticket = await seedTicket(store, { reason: 'goods_detained', priority: 'urgent', question: '중국 세관 억류', at: new Date().toISOString() });
    const path = `/staff/api/admin/conversations/${ticket.conversationId}`;

    const agent = await signIn(web, AGENT.email, AGENT.password);
    expect((await agent.get(`${path}/export`)).status).toBe(403);
    expect((await agent.del(path)).status).toBe(403);

    const admin = await signIn(web, ADMIN.email, ADMIN.password);
    const exp = await admin.get(`${path}/export`);
    expect(exp.status).toBe(200);
    expect((await exp.json()).tickets).toHaveLength(1);

    const listed = await signIn(web, LISTED.email, LISTED.password);
    expect((await listed.get(`${path}/export`)).status).toBe(200);

    expect((await admin.del(path)).status).toBe(200);
    expect(await store.getConversation(ticket.conversationId)).toBeNull();
    await store.close();
  });

  it('a disabled account gets no further event: the stream says signed-out and ends at the next event', async () => {
    const store = await tempStore();
    await createStaffAccount(store, AGENT, { actor: 'test' });
    const web = app(store, { sessionCheckMs: 60_000 });
    const agent = await signIn(web, AGENT.email, AGENT.password);
    const conv = randomUUID();

    const res = await agent.get('/staff/api/events');
    expect(res.status).toBe(200);
    const reader = readStream(res, /signed-out/, 8000);
    await new Promise((r) => setTimeout(r, 100));
    await ticketEvent(store, conv, 'before: seen');
    // Past the one-second cache of the last check, so the next event reads the session again.
    await new Promise((r) => setTimeout(r, 1100));
    await disableStaffAccount(store, AGENT.email, { actor: 'test' });
    await ticketEvent(store, conv, 'after: never sent');
    const { text, ended } = await reader;
    expect(text).toContain('before: seen');
    expect(text).toContain('event: signed-out');
    expect(text).not.toContain('after: never sent');
    expect(ended).toBe(true);
    // And the stream cannot be opened again.
    expect((await agent.get('/staff/api/events')).status).toBe(401);
    await store.close();
  });

  it('a removed account is cut off by the periodic check, with no event needed', async () => {
    const store = await tempStore();
    await createStaffAccount(store, AGENT, { actor: 'test' });
    const web = app(store, { sessionCheckMs: 200 });
    const agent = await signIn(web, AGENT.email, AGENT.password);

    const res = await agent.get('/staff/api/events');
    expect(res.status).toBe(200);
    const reader = readStream(res, /signed-out/, 5000);
    await new Promise((r) => setTimeout(r, 300));
    await removeStaffAccount(store, AGENT.email, { actor: 'test' });
    const { text, ended } = await reader;
    expect(text).toContain('event: ready');
    expect(text).toContain('event: signed-out');
    expect(ended).toBe(true);
    await store.close();
  });

  it('a live account keeps its stream through the periodic checks', async () => {
    const store = await tempStore();
    await createStaffAccount(store, AGENT, { actor: 'test' });
    const web = app(store, { sessionCheckMs: 100 });
    const agent = await signIn(web, AGENT.email, AGENT.password);
    const res = await agent.get('/staff/api/events');
    const reader = readStream(res, /still here/, 3000);
    await new Promise((r) => setTimeout(r, 700));
    await ticketEvent(store, randomUUID(), 'still here');
    const { text, ended } = await reader;
    expect(text).toContain('still here');
    expect(text).not.toContain('signed-out');
    expect(ended).toBe(false);
    await store.close();
  });
});
