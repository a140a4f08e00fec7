import type { Lang } from './lang.js';

/** What a source is: the authority or legislation, a faithful copy of it, a professional's page, or the press. */
export type SourceGrade = 'official' | 'official-copy' | 'professional' | 'press';

/** A source an answer rests on, with the day it was checked and what kind of source it is. */
export interface Citation {
  id: string;
  title: string;
  url: string;
  verified: string;
  grade?: SourceGrade;
}

export type TicketStatus = 'open' | 'claimed' | 'answered' | 'resolved';
export type TicketPriority = 'urgent' | 'high' | 'normal';

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
export interface Reply<TPlan = unknown> {
  conversationId: string;
  messageId: string;
  text: string;
  language: Lang;
  citations: Citation[];
  choices: Choice[];
  ticket: TicketInfo | null;
  /** A finished registration plan (the walkthrough's own type). */
  plan: TPlan | null;
  confidence: number | null;
  escalate: boolean;
  /** Where the turn went: an answer, a walkthrough step, a ticket, help. */
  kind: 'answer' | 'walkthrough' | 'plan' | 'ticket' | 'help' | 'feedback' | 'smalltalk';
}

/** Domain events the core commits; channels subscribe to them (through the store), never to each other. */
export type DomainEventType = 'message.created' | 'ticket.created' | 'ticket.updated' | 'staff.replied';
