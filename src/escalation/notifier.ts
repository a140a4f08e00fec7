import type { Channel, ConversationRecord, EventRecord, Store } from '../store/types.js';
import type { Logger } from '../logger.js';

/**
 * A channel's way of reaching people when the core emits an event: the user's own channel for staff replies,
 * staff channels for ticket changes. Channels never call each other; they all listen to the store's events.
 */
export interface Notifier {
  /** Stable across instances: deliveries are claimed under it. */
  readonly name: string;
  /** Events this notifier wants (e.g. `staff.replied`, `ticket.created`). */
  readonly events: ReadonlySet<string>;
  /** Only conversations of this channel; all when absent (staff channels). */
  readonly channel?: Channel;
  deliver(event: EventRecord, conversation: ConversationRecord): Promise<void>;
}

/**
 * Routes every committed event (from this instance or, with PostgreSQL, any instance) to the notifiers.
 * Each delivery is claimed once in the store, so two instances never post the same reply twice.
 */
export function routeEvents(store: Store, notifiers: Notifier[], logger: Logger): () => void {
  return store.onEvent((event) => {
    const wanted = notifiers.filter((n) => n.events.has(event.type));
    if (!wanted.length) return;
    void (async () => {
      const conversation = await store.getConversation(event.conversationId);
      if (!conversation) return;
      for (const n of wanted) {
        if (n.channel && n.channel !== conversation.channel) continue;
        if (!(await store.claimOnce(`deliver:${n.name}`, String(event.id)))) continue;
        try {
          await n.deliver(event, conversation);
        } catch (e) {
          logger.error('delivery failed', { event: event.type, eventId: event.id, error: (e as Error).message });
        }
      }
    })();
  });
}
