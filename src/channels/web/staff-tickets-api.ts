import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { create as contentDisposition } from 'content-disposition';
import type { Channel, Store, TicketPriority, TicketRecord, TicketStatus } from '../../store/types.js';
import { compareTickets } from '../../escalation/tickets.js';
import { addInternalNote, MAX_NOTE_CHARS } from '../../escalation/internal-notes.js';
import { readJson } from './read-json.js';
import { ApiError, badRequest, notFound } from './errors.js';
import type { staffAuth, StaffEnv } from './staff-auth.js';

const STATUSES: TicketStatus[] = ['open', 'claimed', 'answered', 'resolved'];
const PRIORITIES: TicketPriority[] = ['urgent', 'high', 'normal'];
const CHANNELS: Channel[] = ['web', 'slack', 'cli'];

const assignBody = z.object({ assignee: z.string().min(3).max(320).nullable() }).strict();
const noteBody = z.object({ text: z.string().trim().min(1).max(MAX_NOTE_CHARS) }).strict();
const citation = z.object({ title: z.string().trim().min(1).max(300), url: z.string().trim().url().max(2000).refine((u) => /^https?:\/\//.test(u), 'http(s) links only') }).strict();
const savedReplyBody = z
  .object({ title: z.string().trim().min(1).max(200), body: z.string().trim().min(1).max(4000), lang: z.enum(['ko', 'en']).nullable().optional(), citations: z.array(citation).max(10).optional() })
  .strict();

const attachmentUrl = (a: { conversationId: string; id: string }) => `/staff/api/desk/conversations/${encodeURIComponent(a.conversationId)}/attachments/${encodeURIComponent(a.id)}`;

/** A comma-separated filter of known values; anything else is a 400 that says what is allowed. */
function listOf<T extends string>(c: Context, name: string, allowed: readonly T[]): T[] | undefined {
  const raw = c.req.query(name);
  if (!raw) return undefined;
  const values = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = values.filter((v) => !allowed.includes(v as T));
  if (bad.length) throw badRequest(`${name} must be a comma-separated list of ${allowed.join(', ')}`);
  return values as T[];
}

/** The console's tickets: filtered and searched, with contact, internal notes, assignment and saved replies. */
export function staffTicketsApi(store: Store, auth: ReturnType<typeof staffAuth>) {
  const app = new Hono<StaffEnv>();

  const ticketOf = async (c: Context): Promise<TicketRecord> => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('ticket id must be a positive integer');
    const t = await store.getTicket(id);
    if (!t) throw notFound('ticket');
    return t;
  };

  app.get('/staff/api/desk/tickets', auth.requireSession, async (c) => {
    const market = c.req.query('market');
    const assignee = c.req.query('assignee');
    const q = c.req.query('q');
    if (q && q.length > 200) throw badRequest('search at most 200 characters');
    const tickets = await store.searchTickets({
      status: listOf(c, 'status', STATUSES) ?? ['open', 'claimed', 'answered'],
      priority: listOf(c, 'priority', PRIORITIES),
      channel: listOf(c, 'channel', CHANNELS),
      jurisdiction: market ? market.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 50) : undefined,
      assignee: assignee === 'me' ? c.get('session').email : assignee || undefined,
      text: q || undefined,
      limit: 500,
    });
    tickets.sort(compareTickets);
    return c.json({ tickets });
  });

  /** The markets tickets were opened for, for the market filter. */
  app.get('/staff/api/desk/markets', auth.requireSession, async (c) => {
    const markets = [...new Set((await store.searchTickets({ limit: 2000 })).map((t) => t.jurisdiction).filter((j): j is string => Boolean(j)))].sort();
    return c.json({ markets });
  });

  app.get('/staff/api/desk/tickets/:id', auth.requireSession, async (c) => {
    const ticket = await ticketOf(c);
    const [conversation, messages, audit, contact, notes, attachments, rating] = await Promise.all([
      store.getConversation(ticket.conversationId),
      store.listMessages(ticket.conversationId, 500),
      store.listAudit('ticket', String(ticket.id)),
      store.getContact(ticket.conversationId),
      store.listTicketNotes(ticket.id),
      store.listAttachments(ticket.conversationId),
      store.getTicketRating(ticket.id),
    ]);
    c.header('Cache-Control', 'no-store');
    return c.json({
      ticket,
      conversation: conversation && { id: conversation.id, channel: conversation.channel, language: conversation.language, userId: conversation.userId },
      messages,
      audit,
      contact,
      notes,
      attachments: attachments.map((a) => ({ ...a, url: attachmentUrl(a) })),
      rating,
    });
  });

  /**
   * A visitor's file, for staff only, always as a download: its type is one of the few the upload accepted (sniffed
   * from the bytes, never HTML or SVG), and the sandbox CSP and nosniff keep a browser from running anything in it
   * even if opened directly.
   */
  app.get('/staff/api/desk/conversations/:cid/attachments/:aid', auth.requireSession, async (c) => {
    const file = await store.getAttachment(c.req.param('cid') ?? '', c.req.param('aid') ?? '');
    if (!file) throw notFound('attachment');
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.type,
      'Content-Length': String(file.body.byteLength),
      'Content-Disposition': contentDisposition(file.name),
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });

  /** Assigns a ticket to a colleague (or to nobody); the user's channel and the Slack staff post hear of it. */
  app.post('/staff/api/desk/tickets/:id/assign', auth.requireSession, async (c) => {
    const ticket = await ticketOf(c);
    const body = await readJson(c, assignBody, 1024);
    const assignee = body.assignee?.trim().toLowerCase() ?? null;
    if (ticket.status === 'resolved') throw new ApiError(409, 'conflict:staff', `ticket #${ticket.id} is closed`);
    if (assignee) {
      const user = await store.getStaffUser(assignee);
      if (!user || user.disabledAt) throw badRequest(`no active staff account for ${assignee}`);
    }
    const at = new Date().toISOString();
    const patch: Partial<TicketRecord> = { claimedBy: assignee, updatedAt: at };
    if (assignee && ticket.status === 'open') patch.status = 'claimed';
    if (!assignee && ticket.status === 'claimed') patch.status = 'open';
    const updated = { ...ticket, ...patch } as TicketRecord;
    const actor = c.get('session').email;
    const action = assignee ? 'assign' : 'unassign';
    // The patch carries null for "nobody": the store's ticket update writes every given key.
    await store.commit({
      ticketUpdate: { id: ticket.id, patch },
      audit: [{ entity: 'ticket', entityId: String(ticket.id), action, actor, data: { from: ticket.claimedBy, to: assignee }, at }],
      events: [{ conversationId: ticket.conversationId, type: 'ticket.updated', data: { ticket: updated, action, actor }, createdAt: at }],
    });
    return c.json({ ticket: updated });
  });

  /** Internal notes: kept apart from the transcript, never sent to the user's channel. */
  app.post('/staff/api/desk/tickets/:id/notes', auth.requireSession, async (c) => {
    const ticket = await ticketOf(c);
    const { text } = await readJson(c, noteBody, 16 * 1024);
    const note = await addInternalNote(store, { ticketId: ticket.id, author: c.get('session').email, text });
    return c.json({ note }, 201);
  });

  // ---- Saved replies: every staff member inserts and edits them; the author or an administrator deletes ----
  app.get('/staff/api/saved-replies', auth.requireSession, async (c) => c.json({ replies: await store.listSavedReplies() }));
  app.post('/staff/api/saved-replies', auth.requireSession, async (c) => {
    const body = await readJson(c, savedReplyBody, 32 * 1024);
    const at = new Date().toISOString();
    const who = c.get('session').email;
    const reply = await store.saveSavedReply({ title: body.title, body: body.body, lang: body.lang ?? null, citations: body.citations ?? [], createdBy: who, updatedBy: who, createdAt: at, updatedAt: at });
    await store.commit({ audit: [{ entity: 'saved_reply', entityId: String(reply!.id), action: 'created', actor: who, data: {}, at }] });
    return c.json({ reply }, 201);
  });
  const replyId = (c: Context) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('saved reply id must be a positive integer');
    return id;
  };
  app.put('/staff/api/saved-replies/:id', auth.requireSession, async (c) => {
    const id = replyId(c);
    const body = await readJson(c, savedReplyBody, 32 * 1024);
    const at = new Date().toISOString();
    const who = c.get('session').email;
    const reply = await store.saveSavedReply({ id, title: body.title, body: body.body, lang: body.lang ?? null, citations: body.citations ?? [], updatedBy: who, updatedAt: at });
    if (!reply) throw notFound('saved reply');
    await store.commit({ audit: [{ entity: 'saved_reply', entityId: String(id), action: 'edited', actor: who, data: {}, at }] });
    return c.json({ reply });
  });
  app.delete('/staff/api/saved-replies/:id', auth.requireSession, async (c) => {
    const id = replyId(c);
    const s = c.get('session');
    const reply = (await store.listSavedReplies()).find((r) => r.id === id);
    if (!reply) throw notFound('saved reply');
    if (reply.createdBy !== s.email && !auth.isAdmin(s)) throw new ApiError(403, 'forbidden:staff', 'only its author or an administrator may delete a saved reply');
    await store.deleteSavedReply(id);
    await store.commit({ audit: [{ entity: 'saved_reply', entityId: String(id), action: 'deleted', actor: s.email, data: { title: reply.title }, at: new Date().toISOString() }] });
    return c.json({ ok: true });
  });

  return app;
}
