/** The store's records and the one interface both databases implement. Dates are ISO strings (UTC). */
export type Channel = 'web' | 'slack' | 'cli';
export type Role = 'user' | 'assistant' | 'staff' | 'system';
import type { TicketStatus, TicketPriority } from '../core/reply.js';
export type { TicketStatus, TicketPriority };

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

/** `agent` works tickets; `admin` also manages accounts, saved replies and knowledge proposals. */
export type StaffRole = 'agent' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = ['agent', 'admin'];

export interface StaffUserRecord {
  email: string;
  passwordHash: string;
  name: string | null;
  createdAt: string;
  /** Set when the account was disabled: its sessions end at once and it cannot sign in. */
  disabledAt?: string | null;
  /** `agent` when absent. */
  role?: StaffRole;
}

/** How to reach the company behind a conversation, left (optionally) when its case went to staff. */
export interface ContactRecord {
  conversationId: string;
  company: string | null;
  person: string | null;
  email: string | null;
  phone: string | null;
  /** The product or brand concerned. */
  product: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A note staff keep on a ticket. Never shown to the user, never sent to their channel. */
export interface TicketNoteRecord {
  id: number;
  ticketId: number;
  author: string;
  text: string;
  createdAt: string;
}

/** A reply staff insert and edit before sending, with the knowledge-base sources it rests on. */
export interface SavedReplyRecord {
  id: number;
  title: string;
  body: string;
  lang: 'ko' | 'en' | null;
  citations: Array<{ title: string; url: string }>;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export type ProposalStatus = 'proposed' | 'accepted' | 'rejected' | 'exported';

/** A knowledge update staff propose from a resolved ticket: the question, the answer they gave, its source. */
export interface KnowledgeProposalRecord {
  id: number;
  ticketId: number | null;
  question: string;
  answer: string;
  sourceUrl: string | null;
  lang: 'ko' | 'en';
  jurisdiction: string | null;
  status: ProposalStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A file a visitor attached to a conversation (a customs notice, a photo of a suspected fake). Its type is what the
 * bytes are (sniffed), not what the browser claimed; it is only ever served to staff, as a download.
 */
export interface AttachmentRecord {
  id: string;
  conversationId: string;
  /** The transcript message that shows it. */
  messageId: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** How satisfied the company was with the staff's handling of a resolved ticket (1 very dissatisfied … 5 very satisfied). */
export interface TicketRatingRecord {
  ticketId: number;
  conversationId: string;
  score: 1 | 2 | 3 | 4 | 5;
  comment: string | null;
  createdAt: string;
}

/** Filters of the staff console's ticket list; every one optional, all of them combined. */
export interface TicketQuery {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  jurisdiction?: string[];
  channel?: Channel[];
  /** A staff email, or `none` for tickets nobody has taken. */
  assignee?: string;
  /** Words searched in the summary, the transcript and the contact (case-insensitive), or a ticket number. */
  text?: string;
  limit?: number;
}

/** A ticket as the console lists it: with its conversation's channel and language and the company, when left. */
export interface DeskTicket extends TicketRecord {
  channel: Channel;
  language: 'ko' | 'en' | null;
  company: string | null;
}

/** What the analytics are computed from, for conversations, tickets and ratings of a period. */
export interface AnalyticsRows {
  conversations: Array<{ id: string; channel: Channel; language: 'ko' | 'en' | null; createdAt: string }>;
  /** Messages of the period (user, assistant, staff), oldest first. */
  messages: Array<{ id: string; conversationId: string; role: Role; text: string; data: Record<string, unknown>; createdAt: string }>;
  /** Tickets opened in the period. */
  tickets: TicketRecord[];
  /** Staff messages answering those tickets (whenever sent), oldest first. */
  staffReplies: Array<{ conversationId: string; createdAt: string; ticketId: number | null }>;
  /** Audit entries of those tickets. */
  audit: AuditRecord[];
  feedback: Array<FeedbackRecord>;
  /** Ratings of closed requests given in the period (read apart: `listTicketRatings`). */
  ratings?: TicketRatingRecord[];
}

/** What became of an idempotency key when a request arrived with it. */
export type RequestKeyState = 'new' | 'done' | 'busy' | 'mismatch';

/** One conversation and everything stored about it, for a privacy export. */
export interface ConversationExport {
  conversation: Omit<ConversationRecord, 'tokenHash'>;
  contact?: ContactRecord | null;
  notes?: TicketNoteRecord[];
  messages: MessageRecord[];
  tickets: TicketRecord[];
  feedback: FeedbackRecord[];
  events: EventRecord[];
  audit: AuditRecord[];
  /** What was attached (the files themselves are downloaded one by one). */
  attachments?: AttachmentRecord[];
  ratings?: TicketRatingRecord[];
}

export interface StaffSessionRecord {
  id: string;
  email: string;
  csrfToken: string;
  expiresAt: string;
  /** The account's role, read with the session on every request (absent when the session was only written). */
  role?: StaffRole;
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
  /** Files attached in this turn, stored with its messages (all or nothing). */
  attachments?: Array<AttachmentRecord & { body: Uint8Array }>;
  /** A rating of a resolved ticket (replaces an earlier one of the same ticket). */
  ticketRating?: TicketRatingRecord;
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

