import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.js';
import { renderReply } from '../../blocks/render-reply.js';
import { sharePlan } from '../../post-reply.js';

/**
 * /customs 중국 상표      a question
 * /customs register      the step-by-step registration
 * /customs help          what the bot does
 * Replies are visible to the caller only; the conversation is the caller's in that channel.
 */
export function registerCustomsCommand(app: App, deps: SlackDeps): void {
  app.command('/customs', async ({ ack, command, respond, client }) => {
    await ack();
    // A replayed command (same trigger) is answered once.
    if (!(await deps.store.claimOnce('slack-command', command.trigger_id))) return;
    const text = command.text.trim();
    const sub = text.toLowerCase();
    const body =
      !text || sub === 'help' || sub === '도움말' ? { action: 'help' } : sub === 'register' || sub === '등록' || sub === 'start' ? { action: 'wt:start' } : { text };
    const reply = await deps.assistant.handle({
      channel: 'slack',
      externalRef: `cmd:${command.channel_id}:${command.user_id}`,
      userId: command.user_id,
      ...body,
      idempotencyKey: `slack-command:${command.trigger_id}`,
    });
    for (const m of renderReply(reply)) await respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks as never });
    await sharePlan(client, deps.logger, reply, { user: command.user_id });
  });
}
