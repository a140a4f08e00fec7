import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackDeps } from '../../context.js';
import { addInternalNote, MAX_NOTE_CHARS } from '../../../../escalation/internal-notes.js';
import { staffActor } from '../actions/ticket.js';

export const NOTE_SHORTCUT = 'cia_ticket_note';
export const NOTE_VIEW = 'cia_ticket_note_view';

const plain = (text: string, max: number) => ({ type: 'plain_text', text: text.slice(0, max) });

/**
 * "Internal note" on a ticket's message in the staff channel (or any reply in its thread): a message shortcut that
 * opens a modal; the note is stored on the ticket, shown in the console and never sent to the user.
 * Needs the shortcut `cia_ticket_note` (type message) in the Slack app's configuration.
 */
export function registerInternalNote(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(NOTE_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    const channel = shortcut.channel.id;
    const ts = (shortcut.message as { thread_ts?: string }).thread_ts ?? shortcut.message.ts;
    const key = deps.staffChannel && channel === deps.staffChannel ? await deps.store.findMetaKey('slack-ticket-message', ts) : null;
    if (!key) {
      await client.chat.postEphemeral({ channel, user: shortcut.user.id, text: '티켓 메시지(또는 그 스레드)에서 사용하세요. Use this on a ticket message in the staff channel, or in its thread.' });
      return;
    }
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: {
        type: 'modal',
        callback_id: NOTE_VIEW,
        private_metadata: JSON.stringify({ ticketId: Number(key), channel, threadTs: ts }),
        title: plain(`내부 메모 · #${key}`, 24),
        submit: plain('저장 / Save', 24),
        close: plain('취소 / Cancel', 24),
        blocks: [
          { type: 'context', elements: [{ type: 'mrkdwn', text: '담당자끼리만 봅니다. 사용자에게는 전송되지 않습니다. · Staff only: never sent to the user.' }] },
          { type: 'input', block_id: 'note', label: plain('메모 / Note', 2000), element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: MAX_NOTE_CHARS } },
        ],
      } as never,
    });
  });

  app.view(NOTE_VIEW, async ({ ack, view, body, client }) => {
    const text = (view.state.values.note?.text?.value ?? '').trim();
    if (!text) {
      await ack({ response_action: 'errors', errors: { note: 'Write a note first.' } });
      return;
    }
    const meta = JSON.parse(view.private_metadata || '{}') as { ticketId?: number; channel?: string; threadTs?: string };
    const ticket = await deps.store.getTicket(Number(meta.ticketId));
    if (!ticket) {
      await ack({ response_action: 'errors', errors: { note: 'This ticket no longer exists.' } });
      return;
    }
    await addInternalNote(deps.store, { ticketId: ticket.id, author: staffActor(body.user), text });
    await ack();
    // Staff in the channel see it in the ticket's thread (the staff channel, never the user's).
    if (meta.channel && meta.threadTs && meta.channel === deps.staffChannel)
      await client.chat.postMessage({ channel: meta.channel, thread_ts: meta.threadTs, text: `📝 내부 메모 / Internal note (${staffActor(body.user)}): ${text}`.slice(0, 3900) });
  });
}
