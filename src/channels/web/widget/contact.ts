/**
 * Contact details on escalation: an optional one-step form under the reply that opened the ticket, one per
 * conversation (under its latest ticket), kept while the visitor types and redrawn when the language changes.
 */
import { statusOf, type ApiError, type ContactAnswer, type ContactDetails, type TicketRef } from './api.js';
import type { Widget } from './context.js';
import { el } from './dom.js';
import { announce } from './shell.js';
import type { ContactField } from './strings.js';

// Same rules as the server's: one of company, e-mail or phone; an e-mail and a phone that look like one.
const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const PHONE_RE = /^[+\d][\d\s().-]{4,38}$/;

interface FieldSpec {
  name: ContactField;
  type: 'text' | 'email' | 'tel';
  auto: string;
  max: number;
  mode?: 'email' | 'tel';
}

const CONTACT_FIELDS: FieldSpec[] = [
  { name: 'company', type: 'text', auto: 'organization', max: 200 },
  { name: 'person', type: 'text', auto: 'name', max: 120 },
  { name: 'email', type: 'email', auto: 'email', max: 320, mode: 'email' },
  { name: 'phone', type: 'tel', auto: 'tel', max: 40, mode: 'tel' },
  { name: 'product', type: 'text', auto: 'off', max: 300 },
];

/** 'form': open; 'saved': details given; 'later': put off. */
export type ContactMode = 'form' | 'saved' | 'later';

export interface ContactState {
  convId: string | null;
  box: HTMLElement | null;
  ticketId: number | null;
  mode: ContactMode | null;
  saved: ContactDetails | null;
  /** What the visitor typed (kept across redraws). */
  values: ContactDetails;
  loaded: boolean;
  sending: boolean;
  errors: { fields: Partial<Record<ContactField, boolean>>; text: string } | null;
}

/** Where the focus goes after drawing: the first field, the first invalid one, the send button, "change". */
type ContactFocus = 'first' | 'invalid' | 'send' | 'again' | null;

export function freshContact(convId: string | null): ContactState {
  return { convId: convId, box: null, ticketId: null, mode: null, saved: null, values: {}, loaded: false, sending: false, errors: null };
}

const field = (form: HTMLFormElement, name: ContactField) => form.elements.namedItem(name) as HTMLInputElement | null;

/** Puts the form under `item` (a reply that opened a ticket), with the details already given if any. */
export function offerContact(w: Widget, item: HTMLElement, ticket: TicketRef): void {
  const convId = w.state.conversationId;
  if (!convId) return;
  if (w.contact.convId !== convId) w.contact = freshContact(convId);
  const contact = w.contact;
  contact.ticketId = ticket.id;
  if (!contact.box) contact.box = el('section', { class: 'contact', 'aria-labelledby': 'cia-contact-title' });
  // Moves the form under the newest ticket reply when there is already one.
  item.appendChild(contact.box);
  if (!contact.mode) {
    const c = w.state.convs[convId];
    contact.mode = c && c.contactLater === ticket.id ? 'later' : 'form';
  }
  drawContact(w);
  if (!contact.loaded) {
    contact.loaded = true;
    w.api<ContactAnswer | null>('/api/conversations/' + encodeURIComponent(convId) + '/contact', { conversationId: convId })
      .then((r) => {
        const contact = w.contact;
        if (contact.convId !== convId || !r || !r.contact) return;
        const stored = r.contact;
        contact.saved = stored;
        // What the visitor has typed meanwhile wins over what was stored.
        const open = contact.box && contact.box.querySelector('form');
        const typed = CONTACT_FIELDS.some((f) => (open ? field(open, f.name)!.value : contact.values[f.name]));
        if (!typed) {
          CONTACT_FIELDS.forEach((f) => {
            contact.values[f.name] = stored[f.name] || '';
          });
          const inForm = contact.box && contact.box.contains(w.ui.shadow.activeElement);
          if (contact.mode === 'form' && !inForm) contact.mode = 'saved';
          drawContact(w, null, true);
        }
      })
      .catch(() => {});
  }
}

/** Takes the form away (the ticket was resolved); the focus goes to the input if it was in the form. */
export function dropContact(w: Widget, ticketId?: number | null): void {
  const contact = w.contact;
  if (!contact.box || (ticketId != null && contact.ticketId !== ticketId)) return;
  const had = contact.box.contains(w.ui.shadow.activeElement);
  contact.box.remove();
  contact.box = null;
  contact.mode = null;
  if (had && w.state.open) w.ui.input.focus();
}

