import { randomUUID } from 'node:crypto';
import type { Channel, Store, TicketRecord, TicketPriority, TicketStatus } from '../../src/store/types.js';

export interface SeedTicket {
  channel?: Channel;
  language?: 'ko' | 'en';
  reason: string;
  priority: TicketPriority;
  status?: TicketStatus;
  jurisdiction?: string | null;
  right?: string | null;
  deadline?: string | null;
  claimedBy?: string | null;
  summary?: string;
  question: string;
  answer?: string;
  /** Extra data stored on the assistant's answer (confidence, notSure, …). */
  answerData?: Record<string, unknown>;
  at: string;
}

/** A conversation with one question, the assistant's answer and a ticket, written as the engine writes them. */
export async function seedTicket(store: Store, s: SeedTicket): Promise<TicketRecord> {
  const convId = randomUUID();
  const id = await store.allocateTicketId();
  const lang = s.language ?? 'ko';
  const ticket: TicketRecord = {
    id,
    conversationId: convId,
    status: s.status ?? 'open',
    priority: s.priority,
    reason: s.reason,
    summary: s.summary ?? `[${s.reason}] · ${lang === 'ko' ? '마지막 메시지' : 'last message'}: ${s.question}`,
    jurisdiction: s.jurisdiction ?? null,
    right: s.right ?? null,
    deadline: s.deadline ?? null,
    claimedBy: s.claimedBy ?? null,
    createdAt: s.at,
    updatedAt: s.at,
  };
  const channel = s.channel ?? 'web';
  await store.commit({
    conversation: { id: convId, channel, userId: `u-${convId.slice(0, 6)}`, externalRef: channel === 'web' ? null : `ref-${convId}`, language: lang, tokenHash: null, state: {}, createdAt: s.at, updatedAt: s.at },
    messages: [
      { id: randomUUID(), conversationId: convId, role: 'user', text: s.question, data: {}, createdAt: s.at },
      { id: randomUUID(), conversationId: convId, role: 'assistant', text: s.answer ?? (lang === 'ko' ? '담당자에게 연결했습니다.' : 'I have passed this on to a person.'), data: { kind: 'ticket', ticket: { id }, ...(s.answerData ?? {}) }, createdAt: s.at },
    ],
    ticketCreate: ticket,
    audit: [{ entity: 'ticket', entityId: String(id), action: 'created', actor: `${channel}:u-${convId.slice(0, 6)}`, data: { reason: s.reason }, at: s.at }],
    events: [{ conversationId: convId, type: 'ticket.created', data: { ticket }, createdAt: s.at }],
  });
  return ticket;
}
