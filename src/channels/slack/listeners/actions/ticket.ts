import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../context.js';
import { replyModal } from '../../blocks/render-ticket.js';
import { TicketTransitionError } from '../../../../escalation/tickets.js';

export const staffActor = (user: { id: string; username?: string; name?: string }) => `slack:${user.username ?? user.name ?? user.id}`;

/** Claim, Reply (a modal) and Resolve on a ticket's message in the staff channel. */
export function registerTicketActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>('cia_ticket_reply', async ({ ack, action, body, client }) => {
    await ack();
    const ticket = await deps.store.getTicket(Number(action.value));
    if (!ticket) return;
    // Slack wants the modal open within 3 seconds of the click: nothing slow before this call.
    await client.views.open({ trigger_id: body.trigger_id, view: replyModal(ticket) as never });
  });

  for (const [id, move] of [
    ['cia_ticket_claim', 'claim'],
    ['cia_ticket_resolve', 'resolve'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, action, body, client }) => {
      await ack();
      try {
        await deps.assistant.staffAction({ ticketId: Number(action.value), action: move, actor: staffActor(body.user) });
      } catch (e) {
        if (!(e instanceof TicketTransitionError)) throw e;
        if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text: e.message });
      }
    });
  }
}
