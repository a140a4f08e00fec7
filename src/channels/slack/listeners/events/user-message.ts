import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../../context.js';
import { postReply, sharePlan, streamReply, stripMention, threadRef } from '../../post-reply.js';

/**
 * One handler for a user's words, wherever they arrive (a mention in a channel, a DM, the assistant pane):
 * set a "thinking" status, run the same engine as the web, answer in the thread.
 */
export async function answerInThread(
  client: WebClient,
  deps: SlackDeps,
  e: { channel: string; ts: string; thread_ts?: string; user: string; text: string; event_id: string; isDm: boolean; team?: string },
): Promise<void> {
  const threadTs = e.thread_ts ?? e.ts;
  const text = stripMention(e.text, deps.botUserId);
  if (!text) return;
  if (e.isDm) {
    // The assistant pane: status while working, and a title for a new thread. Failures here must not stop the answer.
    await client.assistant.threads.setStatus({ channel_id: e.channel, thread_ts: threadTs, status: 'is thinking…' }).catch(() => undefined);
    if (!e.thread_ts) await client.assistant.threads.setTitle({ channel_id: e.channel, thread_ts: threadTs, title: text.slice(0, 60) }).catch(() => undefined);
  }
  const inbound = { channel: 'slack' as const, externalRef: threadRef(e.channel, threadTs), userId: e.user, text, idempotencyKey: `slack-event:${e.event_id}` };
  if (deps.stream) {
    const recipient = e.isDm ? {} : { recipient_team_id: e.team, recipient_user_id: e.user };
    const reply = await streamReply(client, { channel: e.channel, threadTs, ...recipient }, (onDelta) => deps.assistant.handle(inbound, { onDelta }), deps.logger);
    await sharePlan(client, deps.logger, reply, { channel: e.channel, threadTs });
    return;
  }
  const reply = await deps.assistant.handle(inbound);
  await postReply(client, e.channel, threadTs, reply);
  await sharePlan(client, deps.logger, reply, { channel: e.channel, threadTs });
}

export function registerUserMessages(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, body, client }) => {
    if (!event.user || (event as { bot_id?: string }).bot_id) return;
    await answerInThread(client, deps, { channel: event.channel, ts: event.ts, thread_ts: event.thread_ts, user: event.user, text: event.text, event_id: (body as { event_id: string }).event_id, isDm: false, team: (body as { team_id?: string }).team_id });
  });

  app.message(async ({ message, body, client }) => {
    // Only plain user messages in DMs: no edits, joins or bots (channel messages come as mentions).
    const m = message as { subtype?: string; bot_id?: string; channel_type?: string; user?: string; text?: string; channel: string; ts: string; thread_ts?: string };
    if (m.subtype || m.bot_id || m.channel_type !== 'im' || !m.user || !m.text?.trim()) return;
    await answerInThread(client, deps, { channel: m.channel, ts: m.ts, thread_ts: m.thread_ts, user: m.user, text: m.text, event_id: (body as { event_id: string }).event_id, isDm: true });
  });
}
