/** The retrieval benchmark: every engine at every size, one child process per (size, engine). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child.js';
import { ENGINES, type EngineName } from './types.js';
import type { WorkerResult, WorkerSpec } from './retrieval-worker.js';

export interface RetrievalRow {
  /** 'shipped' or the synthetic target (10000, 100000). */
  size: string;
  chunks: number;
  engine: EngineName;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  hit5: number | null;
  mrr: number | null;
  hit5Para: number | null;
  mrrPara: number | null;
  buildMs: number | null;
  memoryMb: number | null;
  heapMb: number | null;
  peakRssMb: number | null;
  samples: number;
  evalQuestions: number;
  fingerprint: string | null;
  notes: string[];
  profile?: WorkerResult['profile'];
}

export async function runRetrieval(opts: {
  spec: WorkerSpec;
  specPath: string;
  sizes: number[];
  skip?: (size: number, engine: EngineName, done: RetrievalRow[]) => string | null;
  log: (m: string) => void;
}): Promise<RetrievalRow[]> {
  writeFileSync(opts.specPath, JSON.stringify(opts.spec));
  const rows: RetrievalRow[] = [];
  for (const size of opts.sizes) {
    const label = size === 0 ? 'shipped' : String(size);
    for (const engine of ENGINES) {
      const why = opts.skip?.(size, engine, rows) ?? null;
      if (why) {
        opts.log(`retrieval ${label} ${engine}: skipped (${why})`);
        rows.push(emptyRow(label, engine, rows.find((r) => r.size === label)?.chunks ?? 0, [`skipped: ${why}`]));
        continue;
      }
      const started = Date.now();
      try {
        const r = await runChild<WorkerResult>(join('scripts', 'bench', 'retrieval-worker.ts'), [opts.specPath, String(size), engine], {
          nodeFlags: ['--expose-gc', '--max-old-space-size=8192'],
          timeoutMs: 15 * 60_000,
        });
        opts.log(`retrieval ${label} ${engine}: ${r.chunks} chunks, build ${r.buildMs} ms, p95 ${r.p95} ms, hit@5 ${r.hit5} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        rows.push({
          size: label,
          chunks: r.chunks,
          engine,
          p50: r.p50,
          p95: r.p95,
          p99: r.p99,
          hit5: r.hit5,
          mrr: r.mrr,
          hit5Para: r.hit5Para,
          mrrPara: r.mrrPara,
          buildMs: r.buildMs,
          memoryMb: r.memoryMb,
          heapMb: r.heapMb,
          peakRssMb: r.peakRssMb,
          samples: r.samples,
          evalQuestions: r.evalQuestions,
          fingerprint: r.fingerprint,
          notes: r.notes,
          ...(r.profile ? { profile: r.profile } : {}),
        });
      } catch (e) {
        opts.log(`retrieval ${label} ${engine}: FAILED ${(e as Error).message}`);
        rows.push(emptyRow(label, engine, 0, [`failed: ${(e as Error).message.split('\n')[0]}`]));
      }
    }
    const prints = new Set(rows.filter((r) => r.size === label && r.fingerprint).map((r) => r.fingerprint));
    if (prints.size > 1) opts.log(`WARNING: engines at ${label} indexed different corpora (${[...prints].join(', ')})`);
  }
  return rows;
}

function emptyRow(size: string, engine: EngineName, chunks: number, notes: string[]): RetrievalRow {
  return { size, chunks, engine, p50: null, p95: null, p99: null, hit5: null, mrr: null, hit5Para: null, mrrPara: null, buildMs: null, memoryMb: null, heapMb: null, peakRssMb: null, samples: 0, evalQuestions: 0, fingerprint: null, notes };
}
