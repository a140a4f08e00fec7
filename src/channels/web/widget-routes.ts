import { Hono } from 'hono';

/**
 * What the widget's home shows before any conversation: the staff hours (weekdays, in the staff's time zone).
 * Public and the same for everyone, so it can be cached briefly.
 */
export function widgetRoutes(opts: { staffHours: string; timeZone: string }) {
  const app = new Hono();
  const body = { hours: opts.staffHours, timeZone: opts.timeZone, days: 'weekdays' as const };
  app.get('/api/widget/info', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(body);
  });
  return app;
}
