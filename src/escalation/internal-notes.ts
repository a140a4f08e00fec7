import type { Store, TicketNoteRecord } from '../store/types.js';

/** Events only staff hear of: under no conversation, so no visitor stream or user channel ever carries them. */
export const STAFF_ONLY_CONVERSATION = 'staff-desk';

export const MAX_NOTE_CHARS = 4000;

/**
 * An internal note on a ticket (console or Slack): stored apart from the transcript, audited, announced to staff
 * consoles by a staff-only event carrying no text. It is never sent to the user.
 */
export async function addInternalNote(store: Store, input: { ticketId: number; author: string; text: string; at?: Date }): Promise<TicketNoteRecord> {
  const text = input.text.trim();
  if (!text) throw new Error('a note needs text');
  if (text.length > MAX_NOTE_CHARS) throw new Error(`a note may have at most ${MAX_NOTE_CHARS} characters`);
  const at = (input.at ?? new Date()).toISOString();
  const note = await store.addTicketNote({ ticketId: input.ticketId, author: input.author, text, createdAt: at });
  await store.commit({
    audit: [{ entity: 'ticket', entityId: String(input.ticketId), action: 'note', actor: input.author, data: { noteId: note.id }, at }],
    events: [{ conversationId: STAFF_ONLY_CONVERSATION, type: 'ticket.noted', data: { ticket: { id: input.ticketId }, noteId: note.id }, createdAt: at }],
  });
  return note;
}
