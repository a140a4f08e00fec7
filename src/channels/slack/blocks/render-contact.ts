import type { Lang } from '../../../core/lang.js';
import { CONTACT_FIELDS, type ContactFields } from '../../../escalation/contact.js';
import { inertMrkdwn, plain } from './mrkdwn.js';
import { LIMITS } from './limits.js';

export const CONTACT_VIEW = 'cia_contact_view';

const T = {
  ko: {
    title: '연락처 남기기',
    submit: '보내기',
    close: '취소',
    done: '닫기',
    why: '담당자가 회사에 연락할 수 있도록 이 요청에만 씁니다. 담당자 답변은 대화하던 스레드로 옵니다. 모두 선택 항목이며, 회사명·이메일·전화번호 중 하나 이상을 적어 주세요.',
    labels: { company: '회사명', person: '담당자 이름', email: '이메일', phone: '전화번호', product: '제품 또는 브랜드' },
    hints: { email: '예: name@company.co.kr', phone: '예: 02-555-0100' } as Record<string, string>,
    saved: '연락처를 받았습니다. 담당자가 이 연락처로 연락드립니다.',
  },
  en: {
    title: 'Contact details',
    submit: 'Send',
    close: 'Cancel',
    done: 'Close',
    why: 'Used only for this request, so our staff can reach your company; their reply comes in the thread you wrote in. Every field is optional: give at least the company name, an e-mail or a phone number.',
    labels: { company: 'Company', person: 'Contact person', email: 'E-mail', phone: 'Phone', product: 'Product or brand' },
    hints: { email: 'e.g. name@company.com', phone: 'e.g. +82 2 555 0100' } as Record<string, string>,
    saved: 'Thank you: our staff will reach you at these details.',
  },
};

/** Where a submitted form belongs: the conversation and the ticket it was offered for, and its language. */
export interface ContactViewMeta {
  c: string;
  t: number;
  l: Lang;
}

/** The contact form as a modal: the same fields as the widget's, prefilled with what was left before. */
export function contactModal(meta: ContactViewMeta, prefill: Partial<ContactFields> | null): Record<string, unknown> {
  const t = T[meta.l];
  return {
    type: 'modal',
    callback_id: CONTACT_VIEW,
    private_metadata: JSON.stringify(meta),
    title: plain(t.title, LIMITS.modalTitle),
    submit: plain(t.submit, LIMITS.modalButton),
    close: plain(t.close, LIMITS.modalButton),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: t.why }] },
      ...CONTACT_FIELDS.map((f) => {
        const value = prefill?.[f.name];
        return {
          type: 'input',
          block_id: f.name,
          optional: true,
          label: plain(t.labels[f.name], LIMITS.inputLabel),
          ...(t.hints[f.name] ? { hint: plain(t.hints[f.name], 2000) } : {}),
          element: { type: 'plain_text_input', action_id: 'value', max_length: f.max, ...(value ? { initial_value: value } : {}) },
        };
      }),
    ],
  };
}

/** What replaces the form once it is saved: a thank-you with what was left (seen by the person who left it only). */
export function contactSavedModal(lang: Lang, fields: ContactFields): Record<string, unknown> {
  const t = T[lang];
  const bits = CONTACT_FIELDS.map((f) => fields[f.name]).filter(Boolean).join(' · ');
  return {
    type: 'modal',
    title: plain(t.title, LIMITS.modalTitle),
    close: plain(t.done, LIMITS.modalButton),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${t.saved}*` } },
      ...(bits ? [{ type: 'section', text: { type: 'mrkdwn', text: inertMrkdwn(bits).slice(0, 2000) } }] : []),
    ],
  };
}

/** A submitted modal's values, by field. */
export function readContactView(values: Record<string, Record<string, { value?: string | null }>> | undefined): Partial<Record<keyof ContactFields, string>> {
  const out: Partial<Record<keyof ContactFields, string>> = {};
  for (const f of CONTACT_FIELDS) out[f.name] = values?.[f.name]?.value?.value ?? '';
  return out;
}
