export type Logger = Record<'debug' | 'info' | 'warn' | 'error', (msg: string, data?: Record<string, unknown>) => void>;

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** One-line JSON logs on stderr, so stdout stays clean for CLI output. */
export function createLogger(level: (typeof LEVELS)[number] = 'info', scope = 'app'): Logger {
  const min = LEVELS.indexOf(level);
  const log = (lvl: (typeof LEVELS)[number]) => (msg: string, data?: Record<string, unknown>) => {
    if (LEVELS.indexOf(lvl) < min) return;
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: lvl, scope, msg, ...data })}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
