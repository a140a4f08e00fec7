import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Store, ConversationRecord, MessageRecord } from '../../src/store/types.js';

let n = 0;
const uid = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
const iso = (d: string) => new Date(d).toISOString();

function conversation(over: Partial<ConversationRecord> = {}): ConversationRecord {
  return { id: uid('c'), channel: 'web', userId: 'u1', externalRef: null, language: 'en', tokenHash: 'h', state: {}, createdAt: iso('2026-11-01'), updatedAt: iso('2026-11-01'), ...over };
}
const message = (conversationId: string, text: string, over: Partial<MessageRecord> = {}): MessageRecord => ({ id: uid('m'), conversationId, role: 'user', text, data: {}, createdAt: iso('2026-11-01'), ...over });

/** What both stores must do for bounds, correctness and privacy; run on SQLite and on a real PostgreSQL. */
export function storeBounds(name: string, open: () => Promise<Store | { skip: string }>) {
  describe(`${name} store: bounds, correctness and privacy`, () => {
    let store: Store;
    let skip: string | null = null;
    beforeAll(async () => {
      const s = await open();
      if ('skip' in s) skip = s.skip;
      else {
        store = s;
        await store.migrate();
      }
    });
    afterAll(async () => store?.close());
    const test = (title: string, fn: () => Promise<void>) =>
      it(title, async (ctx) => {
        if (skip) return ctx.skip(skip);
        await fn();
      });

    test('stores text with NUL and other control characters from any channel (NUL removed), the turn is not lost', async () => {
      const c = conversation();
      await store.commit({ conversation: c, messages: [message(c.id, 'fee\u0000 in China?\u0001')], events: [{ conversationId: c.id, type: 'message.created', data: { text: 'a\u0000b' }, createdAt: c.createdAt }] });
      const [m] = await store.listMessages(c.id);
      expect(m.text).toBe('fee in China?\u0001');
      expect((await store.eventsAfter(c.id, 0))[0].data.text).toBe('a\u0000b'); // JSON keeps it escaped, safely
    });

    test('idempotency keys: new, then busy while running, done once answered, mismatch for another request', async () => {
      const c = conversation();
      await store.commit({ conversation: c });
      const recent = iso('2000-01-01');
      expect(await store.reserveRequestKey(c.id, 'k1', 'fp-a', recent)).toBe('new');
      expect(await store.reserveRequestKey(c.id, 'k1', 'fp-a', recent)).toBe('busy');
      expect(await store.reserveRequestKey(c.id, 'k1', 'fp-b', recent)).toBe('mismatch');
      await store.commit({ receipt: { conversationId: c.id, key: 'k1', reply: { text: 'hi' } } });
      expect(await store.reserveRequestKey(c.id, 'k1', 'fp-a', recent)).toBe('done');
      // A reservation whose turn died (older than the stale mark, no receipt) is taken over once.
      expect(await store.reserveRequestKey(c.id, 'k2', 'fp-a', recent)).toBe('new');
      const future = new Date(Date.now() + 60_000).toISOString();
      expect(await store.reserveRequestKey(c.id, 'k2', 'fp-a', future)).toBe('new');
      await store.releaseRequestKey(c.id, 'k2');
      expect(await store.reserveRequestKey(c.id, 'k2', 'fp-z', recent)).toBe('new');
    });

    test('pages back through messages with a cursor', async () => {
      const c = conversation();
      await store.commit({ conversation: c, messages: Array.from({ length: 7 }, (_, i) => message(c.id, `m${i}`)) });
      const p1 = await store.listMessagesPage(c.id, { limit: 3 });
      expect(p1.messages.map((m) => m.text)).toEqual(['m4', 'm5', 'm6']);
      const p2 = await store.listMessagesPage(c.id, { limit: 3, before: p1.before! });
      expect(p2.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
      const p3 = await store.listMessagesPage(c.id, { limit: 3, before: p2.before! });
      expect(p3.messages.map((m) => m.text)).toEqual(['m0']);
      expect(p3.before).toBeNull();
      expect(await store.getMessage(c.id, p1.messages[0].id)).toMatchObject({ text: 'm4' });
      expect(await store.getMessage(conversation().id, p1.messages[0].id)).toBeNull();
    });

    test('staff sessions are stored hashed and end when the account is disabled or deleted', async () => {
      const email = `${uid('s')}@agency.example`;
      await store.createStaffUser({ email, passwordHash: 'x', name: null, createdAt: iso('2026-11-01') });
      const id = `session-${uid('x')}`;
      await store.createStaffSession({ id, email, csrfToken: 'c', expiresAt: iso('2099-01-01') });
      expect(await store.getStaffSession(id)).toMatchObject({ id, email });
      expect(await store.setStaffUserDisabled(email, iso('2026-12-01'))).toBe(true);
      expect(await store.getStaffSession(id)).toBeNull();
      expect((await store.getStaffUser(email))?.disabledAt).toBeTruthy();
      await store.setStaffUserDisabled(email, null);
      const id2 = `session-${uid('y')}`;
      await store.createStaffSession({ id: id2, email, csrfToken: 'c', expiresAt: iso('2099-01-01') });
      expect(await store.getStaffSession(id2)).not.toBeNull();
      expect(await store.deleteStaffUser(email)).toBe(true);
      expect(await store.getStaffSession(id2)).toBeNull();
    });

    test('exports and deletes one conversation with everything hanging off it; the deletion is audited without content', async () => {
      const c = conversation();
      const ticketId = await store.allocateTicketId();
      const m = message(c.id, 'my secret product plan', { role: 'assistant' });
      await store.commit({
        conversation: c,
        messages: [m],
        ticketCreate: { id: ticketId, conversationId: c.id, status: 'open', priority: 'normal', reason: 'human_requested', summary: 'secret', jurisdiction: null, right: null, deadline: null, claimedBy: null, createdAt: c.createdAt, updatedAt: c.createdAt },
        events: [{ conversationId: c.id, type: 'ticket.created', data: {}, createdAt: c.createdAt }],
        audit: [{ entity: 'ticket', entityId: String(ticketId), action: 'created', actor: 'web:u1', data: {}, at: c.createdAt }],
        feedback: [{ conversationId: c.id, messageId: m.id, rating: -1, comment: null, createdAt: c.createdAt }],
        receipt: { conversationId: c.id, key: 'k', reply: {} },
      });
      await store.setFeedbackComment(c.id, m.id, 'wrong country');
      expect((await store.listFeedback(c.id))[0].comment).toBe('wrong country');
      const data = await store.exportConversation(c.id);
      expect(data?.messages.map((x) => x.text)).toEqual(['my secret product plan']);
      expect(data?.tickets.map((t) => t.id)).toEqual([ticketId]);
      expect(data?.audit.length).toBe(1);
      expect(data?.conversation).not.toHaveProperty('tokenHash');
      expect(await store.deleteConversation(c.id, 'admin@agency.example')).toBe(true);
      expect(await store.getConversation(c.id)).toBeNull();
      expect(await store.listMessages(c.id)).toEqual([]);
      expect(await store.getTicket(ticketId)).toBeNull();
      expect(await store.eventsAfter(c.id, 0)).toEqual([]);
      expect(await store.listFeedback(c.id)).toEqual([]);
      expect(await store.listAudit('ticket', String(ticketId))).toEqual([]);
      expect((await store.listAudit('conversation', c.id)).map((a) => [a.action, a.actor, a.data])).toEqual([['deleted', 'admin@agency.example', {}]]);
      expect(await store.deleteConversation(c.id, 'x')).toBe(false);
    });

    test('retention deletes idle anonymous conversations, keeps recent ones and ones with a ticket', async () => {
      const old = conversation({ updatedAt: iso('2026-01-01') });
      const emptyDayOld = conversation({ updatedAt: iso('2026-11-28') });
      const usedRecent = conversation({ updatedAt: iso('2026-11-28') });
      const withTicket = conversation({ updatedAt: iso('2026-01-01') });
      const slack = conversation({ channel: 'slack', externalRef: uid('ref'), updatedAt: iso('2026-01-01') });
      for (const c of [old, emptyDayOld, usedRecent, withTicket, slack]) await store.commit({ conversation: c });
      await store.commit({ messages: [message(old.id, 'x'), message(usedRecent.id, 'y')] });
      const tid = await store.allocateTicketId();
      await store.commit({ ticketCreate: { id: tid, conversationId: withTicket.id, status: 'resolved', priority: 'normal', reason: 'r', summary: 's', jurisdiction: null, right: null, deadline: null, claimedBy: null, createdAt: old.createdAt, updatedAt: old.createdAt } });
      const n = await store.deleteIdleConversations({ idleBefore: iso('2026-11-01'), emptyBefore: iso('2026-12-01'), limit: 1000 });
      expect(n).toBeGreaterThanOrEqual(2);
      expect(await store.getConversation(old.id)).toBeNull();
      expect(await store.getConversation(emptyDayOld.id)).toBeNull();
      expect(await store.getConversation(usedRecent.id)).not.toBeNull();
      expect(await store.getConversation(withTicket.id)).not.toBeNull();
      expect(await store.getConversation(slack.id)).not.toBeNull();
    });

    test('a value created once is the same for every caller', async () => {
      const a = await store.getOrCreateMeta('secrets', 'k-test', 'first');
      const b = await store.getOrCreateMeta('secrets', 'k-test', 'second');
      expect([a, b]).toEqual(['first', 'first']);
    });
  });
}