/** Keeps what was typed, then draws the form (or its saved or put-off state) in the visitor's language. */
export function drawContact(w: Widget, focus?: ContactFocus, replaceTyped?: boolean): void {
  const { t } = w;
  const contact = w.contact;
  const box = contact.box;
  if (!box) return;
  const form0 = box.querySelector('form');
  if (form0 && !replaceTyped)
    CONTACT_FIELDS.forEach((f) => {
      const n = field(form0, f.name);
      if (n) contact.values[f.name] = n.value;
    });
  box.textContent = '';
  box.setAttribute('lang', w.state.lang);
  box.setAttribute('data-mode', String(contact.mode));
  const title = el('h3', { class: 'contact-title', id: 'cia-contact-title', text: t('contactTitle') });
  if (contact.mode === 'later' || contact.mode === 'saved') {
    box.appendChild(title);
    if (contact.mode === 'saved') {
      const s = contact.saved || {};
      const bits = CONTACT_FIELDS.map((f) => s[f.name]).filter(Boolean);
      box.appendChild(el('p', { class: 'contact-done', text: t('contactSaved') }));
      if (bits.length) box.appendChild(el('p', { class: 'contact-summary', text: bits.join(' · ') }));
    } else box.appendChild(el('p', { class: 'contact-why', text: t('contactWhy') }));
    const again = el('button', {
      type: 'button',
      class: 'secondary contact-open',
      text: contact.mode === 'saved' ? t('contactEdit') : t('contactOpen'),
      onclick: () => {
        w.contact.mode = 'form';
        drawContact(w, 'first');
      },
    });
    box.appendChild(again);
    if (focus === 'again') again.focus();
    return;
  }
  box.appendChild(title);
  box.appendChild(el('p', { class: 'contact-why', id: 'cia-contact-why', text: t('contactWhy') }));
  const err = contact.errors;
  const form = el('form', { class: 'contact-form', novalidate: true, 'aria-labelledby': 'cia-contact-title', 'aria-describedby': 'cia-contact-why' });
  const grid = el('div', { class: 'contact-fields' });
  CONTACT_FIELDS.forEach((f) => {
    const id = 'cia-contact-' + f.name;
    const described: string[] = [];
    if (f.name === 'company' || f.name === 'email' || f.name === 'phone') described.push('cia-contact-need');
    if (err && err.fields[f.name]) described.push('cia-contact-error');
    const input = el('input', {
      id: id,
      name: f.name,
      type: f.type,
      autocomplete: f.auto,
      inputmode: f.mode || null,
      maxlength: String(f.max),
      class: 'contact-input',
      'aria-describedby': described.length ? described.join(' ') : null,
      'aria-invalid': err && err.fields[f.name] ? 'true' : null,
    });
    input.value = contact.values[f.name] || '';
    grid.appendChild(el('div', { class: 'field field-' + f.name }, [el('label', { for: id, text: t('contactFields')[f.name] }), input]));
  });
  form.appendChild(grid);
  form.appendChild(el('p', { class: 'contact-need', id: 'cia-contact-need', text: t('contactNeed') }));
  const error = el('p', { class: 'contact-error', id: 'cia-contact-error', role: 'alert' });
  if (err) error.textContent = err.text;
  else error.hidden = true;
  form.appendChild(error);
  const sendIt = el('button', { type: 'submit', class: 'primary contact-send', text: contact.sending ? t('contactSending') : t('contactSend'), 'aria-disabled': contact.sending ? 'true' : null });
  const later = el('button', {
    type: 'button',
    class: 'secondary contact-later',
    text: contact.saved ? t('contactCancel') : t('contactLater'),
    onclick: () => {
      const contact = w.contact;
      contact.errors = null;
      contact.mode = contact.saved ? 'saved' : 'later';
      const c = w.state.convs[String(contact.convId)];
      if (c && !contact.saved) {
        c.contactLater = contact.ticketId!;
        w.save();
      }
      drawContact(w, 'again');
    },
  });
  form.appendChild(el('div', { class: 'contact-actions' }, [sendIt, later]));
  form.addEventListener('submit', (ev) => submitContact(w, ev));
  box.appendChild(form);
  if (focus === 'first') form.querySelector('input')!.focus();
  else if (focus === 'invalid') (form.querySelector<HTMLElement>('[aria-invalid="true"]') || form.querySelector('input'))!.focus();
  else if (focus === 'send') sendIt.focus();
}

/** Checks the details as the server will, then sends them. */
function submitContact(w: Widget, ev: Event): void {
  ev.preventDefault();
  const { t } = w;
  const contact = w.contact;
  if (contact.sending) return;
  const form = ev.currentTarget as HTMLFormElement;
  const v: ContactDetails = {};
  CONTACT_FIELDS.forEach((f) => {
    v[f.name] = String(field(form, f.name)!.value || '').trim();
    contact.values[f.name] = v[f.name];
  });
  const bad: Partial<Record<ContactField, boolean>> = {};
  const texts: string[] = [];
  if (!v.company && !v.email && !v.phone) {
    bad.company = bad.email = bad.phone = true;
    texts.push(t('contactNeed'));
  }
  if (v.email && !EMAIL_RE.test(v.email)) {
    bad.email = true;
    texts.push(t('contactEmailBad'));
  }
  if (v.phone && !PHONE_RE.test(v.phone)) {
    bad.phone = true;
    texts.push(t('contactPhoneBad'));
  }
  if (texts.length) {
    contact.errors = { fields: bad, text: texts.join(' ') };
    drawContact(w, 'invalid');
    return;
  }
  const body: ContactDetails = {};
  CONTACT_FIELDS.forEach((f) => {
    if (v[f.name]) body[f.name] = v[f.name];
  });
  const convId = contact.convId;
  contact.errors = null;
  contact.sending = true;
  drawContact(w, 'send');
  w.api<ContactAnswer | null>('/api/conversations/' + encodeURIComponent(String(convId)) + '/contact', { method: 'POST', body: body, conversationId: convId })
    .then((r) => {
      const contact = w.contact;
      if (contact.convId !== convId) return;
      contact.sending = false;
      contact.saved = (r && r.contact) || body;
      contact.mode = 'saved';
      const c = w.state.convs[String(convId)];
      if (c) {
        delete c.contactLater;
        w.save();
      }
      drawContact(w, 'again');
      announce(w, t('contactSaved'), w.state.lang);
    })
    .catch((e: ApiError) => {
      const contact = w.contact;
      if (contact.convId !== convId) return;
      contact.sending = false;
      contact.errors = { fields: {}, text: statusOf(e) === 409 ? t('contactNoTicket') : statusOf(e) === 400 ? t('contactNeed') : t('error') };
      drawContact(w, 'send');
    });
}
