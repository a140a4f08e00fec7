import type { EventRecord } from '../../store/types.js';

/**
 * Transient, in-process fan-out of reply text as it is produced (stream deltas). Durable events come from the
 * store; deltas are not stored, since the final message replaces them.
 */
export function createDeltaBus() {
  const subs = new Map<string, Set<(delta: { text: string; turnId: string }) => void>>();
  return {
    publish(conversationId: string, delta: { text: string; turnId: string }) {
      for (const fn of subs.get(conversationId) ?? []) fn(delta);
    },
    subscribe(conversationId: string, fn: (delta: { text: string; turnId: string }) => void) {
      const set = subs.get(conversationId) ?? new Set();
      set.add(fn);
      subs.set(conversationId, set);
      return () => {
        set.delete(fn);
        if (!set.size) subs.delete(conversationId);
      };
    },
  };
}
export type DeltaBus = ReturnType<typeof createDeltaBus>;

/** The shape an event takes on the wire: the store's record without internals. */
export const publicEvent = (e: EventRecord) => ({ id: e.id, type: e.type, data: e.data, at: e.createdAt });
