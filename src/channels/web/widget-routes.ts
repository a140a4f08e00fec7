import { Hono } from 'hono';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../conversation/attachments.js';

/**
 * What the widget's home shows before any conversation: the staff hours (weekdays, in the staff's time zone), and
 * the largest file a visitor may attach.
 * Public and the same for everyone, so it can be cached briefly.
 */
export function widgetRoutes(opts: { staffHours: string; timeZone: string; maxFileBytes?: number }) {
  const app = new Hono();
  const body = { hours: opts.staffHours, timeZone: opts.timeZone, days: 'weekdays' as const, maxFileBytes: opts.maxFileBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxBytes };
  app.get('/api/widget/info', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(body);
  });
  return app;
}
