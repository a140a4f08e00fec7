/**
 * Start-up: spawn the server as `npm start` does (`node <flags> scripts/run.mjs main`: the compiled dist/main.js) on
 * a free port, read the JSON log line "listening" from stderr for the URL, and time until the first answered POST
 * /api/ask. Run without an index, with the built one, and with the built one made stale (its manifest names another
 * knowledge hash), each in a fresh process. Then the `ask` CLI, from its spawn to its exit, run directly and through
 * `npm run`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SERVER_NODE_FLAGS } from './child.js';
import { round, msSince } from './stats.js';

export interface StartupRun {
  /** Spawn to the "listening" log line. */
  listeningMs: number;
  /** Spawn to the first 200 from POST /api/ask. */
  firstAnswerMs: number;
  /** The server's own log: why it rebuilt and how long the build took, when it did. */
  rebuilt: string | null;
  indexBuildMs: number | null;
  /** The server process's RSS (and its peak so far) right after the first answer; Linux only. */
  rssMb: number | null;
  peakRssMb: number | null;
}

/** VmRSS and VmHWM of a process from /proc (null elsewhere). */
function procRss(pid: number | undefined): { rssMb: number | null; peakRssMb: number | null } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: round(kb('VmRSS') / 1024, 1), peakRssMb: round(kb('VmHWM') / 1024, 1) };
  } catch {
    return { rssMb: null, peakRssMb: null };
  }
}

export interface StartupResult {
  builtIndexMs: number;
  staleIndexMs: number;
  noIndexMs: number | null;
  runs: { built: StartupRun; stale: StartupRun; noIndex?: StartupRun };
  /** `node scripts/run.mjs cli/ask-cli --json "…"` from spawn to exit (median of 3), and the same through `npm run --silent ask`. */
  askCliMs: number;
  askCliNpmMs: number;
}

function startOnce(env: NodeJS.ProcessEnv, question: string, timeoutMs = 120_000): Promise<StartupRun> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'scripts/run.mjs', 'main'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let buf = '';
    let listeningMs = 0;
    let rebuilt: string | null = null;
    let indexBuildMs: number | null = null;
    let done = false;
    const finish = (err: Error | null, run?: StartupRun) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.once('exit', () => (err ? reject(err) : resolve(run!)));
      if (child.exitCode !== null || child.signalCode !== null) {
        if (err) reject(err);
        else resolve(run!);
      } else child.kill('SIGTERM');
    };
    const timer = setTimeout(() => finish(new Error(`server did not answer within ${timeoutMs} ms; stderr:\n${buf.slice(-2000)}`)), timeoutMs);
    child.on('exit', (code) => {
      if (!done) finish(new Error(`server exited ${code} before answering; stderr:\n${buf.slice(-2000)}`));
    });
    child.stderr.on('data', (b: Buffer) => {
      buf += b.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let log: { msg?: string; url?: string };
        try {
          log = JSON.parse(line);
        } catch {
          continue;
        }
        const m = log.msg ?? '';
        if (m.startsWith('rebuilding index:')) rebuilt = m.slice('rebuilding index:'.length).trim();
        const built = /^index built: \d+ chunks in (\d+) ms/.exec(m);
        if (built) indexBuildMs = Number(built[1]);
        if (m === 'listening' && log.url) {
          listeningMs = msSince(t0);
          void ask(log.url);
        }
      }
    });
    const ask = async (url: string) => {
      for (;;) {
        try {
          const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: question }) });
          const body = await res.text();
          if (res.status === 200 && body.includes('"answer"')) {
            const firstAnswerMs = round(msSince(t0), 1);
            finish(null, { listeningMs: round(listeningMs, 1), firstAnswerMs, rebuilt, indexBuildMs, ...procRss(child.pid) });
            return;
          }
        } catch {
          /* not up yet */
        }
        if (done) return;
        await new Promise((r) => setTimeout(r, 5));
      }
    };
  });
}

export async function runStartup(opts: {
  knowledgeDir: string;
  workDir: string;
  question: string;
  /** An index already built from the same knowledge (copied in for the "built" run). */
  seedIndex?: string;
  /** Also time a start with no index at all (always done when there is no seed index). */
  includeNoIndex: boolean;
  log: (m: string) => void;
}): Promise<StartupResult> {
  const indexDir = join(opts.workDir, 'index');
  rmSync(opts.workDir, { recursive: true, force: true });
  mkdirSync(opts.workDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_DIR: opts.knowledgeDir,
    INDEX_DIR: indexDir,
    DATA_DIR: join(opts.workDir, 'data'),
    LOG_LEVEL: 'info',
  };
  let noIndex: StartupRun | undefined;
  if (opts.includeNoIndex || !opts.seedIndex) {
    noIndex = await startOnce(env, opts.question);
    opts.log(`startup without an index: listening ${noIndex.listeningMs} ms, first answer ${noIndex.firstAnswerMs} ms (rebuilt: ${noIndex.rebuilt}, build ${noIndex.indexBuildMs} ms)`);
  }
  if (opts.seedIndex) {
    rmSync(indexDir, { recursive: true, force: true });
    cpSync(opts.seedIndex, indexDir, { recursive: true });
  }
  const built = await startOnce(env, opts.question);
  opts.log(`startup with the built index: listening ${built.listeningMs} ms, first answer ${built.firstAnswerMs} ms (rebuilt: ${built.rebuilt ?? 'no'})`);
  if (built.rebuilt) opts.log(`WARNING: the "built" start rebuilt its index (${built.rebuilt})`);
  const manifestFile = join(indexDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { knowledgeHash: string };
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, knowledgeHash: 'stale-by-bench' }, null, 2));
  const stale = await startOnce(env, opts.question);
  opts.log(`startup with a stale index: listening ${stale.listeningMs} ms, first answer ${stale.firstAnswerMs} ms (rebuilt: ${stale.rebuilt}, build ${stale.indexBuildMs} ms)`);
  // The CLI on the index the last start left (current).
  const cli = (cmd: string, args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0 || !r.stdout.includes('"answer"')) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-1500)}`);
      times.push(msSince(t0));
    }
    return round(times.sort((a, b) => a - b)[1], 1);
  };
  const askCliMs = cli(process.execPath, ['scripts/run.mjs', 'cli/ask-cli', '--json', opts.question]);
  const askCliNpmMs = cli('npm', ['run', '--silent', 'ask', '--', '--json', opts.question]);
  opts.log(`ask CLI: ${askCliMs} ms (node scripts/run.mjs), ${askCliNpmMs} ms (npm run ask)`);
  return { builtIndexMs: built.firstAnswerMs, staleIndexMs: stale.firstAnswerMs, noIndexMs: noIndex?.firstAnswerMs ?? null, runs: { built, stale, ...(noIndex ? { noIndex } : {}) }, askCliMs, askCliNpmMs };
}
