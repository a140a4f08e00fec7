import { createHash } from 'node:crypto';
import type { Store, EventRecord } from './types.js';
import type { SqlDriver, BatchStatement } from './sql-driver.js';
import { EVENT_SELECT, fromReference, toAudit, toConversation, toEvent, toFeedback, toMessage, toStaffSession, toStaffUser, toTicket, turnStatements } from './rows.js';
import { storable } from './clean.js';
import { deskDeletionStatements, deskMethods } from './desk-store.js';
import { visitorFileDeletionStatements, visitorFileMethods } from './visitor-files-store.js';

/** Session ids are stored as their hash: a copy of the database does not hold usable sessions. */
const sessionKey = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Every parameter is made storable on its way in (no NUL: PostgreSQL refuses it, SQLite would keep it), so both
 * databases hold the same text whatever a channel passed.
 */
function cleanParams(driver: SqlDriver): SqlDriver {
  const clean = (params?: unknown[]) => params?.map(storable);
  return {
    kind: driver.kind,
    query: (sql, params) => driver.query(sql, clean(params)),
    execute: (sql, params) => driver.execute(sql, clean(params)),
    batch: (stmts, opts) => driver.batch(stmts.map((s) => ({ ...s, params: clean(s.params)! })), opts),
    migrate: () => driver.migrate(),
    publish: (events, opts) => driver.publish(events, opts),
    subscribe: (fn) => driver.subscribe(fn),
    close: () => driver.close(),
  };
}

/** Statements deleting one conversation and everything hanging off it (the deletion itself is audited apart). */
function deletionStatements(id: string): BatchStatement[] {
  const ticketIds = 'SELECT CAST(id AS TEXT) FROM tickets WHERE conversation_id = ?';
  return [
    { sql: 'DELETE FROM messages WHERE conversation_id = ?', params: [id] },
    { sql: 'DELETE FROM events WHERE conversation_id = ?', params: [id] },
    { sql: 'DELETE FROM feedback WHERE conversation_id = ?', params: [id] },
    { sql: 'DELETE FROM receipts WHERE conversation_id = ?', params: [id] },
    { sql: 'DELETE FROM request_keys WHERE conversation_id = ?', params: [id] },
    ...deskDeletionStatements(id),
    ...visitorFileDeletionStatements(id),
    { sql: `DELETE FROM audit WHERE entity = 'ticket' AND entity_id IN (${ticketIds})`, params: [id] },
    { sql: `DELETE FROM meta WHERE scope = 'slack-ticket-message' AND key IN (${ticketIds})`, params: [id] },
    { sql: 'DELETE FROM tickets WHERE conversation_id = ?', params: [id] },
    { sql: "DELETE FROM audit WHERE entity = 'conversation' AND entity_id = ?", params: [id] },
    { sql: 'DELETE FROM conversations WHERE id = ?', params: [id] },
  ];
}

