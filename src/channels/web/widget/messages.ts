/** Drawing messages in the log: bubbles, sources, tickets, choices, thumbs; choices that are history; announcements. */
import type { ChatMessage } from './api.js';
import { offerContact } from './contact.js';
import { isElement, type Rendered, type Widget } from './context.js';
import { feedback, markSurvey, rateRequest, send } from './conversation.js';
import { all, el, ICONS, svgIcon } from './dom.js';
import { link, markdown } from './markdown.js';
import { planLinks } from './plan-links.js';
import { announce, scrollDown } from './shell.js';
import { langOf, plain, plainKeepLinks } from './text.js';
import { noteTicket } from './unread.js';

const FEEDBACK = /^feedback:(up|down)(?::(.+))?$/;

/** Reads a message out through the live region once, as plain text in its language. */
export function announceMessage(w: Widget, m: ChatMessage, who: string): void {
  if (m.messageId) {
    if (w.announced[m.messageId]) return;
    w.announced[m.messageId] = true;
  }
  const text = plain(m.text);
  // A reply that opened a ticket says the contact form is there (in the visitor's language, like the form).
  const node = m.messageId ? w.rendered[m.messageId] : undefined;
  const offer = isElement(node) && node.querySelector('.contact form') ? ' ' + w.t('contactOffer') : '';
  announce(w, who + ': ' + text + offer, langOf(text, m.language, w.state.lang));
}

/** The label of an action the person chose: what they saw on the button, never its id. */
function actionLabel(w: Widget, action: string): string {
  const fb = FEEDBACK.exec(action);
  if (fb) return fb[1] === 'up' ? '👍' : '👎';
  const label = w.choiceLabels[action];
  if (label) return label;
  if (action === 'person') return w.t('person');
  if (action === 'wt:start') return w.t('start');
  return w.t('chose');
}

/** A user message's action, whether the server sends it apart or (older records) as the text itself. */
export function actionOf(m: ChatMessage): string | null {
  if (m.action) return m.action;
  const text = String(m.text || '');
  if (FEEDBACK.test(text) || /^wt:[\w:-]+$/.test(text) || text === 'person') return text;
  if (text === '👍') return 'feedback:up';
  if (text === '👎') return 'feedback:down';
  return null;
}

/** Older choice buttons are history: disabled and marked, all but `except` (the latest message's). */
function markStale(w: Widget, except: Element | null): void {
  all(w.ui.log, '.choices').forEach((g) => {
    if (g === except || g.getAttribute('data-stale') === 'done') return;
    g.setAttribute('data-stale', 'done');
    // Disabling the focused button would drop the focus on the page: move it on first.
    const active = w.ui.shadow.activeElement;
    if (active && g.contains(active)) {
      const next = except && except.querySelector('button');
      if (next) next.focus();
      else if (w.state.open) w.ui.input.focus();
    }
    all<HTMLButtonElement>(g, 'button').forEach((b) => {
      b.disabled = true;
      b.removeAttribute('aria-disabled');
    });
    if (!g.querySelector('.stale-note')) g.insertBefore(el('p', { class: 'stale-note', text: w.t('earlier') }), g.firstChild);
  });
}

function markChosen(group: Element, button: HTMLButtonElement | null): void {
  group.setAttribute('data-stale', 'chosen');
  all(group, 'button').forEach((b) => {
    b.setAttribute('aria-disabled', 'true');
  });
  if (button) {
    button.classList.add('chosen');
    button.setAttribute('aria-pressed', 'true');
  }
}

function lastChoiceGroup(w: Widget): Element | null {
  const groups = w.ui.log.querySelectorAll('.choices');
  return groups.length ? groups[groups.length - 1] : null;
}

/** "How satisfied are you?" after staff closed a request: five buttons, 1 (very dissatisfied) to 5 (very satisfied). */
function surveyGroup(w: Widget, ticketId: number, score?: number): HTMLElement {
  const scale = w.t('surveyScale');
  const group = el('div', { class: 'survey', role: 'group', 'aria-label': w.t('surveyGroup'), 'data-ticket': String(ticketId), lang: w.state.lang });
  const row = el('div', { class: 'survey-row' });
  scale.forEach((label, i) => {
    row.appendChild(
      el('button', { type: 'button', class: 'score', 'data-score': String(i + 1), 'aria-pressed': 'false', 'aria-label': i + 1 + ' · ' + label, title: label, onclick: () => rateRequest(w, ticketId, i + 1, group) }, [
        el('span', { 'aria-hidden': 'true', text: String(i + 1) }),
      ]),
    );
  });
  group.appendChild(row);
  group.appendChild(el('p', { class: 'survey-ends', 'aria-hidden': 'true' }, [el('span', { text: scale[0] }), el('span', { text: scale[4] })]));
  if (score) markSurvey(w, group, score);
  return group;
}

/** Shows a rating on the rated answer's thumbs. */
export function pressThumb(w: Widget, box: Element | null, rating: string): void {
  if (!box) return;
  all(box, 'button').forEach((b) => {
    // aria-disabled, not disabled: the pressed button keeps the focus.
    b.setAttribute('aria-disabled', 'true');
    b.setAttribute('aria-pressed', String(b.getAttribute('data-rating') === rating));
  });
  if (!box.querySelector('.thanks')) box.appendChild(el('span', { class: 'thanks', text: w.t('thanks') }));
}

/**
 * Draws a message once (by messageId) and returns its element; null for what is not shown as a message (a thumbs-up,
 * the assistant's thanks for a rating). A user's action is shown as the label of what they chose.
 */
