/**
 * End to end: the real server (startServer, SQLite store, Slack in HTTP mode against a local fake Web API) started
 * in a host process of its own (server-host.ts) that samples its own RSS and CPU, loaded by autocannon (closed loop)
 * or an open-loop sender from another child process, so neither the harness nor the load generator shares the
 * server's memory or event loop. The anchors (anchors.ts) run in the same kind of host under the same loads.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSlackApi } from '../../test/support/slack-api.js';
import { ROOT, runChild, SERVER_NODE_FLAGS } from './child.js';
import { round } from './stats.js';
import type { ChatLoadResult, ChatLoadSpec, RateLoadResult, RateLoadSpec, SlackLoadResult, SlackLoadSpec } from './load-worker.js';
import type { HostHeap, HostRequest, HostStarted, HostStats } from './server-host.js';

export interface E2ERow {
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Socket errors + timeouts + non-2xx responses. */
  errors: number;
  /** The server process's RSS at its peak during the run. */
  peakRssMb: number;
  /** V8 heap committed (heapTotal) at its peak during the run: the part of RSS that load adds. */
  peakHeapTotalMb: number;
  /** Share of the run the server's event loop was busy (1 = saturated: one core, every request queues). */
  eventLoopUtilization: number;
  /** Event-loop delay while loaded: how long a ready callback waited for the loop. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Live heap after a full GC once the run is over. */
  heapUsedAfterGcMb: number | null;
  requests: number;
  non2xx: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The server process's CPU time (user + system) over the run divided by the requests answered. */
  cpuMsPerRequest: number;
}

/** CPU per turn against CPU per bare Hono request, the same load (closed loop) on the same machine in the same run. */
export interface CpuFigures {
  connections: number;
  durationS: number;
  turns: number;
  /** Server CPU ms / turns answered. */
  perTurnCpuMs: number;
  anchorRequests: number;
  /** The bare Hono app's CPU ms / requests answered. */
  anchorHonoCpuMs: number;
  ratio: number;
  /** The same closed loop with `streams` idle event streams open on other conversations. */
  withStreams: { streams: number; turns: number; perTurnCpuMs: number; rps: number } | null;
}

/** Heap (after a full GC) per open event stream, ours against a bare node:http event stream. */
export interface StreamFigures {
  streams: number;
  opened: number;
  failed: number;
  streamHeapKb: number;
  anchorStreamHeapKb: number;
  ratio: number;
  /** Memory outside the V8 heap (sockets' buffers) and RSS per stream, for information. */
  streamExternalKb: number;
  anchorStreamExternalKb: number;
  streamRssKb: number;
  anchorStreamRssKb: number;
}

export type FixedRate = RateLoadResult & { conversations: number };

export interface SlackAck {
  p50: number;
  p95: number;
  p99: number;
  events: number;
  statusCodes: Record<string, number>;
  /** Mentions answered (chat.postMessage seen by the fake Web API) and how long after the last ack. */
  answered: number;
  drainMs: number;
  /** The server's peak RSS while acking and answering the events. */
  peakRssMb: number;
}

export interface ServerRss {
  preStartRssMb: number;
  startRssMb: number;
  /** Highest RSS from start to end, the index build at start included. */
  overallPeakRssMb: number;
}

const SECRET = 'bench-signing-secret';

type Host = { call<T>(req: HostRequest): Promise<T>; child: ChildProcess };

/** Closed loop (autocannon) from its own process, with the host's figures over exactly that run. */
async function closedLoop(h: Host, spec: ChatLoadSpec, file: string): Promise<{ load: ChatLoadResult; stats: HostStats }> {
  writeFileSync(file, JSON.stringify(spec));
  await h.call({ cmd: 'mark' });
  const load = await runChild<ChatLoadResult>(join('scripts', 'bench', 'load-worker.ts'), ['chat', file], { timeoutMs: (spec.durationS + 60) * 1000 });
  const stats = await h.call<HostStats>({ cmd: 'stats' });
  return { load, stats };
}

/** A process holding event streams open (load-worker.ts streams), driven over IPC. */
function streamHolder() {
  const child = fork(join(ROOT, 'scripts', 'bench', 'load-worker.ts'), ['streams'], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ask = <T>(m: unknown) =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (r) => resolve(r as T));
      child.once('exit', (code) => reject(new Error(`stream holder exited ${code}`)));
      child.send(m as object);
    });
  return {
    open: (urls: string[]) => ask<{ opened: number; failed: number }>({ open: urls }),
    close: async () => {
      await ask({ close: true }).catch(() => {});
      child.kill();
    },
  };
}

