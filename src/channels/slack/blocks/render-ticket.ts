import type { TicketRecord } from '../../../store/types.js';
import { escapeMrkdwn, inertMrkdwn, plain } from './mrkdwn.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './render-reply.js';

const ICON = { urgent: '🔴', high: '🟠', normal: '🔵' } as const;

/** The staff channel's message for a ticket, rebuilt at every change (the message is updated in place). */
export function renderTicket(t: TicketRecord, channelLabel: string): SlackMessage {
  const title = `${ICON[t.priority]} Ticket #${t.id} · ${t.priority.toUpperCase()} · ${t.status}`;
  // The summary quotes what a visitor typed (and may be written by a model): inert text only, everywhere.
  const fields = [
    `*Reason*\n${escapeMrkdwn(t.reason)}`,
    `*Deadline*\n${escapeMrkdwn(t.deadline ?? '—')}`,
    `*Market / right*\n${escapeMrkdwn([t.jurisdiction, t.right].filter(Boolean).join(' · ') || '—')}`,
    `*Channel*\n${escapeMrkdwn(channelLabel)}`,
    `*Claimed by*\n${escapeMrkdwn(t.claimedBy ?? '—')}`,
    `*Opened*\n${t.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
  ].map((text) => ({ type: 'mrkdwn', text }));
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: plain(title, LIMITS.headerText) },
    { type: 'section', fields },
    { type: 'section', text: { type: 'mrkdwn', text: `*Summary*\n${inertMrkdwn(t.summary.slice(0, 2000)).slice(0, LIMITS.sectionText - 20)}` } },
  ];
  const buttons: Array<Record<string, unknown>> = [];
  if (t.status === 'open' || t.status === 'answered') buttons.push({ type: 'button', action_id: 'cia_ticket_claim', text: plain('Claim', 75), value: String(t.id) });
  if (t.status !== 'resolved') {
    buttons.push({ type: 'button', action_id: 'cia_ticket_reply', text: plain('Reply', 75), value: String(t.id), style: 'primary' });
    buttons.push({ type: 'button', action_id: 'cia_ticket_resolve', text: plain('Resolve', 75), value: String(t.id) });
  }
  if (buttons.length) blocks.push({ type: 'actions', block_id: `ticket_${t.id}`, elements: buttons });
  return { text: `${title}: ${inertMrkdwn(t.summary.slice(0, 200))}`, blocks };
}

export const REPLY_VIEW = 'cia_staff_reply';

export function replyModal(t: TicketRecord): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: REPLY_VIEW,
    private_metadata: JSON.stringify({ ticketId: t.id }),
    title: plain(`Reply · #${t.id}`, LIMITS.modalTitle),
    submit: plain('Send', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(t.reason)}* · ${escapeMrkdwn([t.jurisdiction, t.right].filter(Boolean).join(' · '))}\n${inertMrkdwn(t.summary.slice(0, 2000)).slice(0, 2500)}` } },
      {
        type: 'input',
        block_id: 'reply',
        label: plain('Reply to the user', 2000),
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 4000 },
      },
    ],
  };
}
