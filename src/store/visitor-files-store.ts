import type { SqlDriver, BatchStatement } from './sql-driver.js';
import type { AttachmentRecord, Store, TicketRatingRecord, TurnWrite } from './types.js';

type Row = Record<string, any>;

const toAttachment = (r: Row): AttachmentRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  messageId: r.message_id,
  name: r.name,
  type: r.type,
  size: Number(r.size),
  sha256: r.sha256,
  createdAt: r.created_at,
});
const toRating = (r: Row): TicketRatingRecord => ({
  ticketId: Number(r.ticket_id),
  conversationId: r.conversation_id,
  score: Number(r.score) as TicketRatingRecord['score'],
  comment: r.comment ?? null,
  createdAt: r.created_at,
});
const META = 'id, conversation_id, message_id, name, type, size, sha256, created_at';

/** A turn's files and rating, written inside its transaction (see turnStatements). */
export function visitorFileStatements(w: TurnWrite): BatchStatement[] {
  const out: BatchStatement[] = [];
  for (const a of w.attachments ?? [])
    out.push({
      sql: 'INSERT INTO attachments (id, conversation_id, message_id, name, type, size, sha256, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: [a.id, a.conversationId, a.messageId, a.name, a.type, a.size, a.sha256, Buffer.from(a.body.buffer, a.body.byteOffset, a.body.byteLength), a.createdAt],
    });
  const r = w.ticketRating;
  if (r)
    out.push({
      sql: `INSERT INTO ticket_ratings (ticket_id, conversation_id, score, comment, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (ticket_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, created_at = excluded.created_at`,
      params: [r.ticketId, r.conversationId, r.score, r.comment, r.createdAt],
    });
  return out;
}

/** Statements removing a conversation's files and ratings (before its tickets and itself). */
export function visitorFileDeletionStatements(id: string): BatchStatement[] {
  return [
    { sql: 'DELETE FROM attachments WHERE conversation_id = ?', params: [id] },
    { sql: 'DELETE FROM ticket_ratings WHERE conversation_id = ?', params: [id] },
  ];
}

type VisitorFileMethods = Pick<Store, 'getAttachment' | 'listAttachments' | 'attachmentUsage' | 'getTicketRating' | 'listTicketRatings'>;

export function visitorFileMethods(db: SqlDriver): VisitorFileMethods {
  return {
    async getAttachment(conversationId, id) {
      const r = (await db.query('SELECT * FROM attachments WHERE conversation_id = ? AND id = ?', [conversationId, id]))[0];
      if (!r) return null;
      const body = r.body as Uint8Array;
      return { ...toAttachment(r), body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
    },
    async listAttachments(conversationId) {
      return (await db.query(`SELECT ${META} FROM attachments WHERE conversation_id = ? ORDER BY created_at, id`, [conversationId])).map(toAttachment);
    },
    async attachmentUsage(conversationId) {
      const r = (await db.query('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM attachments WHERE conversation_id = ?', [conversationId]))[0];
      return { count: Number(r?.n ?? 0), bytes: Number(r?.bytes ?? 0) };
    },
    async getTicketRating(ticketId) {
      const r = (await db.query('SELECT * FROM ticket_ratings WHERE ticket_id = ?', [ticketId]))[0];
      return r ? toRating(r) : null;
    },
    async listTicketRatings({ from, to }) {
      return (await db.query('SELECT * FROM ticket_ratings WHERE created_at >= ? AND created_at < ? ORDER BY created_at', [from, to])).map(toRating);
    },
  };
}
