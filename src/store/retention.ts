import type { Store } from './types.js';

const DAY = 86_400_000;

/**
 * One retention pass: idle anonymous web conversations (no ticket) older than `days` are deleted, so are ones never
 * used after a day; expired staff sessions and old idempotency reservations go too. Returns how many conversations.
 */
export async function applyRetention(store: Store, opts: { days: number; now?: Date }): Promise<number> {
  const now = opts.now ?? new Date();
  await store.purgeExpired(now.toISOString(), new Date(now.getTime() - DAY).toISOString());
  if (!opts.days) return 0;
  let total = 0;
  for (;;) {
    const n = await store.deleteIdleConversations({
      idleBefore: new Date(now.getTime() - opts.days * DAY).toISOString(),
      emptyBefore: new Date(now.getTime() - Math.min(opts.days, 1) * DAY).toISOString(),
      limit: 500,
    });
    total += n;
    if (n < 500) return total;
  }
}

/** Runs `applyRetention` now and then (hourly by default); the timer does not keep the process alive. */
export function startRetention(store: Store, opts: { days: number; intervalMs?: number; log?: (msg: string, data?: Record<string, unknown>) => void }) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const n = await applyRetention(store, { days: opts.days });
      if (n) opts.log?.('retention: idle conversations deleted', { count: n, days: opts.days });
    } catch (e) {
      opts.log?.('retention pass failed', { error: (e as Error).message });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 10_000);
  first.unref();
  const timer = setInterval(run, opts.intervalMs ?? 3_600_000);
  timer.unref();
  return {
    run,
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
