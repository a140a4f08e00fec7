import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { createHash, randomUUID } from 'node:crypto';
import type { Assistant } from '../../conversation/engine.js';
import { ConversationNotFoundError, InvalidInboundError, MAX_MESSAGE_CHARS } from '../../conversation/engine.js';
import type { ConversationRecord, Store } from '../../store/types.js';
import type { Plan } from '../../conversation/walkthrough/plan.js';
import { planToIcs, planToMarkdown } from '../../conversation/walkthrough/export.js';
import { readBody, readJson } from './read-json.js';
import { AttachmentRejected, DEFAULT_ATTACHMENT_LIMITS, type AttachmentProblem } from '../../conversation/attachments.js';
import { ApiError, badRequest, notFound, unauthorized } from './errors.js';
import type { DeltaBus } from './live.js';
import { defaultGuards, type WebGuards } from './guards.js';
import { clientAddress } from './client-address.js';

const createBody = z.object({ language: z.enum(['ko', 'en']).optional(), userId: z.string().max(200).optional() }).strict();
const messageBody = z
  .object({
    text: z.string().max(MAX_MESSAGE_CHARS, `text may have at most ${MAX_MESSAGE_CHARS} characters`).optional(),
    action: z.string().min(1).max(200).optional(),
    language: z.enum(['ko', 'en']).optional(),
  })
  .strict()
  .refine((b) => (b.text?.trim() ? 1 : 0) + (b.action ? 1 : 0) === 1, { message: 'send exactly one of "text" (not empty) or "action"' });
const ratingBody = z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(1000).optional() }).strict();
const feedbackBody = z.object({ messageId: z.string().min(1).max(100), rating: z.enum(['up', 'down']), comment: z.string().max(1000).optional() }).strict();

/** A stored reservation without a reply is always taken over: only this process knows a request is still running. */
const FAR_FUTURE = '9999-12-31T00:00:00.000Z';
const PAGE = 50;
const ATTACHMENT_STATUS: Record<AttachmentProblem, 413 | 415 | 422> = { empty: 422, too_large: 413, type: 415, too_many: 422, quota: 422 };
const MAX_PAGE = 200;

/** The same request, whatever the order of its fields: what the idempotency key is bound to. */
const fingerprint = (b: z.infer<typeof messageBody>) => createHash('sha256').update(JSON.stringify([b.text?.trim() ?? null, b.action ?? null, b.language ?? null])).digest('base64url');

/**
 * The visitor chat API: conversations with a bearer token, messages (paged), feedback, plan downloads through
 * short-lived signed links (the event stream, which resumes, is answered on node:http: live.ts). Every resource a
 * visitor can claim is rate-limited or bounded.
 */
