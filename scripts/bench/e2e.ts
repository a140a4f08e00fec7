/**
 * End to end: the real server (startServer, SQLite store, Slack in HTTP mode against a local fake Web API) started
 * in a host process of its own (server-host.ts) that samples its own RSS, loaded by autocannon from another child
 * process, so neither the harness nor the load generator shares the server's memory or event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSlackApi } from '../../test/support/slack-api.js';
import { ROOT, runChild, SERVER_NODE_FLAGS } from './child.js';
import type { ChatLoadResult, ChatLoadSpec, SlackLoadResult, SlackLoadSpec } from './load-worker.js';
import type { HostRequest, HostStarted, HostStats } from './server-host.js';

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
}

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

/** The forked server host, one request at a time. */
function host(): { call<T>(req: HostRequest): Promise<T>; child: ChildProcess } {
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
  slackEvents: number;
  texts: string[];
  log: (m: string) => void;
}): Promise<{ e2e: E2ERow[]; slackAck: SlackAck; serverRss: ServerRss; rebuilt: string | null }> {
  mkdirSync(opts.workDir, { recursive: true });
  const slack = await startSlackApi();
  const h = host();
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(opts.workDir, 'data'),
    INDEX_DIR: join(opts.workDir, 'index'),
    KNOWLEDGE_DIR: opts.knowledgeDir,
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    SLACK_BOT_ID: 'BBOT',
    SLACK_BOT_USER_ID: 'UBOT',
  };
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
    for (let i = 0; i < opts.warmupRequests; i++) {
      const res = await fetch(`${url}/api/conversations/${warm.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${warm.token}` },
        body: JSON.stringify({ text: opts.texts[i % opts.texts.length] }),
      });
      if (res.status !== 200) throw new Error(`warm-up message: ${res.status} ${await res.text()}`);
    }

    const e2e: E2ERow[] = [];
    for (const c of opts.connections) {
      // Conversations are created before the mark: only the measured run counts.
      const spec: ChatLoadSpec = { url, connections: c, durationS: opts.durationS, conversations: await createConversations(c), texts: opts.texts };
      const file = join(opts.workDir, `load-${c}.json`);
      writeFileSync(file, JSON.stringify(spec));
      await h.call({ cmd: 'mark' });
      const r = await runChild<ChatLoadResult>(join('scripts', 'bench', 'load-worker.ts'), ['chat', file], { timeoutMs: (opts.durationS + 60) * 1000 });
      const s = await h.call<HostStats>({ cmd: 'stats' });
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
      };
      opts.log(`e2e ${c} connections: ${row.rps} req/s, p50 ${row.p50} p95 ${row.p95} p99 ${row.p99} ms, errors ${row.errors}, peak RSS ${row.peakRssMb} MB, event loop ${Math.round(row.eventLoopUtilization * 100)}% busy`);
      e2e.push(row);
    }

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
    return { e2e, slackAck, serverRss: { preStartRssMb: started.preStartRssMb, startRssMb: started.startRssMb, overallPeakRssMb: final.overallPeakRssMb }, rebuilt: started.rebuilt };
  } finally {
    await h.call({ cmd: 'close' }).catch(() => h.child.kill());
    await slack.close();
  }
}
