import { Hono, type Context, type Next } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Assistant } from '../../conversation/engine.js';
import { InvalidInboundError, MAX_MESSAGE_CHARS } from '../../conversation/engine.js';
import type { Store, StaffSessionRecord, TicketStatus } from '../../store/types.js';
import { checkStaffPassword, hashPassword, verifyPassword } from '../../escalation/staff-accounts.js';
import { compareTickets, TicketTransitionError } from '../../escalation/tickets.js';
import { readJson } from './read-json.js';
import { ApiError, badRequest, notFound } from './errors.js';
import { publicEvent } from './live.js';
import { defaultGuards, type WebGuards } from './guards.js';
import { clientAddress } from './client-address.js';
import { boundedStream } from './streams.js';
import { RateLimitedError } from './rate-limits.js';
import { staffDesk } from './staff-desk.js';
import { staffAuth } from './staff-auth.js';

const COOKIE = 'cia_staff';
const SESSION_HOURS = 12;
const loginBody = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }).strict();
const replyBody = z.object({ text: z.string().min(1).max(MAX_MESSAGE_CHARS) }).strict();

type Env = { Variables: { session: StaffSessionRecord } };

/** The host of an Origin header; an unparsable one ("null" from a sandboxed page) matches no host. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * At most `max` password checks at once (each scrypt call takes ~0.3 s, 128 MB and a core), at most `queue` waiting; past
 * that the sign-in is refused at once rather than piling up memory.
 */
function hashSlots(max = 1, queue = 8) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= max) {
      if (waiting.length >= queue) throw new RateLimitedError('signin_address', 1);
      await new Promise<void>((r) => waiting.push(r));
    } else running++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * The staff console's API: sign-in with a session cookie (HttpOnly, SameSite=Strict), CSRF token on every
 * state change, tickets by priority and deadline, a ticket's transcript and audit, claim / reply / resolve.
 */
