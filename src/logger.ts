import pino from 'pino';

export type Logger = Record<'debug' | 'info' | 'warn' | 'error', (msg: string, data?: Record<string, unknown>) => void>;

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

/**
 * Fields that can carry what people wrote or secrets: message text, questions, summaries, comments, tokens,
 * passwords, cookies. At info level and above they are replaced, wherever they sit in the data; debug keeps them
 * (for a developer's own machine).
 */
const SENSITIVE = /^(text|texts|q|question|answer|summary|comment|note|transcript|body|password|pass|token|tokens|secret|authorization|cookie|cookies|set-cookie|csrf|csrftoken|apikey|api_key|email|passwordhash)$/i;
const MASK = '[redacted]';

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE.test(k) ? MASK : scrub(v, depth + 1);
  return out;
}

/** One-line JSON logs (pino) on stderr, so stdout stays clean for CLI output. */
export function createLogger(level: LogLevel = 'info', scope = 'app', destination?: pino.DestinationStream): Logger {
  const base = pino(
    { level: level === 'silent' ? 'silent' : level, base: { scope }, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'msg', formatters: { level: (label) => ({ level: label }) } },
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) => {
    if (!base.isLevelEnabled(lvl)) return;
    if (data) base[lvl](lvl === 'debug' ? data : (scrub(data) as object), msg);
    else base[lvl](msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
