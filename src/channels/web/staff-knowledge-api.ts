import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ProposalStatus, Store } from '../../store/types.js';
import { proposalFiles } from '../../escalation/kb-proposal-file.js';
import { readJson } from './read-json.js';
import { ApiError, badRequest, notFound } from './errors.js';
import type { staffAuth, StaffEnv } from './staff-auth.js';

const url = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'http(s) links only');
const proposalBody = z
  .object({
    question: z.string().trim().min(3).max(2000),
    answer: z.string().trim().min(3).max(8000),
    sourceUrl: url.nullable().optional(),
    lang: z.enum(['ko', 'en']).optional(),
    jurisdiction: z.string().trim().max(40).nullable().optional(),
  })
  .strict();
const patchBody = z
  .object({
    status: z.enum(['proposed', 'accepted', 'rejected']).optional(),
    question: z.string().trim().min(3).max(2000).optional(),
    answer: z.string().trim().min(3).max(8000).optional(),
    sourceUrl: url.nullable().optional(),
    jurisdiction: z.string().trim().max(40).nullable().optional(),
  })
  .strict();

/** Knowledge proposals: staff propose from an answered ticket; administrators accept or reject; files are exported. */
export function staffKnowledgeApi(store: Store, auth: ReturnType<typeof staffAuth>) {
  const app = new Hono<StaffEnv>();
  const idOf = (c: Context) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('id must be a positive integer');
    return id;
  };

  app.post('/staff/api/desk/tickets/:id/proposals', auth.requireSession, async (c) => {
    const ticket = await store.getTicket(idOf(c));
    if (!ticket) throw notFound('ticket');
    if (ticket.status !== 'answered' && ticket.status !== 'resolved') throw new ApiError(409, 'conflict:staff', 'propose from a ticket staff have answered');
    const body = await readJson(c, proposalBody, 32 * 1024);
    const conv = await store.getConversation(ticket.conversationId);
    const lang = body.lang ?? (/[\uac00-\ud7a3]/.test(body.question) ? 'ko' : (conv?.language ?? 'en'));
    const at = new Date().toISOString();
    const who = c.get('session').email;
    const proposal = await store.createKnowledgeProposal({
      ticketId: ticket.id,
      question: body.question,
      answer: body.answer,
      sourceUrl: body.sourceUrl ?? null,
      lang,
      jurisdiction: body.jurisdiction ?? ticket.jurisdiction,
      status: 'proposed',
      createdBy: who,
      createdAt: at,
      updatedAt: at,
    });
    await store.commit({ audit: [{ entity: 'ticket', entityId: String(ticket.id), action: 'proposal', actor: who, data: { proposalId: proposal.id }, at }] });
    return c.json({ proposal }, 201);
  });

  app.get('/staff/api/proposals', auth.requireSession, async (c) => {
    const status = c.req.query('status');
    const statuses = status ? (status.split(',') as ProposalStatus[]) : undefined;
    if (statuses?.some((s) => !['proposed', 'accepted', 'rejected', 'exported'].includes(s))) throw badRequest('status is a list of proposed, accepted, rejected, exported');
    return c.json({ proposals: await store.listKnowledgeProposals({ status: statuses }) });
  });

  /** Review: administrators accept or reject; the author or an administrator may edit the text. */
  app.post('/staff/api/proposals/:id', auth.requireSession, async (c) => {
    const id = idOf(c);
    const body = await readJson(c, patchBody, 32 * 1024);
    const s = c.get('session');
    const current = (await store.listKnowledgeProposals()).find((p) => p.id === id);
    if (!current) throw notFound('proposal');
    if (body.status && !auth.isAdmin(s)) throw new ApiError(403, 'forbidden:staff', 'only administrators accept or reject proposals');
    if (!body.status && current.createdBy !== s.email && !auth.isAdmin(s)) throw new ApiError(403, 'forbidden:staff', 'only its author or an administrator may edit a proposal');
    const proposal = await store.updateKnowledgeProposal(id, { ...body, updatedAt: new Date().toISOString() });
    await store.commit({ audit: [{ entity: 'kb_proposal', entityId: String(id), action: body.status ?? 'edited', actor: s.email, data: {}, at: new Date().toISOString() }] });
    return c.json({ proposal });
  });

  /** One proposal as its ready-to-edit knowledge files (the console's download). */
  app.get('/staff/api/proposals/:id/files', auth.requireSession, async (c) => {
    const id = idOf(c);
    const p = (await store.listKnowledgeProposals()).find((x) => x.id === id);
    if (!p) throw notFound('proposal');
    c.header('Cache-Control', 'no-store');
    return c.json({ files: proposalFiles(p) });
  });
  return app;
}
