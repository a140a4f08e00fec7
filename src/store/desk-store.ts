import type { SqlDriver } from './sql-driver.js';
import type {
  AnalyticsRows,
  ContactRecord,
  DeskTicket,
  KnowledgeProposalRecord,
  SavedReplyRecord,
  Store,
  TicketNoteRecord,
} from './types.js';
import { toAudit, toFeedback, toStaffUser, toTicket } from './rows.js';

type Row = Record<string, any>;
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? {}));

const toContact = (r: Row): ContactRecord => ({
  conversationId: r.conversation_id,
  company: r.company ?? null,
  person: r.person ?? null,
  email: r.email ?? null,
  phone: r.phone ?? null,
  product: r.product ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toNote = (r: Row): TicketNoteRecord => ({ id: Number(r.id), ticketId: Number(r.ticket_id), author: r.author, text: r.text, createdAt: r.created_at });
const toSavedReply = (r: Row): SavedReplyRecord => ({
  id: Number(r.id),
  title: r.title,
  body: r.body,
  lang: r.lang === 'ko' || r.lang === 'en' ? r.lang : null,
  citations: json(r.citations) as SavedReplyRecord['citations'],
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toProposal = (r: Row): KnowledgeProposalRecord => ({
  id: Number(r.id),
  ticketId: r.ticket_id == null ? null : Number(r.ticket_id),
  question: r.question,
  answer: r.answer,
  sourceUrl: r.source_url ?? null,
  lang: r.lang === 'en' ? 'en' : 'ko',
  jurisdiction: r.jurisdiction ?? null,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** `%word%` for LIKE, with the pattern characters of the word taken literally. */
const likeOf = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** The statements deleting what the staff desk keeps about one conversation (run with its deletion). */
export function deskDeletionStatements(id: string) {
  const ticketIds = 'SELECT id FROM tickets WHERE conversation_id = ?';
  return [
    { sql: 'DELETE FROM contacts WHERE conversation_id = ?', params: [id] },
    { sql: `DELETE FROM ticket_notes WHERE ticket_id IN (${ticketIds})`, params: [id] },
    // A proposal is staff's own wording for the knowledge base: it stays, without the link to the deleted case.
    { sql: `UPDATE kb_proposals SET ticket_id = NULL WHERE ticket_id IN (${ticketIds})`, params: [id] },
  ];
}

type DeskMethods = Pick<
  Store,
  | 'listStaffUsers'
  | 'updateStaffUser'
  | 'getContact'
  | 'saveContact'
  | 'addTicketNote'
  | 'listTicketNotes'
  | 'searchTickets'
  | 'listSavedReplies'
  | 'saveSavedReply'
  | 'deleteSavedReply'
  | 'createKnowledgeProposal'
  | 'listKnowledgeProposals'
  | 'updateKnowledgeProposal'
  | 'listAuditOf'
  | 'findMetaKey'
  | 'analyticsRows'
>;

/** The staff desk's part of the store, in the SQL both databases share. */
export function deskMethods(db: SqlDriver): DeskMethods {
  const one = async (sql: string, ...p: unknown[]) => (await db.query(sql, p))[0];
  return {
    async listStaffUsers() {
      return (await db.query('SELECT * FROM staff_users ORDER BY email')).map(toStaffUser);
    },
    async updateStaffUser(email, patch) {
      const sets: string[] = [];
      const params: unknown[] = [];
      const set = (col: string, v: unknown) => {
        sets.push(`${col} = ?`);
        params.push(v);
      };
      if (patch.role) set('role', patch.role);
      if (patch.passwordHash) set('password_hash', patch.passwordHash);
      if (patch.name !== undefined) set('name', patch.name);
      if (!sets.length) return Boolean(await one('SELECT email FROM staff_users WHERE email = ?', email));
      const n = await db.execute(`UPDATE staff_users SET ${sets.join(', ')} WHERE email = ?`, [...params, email]);
      // A new password signs the account out everywhere.
      if (n && patch.passwordHash) await db.execute('DELETE FROM staff_sessions WHERE email = ?', [email]);
      return n === 1;
    },
    async getContact(conversationId) {
      const r = await one('SELECT * FROM contacts WHERE conversation_id = ?', conversationId);
      return r ? toContact(r) : null;
    },
    async saveContact(c) {
      await db.execute(
        `INSERT INTO contacts (conversation_id, company, person, email, phone, product, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET company = excluded.company, person = excluded.person, email = excluded.email,
           phone = excluded.phone, product = excluded.product, updated_at = excluded.updated_at`,
        [c.conversationId, c.company, c.person, c.email, c.phone, c.product, c.createdAt, c.updatedAt],
      );
    },
    async addTicketNote(n) {
      const r = await one('INSERT INTO ticket_notes (ticket_id, author, text, created_at) VALUES (?, ?, ?, ?) RETURNING id', n.ticketId, n.author, n.text, n.createdAt);
      return { ...n, id: Number(r!.id) };
    },
    async listTicketNotes(ticketId) {
      return (await db.query('SELECT * FROM ticket_notes WHERE ticket_id = ? ORDER BY id', [ticketId])).map(toNote);
    },
    async searchTickets(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      const within = (col: string, values?: readonly string[]) => {
        if (!values?.length) return;
        where.push(`${col} IN (${marks(values.length)})`);
        params.push(...values);
      };
      within('t.status', q.status);
      within('t.priority', q.priority);
      within('t.jurisdiction', q.jurisdiction);
      within('c.channel', q.channel);
      if (q.assignee === 'none') where.push('t.claimed_by IS NULL');
      else if (q.assignee) {
        where.push('t.claimed_by = ?');
        params.push(q.assignee);
      }
      const text = q.text?.trim();
      if (text) {
        const byId = /^#?(\d{1,15})$/.exec(text);
        const like = likeOf(text);
        where.push(
          `(${byId ? 't.id = ? OR ' : ''}LOWER(t.summary) LIKE ? ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = t.conversation_id AND LOWER(m.text) LIKE ? ESCAPE '\\')
            OR EXISTS (SELECT 1 FROM contacts k WHERE k.conversation_id = t.conversation_id AND LOWER(COALESCE(k.company, '') || ' ' || COALESCE(k.person, '') || ' ' || COALESCE(k.email, '') || ' ' || COALESCE(k.phone, '') || ' ' || COALESCE(k.product, '')) LIKE ? ESCAPE '\\')
            OR EXISTS (SELECT 1 FROM ticket_notes n WHERE n.ticket_id = t.id AND LOWER(n.text) LIKE ? ESCAPE '\\'))`,
        );
        if (byId) params.push(Number(byId[1]));
        params.push(like, like, like, like);
      }
      const limit = Math.min(Math.max(1, q.limit ?? 500), 2000);
      const rows = await db.query(
        `SELECT t.*, c.channel AS conv_channel, c.language AS conv_language, k.company AS contact_company
           FROM tickets t JOIN conversations c ON c.id = t.conversation_id LEFT JOIN contacts k ON k.conversation_id = t.conversation_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.id DESC LIMIT ?`,
        [...params, limit],
      );
      return rows.map((r): DeskTicket => ({ ...toTicket(r), channel: r.conv_channel, language: r.conv_language ?? null, company: r.contact_company ?? null }));
    },
    async listSavedReplies() {
      return (await db.query('SELECT * FROM saved_replies ORDER BY title, id')).map(toSavedReply);
    },
    async saveSavedReply(r) {
      const citations = JSON.stringify(r.citations ?? []);
      if (r.id !== undefined) {
        const n = await db.execute('UPDATE saved_replies SET title = ?, body = ?, lang = ?, citations = ?, updated_by = ?, updated_at = ? WHERE id = ?', [r.title, r.body, r.lang, citations, r.updatedBy, r.updatedAt, r.id]);
        if (!n) return null;
        return toSavedReply((await one('SELECT * FROM saved_replies WHERE id = ?', r.id))!);
      }
      const row = await one(
        'INSERT INTO saved_replies (title, body, lang, citations, created_by, updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        r.title,
        r.body,
        r.lang,
        citations,
        r.createdBy ?? r.updatedBy,
        r.updatedBy,
        r.createdAt ?? r.updatedAt,
        r.updatedAt,
      );
      return toSavedReply((await one('SELECT * FROM saved_replies WHERE id = ?', Number(row!.id)))!);
    },
    async deleteSavedReply(id) {
      return (await db.execute('DELETE FROM saved_replies WHERE id = ?', [id])) === 1;
    },
    async createKnowledgeProposal(p) {
      const r = await one(
        'INSERT INTO kb_proposals (ticket_id, question, answer, source_url, lang, jurisdiction, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        p.ticketId,
        p.question,
        p.answer,
        p.sourceUrl,
        p.lang,
        p.jurisdiction,
        p.status,
        p.createdBy,
        p.createdAt,
        p.updatedAt,
      );
      return { ...p, id: Number(r!.id) };
    },
    async listKnowledgeProposals(filter = {}) {
      const st = filter.status ?? [];
      const rows = st.length ? await db.query(`SELECT * FROM kb_proposals WHERE status IN (${marks(st.length)}) ORDER BY id`, st) : await db.query('SELECT * FROM kb_proposals ORDER BY id');
      return rows.map(toProposal);
    },
    async updateKnowledgeProposal(id, patch) {
      const cols: Record<string, string> = { question: 'question', answer: 'answer', sourceUrl: 'source_url', jurisdiction: 'jurisdiction', status: 'status', updatedAt: 'updated_at' };
      const entries = Object.entries(patch).filter(([k, v]) => cols[k] && v !== undefined);
      if (entries.length) await db.execute(`UPDATE kb_proposals SET ${entries.map(([k]) => `${cols[k]} = ?`).join(', ')} WHERE id = ?`, [...entries.map(([, v]) => v), id]);
      const r = await one('SELECT * FROM kb_proposals WHERE id = ?', id);
      return r ? toProposal(r) : null;
    },
    async findMetaKey(scope, value) {
      const r = await one('SELECT key FROM meta WHERE scope = ? AND value = ? LIMIT 1', scope, value);
      return r ? String(r.key) : null;
    },
    async listAuditOf(entity, limit = 200) {
      return (await db.query('SELECT * FROM audit WHERE entity = ? ORDER BY id DESC LIMIT ?', [entity, limit])).map(toAudit);
    },
    async analyticsRows({ from, to }): Promise<AnalyticsRows> {
      const conversations = (await db.query('SELECT id, channel, language, created_at FROM conversations WHERE created_at >= ? AND created_at < ? ORDER BY created_at', [from, to])).map((r) => ({
        id: String(r.id),
        channel: r.channel,
        language: r.language ?? null,
        createdAt: r.created_at,
      }));
      const messages = (await db.query('SELECT id, conversation_id, role, text, data, created_at FROM messages WHERE created_at >= ? AND created_at < ? ORDER BY seq LIMIT 200000', [from, to])).map((r) => ({
        id: String(r.id),
        conversationId: String(r.conversation_id),
        role: r.role,
        text: String(r.text),
        data: json(r.data) as Record<string, unknown>,
        createdAt: r.created_at,
      }));
      const tickets = (await db.query('SELECT * FROM tickets WHERE created_at >= ? AND created_at < ? ORDER BY id', [from, to])).map(toTicket);
      const inRange = 'SELECT conversation_id FROM tickets WHERE created_at >= ? AND created_at < ?';
      const staffReplies = (await db.query(`SELECT conversation_id, data, created_at FROM messages WHERE role = 'staff' AND conversation_id IN (${inRange}) ORDER BY seq`, [from, to])).map((r) => {
        const ticketId = (json(r.data) as { ticketId?: unknown }).ticketId;
        return { conversationId: String(r.conversation_id), createdAt: String(r.created_at), ticketId: typeof ticketId === 'number' ? ticketId : null };
      });
      const audit = (
        await db.query(`SELECT * FROM audit WHERE entity = 'ticket' AND entity_id IN (SELECT CAST(id AS TEXT) FROM tickets WHERE created_at >= ? AND created_at < ?) ORDER BY id`, [from, to])
      ).map(toAudit);
      const feedback = (await db.query('SELECT * FROM feedback WHERE created_at >= ? AND created_at < ? ORDER BY id', [from, to])).map(toFeedback);
      return { conversations, messages, tickets, staffReplies, audit, feedback };
    },
  };
}
