import type { Lang } from './lang.js';
import type { Citation } from '../knowledge/render.js';
import type { TicketPriority, TicketStatus } from '../store/types.js';

export type { Citation };

/** A choice offered to the user (button, quick reply); `id` is an action the engine understands. */
export interface Choice {
  id: string;
  label: string;
}

/**
 * The actions a channel may send back: the person button, thumbs, help, and the walkthrough's navigation and
 * answers. Anything else is refused as an unknown action.
 */
export type Action =
  | 'person'
  | 'help'
  | `feedback:${'up' | 'down'}:${string}`
  | 'wt:start'
  | 'wt:resume'
  | 'wt:pause'
  | 'wt:cancel'
  | 'wt:back'
  | 'wt:skip'
  | 'wt:continue'
  | `wt:${'market' | 'right' | 'registered' | 'agent' | 'edit'}:${string}`;

const ACTION = /^(person|help|feedback:(up|down):[\w-]{0,64}|wt:(start|resume|pause|cancel|back|skip|continue)|wt:(market|right|registered|agent|edit):[\w-]{1,40})$/;
export const isAction = (s: string): s is Action => ACTION.test(s);

export interface TicketInfo {
  id: number;
  priority: TicketPriority;
  reason: string;
  status: TicketStatus;
  /** ISO date by which the right holder must act (detention cases), when the profile gives one. */
  deadline: string | null;
}

/** What the core gives back; channels render it (Slack blocks, widget JSON, terminal text), citations included. */
export interface Reply {
  conversationId: string;
  messageId: string;
  text: string;
  language: Lang;
  citations: Citation[];
  choices: Choice[];
  ticket: TicketInfo | null;
  plan: import('../conversation/walkthrough/plan.js').Plan | null;
  confidence: number | null;
  escalate: boolean;
  /** Where the turn went: an answer, a walkthrough step, a ticket, help. */
  kind: 'answer' | 'walkthrough' | 'plan' | 'ticket' | 'help' | 'feedback' | 'smalltalk';
}

/** Domain events the core commits; channels subscribe to them (through the store), never to each other. */
export type DomainEventType = 'message.created' | 'ticket.created' | 'ticket.updated' | 'staff.replied';
