import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Assistant } from '../../conversation/engine.js';
import type { ConversationRecord, Store } from '../../store/types.js';
import { readJson } from './read-json.js';
import { ApiError, notFound, unauthorized } from './errors.js';
import type { WebGuards } from './guards.js';
import { openTicketOf, saveContact } from '../../escalation/contact.js';

const field = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .nullable()
    .optional();

/** The optional form a visitor fills in when their case goes to staff. Every field optional, one at least. */
const contactBody = z
  .object({
    company: field(200),
    person: field(120),
    email: z
      .string()
      .max(320)
      .transform((s) => s.trim())
      .refine((s) => s === '' || /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(s), 'not an e-mail address')
      .nullable()
      .optional(),
    phone: z
      .string()
      .max(40)
      .transform((s) => s.trim())
      .refine((s) => s === '' || /^[+\d][\d\s().-]{4,38}$/.test(s), 'not a phone number')
      .nullable()
      .optional(),
    product: field(300),
  })
  .strict();

/**
 * Contact details on escalation: a web visitor whose case went to staff leaves (optionally) the company, a contact
 * person, an e-mail and/or phone and the product or brand; the ticket shows them, urgent ones are e-mailed to
 * staff again with them, and staff replies are e-mailed when the widget is closed.
 */
export function contactRoutes(deps: { assistant: Assistant; store: Store; guards: WebGuards }) {
  const { assistant, store, guards } = deps;
  const app = new Hono();

  async function authorised(c: Context): Promise<ConversationRecord> {
    const id = c.req.param('id')!;
    if (!/^[\w-]{1,100}$/.test(id)) throw notFound('conversation');
    const token = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) throw unauthorized('send the conversation token as "Authorization: Bearer <token>"');
    const conv = await assistant.verifyToken(id, token);
    if (!conv) throw new ApiError(401, 'unauthorized:api', 'unknown conversation or wrong token');
    return conv;
  }

  app.get('/api/conversations/:id/contact', async (c) => {
    const conv = await authorised(c);
    const contact = await store.getContact(conv.id);
    c.header('Cache-Control', 'no-store');
    return c.json({ contact: contact && { company: contact.company, person: contact.person, email: contact.email, phone: contact.phone, product: contact.product } });
  });

  app.post('/api/conversations/:id/contact', async (c) => {
    const conv = await authorised(c);
    await guards.limits.consume(c, 'feedback', conv.id);
    const body = await readJson(c, contactBody, 4096);
    const value = (s: string | null | undefined) => (s ? s : null);
    const fields = { company: value(body.company), person: value(body.person), email: value(body.email?.toLowerCase()), phone: value(body.phone), product: value(body.product) };
    if (!Object.values(fields).some(Boolean)) throw new ApiError(400, 'bad_request:api', 'fill in at least one field');
    if (!fields.email && !fields.phone && !fields.company) throw new ApiError(400, 'bad_request:api', 'give the company name, an e-mail or a phone number');
    // Only a case with staff collects contact details; the web and Slack store them the same way.
    const ticket = await openTicketOf(store, conv.id);
    if (!ticket) throw new ApiError(409, 'conflict:api', 'there is no open request to staff in this conversation');
    await saveContact(store, conv, ticket, fields);
    return c.json({ ok: true, ticketId: ticket.id, contact: fields });
  });

  return app;
}
