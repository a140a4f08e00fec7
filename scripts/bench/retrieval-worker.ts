/**
 * One engine at one corpus size, in a process of its own (so heap and RSS deltas belong to that engine alone and
 * one engine's garbage does not slow the next). Run by scripts/bench.ts as
 *   node --expose-gc --import tsx scripts/bench/retrieval-worker.ts <spec.json> <targetChunks> <engine>
 * and answers with one line `RESULT {json}` on stdout.
 */
import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { KnowledgeBase } from '../../src/knowledge/load.js';
import { renderChunks } from '../../src/knowledge/render.js';
import { indexText, loadIndex } from '../../src/retrieval/index-store.js';
import { Bm25Index } from '../../src/retrieval/bm25.js';
import { analyzeQuery } from '../../src/retrieval/query-analysis.js';
import { growKnowledgeBase, fingerprint, matchesDoc, type BenchQuery } from './corpus.js';
import { buildEngine, engineDeps, forgetRecentTexts, type Engine, type EngineName, type EngineDeps } from './engines.js';
import { percentile, mean, round, mb, msSince } from './stats.js';

export interface WorkerSpec {
  /** The shipped knowledge base, as loaded by the main process (JSON of a KnowledgeBase). */
  kbJson: string;
  scratchDir: string;
  seed: number;
  /** All latency queries (eval questions and paraphrases), in the order every engine asks them. */
  queries: BenchQuery[];
  /** Eval question ids whose expected docs exist in the shipped chunks: quality is judged on these. */
  answerable: string[];
  latencyBudgetMs: number;
  latencyMaxMs: number;
  /** Time allowed for the quality pass before paraphrases are skipped (slow engines at 100k). */
  qualityMaxMs: number;
  /** Sizes at which the hybrid engine is also profiled (query stages, build steps replayed). */
  profileSizes: number[];
}

export interface WorkerResult {
  engine: EngineName;
  targetChunks: number;
  chunks: number;
  fingerprint: string;
  buildMs: number;
  memoryMb: number;
  heapMb: number;
  peakRssMb: number;
  p50: number;
  p95: number;
  p99: number;
  meanMs: number;
  samples: number;
  queriesCovered: number;
  hit5: number;
  mrr: number;
  evalQuestions: number;
  hit5Para: number | null;
  mrrPara: number | null;
  paraQuestions: number;
  notes: string[];
  profile?: HybridProfile;
}

export interface HybridProfile {
  /** Mean ms per query of each stage, measured outside the retriever with the same calls it makes. */
  queryStagesMs: Record<string, number>;
  /** Each step buildIndex takes, replayed one by one (the measured build above is one buildIndex call). */
  buildPhasesMs: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const settle = () => {
  gc();
  gc();
};
const memNow = () => {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
};

async function quality(engine: Engine, queries: BenchQuery[], maxMs: number) {
  const judged = { orig: [] as Array<number | null>, para: [] as Array<number | null> };
  const t0 = process.hrtime.bigint();
  let skipped = false;
  // Originals first: if time runs out, the paraphrases are what is left out.
  const ordered = [...queries.filter((q) => q.variant === 'orig'), ...queries.filter((q) => q.variant !== 'orig')];
  for (const q of ordered) {
    if (q.variant !== 'orig' && msSince(t0) > maxMs) {
      skipped = true;
      break;
    }
    const hits = await engine.search(q.q, 10);
    const keys: string[] = [];
    for (const i of hits) {
      const key = engine.chunks[i].docKey;
      if (!keys.includes(key)) keys.push(key);
    }
    const at = keys.findIndex((k) => q.docs.some((e) => matchesDoc(k, e)));
    (q.variant === 'orig' ? judged.orig : judged.para).push(at >= 0 ? at + 1 : null);
  }
  const figures = (ranks: Array<number | null>) => ({
    hit5: ranks.length ? ranks.filter((r) => r !== null && r <= 5).length / ranks.length : NaN,
    mrr: ranks.length ? ranks.reduce<number>((s, r) => s + (r ? 1 / r : 0), 0) / ranks.length : NaN,
    n: ranks.length,
  });
  return { orig: figures(judged.orig), para: skipped ? null : figures(judged.para) };
}

async function latency(engine: Engine, queries: BenchQuery[], budgetMs: number, maxMs: number, cold: () => void) {
  // Warm-up: JIT, lazy inits, first-touch of pages; not timed.
  const warm = Math.min(queries.length, 200);
  const tw = process.hrtime.bigint();
  for (let i = 0; i < warm && msSince(tw) < Math.min(300, maxMs / 4); i++) await engine.search(queries[queries.length - 1 - i].q, 10);
  const samples: number[] = [];
  const t0 = process.hrtime.bigint();
  let i = 0;
  for (;;) {
    const q = queries[i % queries.length];
    cold();
    const t = process.hrtime.bigint();
    await engine.search(q.q, 10);
    samples.push(msSince(t));
    i++;
    const elapsed = msSince(t0);
    if ((i >= queries.length && elapsed >= budgetMs) || elapsed >= maxMs) break;
  }
  return { samples, covered: Math.min(i, queries.length) };
}

async function profileHybrid(engine: Engine, d: EngineDeps, queries: BenchQuery[]): Promise<HybridProfile> {
  const { index, retriever } = engine.internals!;
  const covered = retriever.coveredJurisdictions;
  const stages: Record<string, number[]> = { analyzeQuery: [], tokenize: [], bm25Search: [], embedQuery: [], hnswSearch: [], retrieveTotal: [] };
  const depth = Math.min(40, index.chunks.length);
  const t0 = process.hrtime.bigint();
  for (const q of queries) {
    if (msSince(t0) > 3000) break;
    forgetRecentTexts(d);
    let t = process.hrtime.bigint();
    analyzeQuery(q.q, d.matcher, covered);
    stages.analyzeQuery.push(msSince(t));
    t = process.hrtime.bigint();
    const tokens = d.tokenizer.tokenize(q.q);
    stages.tokenize.push(msSince(t));
    t = process.hrtime.bigint();
    index.bm25.search(tokens, depth);
    stages.bm25Search.push(msSince(t));
    t = process.hrtime.bigint();
    const qv = await d.embeddings.embedQuery(q.q);
    stages.embedQuery.push(msSince(t));
    t = process.hrtime.bigint();
    await index.vectors.similaritySearchVectorWithScore(qv, depth);
    stages.hnswSearch.push(msSince(t));
    forgetRecentTexts(d);
    t = process.hrtime.bigint();
    await retriever.retrieve(q.q, { k: 10 });
    stages.retrieveTotal.push(msSince(t));
  }
  const queryStagesMs = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(mean(v), 4)]));

  // buildIndex, step by step (same calls, same order), plus loading the saved index as a server start does.
  const phases: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const t = process.hrtime.bigint();
    const out = await fn();
    phases[name] = round(msSince(t), 1);
    return out;
  };
  const chunks = await time('renderChunks', () => renderChunks(d.kb));
  const tokens = await time('tokenize', () => chunks.map((c) => d.tokenizer.tokenize(indexText(c))));
  const bm25 = await time('bm25Build', () => Bm25Index.build(tokens));
  const vectors = await time('embedDocuments', () => d.embeddings.embedDocuments(chunks.map(indexText)));
  const store = await time('hnswAdd', async () => {
    const s = new HNSWLib(d.embeddings, { space: 'cosine', numDimensions: vectors[0].length });
    await s.addVectors(vectors, chunks.map((c, i) => new Document({ pageContent: c.id, metadata: { i } })));
    return s;
  });
  const dir = join(d.scratch, 'phases');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await time('save', async () => {
    await store.save(join(dir, 'hnsw'));
    writeFileSync(join(dir, 'chunks.json'), JSON.stringify(chunks));
    writeFileSync(join(dir, 'bm25.json'), JSON.stringify(bm25.toJSON()));
  });
  rmSync(dir, { recursive: true, force: true });
  await time('loadIndex', () => loadIndex(join(d.scratch, 'index'), d.embeddings));
  return { queryStagesMs, buildPhasesMs: phases };
}

