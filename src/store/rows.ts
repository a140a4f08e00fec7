import type { AuditRecord, ConversationRecord, EventRecord, FeedbackRecord, MessageRecord, StaffSessionRecord, StaffUserRecord, TicketRecord } from './types.js';

/** Row ↔ record mapping shared by both databases (column names are the same in both). */
type Row = Record<string, any>;
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? {}));

export const toConversation = (r: Row): ConversationRecord => ({
  id: r.id,
  channel: r.channel,
  userId: r.user_id,
  externalRef: r.external_ref ?? null,
  language: r.language ?? null,
  tokenHash: r.token_hash ?? null,
  state: json(r.state),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toMessage = (r: Row): MessageRecord => ({ id: r.id, conversationId: r.conversation_id, role: r.role, text: r.text, data: json(r.data), createdAt: r.created_at });

export const toTicket = (r: Row): TicketRecord => ({
  id: Number(r.id),
  conversationId: r.conversation_id,
  status: r.status,
  priority: r.priority,
  reason: r.reason,
  summary: r.summary,
  jurisdiction: r.jurisdiction ?? null,
  right: r.right_kind ?? null,
  deadline: r.deadline ?? null,
  claimedBy: r.claimed_by ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toEvent = (r: Row): EventRecord => ({ id: Number(r.id), conversationId: r.conversation_id, type: r.type, data: json(r.data), createdAt: r.created_at });
export const toAudit = (r: Row): AuditRecord => ({ id: Number(r.id), entity: r.entity, entityId: r.entity_id, action: r.action, actor: r.actor, data: json(r.data), at: r.at });
export const toFeedback = (r: Row): FeedbackRecord => ({ conversationId: r.conversation_id, messageId: r.message_id ?? null, rating: Number(r.rating) as 1 | -1, comment: r.comment ?? null, createdAt: r.created_at });
export const toStaffUser = (r: Row): StaffUserRecord => ({ email: r.email, passwordHash: r.password_hash, name: r.name ?? null, createdAt: r.created_at, disabledAt: r.disabled_at ?? null, role: r.role === 'admin' ? 'admin' : 'agent' });
export const toStaffSession = (r: Row): StaffSessionRecord => ({ id: r.id, email: r.email, csrfToken: r.csrf_token, expiresAt: r.expires_at, ...(r.role ? { role: r.role === 'admin' ? 'admin' : 'agent' } : {}) });

/** Ticket patch keys → columns. */
export const TICKET_COLUMNS: Record<string, string> = {
  status: 'status',
  priority: 'priority',
  reason: 'reason',
  summary: 'summary',
  jurisdiction: 'jurisdiction',
  right: 'right_kind',
  deadline: 'deadline',
  claimedBy: 'claimed_by',
  updatedAt: 'updated_at',
};

/**
 * Every statement a turn writes, in order, as (sql with ? placeholders, params). Both stores run this list inside
 * one transaction; Postgres rewrites ? to $n.
 */
export function turnStatements(w: import('./types.js').TurnWrite): { sql: string; params: unknown[]; returnsEventId?: boolean }[] {
  const out: { sql: string; params: unknown[]; returnsEventId?: boolean }[] = [];
  if (w.conversation) {
    const c = w.conversation;
    out.push({
      sql: `INSERT INTO conversations (id, channel, user_id, external_ref, language, token_hash, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET language = excluded.language, state = excluded.state, updated_at = excluded.updated_at, external_ref = excluded.external_ref`,
      params: [c.id, c.channel, c.userId, c.externalRef, c.language, c.tokenHash, JSON.stringify(c.state), c.createdAt, c.updatedAt],
    });
  }
  for (const m of w.messages ?? [])
    out.push({ sql: 'INSERT INTO messages (id, conversation_id, role, text, data, created_at) VALUES (?, ?, ?, ?, ?, ?)', params: [m.id, m.conversationId, m.role, m.text, JSON.stringify(m.data), m.createdAt] });
  if (w.ticketCreate) {
    const t = w.ticketCreate;
    out.push({
      sql: 'INSERT INTO tickets (id, conversation_id, status, priority, reason, summary, jurisdiction, right_kind, deadline, claimed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: [t.id, t.conversationId, t.status, t.priority, t.reason, t.summary, t.jurisdiction, t.right, t.deadline, t.claimedBy, t.createdAt, t.updatedAt],
    });
  }
  if (w.ticketUpdate) {
    const entries = Object.entries(w.ticketUpdate.patch).filter(([k, v]) => TICKET_COLUMNS[k] && v !== undefined);
    if (entries.length)
      out.push({ sql: `UPDATE tickets SET ${entries.map(([k]) => `${TICKET_COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`, params: [...entries.map(([, v]) => v), w.ticketUpdate.id] });
  }
  for (const a of w.audit ?? [])
    out.push({ sql: 'INSERT INTO audit (entity, entity_id, action, actor, data, at) VALUES (?, ?, ?, ?, ?, ?)', params: [a.entity, a.entityId, a.action, a.actor, JSON.stringify(a.data), a.at] });
  for (const f of w.feedback ?? [])
    out.push({ sql: 'INSERT INTO feedback (conversation_id, message_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?)', params: [f.conversationId, f.messageId, f.rating, f.comment, f.createdAt] });
  if (w.receipt)
    out.push({ sql: 'INSERT INTO receipts (conversation_id, key, reply, created_at) VALUES (?, ?, ?, ?)', params: [w.receipt.conversationId, w.receipt.key, JSON.stringify(w.receipt.reply), new Date().toISOString()] });
  for (const e of w.events ?? [])
    out.push({ sql: 'INSERT INTO events (conversation_id, type, data, created_at) VALUES (?, ?, ?, ?) RETURNING id', params: [e.conversationId, e.type, JSON.stringify(e.data), e.createdAt], returnsEventId: true });
  return out;
}
