/** The store's records and the one interface both databases implement. Dates are ISO strings (UTC). */
export type Channel = 'web' | 'slack' | 'cli';
export type Role = 'user' | 'assistant' | 'staff' | 'system';
export type TicketStatus = 'open' | 'claimed' | 'answered' | 'resolved';
export type TicketPriority = 'urgent' | 'high' | 'normal';

export interface ConversationRecord {
  id: string;
  channel: Channel;
  userId: string;
  /** Where replies go back to: a Slack "channel:thread_ts", a terminal session id; null for web. */
  externalRef: string | null;
  language: 'ko' | 'en' | null;
  /** sha256 of the web conversation token; null for other channels. */
  tokenHash: string | null;
  /** Engine state (walkthrough answers, step, paused flag, negative feedback count). JSON. */
  state: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  role: Role;
  text: string;
  /** Rendered extras: citations, choices, plan, ticket, confidence. JSON. */
  data: Record<string, unknown>;
  createdAt: string;
}

export interface TicketRecord {
  id: number;
  conversationId: string;
  status: TicketStatus;
  priority: TicketPriority;
  reason: string;
  summary: string;
  jurisdiction: string | null;
  right: string | null;
  /** Response deadline (ISO date) for urgent detention cases. */
  deadline: string | null;
  claimedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A conversation-scoped event, replayed to streams after `Last-Event-ID`. Ids grow monotonically. */
export interface EventRecord {
  id: number;
  conversationId: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface AuditRecord {
  id: number;
  entity: string;
  entityId: string;
  action: string;
  actor: string;
  data: Record<string, unknown>;
  at: string;
}

export interface FeedbackRecord {
  conversationId: string;
  messageId: string | null;
  rating: 1 | -1;
  comment: string | null;
  createdAt: string;
}

export interface StaffUserRecord {
  email: string;
  passwordHash: string;
  name: string | null;
  createdAt: string;
  /** Set when the account was disabled: its sessions end at once and it cannot sign in. */
  disabledAt?: string | null;
}

/** What became of an idempotency key when a request arrived with it. */
export type RequestKeyState = 'new' | 'done' | 'busy' | 'mismatch';

/** One conversation and everything stored about it, for a privacy export. */
export interface ConversationExport {
  conversation: Omit<ConversationRecord, 'tokenHash'>;
  messages: MessageRecord[];
  tickets: TicketRecord[];
  feedback: FeedbackRecord[];
  events: EventRecord[];
  audit: AuditRecord[];
}

export interface StaffSessionRecord {
  id: string;
  email: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Everything one turn writes, committed atomically: either all of it is stored or none of it.
 * The receipt keeps the reply under the inbound's idempotency key so a resent inbound gets the same reply.
 */
export interface TurnWrite {
  conversation?: ConversationRecord;
  messages?: MessageRecord[];
  ticketCreate?: TicketRecord;
  ticketUpdate?: { id: number; patch: Partial<Omit<TicketRecord, 'id' | 'conversationId' | 'createdAt'>> };
  events?: Array<Omit<EventRecord, 'id'>>;
  audit?: Array<Omit<AuditRecord, 'id'>>;
  feedback?: FeedbackRecord[];
  receipt?: { conversationId: string; key: string; reply: unknown };
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  getConversation(id: string): Promise<ConversationRecord | null>;
  findConversationByRef(channel: Channel, externalRef: string): Promise<ConversationRecord | null>;
  listMessages(conversationId: string, limit?: number): Promise<MessageRecord[]>;
  /** One message of a conversation (null when the id is not one of its messages). */
  getMessage(conversationId: string, messageId: string): Promise<MessageRecord | null>;
  /**
   * A page of messages, oldest first, ending before the cursor (the newest page without one); `before` is the
   * cursor for the page before this one, null at the start of the conversation.
   */
  listMessagesPage(conversationId: string, opts: { before?: number; limit: number }): Promise<{ messages: MessageRecord[]; before: number | null }>;
  /**
   * Reserves an idempotency key for a request with this fingerprint: `new` (go ahead), `done` (answered before:
   * the receipt holds the reply), `busy` (the same request is being answered now), `mismatch` (the key was used for
   * a different request). A reservation older than `staleBefore` without a receipt is taken over (its turn died).
   */
  reserveRequestKey(conversationId: string, key: string, fingerprint: string, staleBefore: string): Promise<RequestKeyState>;
  /** Gives a key back after its request failed, so a retry can run. */
  releaseRequestKey(conversationId: string, key: string): Promise<void>;
  /** Keeps the words a user gave with a rating (on the newest rating of that message). */
  setFeedbackComment(conversationId: string, messageId: string, comment: string): Promise<void>;
  getReceipt(conversationId: string, key: string): Promise<unknown | null>;
  /** Reserves a ticket number before the turn is composed, so the reply can name it. */
  allocateTicketId(): Promise<number>;
  /** Atomic; returns the ids given to the events, in order. */
  commit(write: TurnWrite): Promise<{ eventIds: number[] }>;

  getTicket(id: number): Promise<TicketRecord | null>;
  listTickets(filter?: { status?: TicketStatus[] }): Promise<TicketRecord[]>;
  ticketsForConversation(conversationId: string): Promise<TicketRecord[]>;
  eventsAfter(conversationId: string, afterId: number, limit?: number): Promise<EventRecord[]>;
  listAudit(entity: string, entityId: string): Promise<AuditRecord[]>;
  listFeedback(conversationId: string): Promise<FeedbackRecord[]>;

  createStaffUser(user: StaffUserRecord): Promise<void>;
  getStaffUser(email: string): Promise<StaffUserRecord | null>;
  createStaffSession(session: StaffSessionRecord): Promise<void>;
  /** The session when it exists and its account still exists and is not disabled (checked on every request). */
  getStaffSession(id: string): Promise<StaffSessionRecord | null>;
  deleteStaffSession(id: string): Promise<void>;
  setStaffUserDisabled(email: string, disabledAt: string | null): Promise<boolean>;
  /** Removes an account and its sessions. */
  deleteStaffUser(email: string): Promise<boolean>;

  /** Everything stored about one conversation (its token hash excepted). */
  exportConversation(id: string): Promise<ConversationExport | null>;
  /** Deletes one conversation with its messages, tickets, events, feedback and receipts; audits the deletion itself. */
  deleteConversation(id: string, actor: string): Promise<boolean>;
  /**
   * Retention: web conversations without a ticket, idle since `idleBefore` (or never used and older than
   * `emptyBefore`), are deleted, at most `limit` per call. Returns how many.
   */
  deleteIdleConversations(opts: { idleBefore: string; emptyBefore: string; limit?: number }): Promise<number>;

  /** Small facts channels keep about records (e.g. the Slack message that shows a ticket). */
  getMeta(scope: string, key: string): Promise<string | null>;
  setMeta(scope: string, key: string, value: string): Promise<void>;
  /** The stored value, or `value` stored now when there was none: every instance ends up with the same one. */
  getOrCreateMeta(scope: string, key: string, value: string): Promise<string>;
  /** Drops expired staff sessions and idempotency reservations older than `before`. */
  purgeExpired(now: string, requestKeysBefore: string): Promise<void>;

  /** True the first time an id is claimed, false ever after (Slack retries, duplicate deliveries). */
  claimOnce(scope: string, id: string): Promise<boolean>;

  /**
   * Calls the listener for every committed event, including those committed by other instances
   * sharing the same database (PostgreSQL LISTEN/NOTIFY). Returns an unsubscribe function.
   */
  onEvent(listener: (event: EventRecord) => void): () => void;
}
