import type { Lang } from '../core/lang.js';
import type { ConversationRecord, Store, TicketRecord } from '../store/types.js';

/**
 * Contact details a company leaves when its case goes to staff, the same for every channel (the widget's
 * `POST /api/conversations/:id/contact` and Slack's modal): the fields and their bounds, the check, and how they are stored.
 */
export const CONTACT_FIELDS = [
  { name: 'company', max: 200 },
  { name: 'person', max: 120 },
  { name: 'email', max: 320 },
  { name: 'phone', max: 40 },
  { name: 'product', max: 300 },
] as const;

export interface ContactFields {
  company: string | null;
  person: string | null;
  email: string | null;
  phone: string | null;
  product: string | null;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const PHONE = /^[+\d][\d\s().-]{4,38}$/;

const ERR = {
  ko: {
    need: '회사명, 이메일, 전화번호 중 하나 이상을 적어 주세요.',
    email: '이메일 주소 형식이 올바르지 않습니다 (예: name@company.co.kr).',
    phone: '전화번호는 숫자로 적어 주세요 (예: 02-555-0100).',
    long: '너무 깁니다.',
    noTicket: '이 대화에는 진행 중인 담당자 요청이 없어 연락처를 받을 수 없습니다.',
    notYours: '이 대화를 시작한 분만 연락처를 남길 수 있습니다.',
  },
  en: {
    need: 'Give at least the company name, an e-mail or a phone number.',
    email: 'This is not an e-mail address (e.g. name@company.com).',
    phone: 'Write the phone number in digits (e.g. +82 2 555 0100).',
    long: 'Too long.',
    noTicket: 'There is no open request to staff in this conversation, so no contact details can be taken.',
    notYours: 'Only the person who started this conversation can leave contact details.',
  },
};
export const contactMessage = (lang: Lang, key: keyof (typeof ERR)['ko']) => ERR[lang][key];

/**
 * Checks a submitted form by the web's rules: every field optional, at least the company, an e-mail or a phone, an
 * e-mail and a phone that look like one. Returns the fields (blank ones as null) or the errors by field.
 */
export function checkContact(raw: Partial<Record<keyof ContactFields, string | null | undefined>>, lang: Lang): { fields: ContactFields } | { errors: Partial<Record<keyof ContactFields, string>> } {
  const v = (k: keyof ContactFields) => (raw[k] ?? '').trim() || null;
  const fields: ContactFields = { company: v('company'), person: v('person'), email: v('email')?.toLowerCase() ?? null, phone: v('phone'), product: v('product') };
  const errors: Partial<Record<keyof ContactFields, string>> = {};
  for (const f of CONTACT_FIELDS) if ((fields[f.name] ?? '').length > f.max) errors[f.name] = ERR[lang].long;
  if (fields.email && !EMAIL.test(fields.email)) errors.email = ERR[lang].email;
  if (fields.phone && !PHONE.test(fields.phone)) errors.phone = ERR[lang].phone;
  if (!fields.company && !fields.email && !fields.phone) errors.company = ERR[lang].need;
  return Object.keys(errors).length ? { errors } : { fields };
}

/** The conversation's open request to staff, if any (the newest one not resolved). */
export async function openTicketOf(store: Store, conversationId: string): Promise<TicketRecord | null> {
  return (await store.ticketsForConversation(conversationId)).filter((t) => t.status !== 'resolved').at(-1) ?? null;
}

/**
 * Stores a conversation's contact details as the web route does: the contact (replacing an earlier one), an audit entry
 * `contact` on the ticket, and the event `contact.saved {ticketId}` (staff notifications listen to it).
 */
export async function saveContact(store: Store, conv: ConversationRecord, ticket: TicketRecord, fields: ContactFields, now = new Date().toISOString()): Promise<void> {
  const before = await store.getContact(conv.id);
  await store.saveContact({ conversationId: conv.id, ...fields, createdAt: before?.createdAt ?? now, updatedAt: now });
  await store.commit({
    audit: [{ entity: 'ticket', entityId: String(ticket.id), action: 'contact', actor: `${conv.channel}:${conv.userId}`, data: { fields: Object.keys(fields).filter((k) => fields[k as keyof ContactFields]) }, at: now }],
    events: [{ conversationId: conv.id, type: 'contact.saved', data: { ticketId: ticket.id }, createdAt: now }],
  });
}
