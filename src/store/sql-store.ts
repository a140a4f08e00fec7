import type { Store, EventRecord } from './types.js';
import type { SqlDriver } from './sql-driver.js';
import { toAudit, toConversation, toEvent, toFeedback, toMessage, toStaffSession, toStaffUser, toTicket, turnStatements } from './rows.js';

/** The Store on any SQL driver: every query is written once, in the subset SQLite and PostgreSQL share. */
export function createSqlStore(db: SqlDriver): Store {
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
    async getReceipt(conversationId, key) {
      const r = await one('SELECT reply FROM receipts WHERE conversation_id = ? AND key = ?', conversationId, key);
      return r ? JSON.parse(r.reply as string) : null;
    },
    async allocateTicketId() {
      return Number((await one('INSERT INTO ticket_ids (created_at) VALUES (?) RETURNING id', new Date().toISOString()))!.id);
    },
    async commit(write) {
      const ids = await db.batch(turnStatements(write).map((s) => ({ sql: s.sql, params: s.params, returnsId: s.returnsEventId })));
      const events: EventRecord[] = (write.events ?? []).map((e, i) => ({ ...e, id: ids[i] }));
      if (events.length) await db.publish(events);
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
      return (await db.query('SELECT * FROM events WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?', [conversationId, afterId, limit])).map(toEvent);
    },
    async listAudit(entity, entityId) {
      return (await db.query('SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id', [entity, entityId])).map(toAudit);
    },
    async listFeedback(conversationId) {
      return (await db.query('SELECT * FROM feedback WHERE conversation_id = ? ORDER BY id', [conversationId])).map(toFeedback);
    },
    async createStaffUser(u) {
      await db.execute('INSERT INTO staff_users (email, password_hash, name, created_at) VALUES (?, ?, ?, ?)', [u.email, u.passwordHash, u.name, u.createdAt]);
    },
    async getStaffUser(email) {
      const r = await one('SELECT * FROM staff_users WHERE email = ?', email);
      return r ? toStaffUser(r) : null;
    },
    async createStaffSession(s) {
      await db.execute('INSERT INTO staff_sessions (id, email, csrf_token, expires_at) VALUES (?, ?, ?, ?)', [s.id, s.email, s.csrfToken, s.expiresAt]);
    },
    async getStaffSession(id) {
      const r = await one('SELECT * FROM staff_sessions WHERE id = ?', id);
      return r ? toStaffSession(r) : null;
    },
    async deleteStaffSession(id) {
      await db.execute('DELETE FROM staff_sessions WHERE id = ?', [id]);
    },
    async getMeta(scope, key) {
      const r = await one('SELECT value FROM meta WHERE scope = ? AND key = ?', scope, key);
      return r ? (r.value as string) : null;
    },
    async setMeta(scope, key, value) {
      await db.execute('INSERT INTO meta (scope, key, value) VALUES (?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value', [scope, key, value]);
    },
    async claimOnce(scope, id) {
      return (await db.execute('INSERT INTO once_claims (scope, id, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [scope, id, new Date().toISOString()])) === 1;
    },
    onEvent: (listener) => db.subscribe(listener),
  };
}
