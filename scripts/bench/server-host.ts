/**
 * Hosts one server for the end-to-end benchmark in a process that does nothing else, so its RSS, heap and CPU are
 * the server's (plus Node), not the bench harness's: the real one (`startServer(loadConfig(env))`), or an anchor
 * (anchors.ts: a bare Hono app, a bare node:http event stream). Forked by e2e.ts and driven over IPC:
 * start | anchor → { url } ; mark (start of a measured run) ; stats (peaks and CPU since mark) ; heap (after a full
 * GC) ; close.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startAnchor, type AnchorKind } from './anchors.js';

export type HostRequest =
  | { cmd: 'start'; env: Record<string, string> }
  | { cmd: 'anchor'; kind: AnchorKind; reply?: string }
  | { cmd: 'mark' }
  | { cmd: 'stats' }
  | { cmd: 'heap' }
  | { cmd: 'close' };

export interface HostHeap {
  /** V8 heap in use after a full GC, in KB (what the objects alive now hold). */
  heapUsedKb: number;
  /** Memory outside the V8 heap that JS objects hold (Buffers, sockets' native parts), in KB. */
  externalKb: number;
  rssKb: number;
}

export interface HostStarted {
  url: string;
  chunks: number;
  rebuilt: string | null;
  /** RSS before startServer (Node + tsx + the app's modules, imported statically) and once listening. */
  preStartRssMb: number;
  startRssMb: number;
}

export interface HostStats {
  peakRssMb: number;
  peakHeapTotalMb: number;
  /** Highest RSS since the server started, whatever the mark. */
  overallPeakRssMb: number;
  eventLoopUtilization: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Live heap after a full GC at the end of the run (growth across runs would mean something is retained). */
  heapUsedAfterGcMb: number | null;
  /** CPU time (user + system) this process spent since the mark, in ms: the server's whole cost of the run. */
  cpuMs: number;
}

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
const send = (m: unknown) => process.send!(m);

let server: { url: string; close(): Promise<void> } | null = null;
let cpu0 = process.cpuUsage();
let peakRss = 0;
let overallRss = 0;
let peakHeap = 0;
let elu0: EventLoopUtilization = performance.eventLoopUtilization();
const delay = monitorEventLoopDelay({ resolution: 5 });

const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  overallRss = Math.max(overallRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapTotal);
};

process.on('message', (msg: HostRequest) => {
  void (async () => {
    try {
      switch (msg.cmd) {
        case 'start': {
          // The compiled server, as `npm start` runs it (bench.ts builds dist/ first); imported here, so an anchor's
          // host loads none of the app's modules.
          const dist = (f: string) => pathToFileURL(join(process.cwd(), 'dist', f)).href;
          const { loadConfig } = (await import(dist('config.js'))) as typeof import('../../src/config.js');
          const { createLogger } = (await import(dist('logger.js'))) as typeof import('../../src/logger.js');
          const { startServer } = (await import(dist('main.js'))) as typeof import('../../src/main.js');
          const preStartRssMb = mb(process.memoryUsage().rss);
          const app = await startServer(loadConfig(msg.env), createLogger('silent'));
          server = app;
          setInterval(sample, 20).unref();
          sample();
          const started: HostStarted = { url: app.url, chunks: app.app.knowledge.index.chunks.length, rebuilt: app.app.knowledge.rebuilt, preStartRssMb, startRssMb: mb(process.memoryUsage().rss) };
          send({ ok: started });
          break;
        }
        case 'anchor': {
          const preStartRssMb = mb(process.memoryUsage().rss);
          server = await startAnchor(msg.kind, { reply: msg.reply });
          setInterval(sample, 20).unref();
          sample();
          const started: HostStarted = { url: server.url, chunks: 0, rebuilt: null, preStartRssMb, startRssMb: mb(process.memoryUsage().rss) };
          send({ ok: started });
          break;
        }
        case 'heap': {
          const gc = (globalThis as { gc?: () => void }).gc!;
          // Twice, with a turn of the event loop between: sockets closed a moment ago are finalised too.
          gc();
          await new Promise((r) => setImmediate(r));
          gc();
          const m = process.memoryUsage();
          const heap: HostHeap = { heapUsedKb: Math.round(m.heapUsed / 1024), externalKb: Math.round((m.external + m.arrayBuffers) / 1024), rssKb: Math.round(m.rss / 1024) };
          send({ ok: heap });
          break;
        }
        case 'mark':
          cpu0 = process.cpuUsage();
          peakRss = process.memoryUsage().rss;
          peakHeap = process.memoryUsage().heapTotal;
          elu0 = performance.eventLoopUtilization();
          delay.reset();
          delay.enable();
          send({ ok: true });
          break;
        case 'stats': {
          const used = process.cpuUsage(cpu0);
          sample();
          delay.disable();
          const stats: HostStats = {
            peakRssMb: mb(peakRss),
            peakHeapTotalMb: mb(peakHeap),
            overallPeakRssMb: mb(overallRss),
            eventLoopUtilization: Number(performance.eventLoopUtilization(elu0).utilization.toFixed(3)),
            loopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
            loopDelayMaxMs: Number((delay.max / 1e6).toFixed(1)),
            heapUsedAfterGcMb: null,
            cpuMs: Math.round((used.user + used.system) / 100) / 10,
          };
          const gc = (globalThis as { gc?: () => void }).gc;
          if (gc) {
            gc();
            stats.heapUsedAfterGcMb = mb(process.memoryUsage().heapUsed);
          }
          send({ ok: stats });
          break;
        }
        case 'close':
          await server?.close();
          send({ ok: true });
          process.exit(0);
      }
    } catch (e) {
      send({ error: (e as Error).stack ?? String(e) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