async function main() {
  const [specPath, target, engineName] = process.argv.slice(2);
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as WorkerSpec;
  const targetChunks = Number(target);
  const name = engineName as EngineName;
  const notes: string[] = [];
  if (!(globalThis as { gc?: unknown }).gc) notes.push('no --expose-gc: memory figures include garbage');

  const shipped = JSON.parse(readFileSync(spec.kbJson, 'utf8')) as KnowledgeBase;
  const kb = targetChunks > 0 ? growKnowledgeBase(shipped, { targetChunks, seed: spec.seed }) : shipped;
  const chunks = renderChunks(kb);
  const scratch = join(spec.scratchDir, `${name}-${targetChunks}`);
  mkdirSync(scratch, { recursive: true });
  const d = engineDeps(kb, chunks, scratch);
  // Tokenizer and embedder code warmed on a few texts, so the build measures the work and not the first JIT.
  for (const c of chunks.slice(0, 20)) {
    d.tokenizer.tokenize(indexText(c));
    d.embeddings.embed(indexText(c));
  }

  settle();
  const before = memNow();
  const t0 = process.hrtime.bigint();
  const engine = await buildEngine(name, d);
  const buildMs = msSince(t0);
  settle();
  const after = memNow();

  const answerable = new Set(spec.answerable);
  const judged = spec.queries.filter((q) => answerable.has(q.id) && q.docs.length);
  const qual = await quality(engine, judged, spec.qualityMaxMs);
  if (!qual.para) notes.push(`paraphrase quality skipped: the quality pass took over ${spec.qualityMaxMs} ms`);
  const lat = await latency(engine, spec.queries, spec.latencyBudgetMs, spec.latencyMaxMs, () => forgetRecentTexts(d));
  if (lat.covered < spec.queries.length) notes.push(`latency over the first ${lat.covered} of ${spec.queries.length} queries (time cap ${spec.latencyMaxMs} ms)`);

  const result: WorkerResult = {
    engine: name,
    targetChunks,
    chunks: engine.chunks.length,
    fingerprint: fingerprint(engine.chunks),
    buildMs: round(buildMs, 1),
    memoryMb: mb(after.rss - before.rss),
    heapMb: mb(after.heap - before.heap),
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    p50: round(percentile(lat.samples, 50), 4),
    p95: round(percentile(lat.samples, 95), 4),
    p99: round(percentile(lat.samples, 99), 4),
    meanMs: round(mean(lat.samples), 4),
    samples: lat.samples.length,
    queriesCovered: lat.covered,
    hit5: round(qual.orig.hit5, 4),
    mrr: round(qual.orig.mrr, 4),
    evalQuestions: qual.orig.n,
    hit5Para: qual.para ? round(qual.para.hit5, 4) : null,
    mrrPara: qual.para ? round(qual.para.mrr, 4) : null,
    paraQuestions: qual.para?.n ?? 0,
    notes,
  };
  if (name === 'hybrid' && spec.profileSizes.includes(targetChunks)) result.profile = await profileHybrid(engine, d, spec.queries);
  rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
