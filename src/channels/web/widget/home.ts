/**
 * The home view: what the assistant does, questions to try, staff hours, the conversations of this browser; and
 * "new chat", which never silently drops a conversation with an open ticket.
 */
import type { WidgetInfo } from './api.js';
import type { StaffHours, Widget } from './context.js';
import { send, switchTo } from './conversation.js';
import { el } from './dom.js';
import { byRecent, current, ticketOpen } from './storage.js';
import { day, langOf } from './text.js';
import { downloadTranscript } from './transcript.js';
import { checkOthers } from './unread.js';
import { setView } from './view.js';

/** Staff hours from the server (they override the script tag's). */
export function loadInfo(w: Widget): Promise<void> {
  return fetch(w.cfg.api + '/api/widget/info')
    .then((r) => (r.ok ? (r.json() as Promise<WidgetInfo>) : null))
    .then((d) => {
      if (d && d.hours) w.info = { hours: d.hours, timeZone: d.timeZone || w.info.timeZone, maxFileBytes: d.maxFileBytes || w.info.maxFileBytes };
      if (w.view === 'home') renderHome(w);
    })
    .catch(() => {});
}

/** Whether staff are in now (weekdays, within the hours, in their time zone); null where the browser cannot tell. */
function staffOpenNow(info: StaffHours): boolean | null {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: info.timeZone, weekday: 'short', hour: 'numeric', hour12: false }).formatToParts(new Date()).forEach((p) => {
      parts[p.type] = p.value;
    });
  } catch (e) {
    return null;
  }
  const h = info.hours.split('-').map(Number);
  const hour = Number(parts.hour) % 24;
  return parts.weekday !== 'Sat' && parts.weekday !== 'Sun' && hour >= h[0] && hour < h[1];
}

export function renderHome(w: Widget): void {
  const { t, state } = w;
  const home = w.ui.home;
  home.textContent = '';
  const h = w.info.hours.split('-');
  const pad = (x: string) => String(x).padStart(2, '0') + ':00';
  home.appendChild(el('h3', { class: 'home-title', id: 'cia-home-title', text: t('canHeading') }));
  home.appendChild(el('p', { class: 'intro', text: t('homeIntro') }));
  home.appendChild(
    el(
      'ul',
      { class: 'can' },
      t('can').map((s) => el('li', { text: s })),
    ),
  );
  home.appendChild(
    el('button', {
      type: 'button',
      class: 'start-plan',
      text: t('start'),
      onclick: () => {
        send(w, { action: 'wt:start' }, t('start'));
      },
    }),
  );
  home.appendChild(el('h3', { text: t('suggestHeading') }));
  home.appendChild(
    el(
      'ul',
      { class: 'suggestions' },
      t('suggestions').map((q) =>
        el('li', null, [
          el('button', {
            type: 'button',
            class: 'suggest',
            text: q,
            onclick: () => {
              send(w, { text: q });
            },
          }),
        ]),
      ),
    ),
  );
  home.appendChild(el('h3', { text: t('hoursHeading') }));
  const openNow = staffOpenNow(w.info);
  home.appendChild(el('p', { class: 'hours' }, [el('strong', { text: t('hours')(pad(h[0]), pad(h[1])) }), openNow == null ? null : el('br'), openNow == null ? null : openNow ? t('openNow') : t('closedNow')]));

  home.appendChild(el('h3', { text: t('historyHeading') }));
  const ids = byRecent(state);
  const c = current(state);
  if (c) {
    home.appendChild(
      el('div', { class: 'home-actions' }, [
        el('button', {
          type: 'button',
          class: 'secondary',
          text: t('continueChat'),
          onclick: () => {
            setView(w, 'chat');
          },
        }),
        el('button', { type: 'button', class: 'secondary transcript', text: t('transcript'), onclick: () => downloadTranscript(w) }),
        el('button', { type: 'button', class: 'secondary new-chat', text: t('newChat'), onclick: () => askNewChat(w) }),
      ]),
    );
  }
  if (!ids.length) home.appendChild(el('p', { class: 'muted', text: t('historyEmpty') }));
  else
    home.appendChild(
      el(
        'ul',
        { class: 'history' },
        ids.map((id) => {
          const x = state.convs[id];
          const bits = [day(x.at)];
          if (id === state.conversationId) bits.unshift(t('current'));
          if (ticketOpen(x)) bits.push(t('openTicket')(x.ticket!.id));
          if (x.unread && x.unread.length) bits.push(t('unreadN')(x.unread.length));
          return el('li', null, [
            el(
              'button',
              {
                type: 'button',
                class: 'conv' + (id === state.conversationId ? ' current' : '') + (x.unread && x.unread.length ? ' has-unread' : ''),
                'aria-current': id === state.conversationId ? 'true' : null,
                onclick: () => {
                  if (id !== state.conversationId) switchTo(w, id);
                  setView(w, 'chat');
                },
              },
              [el('span', { class: 'conv-title', text: x.title || t('untitled'), lang: langOf(x.title, undefined, state.lang) }), el('span', { class: 'conv-meta', text: bits.join(' · ') })],
            ),
          ]);
        }),
      ),
    );
}

/** "New chat": asks first when this conversation's ticket is still open. */
function askNewChat(w: Widget): void {
  const { t, ui } = w;
  const c = current(w.state);
  if (!ticketOpen(c)) return newChat(w);
  const confirmBox = ui.confirmBox;
  confirmBox.textContent = '';
  const no = el('button', {
    type: 'button',
    class: 'secondary',
    text: t('confirmNo'),
    onclick: () => {
      confirmBox.hidden = true;
      const back = ui.home.querySelector<HTMLElement>('.new-chat');
      (back || ui.input).focus();
    },
  });
  confirmBox.appendChild(el('p', { class: 'confirm-title', id: 'cia-confirm-title', text: t('confirmNewTitle') }));
  confirmBox.appendChild(el('p', { id: 'cia-confirm-text', text: t('confirmNew')(c!.ticket!.id) }));
  confirmBox.appendChild(
    el('div', { class: 'home-actions' }, [
      el('button', {
        type: 'button',
        class: 'primary',
        text: t('confirmYes'),
        onclick: () => {
          confirmBox.hidden = true;
          newChat(w);
        },
      }),
      no,
    ]),
  );
  confirmBox.hidden = false;
  no.focus();
}

function newChat(w: Widget): void {
  const c = current(w.state);
  if (c) c.seenAt = new Date().toISOString();
  switchTo(w, null);
  setView(w, 'home', true);
  w.ui.input.focus();
}
