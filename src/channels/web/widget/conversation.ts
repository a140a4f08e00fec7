/** Sending questions, choices and ratings; starting, switching and leaving conversations. */
import { statusOf, uploadFile, type ApiError, type ChatMessage, type MessageBody, type NewConversation } from './api.js';
import { freshContact } from './contact.js';
import type { Rendered, Widget } from './context.js';
import { isElement } from './context.js';
import { announceMessage, pressThumb, renderMessage } from './messages.js';
import { announce, scrollDown, showBanner } from './shell.js';
import { current, pruneHistory } from './storage.js';
import { connect, finishStreaming } from './stream.js';
import { setView } from './view.js';
import { el } from './dom.js';

/** Starts a conversation on the server when there is none yet, and listens to its events. */
function ensureConversation(w: Widget): Promise<void> {
  if (current(w.state)) return Promise.resolve();
  return w.api<NewConversation>('/api/conversations', { method: 'POST', body: { language: w.state.lang } }).then((c) => {
    w.state.conversationId = c.conversationId;
    w.state.convs[c.conversationId] = { token: c.token, title: '', at: new Date().toISOString(), readUpTo: 0, unread: [] };
    pruneHistory(w.state);
    w.lastSeen = 0;
    w.save();
    connect(w);
  });
}

function setBusy(w: Widget, b: boolean): void {
  w.busy = b;
  w.ui.typing.textContent = b ? w.t('typing') : '';
  w.ui.typing.classList.toggle('on', b);
  // aria-disabled, not disabled: a focused send button keeps the focus while the answer is written.
  if (b) w.ui.sendBtn.setAttribute('aria-disabled', 'true');
  else w.ui.sendBtn.removeAttribute('aria-disabled');
}

/** Draws the assistant's reply to what was sent, reads it out, and frees the composer. */
function showReply(w: Widget, reply: ChatMessage): Rendered | undefined {
  finishStreaming(w);
  reply.role = 'assistant';
  const item = renderMessage(w, reply) || w.rendered[String(reply.messageId)];
  announceMessage(w, reply, w.t('bot'));
  setBusy(w, false);
  return item;
}

/** Sends a question (`text`) or an action; `shown` is what the visitor's bubble says (a button's label). */
export function send(w: Widget, body: MessageBody, shown?: string): void {
  if (w.busy) return;
  const text = body.text != null ? body.text : null;
  if (text != null && text.length > 4000) return showBanner(w, w.t('tooLong'));
  setView(w, 'chat', true);
  const key = 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  const local: ChatMessage = { role: 'user', text: shown || text, action: body.action || null, label: shown || null };
  w.pendingUser.push({ text: local.text ?? null, action: local.action ?? null });
  renderMessage(w, local);
  setBusy(w, true);
  scrollDown(w);
  body.language = w.state.lang;
  const attempt = (n: number): Promise<ChatMessage> =>
    ensureConversation(w)
      .then(() => {
        const c = current(w.state);
        const title = text || shown;
        if (c && !c.title && title) c.title = title.slice(0, 80);
        if (c) c.at = new Date().toISOString();
        w.save();
        return w.api<ChatMessage>('/api/conversations/' + encodeURIComponent(String(w.state.conversationId)) + '/messages', { method: 'POST', body: body, key: key });
      })
      .catch((e: ApiError) => {
        // A stale token (conversation gone): start a new conversation once. Network errors retry with the same key.
        if (statusOf(e) === 401 && n === 0) {
          delete w.state.convs[String(w.state.conversationId)];
          w.state.conversationId = null;
          w.save();
          return attempt(1);
        }
        if (!statusOf(e) && n < 2)
          return new Promise<void>((r) => {
            setTimeout(r, 800 * (n + 1));
          }).then(() => attempt(n + 1));
        throw e;
      });
  attempt(0)
    .then((reply) => {
      const item = showReply(w, reply);
      // A typed question keeps the focus in the input, unless the reply is a step that asks for a choice.
      focusAfterReply(w, item, text != null && reply.kind !== 'walkthrough' && reply.kind !== 'plan');
    })
    .catch((e: ApiError) => {
      setBusy(w, false);
      showBanner(w, e.message && statusOf(e) ? e.message : w.t('error'));
      focusAfterReply(w, null);
    });
}

const DEFAULT_MAX_FILE = 10 * 1024 * 1024;

/** A size as the server writes it in the transcript ("240 KB", "1.5 MB"). */
export function fileSize(bytes: number): string {
  return bytes >= 1048576 ? Math.round((bytes / 1048576) * 10) / 10 + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
}

/**
 * Attaches a file for staff: shown at once as the visitor's message, sent as the raw body, answered like a message.
 * A refusal (size, type, quota) takes the message back and says why in the visitor's language.
 */
