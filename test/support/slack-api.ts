import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';

export interface SlackCall {
  method: string;
  body: Record<string, any>;
  at: number;
}

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'prompts', 'chunks', 'metadata'];

/**
 * A real HTTP server on loopback that speaks the Slack Web API methods the app calls, and records every call.
 * Bodies arrive form-encoded (nested values as JSON strings) or as JSON.
 */
export async function startSlackApi(opts: { socketModeUrl?: string } = {}) {
  const calls: SlackCall[] = [];
  const failNext = new Map<string, { status: number; retryAfter?: number; error?: string }[]>();
  let ts = 1_700_000_000;
  const waiters: Array<() => void> = [];

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const method = url.pathname.replace(/^\/api\//, '').replace(/^\//, '');
      let body: Record<string, any> = {};
      if ((req.headers['content-type'] ?? '').includes('application/json')) body = raw ? JSON.parse(raw) : {};
      else body = Object.fromEntries(new URLSearchParams(raw));
      for (const f of JSON_FIELDS) if (typeof body[f] === 'string') try { body[f] = JSON.parse(body[f]); } catch { /* keep */ }
      calls.push({ method, body, at: Date.now() });
      waiters.splice(0).forEach((w) => w());

      const planned = failNext.get(method)?.shift();
      if (planned) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (planned.retryAfter !== undefined) headers['retry-after'] = String(planned.retryAfter);
        res.writeHead(planned.status, headers);
        res.end(JSON.stringify({ ok: false, error: planned.error ?? 'ratelimited' }));
        return;
      }
      const reply = (o: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, ...o }));
      };
      switch (method) {
        case 'auth.test':
          return reply({ user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'customs-ip' });
        case 'chat.postMessage':
        case 'chat.startStream':
          return reply({ ts: `${++ts}.000100`, channel: body.channel });
        case 'chat.update':
        case 'chat.appendStream':
        case 'chat.stopStream':
          return reply({ ts: body.ts, channel: body.channel });
        case 'apps.connections.open':
          return reply({ url: opts.socketModeUrl });
        case 'conversations.open':
          return reply({ channel: { id: `D${String(body.users ?? 'X').slice(1)}` } });
        case 'views.open':
          return reply({ view: { id: 'V1' } });
        default:
          return reply({});
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    responseUrl: (id: string) => `http://127.0.0.1:${port}/respond/${id}`,
    calls,
    clear: () => calls.splice(0),
    /** The next call(s) of a method fail this way (e.g. 429 with Retry-After). */
    fail: (method: string, ...how: Array<{ status: number; retryAfter?: number; error?: string }>) => failNext.set(method, how),
    of: (method: string) => calls.filter((c) => c.method === method),
    /** Resolves with the first call that matches, waiting for it without sleeping blindly. */
    async waitFor(method: string, match: (c: SlackCall) => boolean = () => true, timeoutMs = 10_000): Promise<SlackCall> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find((c) => c.method === method && match(c));
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${method} call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type SlackApi = Awaited<ReturnType<typeof startSlackApi>>;

/** Headers Slack sends with a request: `v0=` HMAC-SHA256 of `v0:<ts>:<raw body>` under the signing secret. */
export function signedHeaders(secret: string, rawBody: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sig };
}

let eventSeq = 0;
/** Posts a signed Events API callback to the app, the way Slack does (optionally as a retry). */
export function postSlackEvent(
  serverUrl: string,
  secret: string,
  event: Record<string, unknown>,
  opts: { retry?: number; eventId?: string; timestamp?: number } = {},
): Promise<Response> {
  const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: opts.eventId ?? `Ev${Date.now()}-${++eventSeq}`, event_time: Math.floor(Date.now() / 1000), event });
  const headers = signedHeaders(secret, body, 'application/json', opts.timestamp);
  if (opts.retry) Object.assign(headers, { 'x-slack-retry-num': String(opts.retry), 'x-slack-retry-reason': 'http_timeout' });
  return fetch(`${serverUrl}/slack/events`, { method: 'POST', headers, body });
}
