import { loadKnowledge, type KnowledgeBase } from '../knowledge/load.js';
import { GlossaryMatcher } from './glossary-matcher.js';
import { createTokenizer, type Tokenizer } from './tokenize.js';
import { LocalHashEmbeddings } from './local-embeddings.js';
import { ensureIndex, type KnowledgeIndex, type NamedEmbeddings } from './index-store.js';
import { createHybridRetriever, type Retriever } from './hybrid-retriever.js';

export interface OpenKnowledge {
  kb: KnowledgeBase;
  matcher: GlossaryMatcher;
  tokenizer: Tokenizer;
  embeddings: NamedEmbeddings;
  index: KnowledgeIndex;
  retriever: Retriever;
  /** Why the index was rebuilt on open, or null when the one on disk was current. */
  rebuilt: string | null;
}

/**
 * Loads the knowledge base and its index (rebuilding a stale one) and wires the hybrid retriever.
 * `makeEmbeddings` lets configuration swap in a remote embedder; the local one is the default.
 */
export async function openKnowledge(opts: {
  knowledgeDir: string;
  indexDir: string;
  makeEmbeddings?: (matcher: GlossaryMatcher) => NamedEmbeddings;
  log?: (msg: string) => void;
  rebuild?: boolean;
  onVectorError?: (err: unknown) => void;
}): Promise<OpenKnowledge> {
  // The parsed knowledge base is cached beside the index, under the hash of its files.
  const kb = loadKnowledge(opts.knowledgeDir, { cacheDir: opts.indexDir });
  const matcher = new GlossaryMatcher(kb.glossary);
  const tokenizer = createTokenizer(matcher);
  const embeddings = opts.makeEmbeddings?.(matcher) ?? new LocalHashEmbeddings(matcher);
  const { index, rebuilt } = await ensureIndex(kb, tokenizer, embeddings, opts.indexDir, opts.log, opts.rebuild);
  const retriever = createHybridRetriever(index, tokenizer, embeddings, matcher, { onVectorError: opts.onVectorError });
  return { kb, matcher, tokenizer, embeddings, index, retriever, rebuilt };
}