export function attachFile(w: Widget, file: File): void {
  if (w.busy) return;
  const max = w.info.maxFileBytes || DEFAULT_MAX_FILE;
  if (file.size > max) return showBanner(w, w.t('fileTooLarge')(Math.round((max / 1048576) * 10) / 10));
  setView(w, 'chat', true);
  const pending = { text: null, action: null, file: true };
  w.pendingUser.push(pending);
  const local = renderMessage(w, { role: 'user', text: '📎 ' + file.name + ' (' + fileSize(file.size) + ')' });
  setBusy(w, true);
  w.ui.typing.textContent = w.t('uploading');
  ensureConversation(w)
    .then(() => {
      const id = String(w.state.conversationId);
      const c = current(w.state);
      if (c && !c.title) c.title = ('📎 ' + file.name).slice(0, 80);
      w.save();
      return uploadFile<ChatMessage>(w.cfg.api, '/api/conversations/' + encodeURIComponent(id) + '/attachments', c ? c.token : '', file, file.name);
    })
    .then((reply) => {
      focusAfterReply(w, showReply(w, reply));
    })
    .catch((e: ApiError) => {
      setBusy(w, false);
      const i = w.pendingUser.indexOf(pending);
      if (i >= 0) w.pendingUser.splice(i, 1);
      if (isElement(local)) local.remove();
      w.transcript.pop();
      const code = e.code || '';
      showBanner(
        w,
        code === 'attachment_type:api'
          ? w.t('fileType')
          : code === 'attachment_too_large:api' || statusOf(e) === 413
            ? w.t('fileTooLarge')(Math.round((max / 1048576) * 10) / 10)
            : /^attachment_(too_many|quota)/.test(code)
              ? w.t('fileQuota')
              : e.message && statusOf(e)
                ? e.message
                : w.t('error'),
      );
      focusAfterReply(w, null);
    });
}

/** The visitor's answer to "how satisfied are you?" on a closed request (1-5); shown as pressed at once. */
export function rateRequest(w: Widget, ticketId: number, score: number, group: HTMLElement): void {
  markSurvey(w, group, score);
  w.api('/api/conversations/' + encodeURIComponent(String(w.state.conversationId)) + '/tickets/' + ticketId + '/rating', { method: 'POST', body: { score: score } })
    .then(() => {
      announce(w, w.t('surveyThanks')(score), w.state.lang);
    })
    .catch(() => {
      showBanner(w, w.t('error'));
    });
}

/** Shows a score on a survey's buttons (after a click, or replayed from the stream's ticket.rated). */
export function markSurvey(w: Widget, group: Element, score: number): void {
  group.querySelectorAll('button').forEach((b) => {
    b.setAttribute('aria-pressed', String(Number(b.getAttribute('data-score')) === score));
  });
  let note = group.querySelector('.survey-thanks');
  if (!note) {
    note = el('p', { class: 'survey-thanks' });
    group.appendChild(note);
  }
  note.textContent = w.t('surveyThanks')(score);
}

/** Focus goes to the new choices; otherwise it stays where it was, or goes to the input; never to the page. */
function focusAfterReply(w: Widget, item: Rendered | null | undefined, stayInInput?: boolean): void {
  if (!w.state.open) return;
  const input = w.ui.input;
  const active = w.ui.shadow.activeElement as (Element & { disabled?: boolean }) | null;
  if (active === input && (input.value.trim() || stayInInput)) return;
  const first = isElement(item) ? item.querySelector<HTMLElement>('.choices button:not([disabled])') : null;
  if (first) {
    first.focus();
    return;
  }
  if (!active || active.disabled || (active.closest && active.closest('.choices'))) input.focus();
}

/** Rates an answer; the assistant's reply is shown when it says something (a thumbs-down, choices, a ticket). */
export function feedback(w: Widget, messageId: string, rating: 'up' | 'down', box: HTMLElement): void {
  pressThumb(w, box, rating);
  w.pendingUser.push({ text: rating === 'up' ? '👍' : '👎', action: 'feedback:' + rating + ':' + messageId });
  w.api<ChatMessage | null>('/api/conversations/' + encodeURIComponent(String(w.state.conversationId)) + '/feedback', { method: 'POST', body: { messageId: messageId, rating: rating } })
    .then((answer) => {
      const reply: ChatMessage = answer || {};
      const shows = reply.ticket || (reply.choices && reply.choices.length) || rating === 'down';
      if (shows) {
        renderMessage(w, { role: 'user', text: rating === 'up' ? '👍' : '👎', action: 'feedback:' + rating + ':', label: rating === 'up' ? '👍' : '👎' });
        reply.role = 'assistant';
        renderMessage(w, reply);
        announceMessage(w, reply, w.t('bot'));
      } else if (reply.messageId) {
        w.rendered[reply.messageId] = document.createElement('span');
        announce(w, w.t('thanks'), w.state.lang);
      }
    })
    .catch(() => {
      showBanner(w, w.t('error'));
    });
}

/** Shows another conversation of this browser (or none: `null`), replaying it from the event stream. */
export function switchTo(w: Widget, id: string | null): void {
  if (w.source) w.source.close();
  w.source = null;
  w.state.conversationId = id;
  w.lastSeen = 0;
  w.rendered = {};
  w.announced = {};
  w.transcript = [];
  w.pendingUser = [];
  w.ui.log.textContent = '';
  w.contact = freshContact(null);
  w.save();
  if (id) connect(w);
}