export function chatRoutes(deps: { assistant: Assistant; store: Store; deltas: DeltaBus; guards?: WebGuards }) {
  const { assistant, store, deltas } = deps;
  const guards = deps.guards ?? defaultGuards();
  const { limits, links, metrics } = guards;
  const fileLimits = guards.attachments ?? DEFAULT_ATTACHMENT_LIMITS;
  const app = new Hono();
  const address = (c: Context) => clientAddress(c, guards.trustProxy);
  /** Requests with an Idempotency-Key being answered by this process now. */
  const inFlight = new Set<string>();

  /**
   * The conversation the bearer token opens. The token travels in the Authorization header; only the event stream
   * (EventSource cannot send headers) may carry it in the query string.
   */
  async function authorised(c: Context, opts: { queryToken?: boolean } = {}): Promise<ConversationRecord> {
    const id = c.req.param('id')!;
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? (opts.queryToken ? c.req.query('token') : undefined);
    if (!token) throw unauthorized('send the conversation token as "Authorization: Bearer <token>"');
    const conv = await assistant.verifyToken(id, token);
    if (!conv) {
      // Same answer for an unknown conversation and a wrong token: nothing leaks about which exists.
      throw new ApiError(401, 'unauthorized:api', 'unknown conversation or wrong token');
    }
    return conv;
  }

  const handled = <T extends { kind?: string; escalate?: boolean }>(reply: T) => {
    metrics?.turns.inc({ channel: 'web', kind: reply.kind ?? 'answer' });
    return reply;
  };

  app.post('/api/conversations', async (c) => {
    await limits.consume(c, 'conversations', address(c));
    // A body is optional here: an empty POST starts a conversation with defaults.
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    const body: z.infer<typeof createBody> = hasBody ? await readJson(c, createBody, 4096) : {};
    const { conversation, token } = await assistant.startConversation({
      channel: 'web',
      userId: body.userId ?? `visitor-${randomUUID().slice(0, 8)}`,
      language: body.language ?? null,
    });
    return c.json({ conversationId: conversation.id, token }, 201);
  });

  app.post('/api/conversations/:id/messages', async (c) => {
    const conv = await authorised(c);
    await limits.consume(c, 'messages_address', address(c));
    await limits.consume(c, 'messages', conv.id);
    const body = await readJson(c, messageBody, MAX_MESSAGE_CHARS * 4 + 2048);
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[\w.:-]{1,200}$/.test(key)) throw badRequest('Idempotency-Key must be 1-200 characters of letters, digits, "_", "-", ".", ":"');
    let reserved = false;
    const flight = `${conv.id}\u0000${key}`;
    if (key !== undefined) {
      // The key is bound to its request in the store (shared by instances); "still running" is known here, so a
      // retry after a crash or a restart is answered rather than told to wait for a turn that died.
      const state = await store.reserveRequestKey(conv.id, key, fingerprint(body), inFlight.has(flight) ? '' : FAR_FUTURE);
      if (state === 'mismatch') throw new ApiError(422, 'idempotency_mismatch:api', 'this Idempotency-Key was used for a different request; use a new key for a new message');
      if (state === 'busy' || inFlight.has(flight)) {
        c.header('Retry-After', '1');
        throw new ApiError(409, 'idempotency_in_progress:api', 'the request with this Idempotency-Key is still being answered; retry in a moment');
      }
      reserved = state === 'new';
      inFlight.add(flight);
    }
    const turnId = randomUUID();
    try {
      const reply = await assistant.handle(
        { channel: 'web', conversationId: conv.id, userId: conv.userId, text: body.text, action: body.action, idempotencyKey: key, languageHint: body.language },
        { onDelta: (text) => deltas.publish(conv.id, { text, turnId }) },
      );
      return c.json(handled(reply));
    } catch (e) {
      // The turn was not stored: give the key back so the client's retry runs.
      if (reserved) await store.releaseRequestKey(conv.id, key!).catch(() => {});
      if (e instanceof InvalidInboundError) throw badRequest(e.message);
      if (e instanceof ConversationNotFoundError) throw notFound('conversation');
      throw e;
    } finally {
      inFlight.delete(flight);
    }
  });

  /** Newest page first; `?before=<cursor>` pages back (the cursor comes in each page's `before`). */
  app.get('/api/conversations/:id/messages', async (c) => {
    const conv = await authorised(c);
    const before = c.req.query('before');
    const limit = c.req.query('limit');
    if (before !== undefined && !/^\d{1,15}$/.test(before)) throw badRequest('before must be a cursor from a previous page');
    if (limit !== undefined && (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE)) throw badRequest(`limit must be 1-${MAX_PAGE}`);
    const page = await store.listMessagesPage(conv.id, { before: before === undefined ? undefined : Number(before), limit: limit ? Number(limit) : PAGE });
    const events = before === undefined ? await store.eventsAfter(conv.id, 0, 1) : [];
    // A closed request's question shows the answer given, after a reload too.
    const messages = await Promise.all(
      page.messages.map(async (m) => {
        const survey = (m.data as { survey?: { ticketId: number } }).survey;
        if (!survey) return m;
        const rated = await store.getTicketRating(survey.ticketId);
        return rated ? { ...m, data: { ...m.data, survey: { ...survey, score: rated.score } } } : m;
      }),
    );
    return c.json({ conversationId: conv.id, language: conv.language, messages, before: page.before === null ? null : String(page.before), firstEventId: events[0]?.id ?? null });
  });

  // GET /api/conversations/:id/events (the event stream) is answered on node:http before this app: live.ts.

  app.post('/api/conversations/:id/feedback', async (c) => {
    const conv = await authorised(c);
    await limits.consume(c, 'feedback', conv.id);
    const body = await readJson(c, feedbackBody, 4096);
    // Only the assistant's own messages in this conversation can be rated.
    const rated = await store.getMessage(conv.id, body.messageId);
    if (!rated || rated.role !== 'assistant') throw notFound('message (rate one of the assistant messages of this conversation)');
    const reply = await assistant.handle({ channel: 'web', conversationId: conv.id, userId: conv.userId, action: `feedback:${body.rating}:${body.messageId}`, idempotencyKey: `feedback:${body.messageId}:${body.rating}` });
    if (body.comment?.trim()) await store.setFeedbackComment(conv.id, body.messageId, body.comment.trim());
    return c.json(handled(reply));
  });

  /**
   * A file for staff (a customs notice, a photo of a suspected fake): the raw bytes as the body, the name in
   * `?name=`. Answered like a message (the reply says who will look at it).
   */
  app.post('/api/conversations/:id/attachments', async (c) => {
    const conv = await authorised(c);
    await limits.consume(c, 'uploads', address(c));
    const name = c.req.query('name');
    if (name !== undefined && name.length > 300) throw badRequest('name may have at most 300 characters');
    const body = await readBody(c, fileLimits.maxBytes);
    try {
      return c.json(handled(await assistant.attach({ conversationId: conv.id, name, body, limits: fileLimits })), 201);
    } catch (e) {
      if (e instanceof AttachmentRejected) throw new ApiError(ATTACHMENT_STATUS[e.problem], `attachment_${e.problem}:api`, e.message);
      if (e instanceof ConversationNotFoundError) throw notFound('conversation');
      throw e;
    }
  });

  /** The person's rating (1-5) of a request staff have closed. */
  app.post('/api/conversations/:id/tickets/:ticketId/rating', async (c) => {
    const conv = await authorised(c);
    await limits.consume(c, 'feedback', conv.id);
    const ticketId = Number(c.req.param('ticketId'));
    if (!Number.isSafeInteger(ticketId) || ticketId <= 0) throw badRequest('ticket id must be a positive integer');
    const body = await readJson(c, ratingBody, 4096);
    try {
      const r = await assistant.rateTicket({ conversationId: conv.id, ticketId, score: body.score, comment: body.comment });
      return c.json({ ticketId: r.ticketId, score: r.score });
    } catch (e) {
      if (e instanceof InvalidInboundError) throw /not found/.test(e.message) ? notFound('ticket') : new ApiError(409, 'conflict:api', e.message);
      throw e;
    }
  });

  const planOf = (conv: ConversationRecord): Plan => {
    const plan = (conv.state as { plan?: Plan }).plan;
    if (!plan) throw notFound('plan (finish the registration walkthrough first)');
    return plan;
  };

  /** Download links valid for a few minutes, for a browser that cannot put the token in a header. */
  app.post('/api/conversations/:id/plan-links', async (c) => {
    const conv = await authorised(c);
    planOf(conv);
    const out: Record<string, string> = {};
    let exp = 0;
    for (const file of ['plan.md', 'plan.ics']) {
      const s = links.sign(`${conv.id}/${file}`);
      exp = s.exp;
      out[file === 'plan.md' ? 'markdown' : 'calendar'] = `/api/conversations/${encodeURIComponent(conv.id)}/${file}?exp=${s.exp}&sig=${s.sig}`;
    }
    return c.json({ ...out, expiresAt: new Date(exp * 1000).toISOString() });
  });

  /** A plan file: with the token in the Authorization header, or with a signed link. */
  const planFile = async (c: Context, file: 'plan.md' | 'plan.ics') => {
    const id = c.req.param('id')!;
    if (c.req.header('authorization')) return authorised(c);
    if (!links.verify(`${id}/${file}`, c.req.query('exp'), c.req.query('sig'))) throw new ApiError(401, 'unauthorized:api', 'the download link is not valid or has expired; ask for a new one');
    const conv = await store.getConversation(id);
    if (!conv) throw notFound('conversation');
    return conv;
  };
  app.get('/api/conversations/:id/plan.md', async (c) => {
    const conv = await planFile(c, 'plan.md');
    c.header('Content-Disposition', 'attachment; filename="registration-plan.md"');
    c.header('Cache-Control', 'no-store');
    return c.body(planToMarkdown(planOf(conv)), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
  });
  app.get('/api/conversations/:id/plan.ics', async (c) => {
    const conv = await planFile(c, 'plan.ics');
    c.header('Content-Disposition', 'attachment; filename="registration-renewal.ics"');
    c.header('Cache-Control', 'no-store');
    return c.body(planToIcs(planOf(conv), conv.id), 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });

  return app;
}
