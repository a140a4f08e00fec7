import { Registry, Counter, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics on a registry of this server's own (tests start several servers in one process). Routes are
 * labelled by their pattern (`/api/conversations/:id/messages`), never by the path a client sent.
 */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'cia_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const latency = new Histogram({
    name: 'cia_http_request_duration_seconds',
    help: 'Time to the response headers',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const turns = new Counter({ name: 'cia_turns_total', help: 'Conversation turns answered', labelNames: ['channel', 'kind'] as const, registers: [registry] });
  const escalations = new Counter({ name: 'cia_escalations_total', help: 'Turns that opened or updated a ticket', labelNames: ['channel'] as const, registers: [registry] });
  const modelFallbacks = new Counter({ name: 'cia_model_fallbacks_total', help: 'Model answers not sent (the offline answer was)', labelNames: ['reason'] as const, registers: [registry] });
  const rateLimited = new Counter({ name: 'cia_rate_limited_total', help: 'Requests refused by a rate limit', labelNames: ['limit'] as const, registers: [registry] });
  const openStreams = new Gauge({ name: 'cia_open_streams', help: 'Event streams open now', registers: [registry] });
  return { registry, requests, latency, turns, escalations, modelFallbacks, rateLimited, openStreams };
}
export type Metrics = ReturnType<typeof createMetrics>;
