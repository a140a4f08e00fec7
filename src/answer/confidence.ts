import type { RetrievedPassage } from '../retrieval/hybrid-retriever.js';
import type { QueryAnalysis } from '../retrieval/query-analysis.js';
import type { Tokenizer } from '../retrieval/tokenize.js';
import { indexText } from '../retrieval/index-store.js';

/**
 * How likely the top passage answers the question, from signals that do not need a model:
 * how much of the question it covers, whether it is about the country and the topic asked,
 * and whether the lexical and the vector engines agree on it.
 */
export function scoreConfidence(question: string, analysis: QueryAnalysis, passages: RetrievedPassage[], tokenizer: Tokenizer): number {
  const top = passages[0];
  if (!top) return 0;
  const coverage = questionCoverage(question, top, tokenizer);

  let place: number;
  if (analysis.jurisdictions.length) place = top.chunk.jurisdictions.some((j) => analysis.jurisdictions.includes(j)) ? 1 : 0;
  else place = top.chunk.jurisdictions.length === 1 && top.chunk.kind === 'profile' ? 0.5 : 0.7;

  let topic: number;
  if (analysis.fields.length) topic = top.chunk.field === analysis.fields[0] ? 1 : analysis.fields.includes(top.chunk.field ?? '') ? 0.7 : 0.3;
  else topic = analysis.topics.length || analysis.organisations.length ? 0.7 : 0.4;

  const inTop = (r: number | null) => r !== null && r < 4;
  const agreement = inTop(top.bm25Rank) && inTop(top.vectorRank) ? 1 : inTop(top.bm25Rank) || inTop(top.vectorRank) ? 0.6 : 0.2;

  let score = 0.35 * Math.min(1, coverage * 1.6) + 0.25 * place + 0.2 * topic + 0.2 * agreement;
  // Nothing of the domain named and little shared vocabulary: an off-topic question.
  if (isOffTopic(analysis, coverage)) score *= 0.5;
  return Math.round(Math.max(0, Math.min(1, score)) * 100) / 100;
}

/** No country, right, topic or organisation named, and the best passage shares little of the question's words. */
export function isOffTopic(analysis: QueryAnalysis, coverage: number): boolean {
  const domain = analysis.jurisdictions.length + analysis.uncovered.length + analysis.topics.length + analysis.rights.length + analysis.organisations.length;
  return domain === 0 && coverage < 0.6;
}

// A passage's tokens never change: tokenise each chunk once, not on every answer.
const chunkTokens = new WeakMap<RetrievedPassage['chunk'], Set<string>>();

/** Share of the question's tokens that the passage contains. */
export function questionCoverage(question: string, passage: RetrievedPassage | undefined, tokenizer: Tokenizer): number {
  if (!passage) return 0;
  const q = new Set(tokenizer.tokenize(question));
  let c = chunkTokens.get(passage.chunk);
  if (!c) chunkTokens.set(passage.chunk, (c = new Set(tokenizer.tokenize(indexText(passage.chunk)))));
  let shared = 0;
  for (const t of q) if (c.has(t)) shared++;
  return q.size ? shared / q.size : 0;
}
