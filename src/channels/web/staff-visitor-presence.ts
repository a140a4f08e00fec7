import type { WebGuards } from './guards.js';

/**
 * Which conversations have a widget connected right now (an open event stream on this instance), so a staff reply
 * is e-mailed only to visitors who are not there to see it. The stream registry counts streams per conversation.
 */
export function trackVisitorPresence(guards: WebGuards): { isWatching: (conversationId: string) => boolean } {
  return { isWatching: (id) => guards.streams.watching(id) };
}
