import type { Citation } from '../answer/types.js';
import type { Channel, TicketPriority, TicketStatus } from '../store/types.js';
import type { Lang } from '../retrieval/normalize.js';
import type { Plan } from './walkthrough/plan.js';

/** What a channel hands the core: a text or a chosen action, in one conversation. */
export interface Inbound {
  channel: Channel;
  /** Known conversation (web, CLI); or null with `externalRef` to find or start one (Slack thread). */
  conversationId?: string;
  externalRef?: string;
  userId: string;
  text?: string;
  /** A choice the user picked (button, quick reply): an id from a previous Reply's choices. */
  action?: string;
  /** A resent inbound with the same key gets the first reply and writes nothing twice. */
  idempotencyKey?: string;
  languageHint?: Lang;
}

export interface Choice {
  id: string;
  label: string;
}

export interface TicketInfo {
  id: number;
  priority: TicketPriority;
  reason: string;
  status: TicketStatus;
  /** ISO date by which the right holder must act (detention cases), when the profile gives one. */
  deadline: string | null;
}

/** What the core gives back; channels render it (Slack blocks, widget JSON, terminal text). */
export interface Reply {
  conversationId: string;
  messageId: string;
  text: string;
  language: Lang;
  citations: Citation[];
  choices: Choice[];
  ticket: TicketInfo | null;
  plan: Plan | null;
  confidence: number | null;
  escalate: boolean;
  /** Where the turn went: an answer, a walkthrough step, a ticket, help. */
  kind: 'answer' | 'walkthrough' | 'plan' | 'ticket' | 'help' | 'feedback' | 'smalltalk';
}
