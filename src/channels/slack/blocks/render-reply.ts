import type { Reply } from '../../../conversation/types.js';
import { toMrkdwn, splitText, plain } from './mrkdwn.js';
import { LIMITS } from './limits.js';
import { staffLabel } from '../../../escalation/notifier.js';

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

const L = {
  sources: { ko: '출처', en: 'Sources' },
  verified: { ko: '확인일', en: 'verified' },
  helpful: { ko: '👍 도움이 됐어요', en: '👍 Helpful' },
  notHelpful: { ko: '👎 아니에요', en: '👎 Not helpful' },
  ticket: { ko: '티켓', en: 'Ticket' },
  deadline: { ko: '대응 기한', en: 'deadline' },
  contact: { ko: '연락처 남기기 (선택)', en: 'Leave contact details (optional)' },
  contactWhy: {
    ko: '회사명, 담당자, 이메일이나 전화번호, 제품·브랜드를 남기시면 담당자가 회사에 연락할 수 있습니다. 이 요청에만 쓰며, 담당자 답변은 이 스레드로 옵니다.',
    en: 'Leave the company, a contact person, an e-mail or phone and the product or brand so our staff can reach your company. Used only for this request; the staff reply comes here.',
  },
};

/** The button on a reply that opened a ticket: opens the contact form (a modal). */
export const CONTACT_ACTION = 'cia_contact_open';

/** A choice button carries its conversation, so a click works from any message (thread, DM, command reply). */
export const choiceValue = (conversationId: string, actionId: string) => JSON.stringify({ c: conversationId, a: actionId });
export function parseChoiceValue(value: string | undefined): { c: string; a: string } | null {
  try {
    const v = JSON.parse(value ?? '') as { c?: unknown; a?: unknown };
    return typeof v.c === 'string' && typeof v.a === 'string' ? { c: v.c, a: v.a } : null;
  } catch {
    return null;
  }
}

/**
 * A reply as one or more Slack messages: text in sections (split at sensible boundaries), citations in a context
 * block, choices and feedback as buttons on the last message, each message within Block Kit's limits.
 */
export function renderReply(reply: Reply): SlackMessage[] {
  const lang = reply.language;
  // Citations travel as data and are listed in their own block below.
  const sections = splitText(toMrkdwn(reply.text)).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));

  const tail: Array<Record<string, unknown>> = [];
  if (reply.ticket) {
    const t = reply.ticket;
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${L.ticket[lang]} #${t.id}* · ${staffLabel('priority', t.priority, lang)}${t.deadline ? ` · ${L.deadline[lang]} ${t.deadline}` : ''}` }] });
    // Escalated: the same optional contact form as the widget's, as a modal.
    if (t.status !== 'resolved') {
      tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: L.contactWhy[lang] }] });
      tail.push({
        type: 'actions',
        block_id: `contact_${reply.messageId.slice(0, 8)}`,
        elements: [{ type: 'button', action_id: CONTACT_ACTION, text: plain(L.contact[lang], LIMITS.buttonText), value: choiceValue(reply.conversationId, `contact:${t.id}`) }],
      });
    }
  }
  if (reply.citations.length) {
    const els = reply.citations.slice(0, LIMITS.contextElements - 1).map((c, i) => ({
      type: 'mrkdwn',
      text: `${i + 1}. <${c.url.replace(/\|/g, '%7C')}|${c.title.replace(/[|<>]/g, ' ').slice(0, 300)}> (${L.verified[lang]} ${c.verified})`,
    }));
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${L.sources[lang]}*` }, ...els] });
  }
  const buttons = reply.choices.slice(0, LIMITS.actionsElements).map((c, i) => ({
    type: 'button',
    action_id: `cia_choice_${i}`,
    text: plain(c.label, LIMITS.buttonText),
    value: choiceValue(reply.conversationId, c.id),
  }));
  if (buttons.length) tail.push({ type: 'actions', block_id: `choices_${reply.messageId.slice(0, 8)}`, elements: buttons });
  if (reply.kind === 'answer')
    tail.push({
      type: 'actions',
      block_id: `feedback_${reply.messageId.slice(0, 8)}`,
      elements: [
        { type: 'button', action_id: 'cia_feedback_up', text: plain(L.helpful[lang], LIMITS.buttonText), value: choiceValue(reply.conversationId, `feedback:up:${reply.messageId}`) },
        { type: 'button', action_id: 'cia_feedback_down', text: plain(L.notHelpful[lang], LIMITS.buttonText), value: choiceValue(reply.conversationId, `feedback:down:${reply.messageId}`) },
      ],
    });

  // Pack sections into messages under the per-message block count and total text; the tail goes on the last one.
  const messages: SlackMessage[] = [];
  let cur: Array<Record<string, unknown>> = [];
  let chars = 0;
  const budget = LIMITS.totalBlockText - 2500;
  for (const s of sections) {
    const len = (s.text as { text: string }).text.length;
    if (cur.length && (chars + len > budget || cur.length >= LIMITS.blocksPerMessage - 6)) {
      messages.push({ text: fallback(cur), blocks: cur });
      cur = [];
      chars = 0;
    }
    cur.push(s);
    chars += len;
  }
  cur.push(...tail);
  messages.push({ text: fallback(cur), blocks: cur });
  return messages;
}

function fallback(blocks: Array<Record<string, unknown>>): string {
  const first = blocks.find((b) => b.type === 'section') as { text: { text: string } } | undefined;
  return (first?.text.text ?? 'customs-ip-assistant').slice(0, 300);
}
