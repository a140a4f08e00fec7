import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/store/types.js';
import { seedTicket } from './staff-seed.js';

/** The staff desk's store methods, the same on SQLite and PostgreSQL. */
export async function deskConformance(store: Store): Promise<void> {
  const at = new Date().toISOString();
  await store.createStaffUser({ email: 'a@moip.example.kr', passwordHash: 'x', name: 'A', createdAt: at, role: 'admin' });
  await store.createStaffUser({ email: 'b@moip.example.kr', passwordHash: 'x', name: null, createdAt: at });
  expect((await store.listStaffUsers()).map((u) => [u.email, u.role])).toEqual([
    ['a@moip.example.kr', 'admin'],
    ['b@moip.example.kr', 'agent'],
  ]);
  await store.createStaffSession({ id: 's1', email: 'b@moip.example.kr', csrfToken: 'c', expiresAt: '2999-01-01T00:00:00Z' });
  expect((await store.getStaffSession('s1'))?.role).toBe('agent');
  expect(await store.updateStaffUser('b@moip.example.kr', { role: 'admin' })).toBe(true);
  expect((await store.getStaffSession('s1'))?.role).toBe('admin');
  expect(await store.updateStaffUser('b@moip.example.kr', { passwordHash: 'y' })).toBe(true);
  expect(await store.getStaffSession('s1')).toBeNull();
  expect(await store.updateStaffUser('nobody@x.kr', { role: 'agent' })).toBe(false);

  const t1 = await seedTicket(store, { reason: 'goods_detained', priority: 'urgent', jurisdiction: 'CN', question: '립밤 100% 억류_건', at });
  const t2 = await seedTicket(store, { reason: 'dispute', priority: 'high', jurisdiction: 'EU', channel: 'slack', language: 'en', question: 'Design dispute', at });
  await store.saveContact({ conversationId: t1.conversationId, company: 'Hanbit', person: null, email: 'x@hanbit.kr', phone: null, product: 'Lip balm', createdAt: at, updatedAt: at });
  await store.saveContact({ conversationId: t1.conversationId, company: 'Hanbit Co', person: 'Kim', email: 'x@hanbit.kr', phone: null, product: 'Lip balm', createdAt: at, updatedAt: at });
  expect((await store.getContact(t1.conversationId))?.company).toBe('Hanbit Co');
  const note = await store.addTicketNote({ ticketId: t1.id, author: 'a@moip.example.kr', text: 'note one', createdAt: at });
  expect(note.id).toBeGreaterThan(0);
  expect((await store.listTicketNotes(t1.id)).map((n) => n.text)).toEqual(['note one']);

  const ids = async (q: Parameters<Store['searchTickets']>[0]) => (await store.searchTickets(q)).map((t) => t.id);
  expect(await ids({})).toEqual([t2.id, t1.id]);
  expect(await ids({ priority: ['urgent'] })).toEqual([t1.id]);
  expect(await ids({ channel: ['slack'] })).toEqual([t2.id]);
  expect(await ids({ jurisdiction: ['CN'] })).toEqual([t1.id]);
  expect(await ids({ text: 'HANBIT co' })).toEqual([t1.id]);
  expect(await ids({ text: '100%' })).toEqual([t1.id]);
  expect(await ids({ text: '0%' })).toEqual([t1.id]);
  expect(await ids({ text: '%억' })).toEqual([]);
  expect(await ids({ text: '억류_' })).toEqual([t1.id]);
  expect(await ids({ text: 'note ONE' })).toEqual([t1.id]);
  expect(await ids({ text: `#${t2.id}` })).toEqual([t2.id]);
  expect(await ids({ assignee: 'none' })).toEqual([t2.id, t1.id]);
  expect((await store.searchTickets({ text: 'design' }))[0]).toEqual(expect.objectContaining({ channel: 'slack', language: 'en', company: null }));

  const r = await store.saveSavedReply({ title: 'T', body: 'B', lang: 'ko', citations: [{ title: 'S', url: 'https://x.kr/' }], createdBy: 'a@moip.example.kr', updatedBy: 'a@moip.example.kr', createdAt: at, updatedAt: at });
  expect(r).toEqual(expect.objectContaining({ title: 'T', citations: [{ title: 'S', url: 'https://x.kr/' }] }));
  expect((await store.saveSavedReply({ id: r!.id, title: 'T2', body: 'B2', lang: null, citations: [], updatedBy: 'b@moip.example.kr', updatedAt: at }))?.title).toBe('T2');
  expect(await store.saveSavedReply({ id: 99999, title: 'T', body: 'B', lang: null, citations: [], updatedBy: 'b', updatedAt: at })).toBeNull();
  expect(await store.deleteSavedReply(r!.id)).toBe(true);
  expect(await store.listSavedReplies()).toEqual([]);

  const p = await store.createKnowledgeProposal({ ticketId: t1.id, question: 'Q', answer: 'A', sourceUrl: null, lang: 'ko', jurisdiction: 'CN', status: 'proposed', createdBy: 'b', createdAt: at, updatedAt: at });
  expect((await store.updateKnowledgeProposal(p.id, { status: 'accepted', updatedAt: at }))?.status).toBe('accepted');
  expect((await store.listKnowledgeProposals({ status: ['accepted'] })).map((x) => x.id)).toEqual([p.id]);

  await store.setMeta('slack-ticket-message', String(t1.id), '1700.01');
  expect(await store.findMetaKey('slack-ticket-message', '1700.01')).toBe(String(t1.id));
  expect(await store.findMetaKey('slack-ticket-message', 'nope')).toBeNull();

  const rows = await store.analyticsRows({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
  expect(rows.conversations).toHaveLength(2);
  expect(rows.tickets.map((t) => t.id).sort()).toEqual([t1.id, t2.id].sort());
  expect(rows.messages.filter((m) => m.role === 'user')).toHaveLength(2);

  // A file's bytes come back exactly (every byte value, NUL included) and a rating replaces the earlier one.
  const bytes = new Uint8Array(256).map((_, i) => i);
  const fileAt = new Date().toISOString();
  await store.commit({
    attachments: [{ id: randomUUID(), conversationId: t1.conversationId, messageId: randomUUID(), name: '통지서.pdf', type: 'application/pdf', size: 256, sha256: 'x', body: bytes, createdAt: fileAt }],
    ticketRating: { ticketId: t1.id, conversationId: t1.conversationId, score: 2, comment: null, createdAt: fileAt },
  });
  await store.commit({ ticketRating: { ticketId: t1.id, conversationId: t1.conversationId, score: 4, comment: 'ok', createdAt: fileAt } });
  const [listed] = await store.listAttachments(t1.conversationId);
  expect(listed).toMatchObject({ name: '통지서.pdf', size: 256 });
  expect(Array.from((await store.getAttachment(t1.conversationId, listed.id))!.body)).toEqual(Array.from(bytes));
  expect(await store.getAttachment(t2.conversationId, listed.id)).toBeNull();
  expect(await store.attachmentUsage(t1.conversationId)).toEqual({ count: 1, bytes: 256 });
  expect(await store.getTicketRating(t1.id)).toMatchObject({ score: 4, comment: 'ok' });

  // Deleting a conversation takes its contact, notes, files and ratings; a proposal stays, unlinked.
  const exported = await store.exportConversation(t1.conversationId);
  expect(exported?.attachments?.map((a) => a.name)).toEqual(['통지서.pdf']);
  expect(exported?.ratings?.map((r) => r.score)).toEqual([4]);
  expect(exported?.contact?.company).toBe('Hanbit Co');
  expect(exported?.notes).toHaveLength(1);
  expect(await store.deleteConversation(t1.conversationId, 'a@moip.example.kr')).toBe(true);
  expect(await store.getContact(t1.conversationId)).toBeNull();
  expect(await store.listTicketNotes(t1.id)).toEqual([]);
  expect(await store.listAttachments(t1.conversationId)).toEqual([]);
  expect(await store.getTicketRating(t1.id)).toBeNull();
  expect((await store.listKnowledgeProposals())[0].ticketId).toBeNull();
  void randomUUID;
}