  // ---- The staff desk: accounts, contacts, notes, saved replies, knowledge proposals, analytics ----
  listStaffUsers(): Promise<StaffUserRecord[]>;
  /** Changes an account; a new password hash ends its sessions (a role is read with the session on each request). False when there is no such account. */
  updateStaffUser(email: string, patch: { role?: StaffRole; passwordHash?: string; name?: string | null }): Promise<boolean>;
  getContact(conversationId: string): Promise<ContactRecord | null>;
  /** Stores (or replaces) a conversation's contact details. */
  saveContact(contact: ContactRecord): Promise<void>;
  addTicketNote(note: Omit<TicketNoteRecord, 'id'>): Promise<TicketNoteRecord>;
  listTicketNotes(ticketId: number): Promise<TicketNoteRecord[]>;
  /** Tickets matching every given filter, newest first (at most `limit`, 500 by default). */
  searchTickets(query: TicketQuery): Promise<DeskTicket[]>;
  listSavedReplies(): Promise<SavedReplyRecord[]>;
  /** Creates a saved reply, or updates the one with `id`; null when that id does not exist. */
  saveSavedReply(reply: Omit<SavedReplyRecord, 'id' | 'createdAt' | 'createdBy'> & { id?: number; createdAt?: string; createdBy?: string }): Promise<SavedReplyRecord | null>;
  deleteSavedReply(id: number): Promise<boolean>;
  createKnowledgeProposal(p: Omit<KnowledgeProposalRecord, 'id'>): Promise<KnowledgeProposalRecord>;
  listKnowledgeProposals(filter?: { status?: ProposalStatus[] }): Promise<KnowledgeProposalRecord[]>;
  updateKnowledgeProposal(id: number, patch: Partial<Pick<KnowledgeProposalRecord, 'question' | 'answer' | 'sourceUrl' | 'jurisdiction' | 'status' | 'updatedAt'>>): Promise<KnowledgeProposalRecord | null>;
  /** The key under which a scope holds a value (e.g. the ticket whose Slack message has this ts); null when none. */
  findMetaKey(scope: string, value: string): Promise<string | null>;
  /** Audit entries of one kind of entity (e.g. every `staff_user` change), newest first. */
  listAuditOf(entity: string, limit?: number): Promise<AuditRecord[]>;
  /** The rows analytics are computed from, for `from` ≤ created < `to` (ISO times). */
  analyticsRows(range: { from: string; to: string }): Promise<AnalyticsRows>;

  // ---- Visitors' files and ratings ----
  /** One attachment with its bytes, when it belongs to this conversation. */
  getAttachment(conversationId: string, id: string): Promise<(AttachmentRecord & { body: Uint8Array }) | null>;
  listAttachments(conversationId: string): Promise<AttachmentRecord[]>;
  /** How many files and bytes a conversation holds (for its quota). */
  attachmentUsage(conversationId: string): Promise<{ count: number; bytes: number }>;
  getTicketRating(ticketId: number): Promise<TicketRatingRecord | null>;
  /** Ratings given in a period (by their time), for analytics. */
  listTicketRatings(range: { from: string; to: string }): Promise<TicketRatingRecord[]>;

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
