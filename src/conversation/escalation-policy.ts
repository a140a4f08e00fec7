import type { Signals } from './signals.js';
import type { ComposedAnswer } from '../answer/types.js';

export type EscalationReason =
  | 'human_requested'
  | 'goods_detained'
  | 'dispute'
  | 'uncovered_jurisdiction'
  | 'unconfirmed_fact'
  | 'low_confidence'
  | 'repeated_negative_feedback';

export interface EscalationDecision {
  escalate: boolean;
  reason: EscalationReason | null;
  priority: 'urgent' | 'high' | 'normal';
}

export interface PolicyInput {
  signals: Signals;
  answer?: Pick<ComposedAnswer, 'notSure' | 'confidence'>;
  /** Thumbs-down given in this conversation so far. */
  negativeFeedback?: number;
}

/**
 * The one place that decides whether a turn goes to a person. A model never decides this: its output is not an input here.
 * Order matters: the most urgent reason wins.
 */
export function decideEscalation({ signals, answer, negativeFeedback = 0 }: PolicyInput): EscalationDecision {
  if (signals.goodsDetained) return { escalate: true, reason: 'goods_detained', priority: 'urgent' };
  if (signals.dispute) return { escalate: true, reason: 'dispute', priority: 'high' };
  if (signals.wantsPerson) return { escalate: true, reason: 'human_requested', priority: 'normal' };
  if (negativeFeedback >= 2) return { escalate: true, reason: 'repeated_negative_feedback', priority: 'normal' };
  // An off-topic question is told what the assistant does; it is not a case for staff unless the user asks.
  if (answer?.notSure && answer.notSure !== 'off_topic') return { escalate: true, reason: answer.notSure, priority: 'normal' };
  return { escalate: false, reason: null, priority: 'normal' };
}
