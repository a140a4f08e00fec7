import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../context.js';
import { CONTACT_ACTION, parseChoiceValue } from '../../blocks/render-reply.js';
import { contactModal } from '../../blocks/render-contact.js';
import { contactMessage, openTicketOf } from '../../../../escalation/contact.js';

/**
 * "Leave contact details" on a reply that opened a ticket: opens the contact form as a modal, prefilled with what the
 * user left before. Only the person whose conversation it is may open it (the details are theirs, and the thread may
 * be in a channel others read).
 */
export function registerContactAction(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(CONTACT_ACTION, async ({ ack, action, body, client }) => {
    await ack();
    const v = parseChoiceValue(action.value);
    const conversation = v ? await deps.store.getConversation(v.c) : null;
    if (!conversation || conversation.channel !== 'slack') return;
    const lang = conversation.language ?? 'ko';
    const channel = body.channel?.id;
    const tell = async (text: string) => {
      if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text, ...(body.message?.thread_ts ? { thread_ts: body.message.thread_ts } : {}) });
    };
    if (conversation.userId !== body.user.id) return tell(contactMessage(lang, 'notYours'));
    // Slack wants the modal open within 3 seconds of the click: two local reads, then the call.
    const [ticket, prefill] = await Promise.all([openTicketOf(deps.store, conversation.id), deps.store.getContact(conversation.id)]);
    if (!ticket) return tell(contactMessage(lang, 'noTicket'));
    await client.views.open({ trigger_id: body.trigger_id, view: contactModal({ c: conversation.id, t: ticket.id, l: lang }, prefill) as never });
  });
}
