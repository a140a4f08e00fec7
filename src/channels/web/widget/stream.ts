/** The conversation's event stream: replies as they are written, staff replies, ticket changes; reconnects. */
import type { ChatMessage, StreamEvent, TicketRef } from './api.js';
import { dropContact } from './contact.js';
import type { Widget } from './context.js';
import { el } from './dom.js';
import { renderHome } from './home.js';
import { actionOf, announceMessage, renderMessage } from './messages.js';
import { markSurvey } from './conversation.js';
import { announce, scrollDown, showBanner } from './shell.js';
import { current } from './storage.js';
import { markUnread, noteTicket, seeing } from './unread.js';

/** Removes the answer being written once the message itself arrives (or the reply to the POST does). */
export function finishStreaming(w: Widget): void {
  if (w.streaming) {
    w.streaming.remove();
    w.streaming = null;
  }
}

/** Opens (or reopens) the current conversation's event stream, resuming after the last event seen. */
export function connect(w: Widget): void {
  const conv = current(w.state);
  const tok = conv ? conv.token : null;
  if (!w.state.conversationId || !tok || typeof EventSource === 'undefined') return;
  if (w.source) w.source.close();
  const convId = w.state.conversationId;
  const url = w.cfg.api + '/api/conversations/' + encodeURIComponent(convId) + '/events?token=' + encodeURIComponent(tok) + '&lastEventId=' + w.lastSeen;
  const es = (w.source = new EventSource(url));
  const track = (ev: MessageEvent) => {
    if (ev.lastEventId) w.lastSeen = Math.max(w.lastSeen, Number(ev.lastEventId));
  };
  // What arrives while the visitor looks at this conversation is read.
  const read = (id: number) => {
    const c = w.state.convs[convId];
    if (c && seeing(w) && id > (c.readUpTo || 0)) {
      c.readUpTo = id;
      w.save();
    }
  };
  es.addEventListener('ready', () => {
    w.ui.banner.hidden = true;
  });
  es.addEventListener('message.created', (ev) => {
    if (es !== w.source) return;
    track(ev);
    const id = Number(ev.lastEventId || 0);
    const e: StreamEvent<ChatMessage> = JSON.parse(ev.data);
    const m = e.data;
    m.createdAt = m.createdAt || e.at;
    if (m.role === 'user') {
      // A message sent from here is already shown.
      const act = actionOf(m);
      for (let i = 0; i < w.pendingUser.length; i++) {
        const p = w.pendingUser[i];
        if ((p.file && m.attachment) || p.text === m.text || (act && p.action && (p.action === act || p.action.indexOf(act + ':') === 0 || act.indexOf(p.action) === 0))) {
          w.pendingUser.splice(i, 1);
          w.rendered[String(m.messageId)] = true;
          read(id);
          return;
        }
      }
    }
    if (m.role === 'assistant') finishStreaming(w);
    const c = w.state.convs[convId];
    const fresh = c && id > (c.readUpTo || 0);
    const wasRendered = Boolean(m.messageId && w.rendered[m.messageId]);
    const item = renderMessage(w, m);
    if (item && !wasRendered && fresh) {
      if (m.role === 'staff') {
        if (seeing(w)) announceMessage(w, m, w.t('staff'));
        else markUnread(w, c, m.messageId!);
      } else if (seeing(w) && m.role === 'assistant' && !w.busy) announceMessage(w, m, w.t('bot'));
    }
    read(id);
  });
  es.addEventListener('reply.delta', (ev) => {
    const d: { text: string } = JSON.parse(ev.data);
    if (!w.streaming) {
      w.streaming = el('div', { class: 'msg assistant streaming', 'aria-hidden': 'true' }, [el('span', { class: 'who', text: w.t('bot') }), el('div', { class: 'bubble' }, [el('p')])]);
      w.ui.log.appendChild(w.streaming);
    }
    const p = w.streaming.querySelector('p')!;
    p.textContent += d.text;
    scrollDown(w);
  });
  ['ticket.created', 'ticket.updated'].forEach((type) => {
    es.addEventListener(type, (ev) => {
      track(ev);
      const d: { ticket?: TicketRef } = (JSON.parse(ev.data) as StreamEvent<{ ticket?: TicketRef } | null>).data || {};
      if (d.ticket) {
        const before = w.state.convs[convId] && w.state.convs[convId].ticket;
        noteTicket(w, d.ticket, convId);
        if (d.ticket.status === 'resolved') dropContact(w, d.ticket.id);
        if (d.ticket.status === 'resolved' && before && before.status !== 'resolved' && Number(ev.lastEventId) > (w.state.convs[convId].readUpTo || 0) && seeing(w)) announce(w, w.t('ticketResolved'), w.state.lang);
        if (w.view === 'home') renderHome(w);
      }
      read(Number(ev.lastEventId || 0));
    });
  });
  // A rating given (here or before a reload) shows on its question.
  es.addEventListener('ticket.rated', (ev) => {
    track(ev);
    const d: { ticketId?: number; score?: number } = (JSON.parse(ev.data) as StreamEvent<{ ticketId?: number; score?: number }>).data || {};
    const group = d.ticketId ? w.ui.log.querySelector('.survey[data-ticket="' + d.ticketId + '"]') : null;
    if (group && d.score) markSurvey(w, group, d.score);
    read(Number(ev.lastEventId || 0));
  });
  es.addEventListener('staff.replied', track);
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. the server restarted with an error): reconnect ourselves, resuming after the last event.
      showBanner(w, w.t('offline'));
      clearTimeout(w.retryTimer);
      w.retryTimer = setTimeout(() => connect(w), 3000);
    }
  };
}
