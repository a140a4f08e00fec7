/**
 * The load generator, in a process of its own so it does not share the server's event loop:
 *   node --import tsx scripts/bench/load-worker.ts chat  <spec.json>   autocannon, one conversation per connection
 *   node --import tsx scripts/bench/load-worker.ts slack <spec.json>   signed app_mention events, one at a time
 *   node --import tsx scripts/bench/load-worker.ts rate  <spec.json>   open loop: requests sent at a fixed rate
 * Answers with one line `RESULT {json}` on stdout.
 *   node --import tsx scripts/bench/load-worker.ts streams            forked with IPC: opens event streams, holds them
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Agent, request as httpRequest, get as httpGet, type ClientRequest } from 'node:http';
import { signedHeaders } from '../../test/support/slack-api.js';
import { percentile, mean, round, msSince, maxOf } from './stats.js';

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
    max: round(maxOf(samples), 2),
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
    max: round(maxOf(samples), 2),
    meanMs: round(mean(samples), 2),
    statusCodes,
  };
}

export interface RateLoadSpec {
  url: string;
  /** Requests per second offered, whatever the answers' pace (open loop). */
  rate: number;
  durationS: number;
  conversations: Array<{ id: string; token: string }>;
  texts: string[];
}

export interface RateLoadResult {
  rate: number;
  durationS: number;
  sent: number;
  answered: number;
  /** Answers per second over the run (equal to the rate when the server keeps up). */
  achievedRps: number;
  /** Latency counted from the moment each request was due, so a late send counts against the server too. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  statusCodes: Record<string, number>;
}

/**
 * Open loop: request i is due at start + i / rate and is sent then, on a pool of kept-alive sockets, whether or not
 * earlier ones were answered. Conversations are taken in turn, so each gets rate / conversations messages a second.
 */
async function rate(spec: RateLoadSpec): Promise<RateLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(spec.url);
  const total = Math.round(spec.rate * spec.durationS);
  const samples: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let answered = 0;
  const pending = new Set<Promise<void>>();
  const start = performance.now() + 50;
  const send = (i: number, due: number) => {
    const conv = spec.conversations[i % spec.conversations.length];
    const body = JSON.stringify({ text: spec.texts[(i * 7) % spec.texts.length] });
    const p = new Promise<void>((resolve) => {
      const req = httpRequest(
        { agent, host: target.hostname, port: target.port, method: 'POST', path: `/api/conversations/${conv.id}/messages`, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${conv.token}` } },
        (res) => {
          res.resume();
          res.on('end', () => {
            samples.push(performance.now() - due);
            statusCodes[res.statusCode!] = (statusCodes[res.statusCode!] ?? 0) + 1;
            if (res.statusCode === 200) answered++;
            else errors++;
            resolve();
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
    pending.add(p);
    void p.then(() => pending.delete(p));
  };
  let i = 0;
  while (i < total) {
    const now = performance.now();
    // Everything due by now goes out (a timer that fired late sends its backlog at once, each timed from its due).
    while (i < total && start + (i * 1000) / spec.rate <= now) {
      send(i, start + (i * 1000) / spec.rate);
      i++;
    }
    const next = start + (i * 1000) / spec.rate;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    rate: spec.rate,
    durationS: spec.durationS,
    sent: total,
    answered,
    achievedRps: round(answered / elapsed, 1),
    p50: round(percentile(samples, 50), 2),
    p95: round(percentile(samples, 95), 2),
    p99: round(percentile(samples, 99), 2),
    max: round(maxOf(samples), 2),
    errors,
    statusCodes,
  };
}

/**
 * Holds event streams open for the parent (forked, IPC): `{ open: urls }` opens one stream per URL, each on its own
 * socket, and answers `{ opened, failed }` once each has received its first bytes; `{ close: true }` ends them.
 */
function holdStreams() {
  const held: ClientRequest[] = [];
  process.on('message', (m: { open?: string[]; close?: boolean }) => {
    if (m.close) {
      for (const r of held) r.destroy();
      held.length = 0;
      process.send!({ closed: true });
      return;
    }
    let opened = 0;
    let failed = 0;
    const urls = m.open ?? [];
    const settle = () => {
      if (opened + failed === urls.length) process.send!({ opened, failed });
    };
    // A few at a time: the server answers each open before the next batch (no accept-queue overflow).
    let next = 0;
    const openOne = () => {
      if (next >= urls.length) return;
      const url = urls[next++];
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        if (ok) opened++;
        else failed++;
        settle();
        openOne();
      };
      const req = httpGet(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return finish(false);
        }
        res.once('data', () => finish(true));
        res.on('data', () => {});
      });
      req.on('error', () => finish(false));
      held.push(req);
    };
    for (let k = 0; k < Math.min(32, urls.length); k++) openOne();
    if (!urls.length) settle();
  });
}

const [mode, specPath] = process.argv.slice(2);
function run(): Promise<unknown> {
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  return mode === 'chat' ? chat(spec as ChatLoadSpec) : mode === 'rate' ? rate(spec as RateLoadSpec) : slack(spec as SlackLoadSpec);
}
if (mode === 'streams') holdStreams();
else
  run().then(
    (r) => {
      process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
