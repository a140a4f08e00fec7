import type { Answerer } from '../answer/answerer.js';
import type { Citation } from '../answer/types.js';
import type { Lang } from '../retrieval/normalize.js';
import { detectSignals } from './signals.js';
import { decideEscalation, type EscalationReason } from './escalation-policy.js';

/** The answer to one stand-alone question, as the CLI and `POST /api/ask` give it. */
export interface AskResult {
  answer: string;
  language: Lang;
  citations: Citation[];
  confidence: number;
  escalate: boolean;
  reason: EscalationReason | null;
  jurisdictions: string[];
}

export const MAX_QUESTION_CHARS = 4000;

export class InvalidQuestionError extends Error {}

export function createAsk(answerer: Answerer) {
  return async function ask(question: string, opts: { languageHint?: Lang } = {}): Promise<AskResult> {
    const q = question.trim();
    if (!q) throw new InvalidQuestionError('the question is empty');
    if (q.length > MAX_QUESTION_CHARS) throw new InvalidQuestionError(`the question is longer than ${MAX_QUESTION_CHARS} characters`);
    const a = await answerer.answer(q, opts);
    const decision = decideEscalation({ signals: detectSignals(q), answer: a });
    return {
      answer: a.text,
      language: a.language,
      citations: a.citations,
      confidence: a.confidence,
      escalate: decision.escalate,
      reason: decision.reason,
      jurisdictions: [...a.analysis.jurisdictions, ...a.analysis.uncovered],
    };
  };
}
export type Ask = ReturnType<typeof createAsk>;
