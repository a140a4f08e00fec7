import { EventEmitter } from 'node:events';

/**
 * What the model side reports to whoever watches (metrics): an answer that was not sent and why. A process-wide
 * emitter, because composers are built before the server that counts.
 */
const bus = new EventEmitter();
bus.setMaxListeners(0);

export const modelEvents = {
  fallback(reason: string) {
    bus.emit('fallback', reason);
  },
  onFallback(fn: (reason: string) => void): () => void {
    bus.on('fallback', fn);
    return () => bus.off('fallback', fn);
  },
};
