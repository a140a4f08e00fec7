/**
 * Hosts the real server for the end-to-end benchmark: `startServer(loadConfig(env))` in this process, which does
 * nothing else, so its RSS is the server's (plus Node and tsx), not the bench harness's. Forked by e2e.ts and driven
 * over IPC: start → { url } ; mark (start of a measured run) ; stats (peaks since mark) ; close.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/main.js';

export type HostRequest = { cmd: 'start'; env: Record<string, string> } | { cmd: 'mark' } | { cmd: 'stats' } | { cmd: 'close' };

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
}

const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
const send = (m: unknown) => process.send!(m);

let server: Awaited<ReturnType<typeof startServer>> | null = null;
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
          const preStartRssMb = mb(process.memoryUsage().rss);
          server = await startServer(loadConfig(msg.env), createLogger('silent'));
          setInterval(sample, 20).unref();
          sample();
          const started: HostStarted = { url: server.url, chunks: server.app.knowledge.index.chunks.length, rebuilt: server.app.knowledge.rebuilt, preStartRssMb, startRssMb: mb(process.memoryUsage().rss) };
          send({ ok: started });
          break;
        }
        case 'mark':
          peakRss = process.memoryUsage().rss;
          peakHeap = process.memoryUsage().heapTotal;
          elu0 = performance.eventLoopUtilization();
          delay.reset();
          delay.enable();
          send({ ok: true });
          break;
        case 'stats': {
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