/** Heap per stream in a host: after a full GC with no stream, then with `urls.length` streams held. */
async function heapPerStream(h: Host, urls: string[], whileOpen?: () => Promise<void>): Promise<{ opened: number; failed: number; heapKb: number; externalKb: number; rssKb: number }> {
  const holder = streamHolder();
  try {
    const before = await h.call<HostHeap>({ cmd: 'heap' });
    const { opened, failed } = await holder.open(urls);
    // Let every stream settle (replays written, heartbeats armed) before counting.
    await new Promise((r) => setTimeout(r, 500));
    const after = await h.call<HostHeap>({ cmd: 'heap' });
    await whileOpen?.();
    const per = (a: number, b: number) => round((b - a) / Math.max(1, opened), 2);
    return { opened, failed, heapKb: per(before.heapUsedKb, after.heapUsedKb), externalKb: per(before.externalKb, after.externalKb), rssKb: per(before.rssKb, after.rssKb) };
  } finally {
    await holder.close();
  }
}

/** The forked server host, one request at a time. */
function host(): Host {
  const child = fork(join(ROOT, 'scripts', 'bench', 'server-host.ts'), [], { cwd: ROOT, execArgv: [...SERVER_NODE_FLAGS, '--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let pending: { resolve: (v: unknown) => void; reject: (e: Error) => void } | null = null;
  child.on('message', (m: { ok?: unknown; error?: string }) => {
    const p = pending;
    pending = null;
    if (m.error) p?.reject(new Error(m.error));
    else p?.resolve(m.ok);
  });
  child.on('exit', (code) => pending?.reject(new Error(`server host exited ${code}`)));
  return {
    child,
    call<T>(req: HostRequest) {
      return new Promise<T>((resolve, reject) => {
        pending = { resolve: resolve as (v: unknown) => void, reject };
        child.send(req);
      });
    },
  };
}

export async function runE2E(opts: {
  knowledgeDir: string;
  workDir: string;
  connections: number[];
  durationS: number;
  /** Requests sent one by one before the measured runs (JIT, SQLite page cache, prepared statements). */
  warmupRequests: number;
  /** Then this long under the first run's load, unmeasured: the JIT has compiled what a turn runs (anchors alike). */
  warmupS: number;
  slackEvents: number;
  texts: string[];
  /** The open-loop run: this many turns a second for this long, over this many conversations. */
  fixedRate: { rate: number; durationS: number; conversations: number };
  /** Event streams held open for the heap figure (one per conversation). */
  streams: number;
  log: (m: string) => void;
}): Promise<{ e2e: E2ERow[]; slackAck: SlackAck; serverRss: ServerRss; rebuilt: string | null; cpu: CpuFigures; fixedRate: FixedRate; streams: StreamFigures }> {
  mkdirSync(opts.workDir, { recursive: true });
  const slack = await startSlackApi();
  let h = host();
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(opts.workDir, 'data'),
    INDEX_DIR: join(opts.workDir, 'index'),
    KNOWLEDGE_DIR: opts.knowledgeDir,
    LOG_LEVEL: 'silent',
    // The load comes from one address at many times the rate a visitor may send: limits would refuse most of it.
    RATE_LIMITS: 'off',
    STREAMS_PER_ADDRESS: String(opts.streams + 100),
    STREAMS_TOTAL: String(opts.streams + 100),
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    SLACK_BOT_ID: 'BBOT',
    SLACK_BOT_USER_ID: 'UBOT',
  };
  let closed = false;
  try {
    const started = await h.call<HostStarted>({ cmd: 'start', env });
    const url = started.url;
    opts.log(`e2e: server at ${url}, ${started.chunks} chunks, RSS ${started.startRssMb} MB (${started.preStartRssMb} MB before startServer)`);

    const createConversations = async (n: number) => {
      const out: Array<{ id: string; token: string }> = [];
      for (let i = 0; i < n; i++) {
        const res = await fetch(`${url}/api/conversations`, { method: 'POST' });
        if (res.status !== 201) throw new Error(`POST /api/conversations: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { conversationId: string; token: string };
        out.push({ id: body.conversationId, token: body.token });
      }
      return out;
    };

    const [warm] = await createConversations(1);
    let sampleReply = '';
    for (let i = 0; i < opts.warmupRequests; i++) {
      const res = await fetch(`${url}/api/conversations/${warm.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${warm.token}` },
        body: JSON.stringify({ text: opts.texts[i % opts.texts.length] }),
      });
      if (res.status !== 200) throw new Error(`warm-up message: ${res.status} ${await res.text()}`);
      const text = await res.text();
      // The anchor answers with a reply of the median size.
      if (i === Math.floor(opts.warmupRequests / 2)) sampleReply = text;
    }

    await closedLoop(h, { url, connections: opts.connections[0], durationS: opts.warmupS, conversations: await createConversations(opts.connections[0]), texts: opts.texts }, join(opts.workDir, 'warm.json'));

    const e2e: E2ERow[] = [];
    for (const c of opts.connections) {
      // Conversations are created before the mark: only the measured run counts.
      const spec: ChatLoadSpec = { url, connections: c, durationS: opts.durationS, conversations: await createConversations(c), texts: opts.texts };
      const { load: r, stats: s } = await closedLoop(h, spec, join(opts.workDir, `load-${c}.json`));
      const row: E2ERow = {
        connections: c,
        rps: r.rps,
        p50: r.p50,
        p95: r.p95,
        p99: r.p99,
        errors: r.errors + r.non2xx,
        peakRssMb: s.peakRssMb,
        peakHeapTotalMb: s.peakHeapTotalMb,
        eventLoopUtilization: s.eventLoopUtilization,
        loopDelayP99Ms: s.loopDelayP99Ms,
        loopDelayMaxMs: s.loopDelayMaxMs,
        heapUsedAfterGcMb: s.heapUsedAfterGcMb,
        requests: r.requests,
        non2xx: r.non2xx,
        timeouts: r.timeouts,
        statusCodes: r.statusCodes,
        cpuMsPerRequest: round(s.cpuMs / Math.max(1, r.requests - r.non2xx), 3),
      };
      opts.log(`e2e ${c} connections: ${row.rps} req/s, p50 ${row.p50} p95 ${row.p95} p99 ${row.p99} ms, errors ${row.errors}, ${row.cpuMsPerRequest} ms CPU per turn, peak RSS ${row.peakRssMb} MB, event loop ${Math.round(row.eventLoopUtilization * 100)}% busy`);
      e2e.push(row);
    }

    // Open loop: turns offered at a fixed rate, latency counted from when each was due.
    const rateSpec: RateLoadSpec = { url, rate: opts.fixedRate.rate, durationS: opts.fixedRate.durationS, conversations: await createConversations(opts.fixedRate.conversations), texts: opts.texts };
    const rateFile = join(opts.workDir, 'rate.json');
    writeFileSync(rateFile, JSON.stringify(rateSpec));
    await h.call({ cmd: 'mark' });
    const rate = await runChild<RateLoadResult>(join('scripts', 'bench', 'load-worker.ts'), ['rate', rateFile], { timeoutMs: (opts.fixedRate.durationS + 90) * 1000 });
    const rateStats = await h.call<HostStats>({ cmd: 'stats' });
    const fixedRate: FixedRate = { ...rate, conversations: opts.fixedRate.conversations };
    opts.log(`e2e fixed rate ${rate.rate}/s: ${rate.achievedRps} answered/s, p50 ${rate.p50} p95 ${rate.p95} p99 ${rate.p99} ms, errors ${rate.errors}, ${round(rateStats.cpuMs / Math.max(1, rate.answered), 3)} ms CPU per turn`);

    // Event streams, one per conversation: heap per stream, and a turn's CPU while they are open elsewhere.
    const streamConvs = await createConversations(opts.streams);
    const cpuConn = opts.connections[0];
    let withStreams: CpuFigures['withStreams'] = null;
    const ours = await heapPerStream(
      h,
      streamConvs.map((c) => `${url}/api/conversations/${c.id}/events?token=${encodeURIComponent(c.token)}`),
      async () => {
        const spec: ChatLoadSpec = { url, connections: cpuConn, durationS: opts.durationS, conversations: await createConversations(cpuConn), texts: opts.texts };
        const { load, stats } = await closedLoop(h, spec, join(opts.workDir, 'load-streams.json'));
        withStreams = { streams: opts.streams, turns: load.requests, perTurnCpuMs: round(stats.cpuMs / Math.max(1, load.requests - load.non2xx), 3), rps: load.rps };
      },
    );
    opts.log(`e2e streams: ${ours.opened} open (${ours.failed} refused), ${ours.heapKb} KB heap, ${ours.externalKb} KB external, ${ours.rssKb} KB RSS each; with them open ${withStreams!.perTurnCpuMs} ms CPU per turn`);

    // Slack: signed app_mention events one after another; the ack is the HTTP response, the answer comes later.
    slack.clear();
    await h.call({ cmd: 'mark' });
    const spec: SlackLoadSpec = { url, secret: SECRET, events: opts.slackEvents, texts: opts.texts, runId: String(Date.now()) };
    const file = join(opts.workDir, 'slack.json');
    writeFileSync(file, JSON.stringify(spec));
    const s = await runChild<SlackLoadResult>(join('scripts', 'bench', 'load-worker.ts'), ['slack', file], { timeoutMs: 120_000 });
    const acked = Date.now();
    const answeredCount = () => new Set(slack.of('chat.postMessage').filter((c) => c.body.channel === 'CBENCH').map((c) => c.body.thread_ts)).size;
    while (answeredCount() < opts.slackEvents && Date.now() - acked < 30_000) await new Promise((r) => setTimeout(r, 50));
    const drainMs = Date.now() - acked;
    const final = await h.call<HostStats>({ cmd: 'stats' });
    const slackAck: SlackAck = { p50: s.p50, p95: s.p95, p99: s.p99, events: s.events, statusCodes: s.statusCodes, answered: answeredCount(), drainMs, peakRssMb: final.peakRssMb };
    opts.log(`slack ack: p50 ${s.p50} p95 ${s.p95} ms over ${s.events} events (${JSON.stringify(s.statusCodes)}), ${slackAck.answered} answered, last ${slackAck.drainMs} ms after the last ack`);
    await h.call({ cmd: 'close' }).catch(() => h.child.kill());
    closed = true;

    // Anchor 1: a bare Hono app under the same closed loop as the first run (warmed up first, like ours).
    h = host();
    closed = false;
    const hono = await h.call<HostStarted>({ cmd: 'anchor', kind: 'hono', reply: sampleReply });
    const fake = Array.from({ length: cpuConn }, (_, i) => ({ id: `anchor-${i}`, token: 'anchor' }));
    await closedLoop(h, { url: hono.url, connections: cpuConn, durationS: opts.warmupS, conversations: fake, texts: opts.texts }, join(opts.workDir, 'anchor-warm.json'));
    const anchorRun = await closedLoop(h, { url: hono.url, connections: cpuConn, durationS: opts.durationS, conversations: fake, texts: opts.texts }, join(opts.workDir, 'anchor.json'));
    await h.call({ cmd: 'close' }).catch(() => h.child.kill());
    const first = e2e[0];
    const anchorHonoCpuMs = round(anchorRun.stats.cpuMs / Math.max(1, anchorRun.load.requests - anchorRun.load.non2xx), 4);
    const cpu: CpuFigures = {
      connections: cpuConn,
      durationS: opts.durationS,
      turns: first.requests,
      perTurnCpuMs: first.cpuMsPerRequest,
      anchorRequests: anchorRun.load.requests,
      anchorHonoCpuMs,
      ratio: round(first.cpuMsPerRequest / anchorHonoCpuMs, 2),
      withStreams,
    };
    opts.log(`anchor hono: ${anchorRun.load.rps} req/s, ${anchorHonoCpuMs} ms CPU per request; per turn ${cpu.perTurnCpuMs} ms = ${cpu.ratio}×`);

    // Anchor 2: a bare node:http event stream.
    h = host();
    const sse = await h.call<HostStarted>({ cmd: 'anchor', kind: 'sse' });
    const bare = await heapPerStream(h, Array.from({ length: opts.streams }, (_, i) => `${sse.url}/events?i=${i}`));
    await h.call({ cmd: 'close' }).catch(() => h.child.kill());
    closed = true;
    const streams: StreamFigures = {
      streams: opts.streams,
      opened: ours.opened,
      failed: ours.failed,
      streamHeapKb: ours.heapKb,
      anchorStreamHeapKb: bare.heapKb,
      ratio: round(ours.heapKb / bare.heapKb, 2),
      streamExternalKb: ours.externalKb,
      anchorStreamExternalKb: bare.externalKb,
      streamRssKb: ours.rssKb,
      anchorStreamRssKb: bare.rssKb,
    };
    opts.log(`anchor sse: ${bare.opened} open, ${bare.heapKb} KB heap each; ours ${ours.heapKb} KB = ${streams.ratio}×`);
    return { e2e, slackAck, serverRss: { preStartRssMb: started.preStartRssMb, startRssMb: started.startRssMb, overallPeakRssMb: final.overallPeakRssMb }, rebuilt: started.rebuilt, cpu, fixedRate, streams };
  } finally {
    if (!closed) await h.call({ cmd: 'close' }).catch(() => h.child.kill());
    await slack.close();
  }
}
