import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createStreamRegistry, type StreamRegistry } from './streams.js';
import { noRateLimits, type RateLimits } from './rate-limits.js';
import type { Metrics } from './metrics.js';
import type { AttachmentLimits } from '../../conversation/attachments.js';

/** Short-lived signed links (plan downloads): the link carries an expiry and an HMAC, never the conversation token. */
export function createLinkSigner(secret: string, ttlSeconds = 300) {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    ttlSeconds,
    sign(resource: string, now = Date.now()): { exp: number; sig: string } {
      const exp = Math.floor(now / 1000) + ttlSeconds;
      return { exp, sig: mac(`${resource}:${exp}`) };
    },
    verify(resource: string, exp: string | undefined, sig: string | undefined, now = Date.now()): boolean {
      if (!exp || !sig || !/^\d{1,12}$/.test(exp) || Number(exp) < now / 1000) return false;
      const want = Buffer.from(mac(`${resource}:${exp}`));
      const got = Buffer.from(sig);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
export type LinkSigner = ReturnType<typeof createLinkSigner>;

/** What the web routes need to stay within bounds: addresses, stream slots, rate limits, signed links, metrics. */
export interface WebGuards {
  trustProxy: number;
  streams: StreamRegistry;
  limits: RateLimits;
  links: LinkSigner;
  /** What a visitor may attach (defaults: DEFAULT_ATTACHMENT_LIMITS). */
  attachments?: AttachmentLimits;
  metrics?: Metrics;
}

/** Generous bounds and no rate limits: route groups built alone (tests of one route). */
export function defaultGuards(): WebGuards {
  return {
    trustProxy: 0,
    streams: createStreamRegistry({ perConversation: 4, perAddress: 40, total: 1500 }),
    limits: noRateLimits,
    links: createLinkSigner(randomBytes(32).toString('base64url')),
  };
}
