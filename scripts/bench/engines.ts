/**
 * The four retrieval engines compared, each built from the same chunks and asked the same queries:
 *   hybrid       our retriever: buildIndex (BM25 + HNSWLib, the production code path) + createHybridRetriever
 *   minisearch   BM25 only, MiniSearch with our tokenizer (processTerm = identity)
 *   hnswlib      LangChain HNSWLib, dense only, our LocalHashEmbeddings
 *   memory       LangChain MemoryVectorStore (@langchain/classic), dense only, brute force, same embedder
 * Every engine answers with chunk indexes in rank order.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import type { KnowledgeBase } from '../../src/knowledge/load.js';
import type { Chunk } from '../../src/knowledge/render.js';
import { buildIndex, indexText, type KnowledgeIndex } from '../../src/retrieval/index-store.js';
import { createHybridRetriever, type Retriever } from '../../src/retrieval/hybrid-retriever.js';
import { GlossaryMatcher } from '../../src/retrieval/glossary-matcher.js';
import { createTokenizer, type Tokenizer } from '../../src/retrieval/tokenize.js';
import { LocalHashEmbeddings } from '../../src/retrieval/local-embeddings.js';

import type { EngineName } from './types.js';
export type { EngineName } from './types.js';

export interface Engine {
  name: EngineName;
  /** Chunks in the engine's index order (the hybrid index renders its own; the others get `chunks`). */
  chunks: Chunk[];
  search(query: string, k: number): Promise<number[]>;
  /** What the hybrid engine exposes for the per-stage profile. */
  internals?: { index: KnowledgeIndex; retriever: Retriever };
}

export interface EngineDeps {
  kb: KnowledgeBase;
  chunks: Chunk[];
  matcher: GlossaryMatcher;
  tokenizer: Tokenizer;
  embeddings: LocalHashEmbeddings;
  /** Scratch folder for the hybrid index on disk (buildIndex writes one, as in production). */
  scratch: string;
}

/**
 * Forgets what the glossary matcher remembers of recent texts (src/retrieval/glossary-matcher.ts keeps the last
 * 2048), so a timed query pays for its own matching as a new question does; within the query the stages still
 * share it. A no-op when the matcher has no such cache.
 */
export function forgetRecentTexts(d: EngineDeps): void {
  (d.matcher as unknown as { recent?: { clear(): void } }).recent?.clear?.();
}

export function engineDeps(kb: KnowledgeBase, chunks: Chunk[], scratch: string): EngineDeps {
  const matcher = new GlossaryMatcher(kb.glossary);
  return { kb, chunks, matcher, tokenizer: createTokenizer(matcher), embeddings: new LocalHashEmbeddings(matcher), scratch };
}

const docs = (chunks: Chunk[]) => chunks.map((c, i) => new Document({ pageContent: indexText(c), metadata: { i } }));

/** Builds the engine; the time this takes is the engine's build time. */
export async function buildEngine(name: EngineName, d: EngineDeps): Promise<Engine> {
  switch (name) {
    case 'hybrid': {
      const dir = join(d.scratch, 'index');
      rmSync(dir, { recursive: true, force: true });
      const index = await buildIndex(d.kb, d.tokenizer, d.embeddings, dir);
      const retriever = createHybridRetriever(index, d.tokenizer, d.embeddings, d.matcher);
      const pos = new Map(index.chunks.map((c, i) => [c, i]));
      return {
        name,
        chunks: index.chunks,
        internals: { index, retriever },
        async search(q, k) {
          const { passages } = await retriever.retrieve(q, { k });
          return passages.map((p) => pos.get(p.chunk)!);
        },
      };
    }
    case 'minisearch': {
      const tokenize = (text: string) => d.tokenizer.tokenize(text);
      const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], idField: 'id', storeFields: [], tokenize, processTerm: (t) => t });
      ms.addAll(d.chunks.map((c, i) => ({ id: i, text: indexText(c) })));
      return {
        name,
        chunks: d.chunks,
        async search(q, k) {
          return ms
            .search(q)
            .slice(0, k)
            .map((r) => r.id as number);
        },
      };
    }
    case 'hnswlib':
    case 'memory': {
      // Dense only, through LangChain's own vector stores, with our embedder.
      const store = name === 'hnswlib' ? new HNSWLib(d.embeddings, { space: 'cosine', numDimensions: d.embeddings.dimensions }) : new MemoryVectorStore(d.embeddings);
      await store.addDocuments(docs(d.chunks));
      return {
        name,
        chunks: d.chunks,
        async search(q, k) {
          return (await store.similaritySearch(q, k)).map((doc) => doc.metadata.i as number);
        },
      };
    }
  }
}
