import { describe, it, expect } from 'vitest';
import type { App } from '@slack/bolt';
import { registerInternalNote, NOTE_SHORTCUT, NOTE_VIEW } from '../../src/channels/slack/listeners/shortcuts/internal-note.js';
import type { SlackDeps } from '../../src/channels/slack/context.js';
import { seedTicket } from '../support/staff-seed.js';
import { tempStore } from '../support/staff-app.js';

type Handler = (args: Record<string, unknown>) => Promise<void>;

/** The listener on a stand-in for Bolt's App: handlers captured, Web API calls recorded. */
function fakeSlack() {
  const handlers = new Map<string, Handler>();
  const calls: Array<{ method: string; args: Record<string, any> }> = [];
  const app = {
    shortcut: (id: string, fn: Handler) => handlers.set(`shortcut:${id}`, fn),
    view: (id: string, fn: Handler) => handlers.set(`view:${id}`, fn),
  } as unknown as App;
  const rec = (method: string) => async (args: Record<string, any>) => {
    calls.push({ method, args });
    return { ok: true };
  };
  const client = { views: { open: rec('views.open') }, chat: { postMessage: rec('chat.postMessage'), postEphemeral: rec('chat.postEphemeral') } };
  return { app, handlers, calls, client };
}

describe('internal note as a Slack thread action', () => {
  it('stores a note on the ticket from its staff-channel message, posts it in that thread only, never to the user', async () => {
    const store = await tempStore();
    const ticket = await seedTicket(store, { reason: 'goods_detained', priority: 'urgent', channel: 'slack', jurisdiction: 'CN', question: '중국 세관 억류', at: new Date().toISOString() });
    await store.setMeta('slack-ticket-message', String(ticket.id), '1700000001.000100');
    const { app, handlers, calls, client } = fakeSlack();
    registerInternalNote(app, { store, staffChannel: 'CSTAFF' } as unknown as SlackDeps);
    const user = { id: 'U9', username: 'park' };

    // Elsewhere than a ticket message: told so, privately.
    await handlers.get(`shortcut:${NOTE_SHORTCUT}`)!({ ack: async () => {}, client, shortcut: { channel: { id: 'C1' }, message: { ts: '1.1' }, user, trigger_id: 't0' } });
    expect(calls.at(-1)!.method).toBe('chat.postEphemeral');

    // In the ticket's thread: the modal opens for that ticket.
    await handlers.get(`shortcut:${NOTE_SHORTCUT}`)!({
      ack: async () => {},
      client,
      shortcut: { channel: { id: 'CSTAFF' }, message: { ts: '1700000050.000200', thread_ts: '1700000001.000100' }, user, trigger_id: 't1' },
    });
    const open = calls.find((c) => c.method === 'views.open')!;
    expect(JSON.parse(open.args.view.private_metadata)).toEqual({ ticketId: ticket.id, channel: 'CSTAFF', threadTs: '1700000001.000100' });

    const acks: unknown[] = [];
    const submit = (text: string) =>
      handlers.get(`view:${NOTE_VIEW}`)!({ ack: async (a?: unknown) => void acks.push(a ?? null), client, body: { user }, view: { private_metadata: open.args.view.private_metadata, state: { values: { note: { text: { value: text } } } } } });
    await submit('   ');
    expect(acks.at(-1)).toEqual(expect.objectContaining({ response_action: 'errors' }));
    await submit('대리인 A사에 이미 연락함 (내부용)');
    expect(acks.at(-1)).toBeNull();
    expect(await store.listTicketNotes(ticket.id)).toEqual([expect.objectContaining({ author: 'slack:park', text: '대리인 A사에 이미 연락함 (내부용)' })]);
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0].args).toEqual(expect.objectContaining({ channel: 'CSTAFF', thread_ts: '1700000001.000100' }));
    expect(JSON.stringify(await store.eventsAfter(ticket.conversationId, 0))).not.toContain('내부용');
    expect(JSON.stringify(await store.listMessages(ticket.conversationId))).not.toContain('내부용');
    await store.close();
  });
});
