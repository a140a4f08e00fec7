/** Tickets and unread staff replies: the launcher's badge and the page title, read marks, other conversations. */
import type { ApiError, MessagePage, TicketRef } from './api.js';
import { statusOf } from './api.js';
import { isElement, type Widget } from './context.js';
import { all, el } from './dom.js';
import { renderHome } from './home.js';
import { announce } from './shell.js';
import { current, ticketOpen, unreadTotal, type StoredConversation } from './storage.js';
import { plain } from './text.js';

/** Remembers a conversation's ticket and its status (for the history list and "new chat"). */
export function noteTicket(w: Widget, ticket: TicketRef | null | undefined, convId?: string): void {
  const c = w.state.convs[String(convId || w.state.conversationId)];
  if (!c || !ticket || !ticket.id) return;
  c.ticket = { id: ticket.id, status: ticket.status || (c.ticket && c.ticket.id === ticket.id ? c.ticket.status : 'open') };
  w.save();
}

/** The unread count on the launcher (as a badge, in its name) and in the page title. */
export function updateBadge(w: Widget): void {
  const n = unreadTotal(w.state);
  const { launcher, unreadBadge } = w.ui;
  unreadBadge.textContent = n ? String(n) : '';
  unreadBadge.hidden = !n;
  const label = w.state.open ? w.t('close') : n ? w.t('launcherUnread')(n) : w.t('open');
  launcher.setAttribute('aria-label', label);
  launcher.setAttribute('title', label);
  const stripped = document.title.replace(/^\(\d+\) /, '');
  const want = n ? '(' + n + ') ' + stripped : stripped;
  if (document.title !== want) document.title = want;
}

/** The visitor is looking at the current conversation right now. */
export function seeing(w: Widget): boolean {
  return Boolean(w.state.open) && w.view === 'chat' && document.visibilityState !== 'hidden';
}

/** Everything shown up to now counts as read; new staff replies are announced and marked. */
export function markRead(w: Widget): void {
  const c = current(w.state);
  if (!c) return;
  const unread = c.unread || [];
  if (unread.length) {
    const first = w.rendered[unread[0]];
    all(w.ui.log, '.new-marker').forEach((n) => {
      n.remove();
    });
    if (isElement(first) && first.parentNode) first.parentNode.insertBefore(el('p', { class: 'new-marker', text: w.t('newMarker'), lang: w.state.lang }), first);
    const texts = unread
      .map((id) => {
        const node = w.rendered[id];
        return isElement(node) ? plain(node.querySelector('.bubble')!.textContent) : '';
      })
      .filter(Boolean);
    w.announced[unread[unread.length - 1]] = true;
    announce(w, w.t('newReplies')(unread.length) + ' ' + texts.join(' '), w.state.lang);
    if (isElement(first)) first.scrollIntoView({ block: 'nearest' });
  }
  c.unread = [];
  c.readUpTo = Math.max(c.readUpTo || 0, w.lastSeen);
  c.seenAt = new Date().toISOString();
  w.save();
  updateBadge(w);
}

/** Other conversations of this browser with an open ticket: staff replies since they were last seen. */
export function checkOthers(w: Widget): void {
  Object.keys(w.state.convs).forEach((id) => {
    const c = w.state.convs[id];
    if (id === w.state.conversationId || !ticketOpen(c)) return;
    w.api<MessagePage>('/api/conversations/' + encodeURIComponent(id) + '/messages?limit=20', { conversationId: id })
      .then((page) => {
        const since = c.seenAt || c.at || '';
        c.unread = (page.messages || []).filter((m) => m.role === 'staff' && String(m.createdAt) > since).map((m) => m.id);
        w.save();
        updateBadge(w);
        if (w.view === 'home') renderHome(w);
      })
      .catch((e: ApiError) => {
        if (statusOf(e) === 401 || statusOf(e) === 404) {
          delete w.state.convs[id];
          w.save();
          updateBadge(w);
        }
      });
  });
}

/** A staff reply that arrived while the visitor was not looking: counted on the badge until seen. */
export function markUnread(w: Widget, c: StoredConversation, messageId: string): void {
  if (c.unread.indexOf(messageId) < 0) {
    c.unread.push(messageId);
    w.save();
    updateBadge(w);
  }
}
