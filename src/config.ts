import { z } from 'zod';
import { resolve } from 'node:path';

/** Typed configuration, read once from the environment by the composition root and passed down. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  KNOWLEDGE_DIR: z.string().default('knowledge'),
  INDEX_DIR: z.string().default('.index'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().url().optional(),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  PUBLIC_URL: z.string().url().optional(),
  CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  ANSWER_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.45),
  STAFF_TIMEZONE: z.string().default('Asia/Seoul'),
  STAFF_HOURS: z.string().regex(/^\d{1,2}-\d{1,2}$/).default('9-18'),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_STAFF_CHANNEL: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
  SLACK_BOT_ID: z.string().optional(),
  SLACK_BOT_USER_ID: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().optional(),
  EMBEDDINGS_MODEL: z.string().optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),

  // --- Bounds and limits (every resource an anonymous client can claim) ---
  /** How many proxies in front of this server may be believed in X-Forwarded-For (0: none, use the socket address). */
  TRUST_PROXY: z.preprocess((v) => (v === 'true' ? '1' : v === 'false' ? '0' : v), z.coerce.number().int().min(0).max(10)).default(0),
  MAX_CONNECTIONS: z.coerce.number().int().positive().default(4000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  STREAMS_PER_CONVERSATION: z.coerce.number().int().positive().default(4),
  STREAMS_PER_ADDRESS: z.coerce.number().int().positive().default(40),
  STREAMS_TOTAL: z.coerce.number().int().positive().default(1500),
  /** `off` turns every rate limit off (a private test instance); the others are "<points>/<window>", e.g. 30/1m. */
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  RATE_CONVERSATIONS: rate('20/10m'),
  RATE_MESSAGES: rate('20/1m'),
  RATE_MESSAGES_ADDRESS: rate('120/1m'),
  RATE_FEEDBACK: rate('20/10m'),
  RATE_UPLOADS: rate('20/10m'),
  ATTACHMENT_MAX_MB: z.coerce.number().positive().max(100).default(10),
  ATTACHMENT_MAX_FILES: z.coerce.number().int().positive().max(100).default(10),
  ATTACHMENT_MAX_TOTAL_MB: z.coerce.number().positive().max(1000).default(40),
  RATE_ASK: rate('30/1m'),
  RATE_SIGNIN_ADDRESS: rate('20/15m'),
  RATE_SIGNIN_ACCOUNT: rate('5/15m'),
  /** Idle anonymous web conversations (no open ticket) are deleted after this many days; 0 keeps them. */
  RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  /** Staff emails allowed to export and delete conversations (comma-separated). */
  STAFF_ADMINS: z.string().default(''),
  /** Any SMTP server (`smtp://user:pass@host:587`, `smtps://…`); e-mail is off when unset. */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default('Customs IP assistant <no-reply@localhost>'),
  /** Staff addresses e-mailed at once about urgent tickets (comma-separated). */
  STAFF_NOTIFY_EMAIL: z.string().default(''),
  /** `/metrics` answers loopback only, unless this bearer token is sent. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** How long a SIGTERM waits for running turns before closing. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

/** "<points>/<window>" with the window in s, m or h: 30/1m is 30 per minute. */
function rate(fallback: string) {
  return z
    .string()
    .regex(/^\d+\/\d+[smh]$/, 'write a rate as <points>/<window>, e.g. 30/1m')
    .default(fallback)
    .transform((s) => {
      const [points, w] = s.split('/');
      const secs = Number(w.slice(0, -1)) * { s: 1, m: 60, h: 3600 }[w.slice(-1) as 's' | 'm' | 'h'];
      return { points: Number(points), seconds: secs };
    });
}
export type Rate = { points: number; seconds: number };

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  knowledgeDir: string;
  indexDir: string;
  sqliteFile: string;
  corsOrigins: string[];
  staffAdmins: string[];
  staffNotifyEmails: string[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n- ${lines.join('\n- ')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    knowledgeDir: resolve(c.KNOWLEDGE_DIR),
    indexDir: resolve(c.INDEX_DIR),
    sqliteFile: resolve(c.DATA_DIR, 'assistant.sqlite'),
    corsOrigins: c.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    staffAdmins: c.STAFF_ADMINS.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
    staffNotifyEmails: c.STAFF_NOTIFY_EMAIL.split(',').map((s) => s.trim()).filter(Boolean),
  };
}
