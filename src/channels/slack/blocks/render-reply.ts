import type { Reply } from '../../../conversation/types.js';
import { toMrkdwn, splitText, plain } from './mrkdwn.js';
import { LIMITS } from './limits.js';

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
};

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
  // Citations are listed in their own block, so the answer's own "Sources" list is dropped from the text.
  const body = reply.citations.length ? reply.text.replace(/\n*\*\*(출처|Sources)\*\*\n(?:\d+\. .*(?:\n|$))+/g, '\n').trim() : reply.text;
  const sections = splitText(toMrkdwn(body)).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));

  const tail: Array<Record<string, unknown>> = [];
  if (reply.ticket) {
    const t = reply.ticket;
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${L.ticket[lang]} #${t.id}* · ${t.priority}${t.deadline ? ` · ${L.deadline[lang]} ${t.deadline}` : ''}` }] });
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
