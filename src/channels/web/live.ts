import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConversationRecord, EventRecord, Store, TicketRecord } from '../../store/types.js';
import { ticketInfo } from '../../escalation/tickets.js';
import { ApiError } from './errors.js';
import { addressOf } from './client-address.js';
import { visitorCorsHeaders } from './cors.js';
import type { StreamRegistry } from './streams.js';
import type { Metrics } from './metrics.js';

/**
 * Transient, in-process fan-out of reply text as it is produced (stream deltas). Durable events come from the
 * store; deltas are not stored, since the final message replaces them.
 */
export function createDeltaBus() {
  const subs = new Map<string, Set<(delta: { text: string; turnId: string }) => void>>();
  return {
    publish(conversationId: string, delta: { text: string; turnId: string }) {
      for (const fn of subs.get(conversationId) ?? []) fn(delta);
    },
    subscribe(conversationId: string, fn: (delta: { text: string; turnId: string }) => void) {
      const set = subs.get(conversationId) ?? new Set();
      set.add(fn);
      subs.set(conversationId, set);
      return () => {
        set.delete(fn);
        if (!set.size) subs.delete(conversationId);
      };
    },
  };
}
export type DeltaBus = ReturnType<typeof createDeltaBus>;

/** The shape an event takes on the wire: the store's record without internals. */
export const publicEvent = (e: EventRecord) => ({ id: e.id, type: e.type, data: e.data, at: e.createdAt });

/**
 * What a visitor's own stream may carry: a ticket as the visitor sees it (number, status, priority, reason,
 * deadline), never the staff's summary or who on the staff took it, and no staff e-mail as an actor.
 */
export function visitorEvent(e: EventRecord) {
  const { ticket, actor, ...rest } = e.data as { ticket?: unknown; actor?: unknown } & Record<string, unknown>;
  void actor;
  const data = ticket && typeof ticket === 'object' ? { ...rest, ticket: ticketInfo(ticket as TicketRecord) } : 'ticket' in e.data ? { ...rest, ticket } : rest;
  return { id: e.id, type: e.type, data, at: e.createdAt };
}

/** A node:http route taken before the web app: true when it answered the request. */
export type NodeRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

