import type { WebClient } from '@slack/web-api';
import type { Reply } from '../../conversation/types.js';
import { renderReply } from './blocks/render-reply.js';
import type { Logger } from '../../logger.js';
import { uploadPlanFiles } from './plan-file.js';

/** Posts a reply (one or more messages) into a thread; returns the ts of the last message. */
export async function postReply(client: WebClient, channel: string, threadTs: string | undefined, reply: Reply): Promise<string | undefined> {
  let ts: string | undefined;
  for (const m of renderReply(reply)) {
    const res = await client.chat.postMessage({ channel, thread_ts: threadTs, text: m.text, blocks: m.blocks as never, unfurl_links: false });
    ts = res.ts;
  }
  return ts;
}

/**
 * Streams the answer into the thread while it is written (chat.startStream/appendStream/stopStream), then replaces
 * the streamed draft with the final reply: the draft is provisional until the grounding check passes, and the final
 * message carries the citations and buttons. If Slack refuses to stream, the reply is posted once.
 */
export async function streamReply(
  client: WebClient,
  target: { channel: string; threadTs: string; recipient_team_id?: string; recipient_user_id?: string },
  produce: (onDelta: (text: string) => void) => Promise<Reply>,
  logger: Logger,
): Promise<Reply> {
  const streamer = client.chatStream({ channel: target.channel, thread_ts: target.threadTs, recipient_team_id: target.recipient_team_id, recipient_user_id: target.recipient_user_id } as never);
  let appended = false;
  let broken = false;
  let chain: Promise<unknown> = Promise.resolve();
  const reply = await produce((text) => {
    if (broken || !text) return;
    appended = true;
    chain = chain.then(() => streamer.append({ markdown_text: text })).catch((err) => {
      broken = true;
      logger.warn('slack: streaming refused; posting once', { error: (err as Error).message });
    });
  });
  await chain;
  let ts: string | undefined;
  if (appended && !broken) {
    try {
      await streamer.stop();
      ts = streamer.ts;
    } catch (err) {
      logger.warn('slack: could not finish the stream; posting once', { error: (err as Error).message });
    }
  }
  const messages = renderReply(reply);
  if (!ts) {
    await postReply(client, target.channel, target.threadTs, reply);
    return reply;
  }
  const [first, ...rest] = messages;
  await client.chat.update({ channel: target.channel, ts, text: first.text, blocks: first.blocks as never });
  for (const m of rest) await client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, text: m.text, blocks: m.blocks as never, unfurl_links: false });
  return reply;
}

/**
 * A reply that carries a finished plan: its Markdown and calendar files follow the reply, in its thread; a reply only
 * its caller sees (a /customs answer) sends them to the caller's DM. A failed upload is logged: the reply stands.
 */
export async function sharePlan(
  client: WebClient,
  logger: Logger,
  reply: Reply,
  where: { channel: string; threadTs?: string } | { user: string },
): Promise<void> {
  if (!reply.plan) return;
  try {
    let channel: string;
    let threadTs: string | undefined;
    if ('user' in where) {
      const dm = await client.conversations.open({ users: where.user });
      if (!dm.channel?.id) return;
      channel = dm.channel.id;
    } else ({ channel, threadTs } = where);
    await uploadPlanFiles(client, { channel, threadTs, plan: reply.plan, conversationId: reply.conversationId });
  } catch (e) {
    logger.warn('slack: could not upload the plan files', { error: (e as Error).message, conversationId: reply.conversationId });
  }
}

/** Slack threads are conversations: `channel:thread_ts`. */
export const threadRef = (channel: string, threadTs: string) => `${channel}:${threadTs}`;
export function parseThreadRef(ref: string | null): { channel: string; threadTs: string } | null {
  const m = ref?.match(/^([A-Z0-9]+):(\d+\.\d+)$/i);
  return m ? { channel: m[1], threadTs: m[2] } : null;
}

/** Removes the bot's own mention from a message ("<@U123> 중국 상표" → "중국 상표"). */
export const stripMention = (text: string, botUserId: string | null) => (botUserId ? text.replace(new RegExp(`<@${botUserId}>`, 'g'), '') : text.replace(/^<@[A-Z0-9]+>/, '')).trim();
