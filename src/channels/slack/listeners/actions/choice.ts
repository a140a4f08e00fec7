import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../context.js';
import { parseChoiceValue } from '../../blocks/render-reply.js';
import { postReply, parseThreadRef, sharePlan } from '../../post-reply.js';
import { renderReply } from '../../blocks/render-reply.js';

/** A walkthrough choice, "talk to a person" or a thumb, clicked on any of our messages. */
export function registerChoiceActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(/^cia_(choice_\d+|feedback_(up|down))$/, async ({ ack, action, body, client, respond }) => {
    await ack();
    const v = parseChoiceValue(action.value);
    if (!v) return;
    const conversation = await deps.store.getConversation(v.c);
    if (!conversation) return;
    // One reply per click, even when Slack delivers the click twice: the turn is stored once (the receipt) and the
    // reply is posted once (the claim, shared by every instance).
    const key = `slack-action:${body.container?.message_ts ?? ''}:${action.action_ts}`;
    if (!(await deps.store.claimOnce('slack-action', key))) return;
    const reply = await deps.assistant.handle({
      channel: 'slack',
      conversationId: conversation.id,
      userId: body.user.id,
      action: v.a,
      idempotencyKey: key,
    });
    const where = parseThreadRef(conversation.externalRef);
    if (where) {
      await postReply(client, where.channel, where.threadTs, reply);
      await sharePlan(client, deps.logger, reply, where);
    } else {
      for (const m of renderReply(reply)) await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks as never });
      // Only the caller sees this reply: the plan's files go to their DM, not to the channel.
      await sharePlan(client, deps.logger, reply, { user: body.user.id });
    }
  });
}
