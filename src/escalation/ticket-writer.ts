import type { Store, ConversationRecord, TicketRecord, TurnWrite } from '../store/types.js';
import type { Citation, HistoryTurn } from '../answer/types.js';
import type { JurisdictionProfile } from '../knowledge/schema.js';
import type { Lang } from '../core/lang.js';
import type { TicketInfo } from '../core/reply.js';
import type { Logger } from '../logger.js';
import { computeDeadline } from './deadline.js';
import { expectedResponse } from './staff-hours.js';
import { ticketInfo } from './tickets.js';
import { TS } from './strings.js';

export interface TicketDecision {
  reason: string;
  priority: TicketRecord['priority'];
}

/** What a turn gives the ticket writer: its conversation, language, clock, the write it adds to, and its history. */
export interface TicketTurn {
  conv: ConversationRecord;
  lang: Lang;
  now: Date;
  write: TurnWrite;
  history: () => Promise<HistoryTurn[]>;
}

export interface TicketWriterDeps {
  store: Store;
  profiles: Map<string, JurisdictionProfile>;
  summarize: (input: { transcript: HistoryTurn[]; language: Lang; jurisdiction: string | null; right: string | null; reason: string }) => Promise<string>;
  staff: { timeZone: string; hours: string };
  logger: Logger;
}

const URGENT_CASES = new Set(['goods_detained', 'accused_infringer']);

/**
 * Tickets: open one (or add to the conversation's open one), work out the response deadline of a detention from the
 * profile and the notice date, and recompute it when the user gives the date later. Each returns the ticket and
 * the sentences the user is told; everything is added to the turn's one write.
 */
export function createTicketWriter(deps: TicketWriterDeps) {
  const { store, staff } = deps;

  function deadlineFor(t: TicketTurn, jurisdiction: string | null, noticeText: string) {
    const rule = jurisdiction ? deps.profiles.get(jurisdiction)?.figures.holderDeadline : undefined;
    const d = computeDeadline(noticeText, t.now, rule, staff.timeZone, jurisdiction ?? undefined);
    const note = d.deadline && d.basis ? TS.urgentDeadline[t.lang](d.deadline, d.basis[t.lang]) : jurisdiction ? TS.urgentNoDeadline[t.lang] : TS.askCountryForDetention[t.lang];
    return { deadline: d.deadline, note };
  }

  async function openOrUpdate(
    t: TicketTurn,
    decision: TicketDecision,
    input: { text: string; noticeDay: string | null; jurisdictions: string[]; uncovered: string[]; rights: string[]; walkMarket?: string | null; walkRight?: string | null; citations?: Citation[] },
  ): Promise<{ info: TicketInfo; text: string; ticket: TicketRecord }> {
    const at = t.now.toISOString();
    const jurisdiction = input.jurisdictions[0] ?? input.uncovered[0] ?? input.walkMarket ?? null;
    const right = input.rights[0] ?? input.walkRight ?? null;
    const urgent = decision.priority === 'urgent';
    let deadline: string | null = null;
    let deadlineNote = '';
    if (URGENT_CASES.has(decision.reason)) ({ deadline, note: deadlineNote } = deadlineFor(t, jurisdiction, input.noticeDay ?? input.text));

    const existing = (await store.ticketsForConversation(t.conv.id)).find((x) => x.status !== 'resolved');
    if (existing) {
      const upgrade = urgent && existing.priority !== 'urgent';
      const patch: Partial<TicketRecord> = { updatedAt: at };
      if (upgrade) Object.assign(patch, { priority: 'urgent', reason: decision.reason, deadline });
      else if (deadline && !existing.deadline) patch.deadline = deadline;
      if (!existing.jurisdiction && jurisdiction) patch.jurisdiction = jurisdiction;
      const updated = { ...existing, ...patch } as TicketRecord;
      t.write.ticketUpdate = { id: existing.id, patch };
      t.write.events!.push({ conversationId: t.conv.id, type: 'ticket.updated', data: { ticket: updated, note: input.text.slice(0, 500) }, createdAt: at });
      t.write.audit!.push({ entity: 'ticket', entityId: String(existing.id), action: upgrade ? 'escalated' : 'user_added_message', actor: `${t.conv.channel}:${t.conv.userId}`, data: { reason: decision.reason }, at });
      return { info: ticketInfo(updated), ticket: updated, text: [deadlineNote, TS.ticketAlready[t.lang](existing.id)].filter(Boolean).join('\n\n') };
    }

    const id = await store.allocateTicketId();
    const transcript: HistoryTurn[] = [...(await t.history()), ...(input.text ? [{ role: 'user' as const, text: input.text }] : [])];
    let summary: string;
    try {
      summary = await deps.summarize({ transcript, language: t.lang, jurisdiction, right, reason: decision.reason });
    } catch (e) {
      deps.logger.warn('summary failed', { error: (e as Error).message });
      summary = input.text.slice(0, 300);
    }
    const ticket: TicketRecord = {
      id,
      conversationId: t.conv.id,
      status: 'open',
      priority: decision.priority,
      reason: decision.reason,
      summary,
      jurisdiction,
      right,
      deadline,
      claimedBy: null,
      createdAt: at,
      updatedAt: at,
    };
    t.write.ticketCreate = ticket;
    t.write.events!.push({ conversationId: t.conv.id, type: 'ticket.created', data: { ticket, citations: input.citations ?? [] }, createdAt: at });
    t.write.audit!.push({ entity: 'ticket', entityId: String(id), action: 'created', actor: `${t.conv.channel}:${t.conv.userId}`, data: { reason: decision.reason, priority: decision.priority }, at });
    const when = expectedResponse(t.now, t.lang, { ...staff, urgent });
    return { info: ticketInfo(ticket), ticket, text: [deadlineNote, TS.ticketOpened[t.lang](id, when)].filter(Boolean).join('\n\n') };
  }

  /**
   * The user told us when the notice came, or where ("통지는 지난주 금요일에 받았어요", "it's Vietnam"): the open
   * detention ticket gets the deadline counted from that day; null when there is no open urgent case.
   */
  async function updateCase(t: TicketTurn, input: { text: string; noticeDay: string | null; jurisdiction: string | null }): Promise<{ info: TicketInfo; text: string } | null> {
    const existing = (await store.ticketsForConversation(t.conv.id)).find((x) => x.status !== 'resolved' && URGENT_CASES.has(x.reason));
    if (!existing) return null;
    const at = t.now.toISOString();
    const jurisdiction = input.jurisdiction ?? existing.jurisdiction;
    const { deadline, note } = deadlineFor(t, jurisdiction, input.noticeDay ?? input.text);
    const patch: Partial<TicketRecord> = { updatedAt: at, deadline: deadline ?? existing.deadline };
    if (jurisdiction && jurisdiction !== existing.jurisdiction) patch.jurisdiction = jurisdiction;
    const updated = { ...existing, ...patch } as TicketRecord;
    t.write.ticketUpdate = { id: existing.id, patch };
    t.write.events!.push({ conversationId: t.conv.id, type: 'ticket.updated', data: { ticket: updated, note: input.text.slice(0, 500) }, createdAt: at });
    t.write.audit!.push({ entity: 'ticket', entityId: String(existing.id), action: 'deadline_recomputed', actor: `${t.conv.channel}:${t.conv.userId}`, data: { deadline: updated.deadline, notice: input.noticeDay }, at });
    return { info: ticketInfo(updated), text: [note, TS.caseUpdated[t.lang](existing.id)].join('\n\n') };
  }

  return { openOrUpdate, updateCase };
}
export type TicketWriter = ReturnType<typeof createTicketWriter>;