/** The Store on any SQL driver: every query is written once, in the subset SQLite and PostgreSQL share. */
export function createSqlStore(driver: SqlDriver): Store {
  const db = cleanParams(driver);
  const one = async (sql: string, ...p: unknown[]) => (await db.query(sql, p))[0];
  return {
    kind: db.kind,
    migrate: () => db.migrate(),
    close: () => db.close(),
    async getConversation(id) {
      const r = await one('SELECT * FROM conversations WHERE id = ?', id);
      return r ? toConversation(r) : null;
    },
    async findConversationByRef(channel, externalRef) {
      const r = await one('SELECT * FROM conversations WHERE channel = ? AND external_ref = ?', channel, externalRef);
      return r ? toConversation(r) : null;
    },
    async listMessages(conversationId, limit = 1000) {
      const rows = await db.query('SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) AS m ORDER BY seq ASC', [conversationId, limit]);
      return rows.map(toMessage);
    },
    async getMessage(conversationId, messageId) {
      const r = await one('SELECT * FROM messages WHERE conversation_id = ? AND id = ?', conversationId, messageId);
      return r ? toMessage(r) : null;
    },
    async listMessagesPage(conversationId, { before, limit }) {
      const rows =
        before === undefined
          ? await db.query('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?', [conversationId, limit + 1])
          : await db.query('SELECT * FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?', [conversationId, before, limit + 1]);
      const page = rows.slice(0, limit).reverse();
      return { messages: page.map(toMessage), before: rows.length > limit ? Number(page[0].seq) : null };
    },
    async reserveRequestKey(conversationId, key, fingerprint, staleBefore) {
      const now = new Date().toISOString();
      const inserted = await db.execute('INSERT INTO request_keys (conversation_id, key, fingerprint, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [conversationId, key, fingerprint, now]);
      if (inserted === 1) return 'new';
      const r = await one('SELECT fingerprint, created_at FROM request_keys WHERE conversation_id = ? AND key = ?', conversationId, key);
      if (!r) return 'new'; // released in between
      if (r.fingerprint !== fingerprint) return 'mismatch';
      if (await one('SELECT 1 AS x FROM receipts WHERE conversation_id = ? AND key = ?', conversationId, key)) return 'done';
      if (String(r.created_at) >= staleBefore) return 'busy';
      // The turn that reserved it never finished (its process died): one retry takes it over.
      const taken = await db.execute('UPDATE request_keys SET created_at = ? WHERE conversation_id = ? AND key = ? AND created_at = ?', [now, conversationId, key, r.created_at]);
      return taken === 1 ? 'new' : 'busy';
    },
    async releaseRequestKey(conversationId, key) {
      await db.execute('DELETE FROM request_keys WHERE conversation_id = ? AND key = ?', [conversationId, key]);
    },
    async setFeedbackComment(conversationId, messageId, comment) {
      await db.execute('UPDATE feedback SET comment = ? WHERE id = (SELECT MAX(id) FROM feedback WHERE conversation_id = ? AND message_id = ?)', [comment, conversationId, messageId]);
    },
    async getReceipt(conversationId, key) {
      const r = await one('SELECT r.reply, r.message_id, m.text AS ref_text, m.data AS ref_data FROM receipts r LEFT JOIN messages m ON m.id = r.message_id WHERE r.conversation_id = ? AND r.key = ?', conversationId, key);
      return r ? fromReference(r, 'reply') : null;
    },
    async allocateTicketId() {
      return Number((await one('INSERT INTO ticket_ids (created_at) VALUES (?) RETURNING id', new Date().toISOString()))!.id);
    },
    async commit(write) {
      // A ticket created and changed in one write touches one row twice: not one statement then.
      const turn = !(write.ticketCreate && write.ticketUpdate);
      const ids = await db.batch(
        turnStatements(write).map((s) => ({ sql: s.sql, params: s.params, returnsId: s.returnsEventId })),
        { turn },
      );
      const events: EventRecord[] = (write.events ?? []).map((e, i) => ({ ...e, id: ids[i] }));
      if (events.length) await db.publish(events, { announced: turn });
      return { eventIds: ids };
    },
    async getTicket(id) {
      const r = await one('SELECT * FROM tickets WHERE id = ?', id);
      return r ? toTicket(r) : null;
    },
    async listTickets(filter = {}) {
      const statuses = filter.status ?? [];
      const rows = statuses.length
        ? await db.query(`SELECT * FROM tickets WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY id`, statuses)
        : await db.query('SELECT * FROM tickets ORDER BY id');
      return rows.map(toTicket);
    },
    async ticketsForConversation(conversationId) {
      return (await db.query('SELECT * FROM tickets WHERE conversation_id = ? ORDER BY id', [conversationId])).map(toTicket);
    },
    async eventsAfter(conversationId, afterId, limit = 500) {
      return (await db.query(`${EVENT_SELECT} WHERE e.conversation_id = ? AND e.id > ? ORDER BY e.id LIMIT ?`, [conversationId, afterId, limit])).map(toEvent);
    },
    async listAudit(entity, entityId) {
      return (await db.query('SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id', [entity, entityId])).map(toAudit);
    },
    async listFeedback(conversationId) {
      return (await db.query('SELECT * FROM feedback WHERE conversation_id = ? ORDER BY id', [conversationId])).map(toFeedback);
    },
    async createStaffUser(u) {
      await db.execute('INSERT INTO staff_users (email, password_hash, name, created_at, role) VALUES (?, ?, ?, ?, ?)', [u.email, u.passwordHash, u.name, u.createdAt, u.role ?? 'agent']);
    },
    async getStaffUser(email) {
      const r = await one('SELECT * FROM staff_users WHERE email = ?', email);
      return r ? toStaffUser(r) : null;
    },
    async createStaffSession(s) {
      await db.execute('INSERT INTO staff_sessions (id, email, csrf_token, expires_at) VALUES (?, ?, ?, ?)', [sessionKey(s.id), s.email, s.csrfToken, s.expiresAt]);
    },
    async getStaffSession(id) {
      // The account is read with the session: a deleted or disabled account is out on its next request.
      const r = await one('SELECT s.*, u.role AS role FROM staff_sessions s JOIN staff_users u ON u.email = s.email WHERE s.id = ? AND u.disabled_at IS NULL', sessionKey(id));
      return r ? { ...toStaffSession(r), id } : null;
    },
    async deleteStaffSession(id) {
      await db.execute('DELETE FROM staff_sessions WHERE id = ?', [sessionKey(id)]);
    },
    async setStaffUserDisabled(email, disabledAt) {
      const n = await db.execute('UPDATE staff_users SET disabled_at = ? WHERE email = ?', [disabledAt, email]);
      if (disabledAt) await db.execute('DELETE FROM staff_sessions WHERE email = ?', [email]);
      return n === 1;
    },
    async deleteStaffUser(email) {
      await db.execute('DELETE FROM staff_sessions WHERE email = ?', [email]);
      return (await db.execute('DELETE FROM staff_users WHERE email = ?', [email])) === 1;
    },
    async exportConversation(id) {
      const c = await one('SELECT * FROM conversations WHERE id = ?', id);
      if (!c) return null;
      const { tokenHash: _hidden, ...conversation } = toConversation(c);
      void _hidden;
      const tickets = (await db.query('SELECT * FROM tickets WHERE conversation_id = ? ORDER BY id', [id])).map(toTicket);
      const audit = (
        await db.query(
          "SELECT * FROM audit WHERE (entity = 'conversation' AND entity_id = ?) OR (entity = 'ticket' AND entity_id IN (SELECT CAST(id AS TEXT) FROM tickets WHERE conversation_id = ?)) ORDER BY id",
          [id, id],
        )
      ).map(toAudit);
      const desk = deskMethods(db);
      const files = visitorFileMethods(db);
      const notes = (await Promise.all(tickets.map((t) => desk.listTicketNotes(t.id)))).flat();
      return {
        conversation,
        contact: await desk.getContact(id),
        notes,
        messages: (await db.query('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq', [id])).map(toMessage),
        tickets,
        feedback: (await db.query('SELECT * FROM feedback WHERE conversation_id = ? ORDER BY id', [id])).map(toFeedback),
        events: (await db.query(`${EVENT_SELECT} WHERE e.conversation_id = ? ORDER BY e.id`, [id])).map(toEvent),
        audit,
        attachments: await files.listAttachments(id),
        ratings: (await Promise.all(tickets.map((t) => files.getTicketRating(t.id)))).filter((r) => r !== null),
      };
    },
    async deleteConversation(id, actor) {
      if (!(await one('SELECT id FROM conversations WHERE id = ?', id))) return false;
      const at = new Date().toISOString();
      await db.batch([
        ...deletionStatements(id),
        // What remains: that a conversation was deleted, by whom and when; nothing of what it said.
        { sql: 'INSERT INTO audit (entity, entity_id, action, actor, data, at) VALUES (?, ?, ?, ?, ?, ?)', params: ['conversation', id, 'deleted', actor, '{}', at] },
      ]);
      return true;
    },
    async deleteIdleConversations({ idleBefore, emptyBefore, limit = 500 }) {
      const rows = await db.query(
        `SELECT c.id FROM conversations c WHERE c.channel = 'web'
           AND (c.updated_at < ? OR (c.updated_at < ? AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)))
           AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.conversation_id = c.id)
         LIMIT ?`,
        [idleBefore, emptyBefore, limit],
      );
      for (const r of rows) await db.batch(deletionStatements(String(r.id)));
      return rows.length;
    },
    async getMeta(scope, key) {
      const r = await one('SELECT value FROM meta WHERE scope = ? AND key = ?', scope, key);
      return r ? (r.value as string) : null;
    },
    async setMeta(scope, key, value) {
      await db.execute('INSERT INTO meta (scope, key, value) VALUES (?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value', [scope, key, value]);
    },
    async getOrCreateMeta(scope, key, value) {
      await db.execute('INSERT INTO meta (scope, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [scope, key, value]);
      return String((await one('SELECT value FROM meta WHERE scope = ? AND key = ?', scope, key))!.value);
    },
    async purgeExpired(now, requestKeysBefore) {
      await db.execute('DELETE FROM staff_sessions WHERE expires_at < ?', [now]);
      await db.execute('DELETE FROM request_keys WHERE created_at < ?', [requestKeysBefore]);
    },
    async claimOnce(scope, id) {
      return (await db.execute('INSERT INTO once_claims (scope, id, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [scope, id, new Date().toISOString()])) === 1;
    },
    onEvent: (listener) => db.subscribe(listener),
    ...deskMethods(db),
    ...visitorFileMethods(db),
  };
}
