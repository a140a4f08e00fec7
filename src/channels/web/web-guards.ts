import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/types.js';
import { createStreamRegistry } from './streams.js';
import { createRateLimits, type LimitName } from './rate-limits.js';
import { createMetrics } from './metrics.js';
import { createLinkSigner, type WebGuards } from './guards.js';
import type { ServerBounds } from './server.js';

/**
 * The web side's bounds from the configuration: stream caps, rate limits (in PostgreSQL when the store is, so every
 * instance shares them), metrics, and the key that signs download links (kept in the store, the same for every
 * instance).
 */
export async function createWebGuards(config: Config, store: Store, logger: Logger): Promise<WebGuards & { close(): Promise<void> }> {
  const metrics = createMetrics();
  const rates: Record<LimitName, Config['RATE_ASK']> = {
    conversations: config.RATE_CONVERSATIONS,
    messages: config.RATE_MESSAGES,
    messages_address: config.RATE_MESSAGES_ADDRESS,
    feedback: config.RATE_FEEDBACK,
    uploads: config.RATE_UPLOADS,
    ask: config.RATE_ASK,
    signin_address: config.RATE_SIGNIN_ADDRESS,
    signin_account: config.RATE_SIGNIN_ACCOUNT,
  };
  const limits = await createRateLimits(rates, {
    enabled: config.RATE_LIMITS === 'on',
    postgresUrl: config.DATABASE_URL,
    log: (msg, err) => logger.warn(msg, { error: (err as Error)?.message }),
  });
  limits.onLimited = (name) => metrics.rateLimited.inc({ limit: name });
  const secret = await store.getOrCreateMeta('secrets', 'download-links', randomBytes(32).toString('base64url'));
  return {
    trustProxy: config.TRUST_PROXY,
    streams: createStreamRegistry({ perConversation: config.STREAMS_PER_CONVERSATION, perAddress: config.STREAMS_PER_ADDRESS, total: config.STREAMS_TOTAL }),
    limits,
    links: createLinkSigner(secret),
    attachments: { maxBytes: config.ATTACHMENT_MAX_MB * 1024 * 1024, maxFiles: config.ATTACHMENT_MAX_FILES, maxTotalBytes: config.ATTACHMENT_MAX_TOTAL_MB * 1024 * 1024 },
    metrics,
    close: () => limits.close(),
  };
}

export const serverBounds = (config: Config): ServerBounds => ({
  maxConnections: config.MAX_CONNECTIONS,
  requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
  idleTimeoutMs: config.IDLE_TIMEOUT_MS,
});
