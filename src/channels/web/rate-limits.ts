import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ApiError } from './errors.js';
import type { Rate } from '../../config.js';

/** The limits a client can run into, each with its own budget. */
export type LimitName = 'conversations' | 'messages' | 'messages_address' | 'feedback' | 'uploads' | 'ask' | 'signin_address' | 'signin_account';

export interface RateLimits {
  readonly enabled: boolean;
  /**
   * Takes `points` from the budget of `key` under `name`. Past the budget: a 429 with `Retry-After` and the IETF
   * `RateLimit` / `RateLimit-Policy` headers. Within it the same headers are set, so clients can pace themselves.
   */
  consume(c: Context | null, name: LimitName, key: string, points?: number): Promise<void>;
  /** Gives points back (a sign-in that succeeded). */
  reward(name: LimitName, key: string, points?: number): Promise<void>;
  /** Counts refusals, for metrics. */
  onLimited?: (name: LimitName) => void;
  close(): Promise<void>;
}

export class RateLimitedError extends ApiError {
  constructor(
    readonly limit: LimitName,
    readonly retryAfterS: number,
  ) {
    super(429, 'rate_limited:api', `too many requests; try again in ${retryAfterS} s`, { limit, retryAfter: retryAfterS });
  }
}

/** IETF draft-ietf-httpapi-ratelimit-headers: RateLimit-Policy says the quota and window, RateLimit what is left. */
function setHeaders(c: Context, name: LimitName, rate: Rate, res: RateLimiterRes) {
  const reset = Math.max(0, Math.ceil(res.msBeforeNext / 1000));
  c.header('RateLimit-Policy', `"${name}";q=${rate.points};w=${rate.seconds}`);
  c.header('RateLimit', `"${name}";r=${Math.max(0, res.remainingPoints)};t=${reset}`);
}

/**
 * Limits in memory (one instance), or in PostgreSQL when a pool is given, so every instance draws from the same
 * budgets. When PostgreSQL is unreachable each instance falls back to its own memory limits rather than failing.
 */
export async function createRateLimits(rates: Record<LimitName, Rate>, opts: { enabled?: boolean; postgresUrl?: string; log?: (msg: string, err?: unknown) => void } = {}): Promise<RateLimits> {
  const enabled = opts.enabled ?? true;
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  let pool: { end(): Promise<void> } | null = null;
  const names = Object.keys(rates) as LimitName[];
  const memory = (name: LimitName) => new RateLimiterMemory({ keyPrefix: name, points: rates[name].points, duration: rates[name].seconds });
  if (enabled && opts.postgresUrl) {
    const pg = (await import('pg')).default;
    const p = new pg.Pool({ connectionString: opts.postgresUrl, max: 4 });
    p.on('error', (err) => opts.log?.('rate-limit pool error', err));
    pool = p;
    let tableCreated = false;
    for (const name of names) {
      // The first limiter creates the shared table; the others are built after it, so they do not race.
      const limiter = await new Promise<RateLimiterPostgres>((resolve, reject) => {
        const l: RateLimiterPostgres = new RateLimiterPostgres(
          { storeClient: p, tableName: 'rate_limits', keyPrefix: name, points: rates[name].points, duration: rates[name].seconds, tableCreated, insuranceLimiter: memory(name) },
          // Called synchronously when the table exists already: after the constructor has returned, then.
          (err?: Error) => queueMicrotask(() => (err ? reject(err) : resolve(l))),
        );
      });
      tableCreated = true;
      limiters.set(name, limiter);
    }
  } else for (const name of names) limiters.set(name, memory(name));

  const self: RateLimits = {
    enabled,
    async consume(c, name, key, points = 1) {
      if (!enabled) return;
      const limiter = limiters.get(name)!;
      try {
        const res = await limiter.consume(key, points);
        if (c) setHeaders(c, name, rates[name], res);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const retry = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        self.onLimited?.(name);
        if (c) {
          setHeaders(c, name, rates[name], e);
          c.header('Retry-After', String(retry));
        }
        throw new RateLimitedError(name, retry);
      }
    },
    async reward(name, key, points = 1) {
      if (!enabled) return;
      await limiters.get(name)!.reward(key, points).catch(() => {});
    },
    async close() {
      await pool?.end().catch(() => {});
    },
  };
  return self;
}

/** A RateLimits that never refuses: route groups built without limits (tests of one route, the CLI). */
export const noRateLimits: RateLimits = { enabled: false, consume: async () => {}, reward: async () => {}, close: async () => {} };