export function renderMessage(w: Widget, m: ChatMessage): Rendered | null {
  const t = w.t;
  if (m.messageId && w.rendered[m.messageId]) return w.rendered[m.messageId];
  const role = m.role || 'assistant';
  let text = m.text || '';
  const action = role === 'user' ? actionOf(m) : null;
  const fb = action ? FEEDBACK.exec(action) : null;
  if (fb) {
    // A rating is shown on the rated answer; a thumbs-down, which the assistant answers, also as "👎".
    const rated = fb[2] ? w.rendered[fb[2]] : undefined;
    if (isElement(rated)) pressThumb(w, rated.querySelector('.feedback'), fb[1]);
    if (fb[1] === 'up') {
      if (m.messageId) w.rendered[m.messageId] = document.createElement('span');
      return null;
    }
  }
  // The assistant's "thanks" for a rating says nothing new; a reply with choices or a ticket is shown.
  if (role === 'assistant' && m.kind === 'feedback' && !(m.choices && m.choices.length) && !m.ticket) {
    if (m.messageId) w.rendered[m.messageId] = document.createElement('span');
    return null;
  }
  if (action) {
    text = m.label || actionLabel(w, action);
    const group = fb ? null : lastChoiceGroup(w);
    if (group && group.getAttribute('data-stale') !== 'done') {
      let btn: HTMLButtonElement | null = null;
      for (const b of all<HTMLButtonElement>(group, 'button')) if (b.getAttribute('data-action') === action) btn = b;
      markChosen(group, btn);
    }
  }
  const lang = role === 'assistant' && (m.language === 'ko' || m.language === 'en') ? m.language : langOf(text, undefined, w.state.lang);
  const item = el('div', { class: 'msg ' + role, 'data-role': role, lang: lang });
  const messageId = m.messageId;
  if (messageId) {
    w.rendered[messageId] = item;
    item.setAttribute('data-id', messageId);
  }
  const who = role === 'user' ? t('you') : role === 'staff' ? t('staff') : t('bot');
  item.appendChild(el('span', { class: 'who', text: who, lang: w.state.lang }));
  const bubble = el('div', { class: 'bubble' });
  bubble.appendChild(role === 'user' ? el('p', { text: text }) : markdown(text.trim(), w.cfg.api));
  item.appendChild(bubble);
  w.transcript.push({ role: role, who: who, text: role === 'user' ? text : plainKeepLinks(text), at: m.createdAt || m.at || new Date().toISOString() });

  if (m.ticket && m.ticket.id) {
    noteTicket(w, m.ticket);
    const badge = t('ticket') + ' #' + m.ticket.id + (m.ticket.deadline ? ' · ' + t('deadline') + ' ' + m.ticket.deadline : '');
    item.appendChild(el('div', { class: 'badge ' + (m.ticket.priority || ''), text: badge, lang: w.state.lang }));
    if (role === 'assistant' && m.ticket.status !== 'resolved') offerContact(w, item, m.ticket);
  }
  if (m.citations && m.citations.length) {
    const list = el('ol', { class: 'citations', 'aria-label': t('sources') });
    m.citations.forEach((c) => {
      list.appendChild(el('li', null, [link(c.title, c.url, w.cfg.api), el('span', { class: 'verified', text: ' (' + t('verified') + ' ' + c.verified + ')' })]));
    });
    item.appendChild(el('details', { class: 'sources' }, [el('summary', { text: t('sources') + ' (' + m.citations.length + ')', lang: w.state.lang }), list]));
  }
  if (m.plan) item.appendChild(planLinks(w));
  if (role === 'assistant' && m.kind === 'survey' && m.survey) item.appendChild(surveyGroup(w, m.survey.ticketId, m.survey.score));
  if (role === 'assistant' && m.choices && m.choices.length) {
    const choices = el('div', { class: 'choices', role: 'group', 'aria-label': who });
    m.choices.forEach((c) => {
      w.choiceLabels[c.id] = c.label;
      choices.appendChild(
        el('button', {
          type: 'button',
          class: 'choice',
          'data-action': c.id,
          text: c.label,
          onclick: (ev) => {
            const b = ev.currentTarget as HTMLButtonElement;
            if (b.disabled || b.getAttribute('aria-disabled') === 'true' || w.busy) return;
            markChosen(choices, b);
            send(w, { action: c.id }, c.label);
          },
        }),
      );
    });
    item.appendChild(choices);
  }
  if (role === 'assistant' && m.kind === 'answer' && messageId) {
    const box = el('div', { class: 'feedback', role: 'group', 'aria-label': t('helpful') + ' / ' + t('notHelpful'), lang: w.state.lang });
    (['up', 'down'] as const).forEach((r) => {
      box.appendChild(
        el(
          'button',
          {
            type: 'button',
            class: 'thumb',
            'data-rating': r,
            'aria-pressed': 'false',
            'aria-label': r === 'up' ? t('helpful') : t('notHelpful'),
            title: r === 'up' ? t('helpful') : t('notHelpful'),
            onclick: (ev) => {
              if ((ev.currentTarget as HTMLElement).getAttribute('aria-disabled') === 'true') return;
              feedback(w, messageId, r, box);
            },
          },
          [svgIcon(ICONS[r], 18)],
        ),
      );
    });
    item.appendChild(box);
  }
  w.ui.log.appendChild(item);
  // Older choice buttons are history now: only the latest message's choices stay active.
  if (role !== 'user') markStale(w, item.querySelector('.choices'));
  scrollDown(w);
  return item;
}
