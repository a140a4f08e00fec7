import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { ApiError } from './errors.js';

export interface StreamBounds {
  perConversation: number;
  perAddress: number;
  total: number;
}

/**
 * Every open event stream, counted per conversation, per client address and in total. Past a bound the request
 * gets a 429 before anything is held for it. At shutdown every stream is told to reconnect (to another instance,
 * or to this one once it is back) and closed.
 */
export function createStreamRegistry(bounds: StreamBounds) {
  const byKey = new Map<string, number>();
  /** What each open stream does when the server drains. */
  const open = new Set<() => void>();
  let total = 0;
  let draining = false;
  const inc = (k: string, d: number) => {
    const n = (byKey.get(k) ?? 0) + d;
    if (n <= 0) byKey.delete(k);
    else byKey.set(k, n);
  };
  /** Claims a slot, or throws a 429 that says which bound was reached; `onDrain` runs if the server drains first. */
  const claim = (scope: { conversation?: string; address: string }, onDrain: () => void): (() => void) => {
    if (draining) throw new ApiError(503, 'unavailable:api', 'the server is restarting; reconnect in a moment');
    const conv = scope.conversation ? `c:${scope.conversation}` : null;
    const addr = `a:${scope.address}`;
    const refuse = (what: string) => new ApiError(429, 'too_many_streams:api', `too many open event streams ${what}; close one and retry`);
    if (total >= bounds.total) throw refuse('on this server');
    if ((byKey.get(addr) ?? 0) >= bounds.perAddress) throw refuse('from this address');
    if (conv && (byKey.get(conv) ?? 0) >= bounds.perConversation) throw refuse('for this conversation');
    total++;
    inc(addr, 1);
    if (conv) inc(conv, 1);
    open.add(onDrain);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      open.delete(onDrain);
      total--;
      inc(addr, -1);
      if (conv) inc(conv, -1);
    };
  };
  return {
    claim,
    /** `claim` with an AbortSignal for streams that want one (the staff console's). */
    acquire(scope: { conversation?: string; address: string }): { signal: AbortSignal; release: () => void } {
      const ctl = new AbortController();
      const release = claim(scope, () => ctl.abort());
      return { signal: ctl.signal, release };
    },
    /** Would `acquire` refuse? Checked before the token, so a flood past a cap costs no database read. */
    full(scope: { conversation?: string; address: string }): boolean {
      return draining || total >= bounds.total || (byKey.get(`a:${scope.address}`) ?? 0) >= bounds.perAddress || (!!scope.conversation && (byKey.get(`c:${scope.conversation}`) ?? 0) >= bounds.perConversation);
    },
    get open() {
      return total;
    },
    /** Is a stream of this conversation open on this instance (a widget connected)? */
    watching(conversationId: string): boolean {
      return (byKey.get(`c:${conversationId}`) ?? 0) > 0;
    },
    /** Stops taking streams and asks the open ones to reconnect. */
    drain() {
      draining = true;
      for (const onDrain of [...open]) onDrain();
    },
  };
}
export type StreamRegistry = ReturnType<typeof createStreamRegistry>;

const HEARTBEAT_MS = 15_000;

/**
 * An SSE response held within a claimed slot, through Hono's streaming helper (the staff console's stream; the
 * visitors' streams are written straight to the socket, see live.ts): `run` writes what it has (a replay), then
 * `loop` is woken by `push` jobs and sends a comment every 15 s so proxies and the idle timeout keep the connection.
 * When the server drains, the client is told to come back after a short random pause (so not all at once) and the
 * stream ends.
 */
export function boundedStream(
  c: Context,
  slot: { signal: AbortSignal; release: () => void },
  body: (io: { stream: SSEStreamingApi; push: (job: () => Promise<void>) => void }) => Promise<{ start?: () => Promise<void>; stop: () => void }>,
) {
  c.header('Cache-Control', 'no-cache');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(
    c,
    async (stream) => {
      const queue: Array<() => Promise<void>> = [];
      let wake: (() => void) | null = null;
      let closed = false;
      const push = (job: () => Promise<void>) => {
        // A client that stopped reading does not grow the queue without end.
        if (queue.length >= 1000) return void (closed = true);
        queue.push(job);
        wake?.();
      };
      const stopAll = () => {
        closed = true;
        wake?.();
      };
      stream.onAbort(stopAll);
      slot.signal.addEventListener('abort', stopAll, { once: true });
      let handle: { start?: () => Promise<void>; stop: () => void } | null = null;
      try {
        handle = await body({ stream, push });
        await handle.start?.();
        while (!closed) {
          while (queue.length && !closed) await queue.shift()!();
          if (closed) break;
          await new Promise<void>((r) => {
            wake = r;
            const t = setTimeout(r, HEARTBEAT_MS);
            t.unref?.();
          });
          wake = null;
          if (!queue.length && !closed) await stream.write(': keep-alive\n\n');
        }
        if (slot.signal.aborted && !stream.aborted) await stream.writeSSE({ event: 'reconnect', data: '{}', retry: 1000 + Math.floor(Math.random() * 4000) });
      } finally {
        handle?.stop();
        slot.release();
        slot.signal.removeEventListener('abort', stopAll);
      }
    },
    async () => {
      // A write to a client that went away: not an error of ours.
      slot.release();
    },
  );
}
