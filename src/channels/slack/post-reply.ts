import type { WebClient } from '@slack/web-api';
import type { Reply } from '../../conversation/types.js';
import { renderReply } from './blocks/render-reply.js';

/** Posts a reply (one or more messages) into a thread; returns the ts of the last message. */
export async function postReply(client: WebClient, channel: string, threadTs: string | undefined, reply: Reply): Promise<string | undefined> {
  let ts: string | undefined;
  for (const m of renderReply(reply)) {
    const res = await client.chat.postMessage({ channel, thread_ts: threadTs, text: m.text, blocks: m.blocks as never, unfurl_links: false });
    ts = res.ts;
  }
  return ts;
}

/** Slack threads are conversations: `channel:thread_ts`. */
export const threadRef = (channel: string, threadTs: string) => `${channel}:${threadTs}`;
export function parseThreadRef(ref: string | null): { channel: string; threadTs: string } | null {
  const m = ref?.match(/^([A-Z0-9]+):(\d+\.\d+)$/i);
  return m ? { channel: m[1], threadTs: m[2] } : null;
}

/** Removes the bot's own mention from a message ("<@U123> 중국 상표" → "중국 상표"). */
export const stripMention = (text: string, botUserId: string | null) => (botUserId ? text.replace(new RegExp(`<@${botUserId}>`, 'g'), '') : text.replace(/^<@[A-Z0-9]+>/, '')).trim();
