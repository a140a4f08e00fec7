import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from './errors.js';
import type { Logger } from '../../logger.js';
import { visitorCors } from './cors.js';
import { openApiDocument } from './openapi.js';

export interface WebAppParts {
  logger: Logger;
  /** Host pages allowed to call the visitor API from the browser. */
  corsOrigins?: string[];
  /** Route groups mounted in order (ask API, chat API, staff console, static files). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- route groups carry their own Env types
  routes: Hono<any, any, any>[];
  health: () => Record<string, unknown>;
}

/** The web side: one Hono app, errors as JSON `{ error: { code, message } }`, details logged not shown. */
export function createWebApp({ logger, routes, health, corsOrigins = [] }: WebAppParts): Hono {
  const app = new Hono();
  app.use('/api/*', visitorCors(corsOrigins));
  app.get('/healthz', (c) => c.json({ ok: true, ...health() }));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument));
  for (const r of routes) app.route('/', r);
  app.notFound((c) => c.json({ error: { code: 'not_found:api', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
    if (err instanceof HTTPException) return c.json({ error: { code: `http_${err.status}:api`, message: err.message } }, err.status);
    logger.error('unhandled error', { path: c.req.path, error: (err as Error).stack ?? String(err) });
    return c.json({ error: { code: 'internal:api', message: 'something went wrong on our side; please try again' } }, 500);
  });
  return app;
}
