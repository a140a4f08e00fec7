import type { Chunk } from '../knowledge/render.js';
import type { KnowledgeIndex } from './index-store.js';
import type { Tokenizer } from './tokenize.js';
import type { Embeddings } from '@langchain/core/embeddings';
import { analyzeQuery, type ConversationContext, type QueryAnalysis } from './query-analysis.js';
import type { GlossaryMatcher } from './glossary-matcher.js';
import type { Lang } from './normalize.js';

export interface RetrievedPassage {
  chunk: Chunk;
  score: number;
  bm25Rank: number | null;
  vectorRank: number | null;
}

export interface RetrievalResult {
  analysis: QueryAnalysis;
  passages: RetrievedPassage[];
}

export interface Retriever {
  retrieve(
    query: string,
    options?: { k?: number; languageHint?: Lang; context?: ConversationContext; analysis?: QueryAnalysis; prefer?: string[]; generalOnly?: boolean },
  ): Promise<RetrievalResult>;
  /** The same passage in the other language, when it exists. */
  translation(chunk: Chunk, lang: Lang): Chunk | undefined;
  readonly coveredJurisdictions: ReadonlySet<string>;
}

export interface HybridOptions {
  /** Candidates taken from each engine before fusion. */
  depth?: number;
  rrfK?: number;
  weights?: { bm25: number; vector: number };
  onVectorError?: (err: unknown) => void;
}

/** Topics many pages share: naming them says nothing about which page is meant. */
const BROAD_TOPICS = new Set(['support', 'counterfeit', 'recordation', 'detention']);

const analysis0Fields = (a?: QueryAnalysis) => (a ? (a.fields[0] === 'how_to_file' ? 4 : a.fields.length) : 0);

/**
 * BM25 and vector results fused by reciprocal rank (keyed by chunk id), then boosted by what the question names:
 * its jurisdiction first, the profile field it asks about, and its language.
 */
export function createHybridRetriever(
  index: KnowledgeIndex,
  tokenizer: Tokenizer,
  embeddings: Embeddings,
  matcher: GlossaryMatcher,
  options: HybridOptions = {},
): Retriever {
  const depth = options.depth ?? 40;
  const rrfK = options.rrfK ?? 20;
  const weights = options.weights ?? { bm25: 1, vector: 0.6 };
  const covered = new Set(index.chunks.filter((c) => c.kind === 'profile').flatMap((c) => c.jurisdictions));
  const byPair = new Map(index.chunks.map((c) => [`${c.pairKey}@${c.lang}`, c]));
  const count = index.chunks.length;
  const byDocKey = new Map<string, number[]>();
  index.chunks.forEach((c, i) => byDocKey.set(c.docKey, [...(byDocKey.get(c.docKey) ?? []), i]));

  return {
    coveredJurisdictions: covered,
    translation: (chunk, lang) => byPair.get(`${chunk.pairKey}@${lang}`),
    async retrieve(query, opts = {}) {
      const k = opts.k ?? (analysis0Fields(opts.analysis) > 2 ? 12 : 8);
      // The understanding step reads the message once; a caller without one (benchmarks) gets the glossary's reading.
      const analysis = opts.analysis ?? analyzeQuery(query, matcher, covered, opts.languageHint, opts.context);
      const lexical = index.bm25.search(tokenizer.tokenize(query), Math.min(depth, count));
      // A remote embedder that fails leaves the lexical half: an answer from BM25 beats no answer.
      const dense = count
        ? await embeddings
            .embedQuery(query)
            .then((qv) => index.vectors.similaritySearchVectorWithScore(qv, Math.min(depth, count)))
            .catch((err) => (options.onVectorError?.(err), []))
        : [];

      const fused = new Map<number, { score: number; bm25Rank: number | null; vectorRank: number | null }>();
      lexical.forEach((hit, rank) => {
        fused.set(hit.index, { score: weights.bm25 / (rrfK + rank + 1), bm25Rank: rank, vectorRank: null });
      });
      dense.forEach(([doc], rank) => {
        const i = doc.metadata.i as number;
        const cur = fused.get(i) ?? { score: 0, bm25Rank: null, vectorRank: null };
        cur.score += weights.vector / (rrfK + rank + 1);
        cur.vectorRank = rank;
        fused.set(i, cur);
      });

      // A question naming a country and a field points at one profile fact: it is a top candidate whatever the
      // engines ranked it (a list of documents shares few words with "what paperwork do they want?").
      // "How do I register?" is answered with the steps: the filing, documents, fee and time facts all come forward.
      const wanted = analysis.fields[0] === 'how_to_file' ? [...new Set([...analysis.fields, 'documents', 'fees', 'processing_time'])] : analysis.fields;
      analysis.jurisdictions.slice(0, 3).forEach((j) =>
        wanted.slice(0, 4).forEach((field, at) => {
          const floor = weights.bm25 / (rrfK + 1 + at);
          for (const i of byDocKey.get(`${j}/${field}`) ?? []) {
            const cur = fused.get(i) ?? { score: 0, bm25Rank: null, vectorRank: null };
            cur.score = Math.max(cur.score, floor);
            fused.set(i, cur);
          }
        }),
      );

      const named = new Set(analysis.jurisdictions);
      const comparing = analysis.topics.includes('comparison') && named.size !== 1;
      const fields = analysis.fields;
      const passages: RetrievedPassage[] = [];
      for (const [i, f] of fused) {
        const chunk = index.chunks[i];
        let score = f.score;
        if (named.size) {
          const about = chunk.jurisdictions.some((j) => named.has(j));
          // A passage about another country cannot answer this question; a general guide still may.
          if (about) score *= 1.6;
          else if (chunk.kind === 'profile') score *= 0.25;
          else if (chunk.jurisdictions.length) score *= 0.6;
        }
        if (chunk.field && fields.length) {
          const at = fields.indexOf(chunk.field);
          // With no place named, one country's fact is only an example: a general guide may answer better.
          if (at === 0) score *= named.size ? 1.8 : 1.25;
          else if (at > 0) score *= named.size ? 1.3 : 1.1;
        } else if (!named.size && chunk.kind === 'guide' && (fields.length || analysis.topics.length)) score *= 1.3;
        // A page about the topic named ("분쟁" → the dispute-support programme) over pages that share only words.
        if (chunk.topics?.some((t) => !BROAD_TOPICS.has(t) && analysis.topics.includes(t))) score *= 1.5;
        // A question about support ("지원 사업", "programme") is about a Korean programme before any guide's mention of it.
        if (chunk.kind === 'programme' && analysis.topics.includes('support')) score *= 1.4;
        // The accused company's guide speaks to that situation only: elsewhere it would answer the right holder wrongly.
        if (chunk.topics?.includes('accused') && !opts.prefer?.includes(chunk.docKey)) score *= 0.4;
        // "Which countries…", "compare…": a guide's cross-country table answers better than one profile.
        if (comparing && chunk.kind === 'guide') score *= 2;
        // The situation picks the page (the accused company's guide); a case with no place named needs no profile.
        if (opts.prefer?.some((id) => chunk.docKey === id || chunk.docKey.startsWith(`${id}#`) || chunk.pairKey.startsWith(id))) score *= 3;
        if (opts.generalOnly && chunk.kind === 'profile') continue;
        if (chunk.lang === analysis.language) score *= 1.1;
        passages.push({ chunk, bm25Rank: f.bm25Rank, vectorRank: f.vectorRank, score });
      }
      passages.sort((a, b) => b.score - a.score);
      return { analysis, passages: passages.slice(0, k) };
    },
  };
}
