/** This browser's conversations with the assistant, kept in the host page's localStorage across reloads. */
import type { Lang } from '../../../core/lang.js';
import type { TicketStatus } from '../../../core/reply.js';
import { MAX_HISTORY, type WidgetConfig } from './config.js';

/** One conversation of this browser. */
export interface StoredConversation {
  token: string;
  /** The first question (80 characters), for the history list. */
  title: string;
  /** When it was last written to (ISO). */
  at: string;
  /** The last event id seen while the visitor looked at it. */
  readUpTo: number;
  /** Staff replies (message ids) not seen yet. */
  unread: string[];
  /** When the visitor last looked at it (ISO). */
  seenAt?: string;
  ticket?: { id: number; status: TicketStatus };
  /** The ticket for which the visitor put off the contact form. */
  contactLater?: number;
}

export interface WidgetState {
  lang: Lang;
  open?: boolean;
  conversationId?: string | null;
  /** Before the history existed, the one conversation's token sat here; moved into `convs` on load. */
  token?: string;
  convs: Record<string, StoredConversation>;
}

export interface Store {
  state: WidgetState;
  save(): void;
}

/** Reads the stored state (falls back to memory where storage throws, e.g. blocked third-party storage). */
export function openStore(cfg: WidgetConfig): Store {
  let memory = {} as WidgetState;
  const load = (): WidgetState => {
    try {
      return JSON.parse(localStorage.getItem(cfg.storeKey) || '{}');
    } catch (e) {
      return memory;
    }
  };
  const state = load();
  const save = () => {
    try {
      localStorage.setItem(cfg.storeKey, JSON.stringify(state));
    } catch (e) {
      memory = state;
    }
  };
  state.convs = state.convs || {};
  if (state.conversationId && state.token && !state.convs[state.conversationId])
    state.convs[state.conversationId] = { token: state.token, title: '', at: new Date().toISOString(), readUpTo: 0, unread: [] };
  delete state.token;
  state.lang = state.lang === 'ko' || state.lang === 'en' ? state.lang : pageLang(cfg.ds);
  return { state, save };
}

/** The widget's first language: data-lang, else the page's, else the browser's; Korean unless it is not Korean. */
function pageLang(ds: DOMStringMap): Lang {
  const l = ds.lang || document.documentElement.lang || navigator.language || 'ko';
  return /^ko/i.test(l) ? 'ko' : 'en';
}

/** The conversation being shown, if any. */
export function current(state: WidgetState): StoredConversation | null {
  return (state.conversationId && state.convs[state.conversationId]) || null;
}

/** Conversation ids, the most recently used first. */
export function byRecent(state: WidgetState): string[] {
  return Object.keys(state.convs).sort((a, b) => String(state.convs[b].at).localeCompare(String(state.convs[a].at)));
}

/** Keeps the newest conversations (and always the current one). */
export function pruneHistory(state: WidgetState): void {
  byRecent(state)
    .slice(MAX_HISTORY)
    .forEach((id) => {
      if (id !== state.conversationId) delete state.convs[id];
    });
}

export function ticketOpen(c: StoredConversation | null | undefined): boolean {
  return Boolean(c && c.ticket && c.ticket.status !== 'resolved');
}

export function unreadTotal(state: WidgetState): number {
  let n = 0;
  for (const id in state.convs) n += (state.convs[id].unread || []).length;
  return n;
}
