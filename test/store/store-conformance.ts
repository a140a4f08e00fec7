import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Store, ConversationRecord, EventRecord, TicketRecord } from '../../src/store/types.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 3, 0, s)).toISOString();
let seq = 0;
const uid = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

function conversation(over: Partial<ConversationRecord> = {}): ConversationRecord {
  return { id: uid('c'), channel: 'web', userId: 'u1', externalRef: null, language: 'ko', tokenHash: 'h', state: { step: 'market' }, createdAt: at(0), updatedAt: at(0), ...over };
}
function ticket(id: number, conversationId: string, over: Partial<TicketRecord> = {}): TicketRecord {
  return { id, conversationId, status: 'open', priority: 'normal', reason: 'person', summary: 's', jurisdiction: 'CN', right: 'trademark', deadline: null, claimedBy: null, createdAt: at(1), updatedAt: at(1), ...over };
}

/** The behaviour every Store must have; run against SQLite and against a real PostgreSQL. */
export function storeConformance(name: string, open: () => Promise<Store | { skip: string }>, teardown?: () => Promise<void>) {
  describe(`${name} store`, () => {
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
    afterAll(async () => {
      await store?.close();
      await teardown?.();
    });
    const test = (title: string, fn: () => Promise<void>) =>
      it(title, async (ctx) => {
        if (skip) return ctx.skip(skip);
        await fn();
      });

    test('migrating again changes nothing', async () => {
      await store.migrate();
      expect(await store.getConversation('missing')).toBeNull();
    });

    test('stores a conversation and updates its state, language and reference', async () => {
      const c = conversation({ channel: 'slack', externalRef: 'C1:1.2' });
      await store.commit({ conversation: c });
      expect(await store.getConversation(c.id)).toEqual(c);
      expect(await store.findConversationByRef('slack', 'C1:1.2')).toEqual(c);
      expect(await store.findConversationByRef('web', 'C1:1.2')).toBeNull();
      const changed = { ...c, language: 'en' as const, state: { step: 'right', answers: { market: ['CN'] } }, updatedAt: at(5) };
      await store.commit({ conversation: changed });
      expect(await store.getConversation(c.id)).toEqual(changed);
    });

    test('lists messages in order, the last N when limited', async () => {
      const c = conversation();
      const messages = [0, 1, 2, 3].map((i) => ({ id: uid('m'), conversationId: c.id, role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant', text: `t${i} 한국어`, data: { i }, createdAt: at(i) }));
      await store.commit({ conversation: c, messages: messages.slice(0, 2) });
      await store.commit({ messages: messages.slice(2) });
      expect((await store.listMessages(c.id)).map((m) => m.text)).toEqual(['t0 한국어', 't1 한국어', 't2 한국어', 't3 한국어']);
      expect((await store.listMessages(c.id, 2)).map((m) => m.data)).toEqual([{ i: 2 }, { i: 3 }]);
    });

    test('a failing turn writes nothing at all', async () => {
      const c = conversation();
      const m = { id: uid('m'), conversationId: c.id, role: 'user' as const, text: 'hi', data: {}, createdAt: at(0) };
      await store.commit({ conversation: c, messages: [m] });
      const before = await store.eventsAfter(c.id, 0);
      await expect(
        store.commit({
          conversation: { ...c, state: { changed: true } },
          events: [{ conversationId: c.id, type: 'message.created', data: {}, createdAt: at(1) }],
          messages: [{ ...m }], // same id again: the turn must fail as a whole
          receipt: { conversationId: c.id, key: 'k-fail', reply: { text: 'x' } },
        }),
      ).rejects.toThrow();
      expect((await store.getConversation(c.id))!.state).toEqual(c.state);
      expect(await store.eventsAfter(c.id, 0)).toEqual(before);
      expect(await store.getReceipt(c.id, 'k-fail')).toBeNull();
      expect(await store.listMessages(c.id)).toHaveLength(1);
    });

    test('keeps the reply of an inbound under its idempotency key', async () => {
      const c = conversation();
      await store.commit({ conversation: c, receipt: { conversationId: c.id, key: 'k1', reply: { text: '답변', n: 1 } } });
      expect(await store.getReceipt(c.id, 'k1')).toEqual({ text: '답변', n: 1 });
      expect(await store.getReceipt(c.id, 'k2')).toBeNull();
      await expect(store.commit({ receipt: { conversationId: c.id, key: 'k1', reply: { text: 'second' } } })).rejects.toThrow();
      expect(await store.getReceipt(c.id, 'k1')).toEqual({ text: '답변', n: 1 });
    });

    test('allocates distinct ticket numbers even when asked at once', async () => {
      const ids = await Promise.all(Array.from({ length: 8 }, () => store.allocateTicketId()));
      expect(new Set(ids).size).toBe(8);
      for (const id of ids) expect(Number.isInteger(id) && id > 0).toBe(true);
    });

    test('creates, updates and lists tickets', async () => {
      const c = conversation();
      const id = await store.allocateTicketId();
      const t = ticket(id, c.id, { priority: 'urgent', deadline: '2026-11-26', reason: 'detained' });
      await store.commit({ conversation: c, ticketCreate: t, audit: [{ entity: 'ticket', entityId: String(id), action: 'created', actor: 'system', data: { reason: 'detained' }, at: at(1) }] });
      expect(await store.getTicket(id)).toEqual(t);
      await store.commit({ ticketUpdate: { id, patch: { status: 'claimed', claimedBy: 'kim@kipa.or.kr', updatedAt: at(9) } }, audit: [{ entity: 'ticket', entityId: String(id), action: 'claimed', actor: 'kim@kipa.or.kr', data: {}, at: at(9) }] });
      const claimed = await store.getTicket(id);
      expect(claimed).toMatchObject({ status: 'claimed', claimedBy: 'kim@kipa.or.kr', updatedAt: at(9), priority: 'urgent', deadline: '2026-11-26' });
      expect((await store.listTickets({ status: ['claimed'] })).map((x) => x.id)).toContain(id);
      expect((await store.listTickets({ status: ['open', 'resolved'] })).map((x) => x.id)).not.toContain(id);
      expect((await store.ticketsForConversation(c.id)).map((x) => x.id)).toEqual([id]);
      expect((await store.listAudit('ticket', String(id))).map((a) => [a.action, a.actor])).toEqual([
        ['created', 'system'],
        ['claimed', 'kim@kipa.or.kr'],
      ]);
    });

    test('gives events growing ids and replays them after an id', async () => {
      const c = conversation();
      const ev = (type: string) => ({ conversationId: c.id, type, data: { type }, createdAt: at(2) });
      const first = await store.commit({ conversation: c, events: [ev('a'), ev('b')] });
      const second = await store.commit({ events: [ev('c')] });
      const ids = [...first.eventIds, ...second.eventIds];
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(3);
      expect((await store.eventsAfter(c.id, 0)).map((e) => e.type)).toEqual(['a', 'b', 'c']);
      expect((await store.eventsAfter(c.id, ids[0])).map((e) => e.type)).toEqual(['b', 'c']);
      expect(await store.eventsAfter(c.id, ids[2])).toEqual([]);
      expect(await store.eventsAfter(c.id, 0, 1)).toHaveLength(1);
    });

    test('keeps the order of the rows of one turn (messages, events, audit entries)', async () => {
      const c = conversation();
      const n = [0, 1, 2, 3, 4, 5, 6, 7];
      const { eventIds } = await store.commit({
        conversation: c,
        messages: n.map((i) => ({ id: uid('m'), conversationId: c.id, role: 'user' as const, text: `m${i}`, data: {}, createdAt: at(1) })),
        events: n.map((i) => ({ conversationId: c.id, type: `e${i}`, data: {}, createdAt: at(1) })),
        audit: n.map((i) => ({ entity: 'conversation', entityId: c.id, action: `a${i}`, actor: 'x', data: {}, at: at(1) })),
      });
      expect(eventIds).toEqual([...eventIds].sort((x, y) => x - y));
      expect((await store.eventsAfter(c.id, 0)).map((e) => [e.id, e.type])).toEqual(n.map((i) => [eventIds[i], `e${i}`]));
      expect((await store.listMessages(c.id)).map((m) => m.text)).toEqual(n.map((i) => `m${i}`));
      expect((await store.listAudit('conversation', c.id)).map((a) => a.action)).toEqual(n.map((i) => `a${i}`));
    });

    test('gives back a reply stored by reference to its message exactly as written (events, receipt, export)', async () => {
      const c = conversation();
      const citations = [{ title: '중국 세관', url: 'https://example.cn/a', verified: '2026-11-01', grade: 'official' }];
      const user = { id: uid('m'), conversationId: c.id, role: 'user' as const, text: '유효기간은?', data: {}, createdAt: at(1) };
      const reply = { id: uid('m'), conversationId: c.id, role: 'assistant' as const, text: '10년입니다.', data: { citations, choices: [], ticket: null, confidence: 0.8, kind: 'answer' }, createdAt: at(1) };
      const full = { conversationId: c.id, messageId: reply.id, text: reply.text, language: 'ko', citations, choices: reply.data.choices, ticket: null, confidence: 0.8, escalate: false, kind: 'answer', plan: undefined, extra: { text: 'not the message' } };
      const events = [
        { conversationId: c.id, type: 'message.created', data: { messageId: user.id, role: 'user', text: user.text }, createdAt: at(1) },
        { conversationId: c.id, type: 'message.created', data: { ...full, role: 'assistant' }, createdAt: at(1) },
        // Same id, different text: kept as written.
        { conversationId: c.id, type: 'other', data: { messageId: reply.id, text: 'edited', citations: [...citations] }, createdAt: at(1) },
      ];
      const { eventIds } = await store.commit({ conversation: c, messages: [user, reply], events, receipt: { conversationId: c.id, key: 'k-ref', reply: full } });
      const expected = events.map((e, i) => ({ ...e, id: eventIds[i], data: JSON.parse(JSON.stringify(e.data)) }));
      const read = await store.eventsAfter(c.id, 0);
      expect(read).toEqual(expected);
      // Field order is kept too.
      expect(read.map((e) => JSON.stringify(e.data))).toEqual(events.map((e) => JSON.stringify(e.data)));
      expect(JSON.stringify(await store.getReceipt(c.id, 'k-ref'))).toBe(JSON.stringify(full));
      expect((await store.exportConversation(c.id))!.events).toEqual(expected);
    });

    test('tells subscribers about committed events until they unsubscribe', async () => {
      const c = conversation();
      const seen: EventRecord[] = [];
      const off = store.onEvent((e) => e.conversationId === c.id && seen.push(e));
      const { eventIds } = await store.commit({ conversation: c, events: [{ conversationId: c.id, type: 'x', data: { n: 1 }, createdAt: at(3) }] });
      await expect.poll(() => seen.length).toBe(1);
      expect(seen[0]).toMatchObject({ id: eventIds[0], type: 'x', data: { n: 1 } });
      off();
      await store.commit({ events: [{ conversationId: c.id, type: 'y', data: {}, createdAt: at(4) }] });
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(1);
    });

    test('records feedback', async () => {
      const c = conversation();
      await store.commit({ conversation: c, feedback: [{ conversationId: c.id, messageId: 'm1', rating: -1, comment: null, createdAt: at(1) }] });
      expect(await store.listFeedback(c.id)).toEqual([{ conversationId: c.id, messageId: 'm1', rating: -1, comment: null, createdAt: at(1) }]);
    });

    test('keeps staff accounts and sessions', async () => {
      const email = `${uid('s')}@kipa.or.kr`;
      await store.createStaffUser({ email, passwordHash: 'scrypt$x', name: 'Kim', createdAt: at(0) });
      await expect(store.createStaffUser({ email, passwordHash: 'y', name: null, createdAt: at(0) })).rejects.toThrow();
      expect(await store.getStaffUser(email)).toMatchObject({ email, passwordHash: 'scrypt$x', name: 'Kim' });
      const session = { id: uid('sess'), email, csrfToken: 'csrf', expiresAt: at(59) };
      await store.createStaffSession(session);
      // A session is read with its account's current role, so a demotion takes effect at once.
      expect(await store.getStaffSession(session.id)).toEqual({ ...session, role: 'agent' });
      await store.deleteStaffSession(session.id);
      expect(await store.getStaffSession(session.id)).toBeNull();
    });

    test('keeps small channel facts and overwrites them', async () => {
      const key = uid('k');
      expect(await store.getMeta('slack-ticket-message', key)).toBeNull();
      await store.setMeta('slack-ticket-message', key, 'C1:1');
      await store.setMeta('slack-ticket-message', key, 'C1:2');
      expect(await store.getMeta('slack-ticket-message', key)).toBe('C1:2');
    });

    test('lets exactly one of many simultaneous claims win', async () => {
      const id = uid('ev');
      const results = await Promise.all(Array.from({ length: 10 }, () => store.claimOnce('slack-event', id)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claimOnce('slack-event', id)).toBe(false);
      expect(await store.claimOnce('other-scope', id)).toBe(true);
    });
  });
}
