import { cors } from 'hono/cors';

/**
 * Cross-origin access to the visitor API for the host pages allowed to embed the widget. Tokens travel in the
 * Authorization header, never in cookies, so credentials stay off.
 */
export function visitorCors(allowed: string[]) {
  const set = new Set(allowed.map((o) => o.replace(/\/$/, '')));
  return cors({
    origin: (origin) => (set.has('*') || set.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposeHeaders: ['Content-Disposition', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}
