import type { Understanding } from '../understanding/understand.js';
import type { ComposedAnswer } from '../answer/types.js';

export type EscalationReason =
  | 'human_requested'
  | 'goods_detained'
  | 'accused_infringer'
  | 'dispute'
  | 'uncovered_jurisdiction'
  | 'unconfirmed_fact'
  | 'low_confidence'
  | 'repeated_negative_feedback';

export interface EscalationDecision {
  escalate: boolean;
  reason: EscalationReason | null;
  priority: 'urgent' | 'high' | 'normal';
  /** Offer a person without opening a ticket (not sure, frustrated, a place we do not know). */
  offerPerson: boolean;
}

export interface PolicyInput {
  /** The reading of the user's message; absent for a button press with no text. */
  understanding?: Pick<Understanding, 'situation' | 'places'>;
  /** The person button (or a request made by pressing it). */
  personAsked?: boolean;
  answer?: Pick<ComposedAnswer, 'notSure' | 'confidence'>;
  /** Thumbs-down given in this conversation so far. */
  negativeFeedback?: number;
  /** Reasons a model saw and proposes: they can add an escalation, never remove one. */
  proposed?: EscalationReason[];
}

const PRIORITY: Record<EscalationReason, EscalationDecision['priority']> = {
  accused_infringer: 'urgent',
  goods_detained: 'urgent',
  dispute: 'high',
  human_requested: 'normal',
  repeated_negative_feedback: 'normal',
  uncovered_jurisdiction: 'normal',
  unconfirmed_fact: 'normal',
  low_confidence: 'normal',
};
// The most urgent reason wins.
const ORDER = Object.keys(PRIORITY) as EscalationReason[];

/**
 * The one place that decides whether a turn goes to a person, from what the understanding step read and what the
 * answer could say. A model's proposal is one more input: it may add a reason, never take one away.
 */
export function decideEscalation({ understanding: u, personAsked = false, answer, negativeFeedback = 0, proposed = [] }: PolicyInput): EscalationDecision {
  const reasons = new Set<EscalationReason>();
  const s = u?.situation;
  if (s?.accused.on) reasons.add('accused_infringer');
  if (s?.goodsHeld.on) reasons.add('goods_detained');
  if (s?.dispute.on) reasons.add('dispute');
  if (s?.wantsPerson.on || personAsked) reasons.add('human_requested');
  if (negativeFeedback >= 2) reasons.add('repeated_negative_feedback');
  // Not covered, or a fact no source confirmed: staff check rather than the bot guess. An off-topic question, a
  // place we do not know, or a low-confidence answer is told so and offered a person, without a ticket.
  if (answer?.notSure === 'uncovered_jurisdiction' || answer?.notSure === 'unconfirmed_fact') reasons.add(answer.notSure);
  for (const r of proposed) if (r in PRIORITY) reasons.add(r);
  const reason = ORDER.find((r) => reasons.has(r)) ?? null;
  const offerPerson = Boolean(s?.frustrated.on || answer?.notSure === 'low_confidence' || answer?.notSure === 'unknown_place');
  return reason ? { escalate: true, reason, priority: PRIORITY[reason], offerPerson: true } : { escalate: false, reason: null, priority: 'normal', offerPerson };
}
