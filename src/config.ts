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
});

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  knowledgeDir: string;
  indexDir: string;
  sqliteFile: string;
  corsOrigins: string[];
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
  };
}
