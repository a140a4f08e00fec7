import type { WebGuards } from './guards.js';

/**
 * Which conversations have a widget connected right now (an open event stream on this instance), so a staff reply
 * is e-mailed only to visitors who are not there to see it. Wraps the stream registry the chat routes use.
 */
export function trackVisitorPresence(guards: WebGuards): { isWatching: (conversationId: string) => boolean } {
  const open = new Map<string, number>();
  const registry = guards.streams;
  const acquire = registry.acquire.bind(registry);
  const tracked = Object.create(registry) as typeof registry;
  tracked.acquire = (scope) => {
    const slot = acquire(scope);
    const id = scope.conversation;
    if (!id) return slot;
    open.set(id, (open.get(id) ?? 0) + 1);
    let released = false;
    return {
      signal: slot.signal,
      release() {
        slot.release();
        if (released) return;
        released = true;
        const n = (open.get(id) ?? 1) - 1;
        if (n <= 0) open.delete(id);
        else open.set(id, n);
      },
    };
  };
  guards.streams = tracked;
  return { isWatching: (id) => (open.get(id) ?? 0) > 0 };
}