const HEARTBEAT_MS = 15_000;
/** A client that stopped reading: its stream ends once this much waits in the socket's buffer. */
const MAX_BUFFERED = 1 << 20;
/** Ids arrive out of order only by a little (ids are taken before commit, with PostgreSQL by several instances). */
const REORDER_WINDOW = 1000;
const EVENTS_PATH = /^\/api\/conversations\/([^/?#]+)\/events(?:\?|$)/;
const ROUTE = '/api/conversations/:id/events';

/** One visitor's event stream: a few numbers and the socket, nothing else held per stream. */
interface LiveStream {
  res: ServerResponse;
  /** The client has everything up to this id (its Last-Event-ID). */
  floor: number;
  /** The highest id sent (each frame's `id:`). */
  last: number;
  /** Ids sent lately, to send each once when they arrive out of order (made on the first event). */
  sent: Set<number> | null;
  /** While the stream replays what it missed, what arrives live waits here. */
  held: Array<EventRecord | string> | null;
}

/**
 * The visitors' event streams (`GET /api/conversations/:id/events`), answered on node:http before the web app: the
 * frames go straight to the socket, with no web stream, no Hono context and no timer of their own per stream.
 * Committed events come from one store subscription and go only to the streams of their conversation, each event
 * serialised once; reply deltas likewise, through one delta-bus subscription per conversation with streams. One
 * timer sends the heartbeat to every stream. Bounds (per conversation, per address, in all) are the registry's,
 * checked before the token is read; errors are the web app's JSON errors with its headers.
 */
export function createVisitorStreams(deps: {
  store: Store;
  deltas: DeltaBus;
  streams: StreamRegistry;
  verifyToken: (conversationId: string, token: string) => Promise<ConversationRecord | null>;
  trustProxy: number;
  corsOrigins: string[];
  metrics?: Metrics;
  logError?: (msg: string, meta: Record<string, unknown>) => void;
}) {
  const { store, deltas, streams, metrics } = deps;
  const corsFor = visitorCorsHeaders(deps.corsOrigins);
  const byConversation = new Map<string, { streams: Set<LiveStream>; offDeltas: () => void }>();
  const counters = new Map<number, { inc(): void }>();
  const timer = metrics?.latency.labels('GET', ROUTE);

  const write = (s: LiveStream, frame: string) => {
    if (s.res.writableLength > MAX_BUFFERED) return void s.res.destroy();
    s.res.write(frame);
  };
  const sendEvent = (s: LiveStream, e: EventRecord, body: string) => {
    if (e.id <= s.floor || e.id < s.last - REORDER_WINDOW || s.sent?.has(e.id)) return;
    const sent = (s.sent ??= new Set());
    sent.add(e.id);
    if (sent.size > 2 * REORDER_WINDOW) for (const id of sent) if (id < s.last - REORDER_WINDOW) sent.delete(id);
    if (e.id > s.last) s.last = e.id;
    write(s, `${body}id: ${s.last}\n\n`);
  };
  const eventBody = (e: EventRecord) => `event: ${e.type}\ndata: ${JSON.stringify(visitorEvent(e))}\n`;

  const offEvents = store.onEvent((e) => {
    const entry = byConversation.get(e.conversationId);
    if (!entry) return;
    const body = eventBody(e);
    for (const s of entry.streams) {
      if (s.held) s.held.push(e);
      else sendEvent(s, e, body);
    }
  });
  const heartbeat = setInterval(() => {
    for (const entry of byConversation.values()) for (const s of entry.streams) if (!s.held) write(s, ': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const join = (conversationId: string, s: LiveStream) => {
    let entry = byConversation.get(conversationId);
    if (!entry) {
      const set = new Set<LiveStream>();
      const offDeltas = deltas.subscribe(conversationId, (d) => {
        const frame = `event: reply.delta\ndata: ${JSON.stringify(d)}\n\n`;
        for (const x of set) {
          if (x.held) x.held.push(frame);
          else write(x, frame);
        }
      });
      byConversation.set(conversationId, (entry = { streams: set, offDeltas }));
    }
    entry.streams.add(s);
    return () => {
      entry!.streams.delete(s);
      if (!entry!.streams.size && byConversation.get(conversationId) === entry) {
        byConversation.delete(conversationId);
        entry!.offDeltas();
      }
    };
  };

  const count = (status: number, started: number) => {
    if (!metrics) return;
    let c = counters.get(status);
    if (!c) counters.set(status, (c = metrics.requests.labels('GET', ROUTE, String(status))));
    c.inc();
    timer!.observe((performance.now() - started) / 1000);
  };

  const fail = (req: IncomingMessage, res: ServerResponse, e: unknown, started: number) => {
    if (res.headersSent || res.destroyed) return void res.destroy();
    if (!(e instanceof ApiError)) deps.logError?.('unhandled error', { path: ROUTE, error: (e as Error)?.stack ?? String(e) });
    const err = e instanceof ApiError ? e : new ApiError(500, 'internal:api', 'something went wrong on our side; please try again');
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' };
    for (const [k, v] of corsFor(req.headers.origin)) headers[k] = v;
    res.writeHead(err.status, headers).end(JSON.stringify({ error: { code: err.code, message: err.message, details: err.details } }));
    count(err.status, started);
  };

  async function open(req: IncomingMessage, res: ServerResponse, rawId: string, started: number) {
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      throw new ApiError(400, 'bad_request:api', 'malformed conversation id');
    }
    const address = addressOf(req, deps.trustProxy, req.headers['x-forwarded-for'] as string | undefined);
    const scope = { conversation: id, address };
    if (streams.full(scope)) streams.claim(scope, () => {})(); // throws the 429 (or 503) at once
    const query = new URLSearchParams(req.url!.slice(req.url!.indexOf('?') + 1 || req.url!.length));
    // EventSource cannot send headers: only this route may carry the token in the query string.
    const token = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1] ?? query.get('token') ?? undefined;
    if (!token) throw new ApiError(401, 'unauthorized:api', 'send the conversation token as "Authorization: Bearer <token>"');
    const conv = await deps.verifyToken(id, token);
    // Same answer for an unknown conversation and a wrong token: nothing leaks about which exists.
    if (!conv) throw new ApiError(401, 'unauthorized:api', 'unknown conversation or wrong token');
    const lastHeader = (req.headers['last-event-id'] as string | undefined) ?? query.get('lastEventId') ?? '0';
    const floor = Number(lastHeader);
    if (!/^\d{1,15}$/.test(lastHeader) || !Number.isSafeInteger(floor)) throw new ApiError(400, 'bad_request:api', 'Last-Event-ID must be a non-negative integer');
    if (res.destroyed) return;

    const s: LiveStream = { res, floor, last: floor, sent: null, held: [] };
    let leave: (() => void) | null = null;
    const release = streams.claim({ conversation: conv.id, address }, () => {
      // The server drains: come back after a short random pause (not all at once), to another instance or this one.
      if (!res.destroyed) res.end(`event: reconnect\ndata: {}\nretry: ${1000 + Math.floor(Math.random() * 4000)}\n\n`);
    });
    metrics?.openStreams.inc();
    res.once('close', () => {
      leave?.();
      release();
      metrics?.openStreams.set(streams.open);
    });
    const headers: Record<string, string> = {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    };
    for (const [k, v] of corsFor(req.headers.origin)) headers[k] = v;
    res.writeHead(200, headers);
    res.write(`event: ready\ndata: ${JSON.stringify({ conversationId: conv.id })}\nretry: 2000\n\n`);
    count(200, started);
    // Join first, then replay: an event committed in between is held and sent once (ids only go up per instance).
    leave = join(conv.id, s);
    try {
      for (;;) {
        const missed = await store.eventsAfter(conv.id, s.last, 500);
        for (const e of missed) sendEvent(s, e, eventBody(e));
        if (missed.length < 500 || res.destroyed) break;
      }
    } finally {
      const held = s.held!;
      s.held = null;
      for (const x of held) {
        if (typeof x === 'string') write(s, x);
        else sendEvent(s, x, eventBody(x));
      }
    }
  }

  const route: NodeRoute = (req, res) => {
    if (req.method !== 'GET' || !req.url) return false;
    const m = EVENTS_PATH.exec(req.url);
    if (!m) return false;
    const started = performance.now();
    open(req, res, m[1], started).catch((e) => fail(req, res, e, started));
    return true;
  };

  return {
    route,
    close() {
      offEvents();
      clearInterval(heartbeat);
      for (const entry of byConversation.values()) entry.offDeltas();
      byConversation.clear();
    },
  };
}
