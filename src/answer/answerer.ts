import type { Retriever } from '../retrieval/hybrid-retriever.js';
import type { Composer, ComposedAnswer, HistoryTurn } from './types.js';
import type { Lang } from '../retrieval/normalize.js';
import type { ConversationContext, QueryAnalysis } from '../retrieval/query-analysis.js';

export interface Answer extends ComposedAnswer {
  analysis: QueryAnalysis;
}

export interface Answerer {
  /** The composer reads the conversation so far; when false, callers need not load it. */
  readonly usesHistory: boolean;
  answer(question: string, opts?: { languageHint?: Lang; history?: HistoryTurn[]; context?: ConversationContext; analysis?: QueryAnalysis; prefer?: string[]; generalOnly?: boolean; onDelta?: (t: string) => void; signal?: AbortSignal }): Promise<Answer>;
}

/** Retrieval, then composition in the question's language (passages swapped for their translation where one exists). */
export function createAnswerer(deps: { retriever: Retriever; composer: Composer; fallback?: Composer; k?: number }): Answerer {
  return {
    usesHistory: deps.composer.usesHistory ?? false,
    async answer(question, opts = {}) {
      const { analysis, passages } = await deps.retriever.retrieve(question, { k: deps.k ?? 8, languageHint: opts.languageHint, context: opts.context, analysis: opts.analysis, prefer: opts.prefer, generalOnly: opts.generalOnly });
      const lang = analysis.language;
      const localised = passages.map((p) => ({ ...p, chunk: deps.retriever.translation(p.chunk, lang) ?? p.chunk }));
      const input = { question, language: lang, analysis, passages: localised, history: opts.history, onDelta: opts.onDelta, signal: opts.signal };
      const composed = await deps.composer.compose(input);
      return { ...composed, analysis };
    },
  };
}
