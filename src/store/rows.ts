import type { AuditRecord, ConversationRecord, EventRecord, FeedbackRecord, MessageRecord, StaffSessionRecord, StaffUserRecord, TicketRecord, TurnWrite } from './types.js';

import { visitorFileStatements } from './visitor-files-store.js';

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

/**
 * An event or receipt payload that repeats a message of the same turn (the reply: its text, citations, choices…) is
 * stored by reference: each top-level field equal to the message's is kept in place as a 0 and named in `$ref`; the
 * row gets the message's id. Only fields that are the very same value are left out, so reading gives back exactly
 * what was written.
 */
export function byReference(data: Record<string, unknown>, messages: readonly MessageRecord[] | undefined): { json: string; messageId: string | null } {
  const id = data.messageId;
  const m = typeof id === 'string' ? messages?.find((x) => x.id === id) : undefined;
  if (!m) return { json: JSON.stringify(data), messageId: null };
  const ref: string[] = [];
  const out: Record<string, unknown> = { $ref: ref };
  for (const k of Object.keys(data)) {
    const v = data[k];
    if (v !== undefined && v !== null && typeof v !== 'number' && typeof v !== 'boolean' && (k === 'text' ? v === m.text : k !== '$ref' && v === m.data[k])) {
      ref.push(k);
      out[k] = 0;
    } else out[k] = v;
  }
  return ref.length ? { json: JSON.stringify(out), messageId: m.id } : { json: JSON.stringify(data), messageId: null };
}

/** The payload as written: fields kept by reference are read from the message row joined as ref_text / ref_data. */
export function fromReference(r: Row, column: string): Record<string, unknown> {
  const data = json(r[column]);
  if (!r.message_id || !Array.isArray(data.$ref)) return data;
  const ref = data.$ref as string[];
  delete data.$ref;
  const text = r.ref_text as string | null | undefined;
  const message = r.ref_data == null ? null : json(r.ref_data);
  for (const k of ref) {
    if (k === 'text' && text != null) data[k] = text;
    else if (message && k in message) data[k] = message[k];
    else delete data[k]; // the message is gone (never while its conversation exists)
  }
  return data;
}

/** Events with the message they may refer to (columns ref_text, ref_data); add WHERE / ORDER BY. */
export const EVENT_SELECT = 'SELECT e.id, e.conversation_id, e.type, e.data, e.created_at, e.message_id, m.text AS ref_text, m.data AS ref_data FROM events e LEFT JOIN messages m ON m.id = e.message_id';

export const toEvent = (r: Row): EventRecord => ({ id: Number(r.id), conversationId: r.conversation_id, type: r.type, data: fromReference(r, 'data'), createdAt: r.created_at });
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
 * one transaction; Postgres rewrites ? to $n. A payload that repeats a message of the turn (the reply in its
 * `message.created` event and in its receipt) is stored by reference to that message (byReference).
 */
export function turnStatements(w: TurnWrite): { sql: string; params: unknown[]; returnsEventId?: boolean }[] {
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
  out.push(...visitorFileStatements(w));
  for (const a of w.audit ?? [])
    out.push({ sql: 'INSERT INTO audit (entity, entity_id, action, actor, data, at) VALUES (?, ?, ?, ?, ?, ?)', params: [a.entity, a.entityId, a.action, a.actor, JSON.stringify(a.data), a.at] });
  for (const f of w.feedback ?? [])
    out.push({ sql: 'INSERT INTO feedback (conversation_id, message_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?)', params: [f.conversationId, f.messageId, f.rating, f.comment, f.createdAt] });
  if (w.receipt) {
    const reply = w.receipt.reply;
    const r = reply && typeof reply === 'object' && !Array.isArray(reply) ? byReference(reply as Record<string, unknown>, w.messages) : { json: JSON.stringify(reply), messageId: null };
    out.push({ sql: 'INSERT INTO receipts (conversation_id, key, reply, created_at, message_id) VALUES (?, ?, ?, ?, ?)', params: [w.receipt.conversationId, w.receipt.key, r.json, new Date().toISOString(), r.messageId] });
  }
  for (const e of w.events ?? []) {
    const d = byReference(e.data, w.messages);
    out.push({ sql: 'INSERT INTO events (conversation_id, type, data, created_at, message_id) VALUES (?, ?, ?, ?, ?) RETURNING id', params: [e.conversationId, e.type, d.json, e.createdAt, d.messageId], returnsEventId: true });
  }
  return out;
}
