/**
 * The load generator, in a process of its own so it does not share the server's event loop:
 *   node --import tsx scripts/bench/load-worker.ts chat  <spec.json>   autocannon, one conversation per connection
 *   node --import tsx scripts/bench/load-worker.ts slack <spec.json>   signed app_mention events, one at a time
 * Answers with one line `RESULT {json}` on stdout.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { signedHeaders } from '../../test/support/slack-api.js';
import { percentile, mean, round, msSince } from './stats.js';

/** The part of autocannon's API used here (the package ships no type declarations). */
interface AutocannonResult {
  requests: { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type AutocannonInstance = Promise<AutocannonResult> & { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => AutocannonInstance;

export interface ChatLoadSpec {
  url: string;
  connections: number;
  durationS: number;
  conversations: Array<{ id: string; token: string }>;
  texts: string[];
}

export interface ChatLoadResult {
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

export interface SlackLoadSpec {
  url: string;
  secret: string;
  events: number;
  texts: string[];
  runId: string;
}

export interface SlackLoadResult {
  events: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanMs: number;
  statusCodes: Record<string, number>;
}

async function chat(spec: ChatLoadSpec): Promise<ChatLoadResult> {
  const samples: number[] = [];
  let next = 0;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    pipelining: 1,
    timeout: 30,
    // Each connection gets a conversation of its own and cycles through the questions in it,
    // so the engine's per-conversation lock never serialises two connections.
    setupClient: (client: { setRequests(r: unknown[]): void }) => {
      const conv = spec.conversations[next++ % spec.conversations.length];
      const offset = next * 7;
      client.setRequests(
        spec.texts.map((_, i) => ({
          method: 'POST',
          path: `/api/conversations/${conv.id}/messages`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${conv.token}` },
          body: JSON.stringify({ text: spec.texts[(i + offset) % spec.texts.length] }),
        })),
      );
    },
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => samples.push(responseTime));
  const r = await instance;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  return {
    connections: spec.connections,
    durationS: spec.durationS,
    requests: r.requests.total,
    rps: round(r.requests.total / (r.duration || spec.durationS), 1),
    p50: round(percentile(samples, 50), 2),
    p95: round(percentile(samples, 95), 2),
    p99: round(percentile(samples, 99), 2),
    max: round(Math.max(...samples), 2),
    meanMs: round(mean(samples), 2),
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
  };
}

async function slack(spec: SlackLoadSpec): Promise<SlackLoadResult> {
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  const base = 1_700_100_000;
  for (let i = 0; i < spec.events; i++) {
    const event = {
      type: 'app_mention',
      user: `UB${i % 25}`,
      channel: 'CBENCH',
      ts: `${base + i}.000100`,
      text: `<@UBOT> ${spec.texts[i % spec.texts.length]}`,
    };
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `Ev${spec.runId}-${i}`, event_time: Math.floor(Date.now() / 1000), event });
    const headers = signedHeaders(spec.secret, body, 'application/json');
    const t = process.hrtime.bigint();
    const res = await fetch(`${spec.url}/slack/events`, { method: 'POST', headers, body });
    await res.arrayBuffer();
    samples.push(msSince(t));
    statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
  }
  return {
    events: spec.events,
    p50: round(percentile(samples, 50), 2),
    p95: round(percentile(samples, 95), 2),
    p99: round(percentile(samples, 99), 2),
    max: round(Math.max(...samples), 2),
    meanMs: round(mean(samples), 2),
    statusCodes,
  };
}

const [mode, specPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
(mode === 'chat' ? chat(spec as ChatLoadSpec) : slack(spec as SlackLoadSpec)).then(
  (r) => {
    process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
