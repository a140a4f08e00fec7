import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.js';
import { REPLY_VIEW } from '../../blocks/render-ticket.js';
import { staffActor } from '../actions/ticket.js';
import { TicketTransitionError } from '../../../../escalation/tickets.js';

/** The Reply modal's submission: the staff text goes to the user's own channel (Slack thread, DM or web widget). */
export function registerStaffReplyView(app: App, deps: SlackDeps): void {
  app.view(REPLY_VIEW, async ({ ack, view, body }) => {
    const text = (view.state.values.reply?.text?.value ?? '').trim();
    if (!text) {
      await ack({ response_action: 'errors', errors: { reply: 'Write a reply first.' } });
      return;
    }
    const { ticketId } = JSON.parse(view.private_metadata || '{}') as { ticketId?: number };
    try {
      await deps.assistant.staffAction({ ticketId: Number(ticketId), action: 'reply', actor: staffActor(body.user), text });
      await ack();
    } catch (e) {
      if (!(e instanceof TicketTransitionError)) throw e;
      await ack({ response_action: 'errors', errors: { reply: e.message } });
    }
  });
}
