import type { Context, MiddlewareHandler } from 'hono';
import type { ServerResponse } from 'node:http';

const ALLOW_METHODS = 'GET,POST,OPTIONS';
const ALLOW_HEADERS = 'Authorization,Content-Type,Idempotency-Key,Last-Event-ID';
const EXPOSE_HEADERS = 'Content-Disposition,Retry-After,RateLimit,RateLimit-Policy';

/**
 * Headers every reply carries, set where they cost least. On the node server they go on the outgoing message
 * itself (node merges them into the reply's head), so the reply Hono builds stays the plain one that
 * @hono/node-server writes at once; touching `c.res` before or after the handler would turn every reply into a
 * Web Response streamed through the slow path. In-process requests (`app.request` in tests) get them through Hono.
 */
export function setHeaders(c: Context, headers: ReadonlyArray<readonly [string, string]>) {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && !outgoing.headersSent) for (const [k, v] of headers) outgoing.setHeader(k, v);
  else for (const [k, v] of headers) c.header(k, v);
}

/** The cross-origin headers of a visitor API reply (not a preflight) to a request from `origin`. */
export function visitorCorsHeaders(allowed: string[]): (origin: string | undefined) => ReadonlyArray<readonly [string, string]> {
  const set = new Set(allowed.map((o) => o.replace(/\/$/, '')));
  const any = set.has('*');
  const plain = [['Vary', 'Origin']] as const;
  return (origin) => (origin && (any || set.has(origin)) ? [['Access-Control-Allow-Origin', origin], ['Access-Control-Expose-Headers', EXPOSE_HEADERS], ...plain] : plain);
}

/**
 * Cross-origin access to the visitor API for the host pages allowed to embed the widget. Tokens travel in the
 * Authorization header, never in cookies, so credentials stay off. A preflight is answered here; any other request
 * gets its headers before the handler runs, without touching the reply (see setHeaders).
 */
export function visitorCors(allowed: string[]): MiddlewareHandler {
  const set = new Set(allowed.map((o) => o.replace(/\/$/, '')));
  const any = set.has('*');
  const allowedOrigin = (origin: string | undefined) => (origin && (any || set.has(origin)) ? origin : null);
  const headersFor = visitorCorsHeaders(allowed);
  return async function cors(c, next) {
    const origin = allowedOrigin(c.req.header('origin'));
    if (c.req.method === 'OPTIONS') {
      const headers: Record<string, string> = {
        'Access-Control-Expose-Headers': EXPOSE_HEADERS,
        Vary: 'Origin, Access-Control-Request-Headers',
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
      };
      if (origin) headers['Access-Control-Allow-Origin'] = origin;
      return c.body(null, 204, headers);
    }
    setHeaders(c, headersFor(origin ?? undefined));
    await next();
  };
}
