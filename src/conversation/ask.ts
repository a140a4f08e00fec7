import type { Answerer, Answer } from '../answer/answerer.js';
import type { Citation } from '../answer/types.js';
import type { Lang } from '../core/lang.js';
import type { Understand, Understanding } from '../understanding/understand.js';
import type { QueryAnalysis } from '../retrieval/query-analysis.js';
import { decideEscalation, type EscalationReason } from './escalation-policy.js';

/** The answer to one stand-alone question, as the CLI and `POST /api/ask` give it. */
export interface AskResult {
  answer: string;
  language: Lang;
  citations: Citation[];
  confidence: number;
  escalate: boolean;
  reason: EscalationReason | null;
  /** Not sure, or a place we do not know: a person is offered, no ticket is opened. */
  offerPerson: boolean;
  jurisdictions: string[];
}

export const MAX_QUESTION_CHARS = 4000;

export class InvalidQuestionError extends Error {}

/**
 * Retrieval and composition steered by the situation: a company accused of infringing gets the importer's guide; a
 * detention with no place named gets the general steps, never one country's facts.
 */
/** How retrieval is steered for a reading: the situation picks the pages, the fields and the places. */
export function retrievalFor(u: Understanding): { analysis: QueryAnalysis; prefer?: string[]; generalOnly?: boolean } {
  const s = u.situation;
  const q = u.query;
  const placed = q.jurisdictions.length > 0 || q.uncovered.length > 0;
  // A company accused of infringing: the importer's guide, never the right holder's steps.
  if (s.accused.on) return { analysis: { ...q, fields: [] }, prefer: ['accused-goods'], generalOnly: true };
  // A general question about an accused importer ("what can an importer do if…"): the same guide, and no case.
  if (s.accused.p >= 0.5 && s.hypothetical.on) return { analysis: { ...q, fields: [] }, prefer: ['accused-goods'] };
  if (s.goodsHeld.on) {
    // Goods held now: the deadline comes first, whatever else was asked; with no place named, the general steps.
    if (!placed) return { analysis: q, prefer: ['detention-response'], generalOnly: true };
    return { analysis: { ...q, fields: ['holder_deadline', ...q.fields.filter((f) => f !== 'holder_deadline' && f !== 'detention')] } };
  }
  // A letter, a suit, a squatter: what to do and where Korean support for disputes is, unless a fact was asked.
  if (s.dispute.on && !q.fields.length) return { analysis: q, prefer: ['dispute-support'], generalOnly: true };
  // A covered place named and nothing particular asked ("what can customs in Thailand do for us?"): its overview,
  // rather than whichever page shares the most words.
  const particular = q.fields.length || q.organisations.length || q.topics.some((t) => ['support', 'madrid', 'hague', 'identification_guide', 'small_consignments'].includes(t));
  if (!particular && q.jurisdictions.length && !q.uncovered.length) return { analysis: { ...q, fields: ['summary'] } };
  return { analysis: q };
}

/**
 * Retrieval and composition steered by the situation: a company accused of infringing gets the importer's guide; a
 * detention with no place named gets the general steps, never one country's facts.
 */
export function answerFor(answerer: Answerer, text: string, u: Understanding, opts: Omit<Parameters<Answerer['answer']>[1] & object, 'analysis' | 'prefer' | 'generalOnly'> = {}): Promise<Answer> {
  return answerer.answer(text, { ...opts, ...retrievalFor(u) });
}

export function createAsk(answerer: Answerer, understand: Understand) {
  return async function ask(question: string, opts: { languageHint?: Lang } = {}): Promise<AskResult> {
    const q = question.trim();
    if (!q) throw new InvalidQuestionError('the question is empty');
    if (q.length > MAX_QUESTION_CHARS) throw new InvalidQuestionError(`the question is longer than ${MAX_QUESTION_CHARS} characters`);
    const u = understand(q, { languageHint: opts.languageHint });
    const a = await answerFor(answerer, q, u, { languageHint: opts.languageHint });
    const decision = decideEscalation({ understanding: u, answer: a });
    return {
      answer: a.text,
      language: a.language,
      citations: a.citations,
      confidence: a.confidence,
      escalate: decision.escalate,
      reason: decision.reason,
      offerPerson: decision.offerPerson,
      jurisdictions: [...a.analysis.jurisdictions, ...a.analysis.uncovered],
    };
  };
}
export type Ask = ReturnType<typeof createAsk>;
