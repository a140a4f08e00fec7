import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { Assistant } from '../../conversation/engine.js';
import { ConversationNotFoundError, InvalidInboundError, MAX_MESSAGE_CHARS } from '../../conversation/engine.js';
import type { ConversationRecord, EventRecord, Store } from '../../store/types.js';
import type { Plan } from '../../conversation/walkthrough/plan.js';
import { planToIcs, planToMarkdown } from '../../conversation/walkthrough/export.js';
import { readJson } from './read-json.js';
import { ApiError, badRequest, notFound, unauthorized } from './errors.js';
import { publicEvent, type DeltaBus } from './live.js';

const createBody = z.object({ language: z.enum(['ko', 'en']).optional(), userId: z.string().max(200).optional() }).strict();
const messageBody = z
  .object({
    text: z.string().max(MAX_MESSAGE_CHARS, `text may have at most ${MAX_MESSAGE_CHARS} characters`).optional(),
    action: z.string().min(1).max(200).optional(),
    language: z.enum(['ko', 'en']).optional(),
  })
  .strict()
  .refine((b) => (b.text?.trim() ? 1 : 0) + (b.action ? 1 : 0) === 1, { message: 'send exactly one of "text" (not empty) or "action"' });
const feedbackBody = z.object({ messageId: z.string().min(1).max(100), rating: z.enum(['up', 'down']), comment: z.string().max(1000).optional() }).strict();

const HEARTBEAT_MS = 15_000;

/** The visitor chat API: conversations with a bearer token, messages, an SSE stream that resumes, feedback, plan downloads. */
export function chatRoutes(deps: { assistant: Assistant; store: Store; deltas: DeltaBus }) {
  const { assistant, store, deltas } = deps;
  const app = new Hono();

  async function authorised(c: Context): Promise<ConversationRecord> {
    const id = c.req.param('id')!;
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? c.req.query('token');
    if (!token) throw unauthorized('send the conversation token as "Authorization: Bearer <token>"');
    const conv = await assistant.verifyToken(id, token);
    if (!conv) {
      // Same answer for an unknown conversation and a wrong token: nothing leaks about which exists.
      throw new ApiError(401, 'unauthorized:api', 'unknown conversation or wrong token');
    }
    return conv;
  }

  app.post('/api/conversations', async (c) => {
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
    const body = await readJson(c, messageBody, MAX_MESSAGE_CHARS * 4 + 2048);
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !/^[\w.:-]{1,200}$/.test(key)) throw badRequest('Idempotency-Key must be 1-200 characters of letters, digits, "_", "-", ".", ":"');
    const turnId = randomUUID();
    try {
      const reply = await assistant.handle(
        { channel: 'web', conversationId: conv.id, userId: conv.userId, text: body.text, action: body.action, idempotencyKey: key, languageHint: body.language },
        { onDelta: (text) => deltas.publish(conv.id, { text, turnId }) },
      );
      return c.json(reply);
    } catch (e) {
      if (e instanceof InvalidInboundError) throw badRequest(e.message);
      if (e instanceof ConversationNotFoundError) throw notFound('conversation');
      throw e;
    }
  });

  app.get('/api/conversations/:id/messages', async (c) => {
    const conv = await authorised(c);
    const messages = await store.listMessages(conv.id, 200);
    const events = await store.eventsAfter(conv.id, 0, 1);
    return c.json({ conversationId: conv.id, language: conv.language, messages, firstEventId: events[0]?.id ?? null });
  });

  app.get('/api/conversations/:id/events', async (c) => {
    const conv = await authorised(c);
    const lastHeader = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? '0';
    let last = Number(lastHeader);
    if (!Number.isSafeInteger(last) || last < 0) throw badRequest('Last-Event-ID must be a non-negative integer');
    c.header('Cache-Control', 'no-cache');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: Array<() => Promise<void>> = [];
      let wake: (() => void) | null = null;
      const push = (job: () => Promise<void>) => {
        queue.push(job);
        wake?.();
      };
      // Subscribe first, then replay: an event committed in between is seen once (ids only go up).
      // Ids are sent once each, but not necessarily in order: with several instances a turn that took its id
      // earlier can commit later, and must still reach this stream.
      const sent = new Set<number>();
      const floor = last; // the client has everything up to its Last-Event-ID
      const send = async (e: EventRecord) => {
        if (sent.has(e.id) || e.id <= floor) return;
        sent.add(e.id);
        if (e.id > last) last = e.id;
        await stream.writeSSE({ id: String(last), event: e.type, data: JSON.stringify(publicEvent(e)) });
      };
      const offEvents = store.onEvent((e) => {
        if (e.conversationId !== conv.id) return;
        push(() => send(e));
      });
      const offDeltas = deltas.subscribe(conv.id, (d) => push(() => stream.writeSSE({ event: 'reply.delta', data: JSON.stringify(d) })));
      let closed = false;
      stream.onAbort(() => {
        closed = true;
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ conversationId: conv.id }), retry: 2000 });
        for (;;) {
          const missed = await store.eventsAfter(conv.id, last, 500);
          for (const e of missed) await send(e);
          if (missed.length < 500) break;
        }
        while (!closed) {
          while (queue.length) await queue.shift()!();
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, HEARTBEAT_MS);
          });
          wake = null;
          if (!queue.length && !closed) await stream.write(': keep-alive\n\n');
        }
      } finally {
        offEvents();
        offDeltas();
      }
    });
  });

  app.post('/api/conversations/:id/feedback', async (c) => {
    const conv = await authorised(c);
    const body = await readJson(c, feedbackBody, 4096);
    const reply = await assistant.handle({ channel: 'web', conversationId: conv.id, userId: conv.userId, action: `feedback:${body.rating}:${body.messageId}`, idempotencyKey: `feedback:${body.messageId}:${body.rating}` });
    return c.json(reply);
  });

  const planOf = async (c: Context): Promise<{ plan: Plan; conv: ConversationRecord }> => {
    const conv = await authorised(c);
    const plan = (conv.state as { plan?: Plan }).plan;
    if (!plan) throw notFound('plan (finish the registration walkthrough first)');
    return { plan, conv };
  };
  app.get('/api/conversations/:id/plan.md', async (c) => {
    const { plan } = await planOf(c);
    c.header('Content-Disposition', 'attachment; filename="registration-plan.md"');
    return c.body(planToMarkdown(plan), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
  });
  app.get('/api/conversations/:id/plan.ics', async (c) => {
    const { plan, conv } = await planOf(c);
    c.header('Content-Disposition', 'attachment; filename="registration-renewal.ics"');
    return c.body(planToIcs(plan, conv.id), 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });

  return app;
}
