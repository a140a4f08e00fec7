import type { WebClient } from '@slack/web-api';
import type { Notifier } from '../../escalation/notifier.js';
import type { Store, TicketRecord } from '../../store/types.js';
import { renderTicket } from './blocks/render-ticket.js';
import { parseThreadRef } from './post-reply.js';
import { toMrkdwn, splitText } from './blocks/mrkdwn.js';

const STAFF_REPLY = { ko: '*담당자 답변*', en: '*Reply from our staff*' };

/** Staff replies reach a Slack user in the thread (or DM) the conversation lives in. */
export function slackUserNotifier(client: WebClient): Notifier {
  return {
    name: 'slack-user',
    channel: 'slack',
    events: new Set(['staff.replied']),
    async deliver(event, conversation) {
      const where = parseThreadRef(conversation.externalRef);
      const text = String(event.data.text ?? '');
      const head = STAFF_REPLY[conversation.language ?? 'ko'];
      const blocks = splitText(toMrkdwn(text)).map((t, i) => ({ type: 'section', text: { type: 'mrkdwn', text: i === 0 ? `${head}\n${t}` : t } }));
      if (where) await client.chat.postMessage({ channel: where.channel, thread_ts: where.threadTs, text: `${head} ${text.slice(0, 200)}`, blocks: blocks.slice(0, 40) as never });
      else if (conversation.externalRef?.startsWith('cmd:')) {
        // A conversation begun with /customs lives in no thread: the reply goes to the user's DM.
        const dm = await client.conversations.open({ users: conversation.userId });
        if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text: `${head} ${text.slice(0, 200)}`, blocks: blocks.slice(0, 40) as never });
      }
    },
  };
}

/**
 * Every ticket is posted to the staff channel and its message is updated as the ticket moves, and when the user
 * leaves contact details (the post then shows them).
 */
export function slackStaffNotifier(client: WebClient, store: Store, staffChannel: string): Notifier {
  return {
    name: 'slack-staff',
    events: new Set(['ticket.created', 'ticket.updated', 'contact.saved']),
    async deliver(event, conversation) {
      const ticket = event.type === 'contact.saved' ? await store.getTicket(Number(event.data.ticketId)) : (event.data.ticket as TicketRecord | undefined);
      if (!ticket) return;
      const msg = renderTicket(ticket, conversation.channel, await store.getContact(conversation.id));
      const ts = await store.getMeta('slack-ticket-message', String(ticket.id));
      if (ts) await client.chat.update({ channel: staffChannel, ts, text: msg.text, blocks: msg.blocks as never });
      else if (event.type !== 'contact.saved') {
        const res = await client.chat.postMessage({ channel: staffChannel, text: msg.text, blocks: msg.blocks as never, unfurl_links: false });
        if (res.ts) await store.setMeta('slack-ticket-message', String(ticket.id), res.ts);
      }
    },
  };
}
