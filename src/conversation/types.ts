import type { Channel } from '../store/types.js';
import type { Lang } from '../core/lang.js';

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

import type { Reply as CoreReply } from '../core/reply.js';
import type { Plan } from './walkthrough/plan.js';

export type { Choice, TicketInfo, Action } from '../core/reply.js';
/** The engine's reply: the core's, with the walkthrough's plan. */
export type Reply = CoreReply<Plan>;
