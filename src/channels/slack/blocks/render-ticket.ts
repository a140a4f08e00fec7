import type { ContactRecord, TicketRecord } from '../../../store/types.js';
import { marketName, readableSummary, staffLabel, STAFF_LABELS } from '../../../escalation/notifier.js';
import { escapeMrkdwn, inertMrkdwn, plain } from './mrkdwn.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './render-reply.js';

const ICON = { urgent: '🔴', high: '🟠', normal: '🔵' } as const;

/** A code as staff read it, in Korean and English ("세관 물품 억류 / Goods detained by customs"), never the code. */
export function bilingual(kind: keyof typeof STAFF_LABELS, code: string | null | undefined): string {
  const ko = staffLabel(kind, code, 'ko');
  const en = staffLabel(kind, code, 'en');
  return ko === en ? ko : `${ko} / ${en}`;
}
const market = (t: TicketRecord) => {
  const ko = marketName(t.jurisdiction, 'ko');
  const en = marketName(t.jurisdiction, 'en');
  return ko === en ? ko : `${ko} / ${en}`;
};


/**
 * The staff channel's message for a ticket, rebuilt at every change (the message is updated in place). Reasons,
 * priorities, statuses, markets and rights read as words in Korean and English, never as the codes the core stores.
 */
export function renderTicket(t: TicketRecord, channel: string, contact?: ContactRecord | null): SlackMessage {
  const title = `${ICON[t.priority]} #${t.id} · ${bilingual('priority', t.priority)} · ${bilingual('status', t.status)}`;
  const where = [market(t), t.right ? bilingual('right', t.right) : null].filter((x) => x && x !== '—').join(' · ') || '—';
  // The summary quotes what a visitor typed (and may be written by a model): inert text only, everywhere.
  const fields = [
    `*사유 / Reason*\n${escapeMrkdwn(bilingual('reason', t.reason))}`,
    `*대응 기한 / Deadline*\n${escapeMrkdwn(t.deadline ?? '—')}`,
    `*시장·권리 / Market, right*\n${escapeMrkdwn(where)}`,
    `*채널 / Channel*\n${escapeMrkdwn(bilingual('channel', channel))}`,
    `*담당 / Claimed by*\n${escapeMrkdwn(t.claimedBy ?? '—')}`,
    `*접수 / Opened*\n${t.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
  ].map((text) => ({ type: 'mrkdwn', text }));
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: plain(title, LIMITS.headerText) },
    { type: 'section', fields },
    { type: 'section', text: { type: 'mrkdwn', text: `*요약 / Summary*\n${inertMrkdwn(readableSummary(t.summary).slice(0, 2000)).slice(0, LIMITS.sectionText - 30)}` } },
  ];
  if (contact) {
    // What the user typed stays inert; an address that is plainly one becomes a mail link staff can use.
    const email = contact.email && /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/.test(contact.email) ? `<mailto:${contact.email}|${contact.email}>` : contact.email && inertMrkdwn(contact.email);
    const bits = [contact.company, contact.person].map((x) => x && inertMrkdwn(x.slice(0, 300))).concat(email, contact.phone && inertMrkdwn(contact.phone), contact.product && inertMrkdwn(contact.product.slice(0, 300)));
    const text = bits.filter(Boolean).join(' · ');
    if (text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*연락처 / Contact*\n${text}` } });
  }
  const buttons: Array<Record<string, unknown>> = [];
  if (t.status === 'open' || t.status === 'answered') buttons.push({ type: 'button', action_id: 'cia_ticket_claim', text: plain('담당하기 / Claim', 75), value: String(t.id) });
  if (t.status !== 'resolved') {
    buttons.push({ type: 'button', action_id: 'cia_ticket_reply', text: plain('답변 / Reply', 75), value: String(t.id), style: 'primary' });
    buttons.push({ type: 'button', action_id: 'cia_ticket_resolve', text: plain('완료 / Resolve', 75), value: String(t.id) });
  }
  if (buttons.length) blocks.push({ type: 'actions', block_id: `ticket_${t.id}`, elements: buttons });
  return { text: `${title}: ${inertMrkdwn(readableSummary(t.summary).slice(0, 200))}`, blocks };
}

export const REPLY_VIEW = 'cia_staff_reply';

export function replyModal(t: TicketRecord): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: REPLY_VIEW,
    private_metadata: JSON.stringify({ ticketId: t.id }),
    title: plain(`답변 / Reply · #${t.id}`, LIMITS.modalTitle),
    submit: plain('보내기 / Send', LIMITS.modalButton),
    close: plain('취소 / Cancel', LIMITS.modalButton),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${escapeMrkdwn(bilingual('reason', t.reason))}* · ${escapeMrkdwn([t.jurisdiction ? market(t) : null, t.right ? bilingual('right', t.right) : null].filter(Boolean).join(' · '))}\n${inertMrkdwn(readableSummary(t.summary).slice(0, 2000)).slice(0, 2500)}`,
        },
      },
      {
        type: 'input',
        block_id: 'reply',
        label: plain('사용자에게 보낼 답변 / Reply to the user', 2000),
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 4000 },
      },
    ],
  };
}
