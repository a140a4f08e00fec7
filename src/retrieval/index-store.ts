import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync, renameSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { KnowledgeBase } from '../knowledge/load.js';
import { renderChunks, type Chunk } from '../knowledge/render.js';
import { Bm25Index, type Bm25Json } from './bm25.js';
import type { Tokenizer } from './tokenize.js';

/** Bumped whenever chunking, tokenising or the file layout changes, so old indexes are rebuilt. */
export const INDEX_FORMAT = 4;

export interface NamedEmbeddings extends Embeddings {
  readonly id: string;
  readonly dimensions?: number;
}

export interface IndexManifest {
  format: number;
  knowledgeHash: string;
  embedder: string;
  dimensions: number;
  chunks: number;
  builtAt: string;
}

export interface KnowledgeIndex {
  manifest: IndexManifest;
  chunks: Chunk[];
  bm25: Bm25Index;
  vectors: HNSWLib;
}

/** The index's own files in its folder. */
const INDEX_FILES = new Set(['hnsw', 'chunks.json', 'bm25.json', 'manifest.json']);

/** Text a chunk is indexed under: title words count too (they carry the country and the field). */
export const indexText = (c: Chunk) => `${c.title}\n${c.text}`;

export async function buildIndex(kb: KnowledgeBase, tokenizer: Tokenizer, embeddings: NamedEmbeddings, dir: string): Promise<KnowledgeIndex> {
  const chunks = renderChunks(kb);
  const bm25 = Bm25Index.build(chunks.map((c) => tokenizer.tokenize(indexText(c))));
  const texts = chunks.map(indexText);
  const vectors = await embeddings.embedDocuments(texts);
  const dimensions = vectors[0]?.length ?? embeddings.dimensions ?? 0;
  const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions });
  await store.addVectors(
    vectors,
    chunks.map((c, i) => new Document({ pageContent: c.id, metadata: { i } })),
  );
  const manifest: IndexManifest = {
    format: INDEX_FORMAT,
    knowledgeHash: kb.hash,
    embedder: embeddings.id,
    dimensions,
    chunks: chunks.length,
    builtAt: new Date().toISOString(),
  };
  // Write beside, then swap: a crash mid-build leaves the old index (or none), never half of one.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await store.save(join(tmp, 'hnsw'));
  writeFileSync(join(tmp, 'chunks.json'), JSON.stringify(chunks));
  writeFileSync(join(tmp, 'bm25.json'), JSON.stringify(bm25.toJSON()));
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
  mkdirSync(dirname(dir), { recursive: true });
  // Other caches kept in the folder (the parsed knowledge base, the understanding model) carry over: each is keyed
  // by its own hash.
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (!INDEX_FILES.has(f) && !existsSync(join(tmp, f))) cpSync(join(dir, f), join(tmp, f), { recursive: true });
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return { manifest, chunks, bm25, vectors: store };
}

export function readManifest(dir: string): IndexManifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as IndexManifest;
  } catch {
    return null;
  }
}

export function isStale(manifest: IndexManifest | null, kb: KnowledgeBase, embeddings: NamedEmbeddings): string | null {
  if (!manifest) return 'no index on disk';
  if (manifest.format !== INDEX_FORMAT) return `index format ${manifest.format} is not ${INDEX_FORMAT}`;
  if (manifest.knowledgeHash !== kb.hash) return 'knowledge changed since the index was built';
  if (manifest.embedder !== embeddings.id) return `embedder changed (${manifest.embedder} → ${embeddings.id})`;
  return null;
}

export async function loadIndex(dir: string, embeddings: NamedEmbeddings): Promise<KnowledgeIndex> {
  const manifest = readManifest(dir);
  if (!manifest) throw new Error(`no index at ${dir}`);
  const chunks = JSON.parse(readFileSync(join(dir, 'chunks.json'), 'utf8')) as Chunk[];
  const bm25 = Bm25Index.fromJSON(JSON.parse(readFileSync(join(dir, 'bm25.json'), 'utf8')) as Bm25Json);
  const vectors = await HNSWLib.load(join(dir, 'hnsw'), embeddings);
  return { manifest, chunks, bm25, vectors };
}

/** Loads the index, rebuilding it first when it is missing or stale. */
export async function ensureIndex(
  kb: KnowledgeBase,
  tokenizer: Tokenizer,
  embeddings: NamedEmbeddings,
  dir: string,
  log: (msg: string) => void = () => {},
  force = false,
): Promise<{ index: KnowledgeIndex; rebuilt: string | null }> {
  const stale = force ? 'rebuild requested' : isStale(readManifest(dir), kb, embeddings);
  if (!stale) {
    try {
      return { index: await loadIndex(dir, embeddings), rebuilt: null };
    } catch (e) {
      log(`index unreadable (${(e as Error).message}); rebuilding`);
    }
  } else log(`rebuilding index: ${stale}`);
  const started = Date.now();
  const index = await buildIndex(kb, tokenizer, embeddings, dir);
  log(`index built: ${index.chunks.length} chunks in ${Date.now() - started} ms`);
  return { index, rebuilt: stale ?? 'unreadable' };
}
