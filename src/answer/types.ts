import type { Chunk, Citation } from '../knowledge/render.js';
import type { QueryAnalysis } from '../retrieval/query-analysis.js';
import type { RetrievedPassage } from '../retrieval/hybrid-retriever.js';
import type { Lang } from '../retrieval/normalize.js';

export type { Citation };

export interface HistoryTurn {
  role: 'user' | 'assistant' | 'staff';
  text: string;
  /** A button the user clicked (its label is the text), not words the user typed. */
  clicked?: boolean;
}

export interface ComposeInput {
  question: string;
  language: Lang;
  analysis: QueryAnalysis;
  /** Retrieved passages, best first, already in the answer's language where a translation exists. */
  passages: RetrievedPassage[];
  history?: HistoryTurn[];
  /** Called with text as it is produced (streaming channels); the returned answer is final. */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

export interface ComposedAnswer {
  text: string;
  language: Lang;
  citations: Citation[];
  /** 0..1: how sure the composer is that the passages answer the question. */
  confidence: number;
  /** Set when the composer could not answer (not covered, nothing relevant, unconfirmed fact). */
  notSure: null | 'uncovered_jurisdiction' | 'unknown_place' | 'low_confidence' | 'unconfirmed_fact' | 'off_topic';
  /**
   * Escalation reasons a model saw in the conversation (e.g. goods held, a legal threat). The policy may add them;
   * nothing a composer says can remove an escalation the policy made.
   */
  proposedEscalation?: Array<'goods_detained' | 'accused_infringer' | 'dispute' | 'human_requested'>;
  /** The passages the answer used, for audit and for the staff summary. */
  used: Chunk[];
  composer: string;
}

/** Offline and model composers implement this; the engine does not know which one it has. */
export interface Composer {
  readonly id: string;
  /** Reads `history` (a model follows the conversation; the offline composer answers each question alone). */
  readonly usesHistory?: boolean;
  compose(input: ComposeInput): Promise<ComposedAnswer>;
}
