/** Calls to the assistant's chat API, with the conversation's token; errors carry the HTTP status. */
import type { Lang } from '../../../core/lang.js';
import type { Action, Reply, TicketInfo } from '../../../core/reply.js';
import type { ContactField } from './strings.js';
import { current, type WidgetState } from './storage.js';

/** An error answer from the API (status set), or a network failure (no status). */
export interface ApiError extends Error {
  status?: number;
  /** The server's error code (e.g. `attachment_type:api`). */
  code?: string;
}

/** The status of a failed call; undefined for a network error. */
export function statusOf(e: unknown): number | undefined {
  return (e as ApiError | null)?.status;
}

export interface ApiOptions {
  method?: 'GET' | 'POST';
  body?: object;
  /** Whose token to send; the current conversation's by default. */
  conversationId?: string | null;
  token?: string;
  /** Idempotency-Key: a retry of the same message is answered once. */
  key?: string;
}

export type ApiCall = <T>(path: string, opts?: ApiOptions) => Promise<T>;

export function createApi(base: string, state: WidgetState): ApiCall {
  return function api<T>(path: string, opts?: ApiOptions): Promise<T> {
    opts = opts || {};
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const conv = opts.conversationId ? state.convs[opts.conversationId] : current(state);
    const tok = opts.token || (conv && conv.token);
    if (tok) headers.Authorization = 'Bearer ' + tok;
    if (opts.key) headers['Idempotency-Key'] = opts.key;
    return fetch(base + path, { method: opts.method || 'GET', headers: headers, body: opts.body ? JSON.stringify(opts.body) : undefined }).then((res) =>
      res.json().then((data: { error?: { message?: string } } | null) => {
        if (!res.ok) {
          const err: ApiError = new Error((data && data.error && data.error.message) || res.statusText);
          err.status = res.status;
          throw err;
        }
        return data as T;
      }),
    );
  };
}

/** Sends a file as the raw body of POST …/attachments (the server reads its type from the bytes). */
export function uploadFile<T>(base: string, path: string, token: string, file: Blob, name: string): Promise<T> {
  return fetch(base + path + '?name=' + encodeURIComponent(name.slice(0, 300)), {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/octet-stream' },
    body: file,
  }).then((res) =>
    res
      .json()
      .catch(() => null)
      .then((data: { error?: { message?: string; code?: string } } | null) => {
        if (!res.ok) {
          const err: ApiError = new Error((data && data.error && data.error.message) || res.statusText);
          err.status = res.status;
          err.code = data && data.error ? data.error.code : undefined;
          throw err;
        }
        return data as T;
      }),
  );
}

// ---- what the API sends and takes (the server's own types where it has them) ----

/** POST /api/conversations */
export interface NewConversation {
  conversationId: string;
  token: string;
}

/** POST /api/conversations/:id/messages: a question or an action. */
export interface MessageBody {
  text?: string;
  action?: Action | string;
  language?: Lang;
}

/** A ticket as events and replies carry it: at least its id. */
export type TicketRef = Pick<TicketInfo, 'id'> & Partial<TicketInfo>;

/**
 * A message as the widget draws it: a reply from POST …/messages or …/feedback, the `data` of a `message.created`
 * event, or a question typed here before the server echoes it.
 */
export interface ChatMessage extends Partial<Omit<Reply, 'ticket' | 'text' | 'kind'>> {
  kind?: Reply['kind'] | 'survey';
  survey?: SurveyRef;
  attachment?: AttachmentRef;
  role?: 'user' | 'assistant' | 'staff';
  text?: string | null;
  /** A user message that is an action: its id, and the label of the button pressed. */
  action?: string | null;
  label?: string | null;
  ticket?: TicketRef | null;
  createdAt?: string;
  at?: string;
}

/** GET /api/conversations/:id/messages */
export interface MessagePage {
  messages?: { id: string; role: string; createdAt: string }[];
}

/** POST /api/conversations/:id/plan-links: signed download paths, valid until expiresAt. */
export interface PlanLinks {
  markdown: string;
  calendar: string;
  expiresAt: string;
}

export type ContactDetails = Partial<Record<ContactField, string>>;

/** GET and POST /api/conversations/:id/contact */
export interface ContactAnswer {
  contact?: ContactDetails | null;
}

/** GET /api/widget/info */
export interface WidgetInfo {
  hours?: string;
  timeZone?: string;
  maxFileBytes?: number;
}

/** A file the visitor attached, as its transcript message carries it. */
export interface AttachmentRef {
  id: string;
  name: string;
  type: string;
  size: number;
}

/** The question asked when staff close a request, with the score once given. */
export interface SurveyRef {
  ticketId: number;
  score?: number;
}

/** The `data` of a `message.created`, `ticket.created` or `ticket.updated` event. */
export interface StreamEvent<T> {
  at?: string;
  data: T;
}