export function staffRoutes(deps: {
  assistant: Assistant;
  store: Store;
  secureCookies: boolean;
  guards?: WebGuards;
  admins?: string[];
  /** How often an open live stream re-reads its session (ms); a disabled or removed account's stream ends. */
  sessionCheckMs?: number;
}) {
  const { assistant, store } = deps;
  const guards = deps.guards ?? defaultGuards();
  const { limits } = guards;
  // The same rule as every other staff route: the `admin` role, or an address named in STAFF_ADMINS.
  const { isAdmin } = staffAuth(store, { admins: deps.admins });
  const sessionCheckMs = deps.sessionCheckMs ?? 10_000;
  const hashing = hashSlots();
  const app = new Hono<Env>();

  // A cross-site page cannot post here: same-origin check on top of the token.
  const sameOrigin = async (c: Context, next: Next) => {
    const origin = c.req.header('origin');
    if (origin && hostOf(origin) !== c.req.header('host')) throw new ApiError(403, 'forbidden:staff', 'cross-site request refused');
    await next();
  };

  const requireSession = async (c: Context<Env>, next: Next) => {
    const id = getCookie(c, COOKIE);
    // The store reads the account with the session: a deleted or disabled account is refused here at once.
    const session = id && id.length <= 100 ? await store.getStaffSession(id) : null;
    if (!session || session.expiresAt < new Date().toISOString()) throw new ApiError(401, 'unauthorized:staff', 'sign in first');
    if (c.req.method !== 'GET' && c.req.header('x-csrf-token') !== session.csrfToken) throw new ApiError(403, 'forbidden:staff', 'missing or wrong CSRF token');
    c.set('session', session);
    await next();
  };

  app.post('/staff/api/login', sameOrigin, async (c) => {
    const body = await readJson(c, loginBody, 4096);
    const email = body.email.trim().toLowerCase();
    const ip = clientAddress(c, guards.trustProxy);
    // Counted before the password is checked, atomically: parallel guesses cannot all get through. Per address, and
    // per account from that address: a flood of guesses from one place does not lock out staff signing in elsewhere.
    await limits.consume(c, 'signin_address', ip);
    await limits.consume(c, 'signin_account', `${email}|${ip}`);
    const user = await store.getStaffUser(email);
    c.header('Retry-After', '1'); // for a refusal because too many checks are waiting (replaced by a success)
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
    // A hash made with older scrypt parameters is made again with the current ones on a good sign-in.
    const ok = await hashing(async () => (user && !user.disabledAt ? await checkStaffPassword(store, user, body.password) : (await verifyPassword(body.password, await dummyHash()), false)));
    c.header('Retry-After', undefined);
    if (!ok) throw new ApiError(401, 'unauthorized:staff', 'wrong email or password');
    // A good sign-in does not use up the budget.
    await limits.reward('signin_account', `${email}|${ip}`);
    await limits.reward('signin_address', ip);
    const session: StaffSessionRecord = {
      id: randomBytes(32).toString('base64url'),
      email,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000).toISOString(),
    };
    await store.createStaffSession(session);
    setCookie(c, COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', secure: deps.secureCookies, path: '/staff', maxAge: SESSION_HOURS * 3600 });
    return c.json({ email, csrfToken: session.csrfToken });
  });

  app.post('/staff/api/logout', sameOrigin, requireSession, async (c) => {
    await store.deleteStaffSession(c.get('session').id);
    deleteCookie(c, COOKIE, { path: '/staff' });
    return c.json({ ok: true });
  });

  app.get('/staff/api/me', requireSession, (c) => c.json({ email: c.get('session').email, csrfToken: c.get('session').csrfToken }));

  app.get('/staff/api/tickets', requireSession, async (c) => {
    const status = c.req.query('status');
    const statuses = (status ? status.split(',') : ['open', 'claimed', 'answered']) as TicketStatus[];
    if (statuses.some((s) => !['open', 'claimed', 'answered', 'resolved'].includes(s))) throw badRequest('status must be a comma-separated list of open, claimed, answered, resolved');
    const tickets = (await store.listTickets({ status: statuses })).sort(compareTickets);
    return c.json({ tickets });
  });

  const ticketId = (c: Context) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw badRequest('ticket id must be a positive integer');
    return id;
  };

  app.get('/staff/api/tickets/:id', requireSession, async (c) => {
    const ticket = await store.getTicket(ticketId(c));
    if (!ticket) throw notFound('ticket');
    const [conversation, messages, audit] = await Promise.all([
      store.getConversation(ticket.conversationId),
      store.listMessages(ticket.conversationId, 500),
      store.listAudit('ticket', String(ticket.id)),
    ]);
    return c.json({ ticket, conversation: conversation && { id: conversation.id, channel: conversation.channel, language: conversation.language, userId: conversation.userId }, messages, audit });
  });

  const act = (action: 'claim' | 'reply' | 'resolve') => async (c: Context<Env>) => {
    const id = ticketId(c);
    const text = action === 'reply' ? (await readJson(c, replyBody, MAX_MESSAGE_CHARS * 4 + 1024)).text : undefined;
    try {
      const { ticket, message } = await assistant.staffAction({ ticketId: id, action, actor: c.get('session').email, text });
      return c.json({ ticket, message });
    } catch (e) {
      if (e instanceof TicketTransitionError) throw new ApiError(409, 'conflict:staff', e.message);
      if (e instanceof InvalidInboundError) throw /not found/.test(e.message) ? notFound('ticket') : badRequest(e.message);
      throw e;
    }
  };
  app.post('/staff/api/tickets/:id/claim', sameOrigin, requireSession, act('claim'));
  app.post('/staff/api/tickets/:id/reply', sameOrigin, requireSession, act('reply'));
  app.post('/staff/api/tickets/:id/resolve', sameOrigin, requireSession, act('resolve'));

  /**
   * Live ticket updates for the console: every ticket event and every new message of any conversation. The session is
   * read again before events are sent (at most once a second) and every `sessionCheckMs`: once the account is disabled
   * or removed, or the session signed out or expired, the stream says `signed-out` and ends, and nothing more is sent.
   */
  app.get('/staff/api/events', requireSession, (c) => {
    const sessionId = c.get('session').id;
    const slot = guards.streams.acquire({ address: clientAddress(c, guards.trustProxy) });
    // Ending the stream from here: the loop stops on its slot's signal, so the slot's signal is joined with ours.
    const ended = new AbortController();
    const held = { signal: AbortSignal.any([slot.signal, ended.signal]), release: slot.release };
    return boundedStream(c, held, async ({ stream, push }) => {
      let checkedAt = Date.now();
      let valid = true;
      const stillValid = async (maxAgeMs: number) => {
        if (!valid) return false;
        if (Date.now() - checkedAt < maxAgeMs) return true;
        checkedAt = Date.now();
        const s = await store.getStaffSession(sessionId).catch(() => undefined);
        // A store error is not a sign-out: the next check decides.
        if (s === null || (s && s.expiresAt < new Date().toISOString())) valid = false;
        return valid;
      };
      const end = async () => {
        await stream.writeSSE({ event: 'signed-out', data: '{}' });
        ended.abort();
      };
      const off = store.onEvent((e) => {
        if (!e.type.startsWith('ticket.') && e.type !== 'message.created') return;
        const data = JSON.stringify(publicEvent(e));
        push(async () => {
          if (!(await stillValid(1000))) return end();
          await stream.writeSSE({ event: 'update', data });
        });
      });
      const timer = setInterval(() => push(async () => void (!(await stillValid(0)) && (await end()))), sessionCheckMs);
      timer.unref?.();
      return {
        start: () => stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 }),
        stop: () => {
          clearInterval(timer);
          off();
        },
      };
    });
  });

  // ---- Privacy: staff admins export or delete one conversation ----
  const requireAdmin = async (c: Context<Env>, next: Next) => {
    if (!isAdmin(c.get('session'))) throw new ApiError(403, 'forbidden:staff', 'only staff admins may export or delete conversations');
    await next();
  };
  const conversationId = (c: Context) => {
    const id = c.req.param('id')!;
    if (!/^[\w-]{1,100}$/.test(id)) throw badRequest('not a conversation id');
    return id;
  };
  app.get('/staff/api/admin/conversations/:id/export', requireSession, requireAdmin, async (c) => {
    const id = conversationId(c);
    const data = await store.exportConversation(id);
    if (!data) throw notFound('conversation');
    c.header('Content-Disposition', `attachment; filename="conversation-${id}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data);
  });
  app.delete('/staff/api/admin/conversations/:id', sameOrigin, requireSession, requireAdmin, async (c) => {
    const id = conversationId(c);
    if (!(await store.deleteConversation(id, c.get('session').email))) throw notFound('conversation');
    return c.json({ deleted: id });
  });

  app.route('/', staffDesk({ assistant, store, guards, admins: deps.admins }));
  return app;
}

// A hash of a random password made with the current parameters, computed once: an unknown email costs what a known
// one does, so timing does not reveal which emails exist (and follows the parameters when they change).
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(18).toString('base64url')));
