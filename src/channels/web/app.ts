import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { HTTPException } from 'hono/http-exception';
import { timingSafeEqual, createHash } from 'node:crypto';
import { ApiError } from './errors.js';
import type { Logger } from '../../logger.js';
import { setHeaders, visitorCors } from './cors.js';
import { openApiDocument } from './openapi.js';
import { AbortedUploadError } from './read-json.js';
import type { Metrics } from './metrics.js';
import { clientAddress, isLoopback } from './client-address.js';

export interface WebAppParts {
  logger: Logger;
  /** Host pages allowed to call the visitor API from the browser. */
  corsOrigins?: string[];
  /** Route groups mounted in order (ask API, chat API, staff console, static files). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- route groups carry their own Env types
  routes: Hono<any, any, any>[];
  health: () => Record<string, unknown>;
  /** Ready to take traffic: false while starting and once shutting down. Without it, ready whenever alive. */
  ready?: () => Promise<{ ok: boolean; detail?: Record<string, unknown> }>;
  metrics?: Metrics;
  /** `/metrics` answers loopback callers, and others that send this bearer token. */
  metricsToken?: string;
  trustProxy?: number;
}

const same = (a: string, b: string) => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
};

const NOSNIFF = [['X-Content-Type-Options', 'nosniff']] as const;

/**
 * The web side: one Hono app, errors as JSON `{ error: { code, message } }`, details logged not shown. Middleware
 * never touches `c.res` (see setHeaders): replies stay on @hono/node-server's fast path.
 */
export function createWebApp({ logger, routes, health, corsOrigins = [], ready, metrics, metricsToken, trustProxy = 0 }: WebAppParts): Hono {
  const app = new Hono();
  // JSON is never taken for HTML or script by a browser that is told so.
  app.use('*', async (c, next) => {
    setHeaders(c, NOSNIFF);
    await next();
  });
  if (metrics) {
    // One labelled series per (method, route, status), looked up once and kept: nothing per request but the count.
    const counters = new Map<string, { inc(): void }>();
    const timers = new Map<string, { observe(v: number): void }>();
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      const matched = routePath(c, -1);
      // Only registered patterns become labels: a client cannot grow the series with made-up paths.
      const route = !matched || matched.includes('*') ? '(other)' : matched;
      const method = c.req.method;
      const status = c.res.status;
      const key = `${method} ${route}`;
      let timer = timers.get(key);
      if (!timer) timers.set(key, (timer = metrics.latency.labels(method, route)));
      let counter = counters.get(`${key} ${status}`);
      if (!counter) counters.set(`${key} ${status}`, (counter = metrics.requests.labels(method, route, String(status))));
      counter.inc();
      timer.observe((performance.now() - started) / 1000);
    });
  }
  app.use('/api/*', visitorCors(corsOrigins));
  app.get('/healthz', (c) => c.json({ ok: true, ...health() }));
  app.get('/readyz', async (c) => {
    const r = ready ? await ready().catch((e: Error) => ({ ok: false, detail: { error: e.message } })) : { ok: true };
    return c.json({ ready: r.ok, ...(r.detail ?? {}) }, r.ok ? 200 : 503);
  });
  if (metrics) {
    app.get('/metrics', async (c) => {
      const bearer = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
      const allowed = (metricsToken && bearer && same(bearer, metricsToken)) || (!c.req.header('x-forwarded-for') && isLoopback(clientAddress(c, 0)));
      if (!allowed) throw new ApiError(403, 'forbidden:metrics', 'metrics are answered to loopback, or with the metrics token');
      return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
    });
  }
  app.get('/api/openapi.json', (c) => c.json(openApiDocument));
  for (const r of routes) app.route('/', r);
  app.notFound((c) => c.json({ error: { code: 'not_found:api', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
    if (err instanceof HTTPException) return c.json({ error: { code: `http_${err.status}:api`, message: err.message } }, err.status);
    // The client left during its upload: nobody is there to answer, and it is not our failure.
    if (err instanceof AbortedUploadError) return c.json({ error: { code: 'aborted:api', message: err.message } }, 400);
    logger.error('unhandled error', { path: c.req.routePath, error: (err as Error).stack ?? String(err) });
    return c.json({ error: { code: 'internal:api', message: 'something went wrong on our side; please try again' } }, 500);
  });
  return app;
}
