/**
 * `npm run bench [-- --quick]`: retrieval engines at three corpus sizes, the chat API under load, the Slack ack,
 * and start-up time. Prints Markdown tables and PASS/FAIL per target, writes bench/results.json (--quick: results-quick.json).
 *
 *   --quick            shipped + 10k chunks only, 3 s load runs, fewer iterations (under a minute)
 *   --only=a,b         run only some parts: retrieval, e2e, startup (for working on one of them)
 *   KNOWLEDGE_DIR      knowledge base to use (default: knowledge); copied to bench/tmp/ first so a run sees one version
 *
 * Speed is reported against anchors measured in the same run (these machines vary by several times from day to
 * day): CPU per turn against a bare Hono request, heap per event stream against a bare node:http stream
 * (anchors.ts). The chat API is also loaded at a fixed offered rate (open loop), the latency a visitor sees when the
 * server is not saturated.
 *
 * Layout: scripts/bench/corpus.ts (synthetic corpora, paraphrases), engines.ts (the four engines),
 * retrieval-worker.ts (one engine at one size, own process), load-worker.ts (autocannon, open-loop sender, stream
 * holder, Slack client; own process), e2e.ts + server-host.ts (the compiled server's startServer, or an anchor, in a
 * forked host process), anchors.ts, startup.ts (spawned as `npm start` does, and the ask CLI), stats.ts, child.ts,
 * types.ts.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, arch, release } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { renderChunks } from '../src/knowledge/render.js';
import { loadEvalSet } from '../src/eval/evaluate.js';
import { buildQueries, matchesDoc, rng } from './bench/corpus.js';
import { runRetrieval, type RetrievalRow } from './bench/retrieval.js';
import { runE2E, type E2ERow, type SlackAck, type ServerRss, type CpuFigures, type FixedRate, type StreamFigures } from './bench/e2e.js';
import { runStartup, type StartupResult } from './bench/startup.js';
import { markdownTable, fmt, round } from './bench/stats.js';
import type { WorkerSpec } from './bench/retrieval-worker.js';
import { ensureBuilt } from './build.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',') ?? ['retrieval', 'e2e', 'startup'];
const started = Date.now();
const log = (m: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}\n`);

const BENCH = resolve('bench');
const TMP = join(BENCH, 'tmp');
const SEED = 20261126;

function snapshotKnowledge(): { dir: string; source: string } {
  const source = resolve(process.env.KNOWLEDGE_DIR || 'knowledge');
  const dir = join(TMP, 'knowledge');
  rmSync(dir, { recursive: true, force: true });
  cpSync(source, dir, { recursive: true });
  try {
    loadKnowledge(dir);
  } catch (e) {
    process.stderr.write(`The knowledge base at ${source} does not load:\n${(e as Error).message}\n`);
    process.stderr.write('It may be mid-edit; run again, or point KNOWLEDGE_DIR at a stable copy.\n');
    process.exit(1);
  }
  return { dir, source };
}

interface Target {
  name: string;
  value: string;
  pass: boolean | null;
}

async function main() {
  mkdirSync(TMP, { recursive: true });
  // The server runs compiled, as npm start runs it.
  await ensureBuilt();
  const kbSnap = snapshotKnowledge();
  const kb = loadKnowledge(kbSnap.dir);
  const shippedChunks = renderChunks(kb);
  const shippedKeys = [...new Set(shippedChunks.map((c) => c.docKey))];
  const evalSet = loadEvalSet(resolve('test/eval/questions'));
  const answerable = evalSet.filter((q) => q.expect.docs.length && q.expect.docs.some((e) => shippedKeys.some((k) => matchesDoc(k, e))));
  // One fixed shuffled order for latency, so a time cap cuts every engine at the same queries.
  const queries = buildQueries(evalSet);
  const r = rng(SEED);
  for (let i = queries.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [queries[i], queries[j]] = [queries[j], queries[i]];
  }
  log(`knowledge ${kbSnap.source}: ${kb.profiles.length} profiles, ${kb.pages.length} pages, ${shippedChunks.length} chunks (hash ${kb.hash})`);
  log(`queries: ${evalSet.length} eval questions + paraphrases = ${queries.length}; ${answerable.length} questions have their expected docs in the knowledge base`);

  // Chat texts for load: factual questions (no escalation expected), so every request takes the answer path.
  const texts = evalSet.filter((q) => !(q.expect.escalate ?? q.escalate) && q.expect.docs.length).map((q) => q.q);

  const sizes = quick ? [0, 10_000] : [0, 10_000, 100_000];
  let retrieval: RetrievalRow[] = [];
  if (only.includes('retrieval')) {
    // Workers read the loaded knowledge base as JSON (faster than parsing and validating the YAML again).
    const kbJson = join(TMP, 'kb.json');
    writeFileSync(kbJson, JSON.stringify(kb));
    const spec: WorkerSpec = {
      kbJson,
      scratchDir: join(TMP, 'scratch'),
      seed: SEED,
      queries,
      // --quick judges every fourth answerable question (the same ones for every engine).
      answerable: answerable.filter((_, i) => !quick || i % 4 === 0).map((q) => q.id),
      latencyBudgetMs: quick ? 500 : 4000,
      latencyMaxMs: quick ? 1000 : 20_000,
      qualityMaxMs: quick ? 1000 : 60_000,
      profileSizes: quick ? [0] : sizes,
    };
    retrieval = await runRetrieval({
      spec,
      specPath: join(TMP, 'spec.json'),
      sizes,
      log,
      skip: (size, engine, done) => {
        // Brute force at 100k: judge from its 10k figures whether it fits in the time allowed.
        if (engine !== 'memory' || size < 100_000) return null;
        const at10k = done.find((x) => x.engine === 'memory' && x.size === '10000');
        if (!at10k?.p50) return null;
        const estimate = at10k.p50 * 10 * answerable.length;
        return estimate > 10 * 60_000 ? `estimated ${Math.round(estimate / 1000)} s for one pass over the eval questions` : null;
      },
    });
  }

  let e2e: E2ERow[] = [];
  let slackAck: SlackAck | null = null;
  let serverRss: ServerRss | null = null;
  let cpu: CpuFigures | null = null;
  let fixedRate: FixedRate | null = null;
  let streams: StreamFigures | null = null;
  if (only.includes('e2e')) {
    const work = join(TMP, 'e2e');
    rmSync(work, { recursive: true, force: true });
    const out = await runE2E({
      knowledgeDir: kbSnap.dir,
      workDir: work,
      connections: [10, 50, 200],
      durationS: quick ? 3 : 10,
      warmupRequests: quick ? 300 : 1000,
      warmupS: quick ? 3 : 10,
      slackEvents: quick ? 40 : 200,
      texts,
      fixedRate: { rate: 200, durationS: quick ? 5 : 20, conversations: 200 },
      streams: 1000,
      log,
    });
    e2e = out.e2e;
    slackAck = out.slackAck;
    serverRss = out.serverRss;
    cpu = out.cpu;
    fixedRate = out.fixedRate;
    streams = out.streams;
  }

  let startup: StartupResult | null = null;
  if (only.includes('startup')) {
    const question = evalSet.find((q) => q.lang === 'en' && answerable.includes(q))?.q ?? 'How long is a China customs recordation valid?';
    const work = join(TMP, 'startup');
    // The e2e server built an index of the same knowledge: the start-up with a built index reuses it (saves a spawn).
    const e2eIndex = join(TMP, 'e2e', 'index');
    startup = await runStartup({ knowledgeDir: kbSnap.dir, workDir: work, question, seedIndex: existsSync(e2eIndex) ? e2eIndex : undefined, includeNoIndex: !quick, log });
    rmSync(work, { recursive: true, force: true });
  }
  rmSync(join(TMP, 'e2e'), { recursive: true, force: true });
  rmSync(join(TMP, 'scratch'), { recursive: true, force: true });

  // ---- targets ----
  const targets: Target[] = [];
  const row = (size: string, engine: string) => retrieval.find((x) => x.size === size && x.engine === engine);
  const sizeLabel = (s: number) => (s === 0 ? 'shipped' : String(s));
  const sizeName = (s: string) => (s === 'shipped' ? `shipped (${row('shipped', 'hybrid')?.chunks ?? shippedChunks.length})` : `${Number(s) / 1000}k`);
  if (retrieval.length) {
    for (const s of sizes.map(sizeLabel)) {
      const h = row(s, 'hybrid')?.p95;
      const m = row(s, 'minisearch')?.p95;
      targets.push({ name: `hybrid p95 ≤ minisearch p95 at ${sizeName(s)}`, value: `${fmt(h, 3)} vs ${fmt(m, 3)} ms`, pass: h != null && m != null ? h <= m : null });
    }
    const h1 = row('shipped', 'hybrid')?.p95;
    targets.push({ name: `hybrid p95 < 5 ms at ${sizeName('shipped')}`, value: `${fmt(h1, 3)} ms`, pass: h1 != null ? h1 < 5 : null });
    const h100 = row('100000', 'hybrid')?.p95;
    targets.push({ name: 'hybrid p95 < 30 ms at 100k', value: h100 != null ? `${fmt(h100, 3)} ms` : 'not run (--quick)', pass: h100 != null ? h100 < 30 : null });
    const b = row('shipped', 'hybrid')?.buildMs;
    targets.push({ name: `index build < 5 s at ${sizeName('shipped')}`, value: `${fmt(b, 0)} ms`, pass: b != null ? b < 5000 : null });
    for (const s of sizes.filter((x) => x > 0).map(sizeLabel)) {
      const bs = row(s, 'hybrid')?.buildMs;
      targets.push({ name: `index build < 5 s at ${sizeName(s)} (for information)`, value: `${fmt(bs, 0)} ms`, pass: bs != null ? bs < 5000 : null });
    }
  }
  if (e2e.length) {
    const at50 = e2e.find((x) => x.connections === 50);
    targets.push({ name: 'e2e p95 < 25 ms at 50 connections, no errors', value: at50 ? `${fmt(at50.p95)} ms, ${at50.errors} errors` : '—', pass: at50 ? at50.p95 < 25 && at50.errors === 0 : null });
    const at200 = e2e.find((x) => x.connections === 200);
    targets.push({ name: 'e2e no errors at 200 connections', value: at200 ? `${at200.errors} errors / ${at200.requests} requests` : '—', pass: at200 ? at200.errors === 0 : null });
    const peak = Math.max(...e2e.map((x) => x.peakRssMb), slackAck?.peakRssMb ?? 0);
    targets.push({ name: 'server RSS < 250 MB (peak under load)', value: `${fmt(peak, 1)} MB peak`, pass: peak < 250 });
  }
  if (cpu) targets.push({ name: 'per-turn CPU ≤ 8 × a bare Hono request (same run)', value: `${fmt(cpu.perTurnCpuMs, 3)} vs ${fmt(cpu.anchorHonoCpuMs, 3)} ms = ${fmt(cpu.ratio, 1)}×`, pass: cpu.ratio <= 8 });
  if (streams) targets.push({ name: 'heap per event stream ≤ 2 × a bare node:http stream', value: `${fmt(streams.streamHeapKb, 1)} vs ${fmt(streams.anchorStreamHeapKb, 1)} KB = ${fmt(streams.ratio, 1)}×`, pass: streams.ratio <= 2 && streams.failed === 0 });
  if (fixedRate) targets.push({ name: `p95 ≤ 25 ms at ${fixedRate.rate} turns/s offered (open loop), no errors`, value: `${fmt(fixedRate.p95)} ms, ${fixedRate.errors} errors, ${fmt(fixedRate.achievedRps, 0)} answered/s`, pass: fixedRate.p95 <= 25 && fixedRate.errors === 0 });
  if (startup) {
    targets.push({ name: 'start-up to the first answer ≤ 1 s (built index)', value: `${fmt(startup.builtIndexMs, 0)} ms`, pass: startup.builtIndexMs <= 1000 });
    targets.push({ name: 'ask CLI ≤ 1 s (npm run ask, spawn to exit)', value: `${fmt(startup.askCliNpmMs, 0)} ms (${fmt(startup.askCliMs, 0)} ms without npm)`, pass: startup.askCliNpmMs <= 1000 });
  }
  if (slackAck) targets.push({ name: 'Slack ack p95 < 100 ms', value: `${fmt(slackAck.p95)} ms`, pass: slackAck.p95 < 100 });

  // ---- tables ----
  const md: string[] = [];
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${platform()} ${release()} ${arch()}`, memory: `${Math.round(totalmem() / 1024 ** 3)} GB` };
  md.push(`Machine: ${machine.cpus} × ${machine.model}, ${machine.memory} RAM, Node ${machine.node}, ${machine.platform}. ${quick ? 'Quick run.' : 'Full run.'} ${new Date().toISOString().slice(0, 10)}`);
  if (retrieval.length) {
    const judged = Math.max(...retrieval.map((x) => x.evalQuestions));
    md.push('', `### Retrieval (latency over ${queries.length} queries: ${evalSet.length} eval questions + 2 paraphrases each; hit@5 and MRR on ${judged} eval questions${quick ? `, every fourth of the ${answerable.length}` : ''} whose expected docs are in the knowledge base)`, '');
    md.push(
      markdownTable(
        ['size', 'engine', 'p50 ms', 'p95 ms', 'hit@5', 'MRR', 'hit@5 para', 'build ms', 'RSS Δ MB', 'heap Δ MB'],
        retrieval.map((x) => [sizeName(x.size), x.engine, fmt(x.p50, 3), fmt(x.p95, 3), fmt(x.hit5, 3), fmt(x.mrr, 3), fmt(x.hit5Para, 3), fmt(x.buildMs, 0), fmt(x.memoryMb, 1), fmt(x.heapMb, 1)]),
      ),
    );
    md.push('', 'Latency is the cold path: the glossary matcher\'s cache of recent texts is emptied before each timed query. RSS Δ keeps what the build allocated and freed; heap Δ (after GC) is what the index holds.');
    const notes = retrieval.filter((x) => x.notes.length).map((x) => `- ${sizeName(x.size)} ${x.engine}: ${x.notes.join('; ')}`);
    if (notes.length) md.push('', ...notes);
    const profiled = retrieval.filter((x) => x.profile);
    if (profiled.length) {
      const stageNames = Object.keys(profiled[0].profile!.queryStagesMs);
      md.push('', '#### Hybrid retriever: mean ms per query stage', '');
      md.push(markdownTable(['size', ...stageNames], profiled.map((x) => [sizeName(x.size), ...stageNames.map((k) => fmt(x.profile!.queryStagesMs[k], 3))])));
      const phaseNames = Object.keys(profiled[0].profile!.buildPhasesMs);
      md.push('', '#### Hybrid index: ms per build step (buildIndex replayed step by step) and loading it back', '');
      md.push(markdownTable(['size', ...phaseNames], profiled.map((x) => [sizeName(x.size), ...phaseNames.map((k) => fmt(x.profile!.buildPhasesMs[k], 0))])));
    }
  }
  if (e2e.length) {
    md.push('', `### Chat API under load (POST /api/conversations/:id/messages, one conversation per connection, ${quick ? 3 : 10} s per run)`, '');
    md.push(
      markdownTable(
        ['connections', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'requests', 'peak RSS MB', 'peak heap MB', 'live heap after MB', 'event loop busy', 'loop delay p99 ms'],
        e2e.map((x) => [x.connections, fmt(x.rps, 1), fmt(x.p50), fmt(x.p95), fmt(x.p99), x.errors, x.requests, fmt(x.peakRssMb, 1), fmt(x.peakHeapTotalMb, 1), fmt(x.heapUsedAfterGcMb, 1), `${Math.round(x.eventLoopUtilization * 100)}%`, fmt(x.loopDelayP99Ms, 1)]),
      ),
    );
    if (cpu)
      md.push('', `CPU: ${fmt(cpu.perTurnCpuMs, 3)} ms per turn (server CPU time / turns, ${cpu.connections} connections) against ${fmt(cpu.anchorHonoCpuMs, 3)} ms per request for a bare Hono app answering the same POST with a reply of the same size: ${fmt(cpu.ratio, 1)}×.${cpu.withStreams ? ` With ${cpu.withStreams.streams} idle event streams open on other conversations: ${fmt(cpu.withStreams.perTurnCpuMs, 3)} ms per turn.` : ''}`);
    if (fixedRate)
      md.push('', `Fixed rate (open loop, ${fixedRate.rate} turns/s offered for ${fixedRate.durationS} s over ${fixedRate.conversations} conversations, latency from when each turn was due): ${fmt(fixedRate.achievedRps, 1)} answered/s, p50 ${fmt(fixedRate.p50)} ms, p95 ${fmt(fixedRate.p95)} ms, p99 ${fmt(fixedRate.p99)} ms, ${fixedRate.errors} errors.`);
    if (streams)
      md.push('', `Event streams: ${streams.opened} held open (one per conversation): ${fmt(streams.streamHeapKb, 1)} KB of heap each (after a full GC; ${fmt(streams.streamExternalKb, 1)} KB external, ${fmt(streams.streamRssKb, 1)} KB RSS) against ${fmt(streams.anchorStreamHeapKb, 1)} KB for a bare node:http event stream (${fmt(streams.anchorStreamExternalKb, 1)} KB external, ${fmt(streams.anchorStreamRssKb, 1)} KB RSS): ${fmt(streams.ratio, 1)}×.`);
    if (serverRss)
      md.push('', `Server process RSS: ${serverRss.preStartRssMb} MB before startServer (Node + tsx + the app's modules), ${serverRss.startRssMb} MB once listening, ${serverRss.overallPeakRssMb} MB at its highest from start to end (the index build at start included).`);
  }
  if (slackAck) md.push('', `### Slack\n\nEvent ack (signed app_mention, HTTP response time, ${slackAck.events} events one at a time): p50 ${fmt(slackAck.p50)} ms, p95 ${fmt(slackAck.p95)} ms, p99 ${fmt(slackAck.p99)} ms; ${slackAck.answered}/${slackAck.events} answered in thread, the last ${slackAck.drainMs} ms after the last ack; server peak RSS ${fmt(slackAck.peakRssMb, 1)} MB.`);
  if (startup) {
    md.push('', '### Start-up (spawn as `npm start` does: `node scripts/run.mjs main`, compiled → first answered POST /api/ask)', '');
    md.push(
      markdownTable(
        ['index', 'listening ms', 'first answer ms', 'index build ms (server log)', 'server RSS MB'],
        (['built', 'stale', 'noIndex'] as const)
          .filter((k) => startup!.runs[k])
          .map((k) => [k === 'noIndex' ? 'none' : k, fmt(startup!.runs[k]!.listeningMs, 0), fmt(startup!.runs[k]!.firstAnswerMs, 0), fmt(startup!.runs[k]!.indexBuildMs, 0), fmt(startup!.runs[k]!.rssMb, 1)]),
      ),
    );
    md.push('', `The ask CLI, spawn to exit: ${fmt(startup.askCliMs, 0)} ms (\`node scripts/run.mjs cli/ask-cli\`), ${fmt(startup.askCliNpmMs, 0)} ms through \`npm run ask\`.`);
  }
  md.push('', '### Targets', '');
  md.push(markdownTable(['target', 'measured', 'result'], targets.map((t) => [t.name, t.value, t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL'])));
  process.stdout.write(`${md.join('\n')}\n`);

  const results = {
    // The headline figures, each beside its anchor from the same run (details below).
    perTurnCpuMs: cpu?.perTurnCpuMs ?? null,
    anchorHonoCpuMs: cpu?.anchorHonoCpuMs ?? null,
    perTurnCpuRatio: cpu?.ratio ?? null,
    streamHeapKb: streams?.streamHeapKb ?? null,
    anchorStreamHeapKb: streams?.anchorStreamHeapKb ?? null,
    streamHeapRatio: streams?.ratio ?? null,
    startupFirstAnswerMs: startup?.builtIndexMs ?? null,
    askCliMs: startup?.askCliNpmMs ?? null,
    fixedRate: fixedRate ? { rate: fixedRate.rate, durationS: fixedRate.durationS, achievedRps: fixedRate.achievedRps, p50: fixedRate.p50, p95: fixedRate.p95, p99: fixedRate.p99, errors: fixedRate.errors } : null,
    machine,
    date: new Date().toISOString(),
    quick,
    knowledge: { source: relative(process.cwd(), kbSnap.source) || '.', hash: kb.hash, chunks: shippedChunks.length, evalQuestions: evalSet.length, answerableQuestions: answerable.length, queries: queries.length },
    method: {
      retrieval:
        'one child process per (size, engine); latency = hrtime around engine.search(q, 10) over the shuffled query list (eval questions + reordered + shortened paraphrases), after a warm-up, with the glossary matcher\'s recent-text cache emptied before each query (every question new); hit@5/MRR as npm run eval: distinct docKeys of the top 10 chunks',
      e2e: 'server started with startServer in a forked host process (RATE_LIMITS=off); autocannon in another process, one conversation per connection; RSS sampled every 20 ms in the host; CPU = the host process\'s user + system time over the run / requests answered',
      anchors: 'in the same run and the same kind of host: a bare Hono app (@hono/node-server) answering the chat POST with a JSON reply of our median size, under the same closed loop (CPU per request); a bare node:http server holding the same number of event streams (heap after a full GC per stream)',
      fixedRate: 'open loop: request i sent at start + i/rate on kept-alive sockets whatever the earlier answers, conversations in turn; latency from when each request was due',
    },
    retrieval: retrieval.map((x) => ({
      size: x.chunks,
      sizeLabel: x.size,
      engine: x.engine,
      p50: x.p50,
      p95: x.p95,
      p99: x.p99,
      hit5: x.hit5,
      mrr: x.mrr,
      hit5Para: x.hit5Para,
      mrrPara: x.mrrPara,
      buildMs: x.buildMs,
      memoryMb: x.memoryMb,
      heapMb: x.heapMb,
      peakRssMb: x.peakRssMb,
      samples: x.samples,
      evalQuestions: x.evalQuestions,
      fingerprint: x.fingerprint,
      notes: x.notes,
      ...(x.profile ? { profile: x.profile } : {}),
    })),
    e2e,
    cpu,
    fixedRateRun: fixedRate,
    streams,
    slackAck,
    startup,
    serverRss,
    targets,
    durationS: round((Date.now() - started) / 1000, 1),
  };
  // A quick run does not replace the full run's figures (README quotes those).
  const file = quick ? 'results-quick.json' : 'results.json';
  writeFileSync(join(BENCH, file), `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote bench/${file} (${results.durationS} s)`);
}

if (!existsSync(resolve('package.json'))) {
  process.stderr.write('run from the project root (npm run bench)\n');
  process.exit(1);
}
main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
