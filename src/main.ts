import 'dotenv/config';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { assembleCore, type Core } from './core.js';
import { createWebApp } from './channels/web/app.js';
import { askRoutes } from './channels/web/ask-routes.js';
import { chatRoutes } from './channels/web/chat-routes.js';
import { staffRoutes } from './channels/web/staff-routes.js';
import { staticRoutes } from './channels/web/static-routes.js';
import { createDeltaBus, createVisitorStreams } from './channels/web/live.js';
import { startHttpServer, type RunningServer } from './channels/web/server.js';
import { createStore } from './store/index.js';
import type { Store } from './store/types.js';
import { createAssistant, type Assistant, type Summarize } from './conversation/engine.js';
import { routeEvents, staffLabel, marketName, type Notifier } from './escalation/notifier.js';
import { trackVisitorPresence } from './channels/web/staff-visitor-presence.js';
import type { SlackSide } from './channels/slack/app.js';
// Bounds, limits and operations (see startServer).
import { createWebGuards, serverBounds } from './channels/web/web-guards.js';
import { startRetention } from './store/retention.js';
import { modelEvents } from './model/model-events.js';

/** The core lives in core.ts (CLIs that only ask load it alone); exported here too for callers of main.ts. */
export { assembleCore, type Core };

/** Until a model writes them: the reason, the place and right, and the user's own words. */
const summarizeDeterministically: Summarize = async ({ transcript, language, jurisdiction, right, reason }) => {
  // What the user typed says more than the buttons they clicked.
  const typed = transcript.filter((t) => t.role === 'user' && !t.clicked);
  const ko = language === 'ko';
  const parts = [
    // Staff read words, never codes: the reason, the market and the right by their names.
    `[${staffLabel('reason', reason, language)}]`,
    jurisdiction ? `${ko ? '국가' : 'market'}: ${marketName(jurisdiction, language)}` : '',
    right ? `${ko ? '권리' : 'right'}: ${staffLabel('right', right, language)}` : '',
    typed.length > 1 ? `${ko ? '앞선 질문' : 'earlier'}: ${typed.at(-2)!.text.slice(0, 200)}` : '',
    typed.length ? `${ko ? '마지막 메시지' : 'last message'}: ${typed.at(-1)!.text.slice(0, 200)}` : '',
  ];
  return parts.filter(Boolean).join(' · ').slice(0, 600);
};

/** The conversation engine on a core and a store; `clock` lets tests fix "now" (deadlines, renewal dates). */
export function assistantFor(core: Core, store: Store, clock?: () => Date): Assistant {
  const { config, logger } = core;
  const { kb } = core.knowledge;
  return createAssistant({
    store,
    answerer: core.answerer,
    profiles: new Map(kb.profiles.map((p) => [p.code, p])),
    pages: kb.pages,
    understand: core.understand,
    nameOf: core.nameOf,
    summarize: core.model ? core.model.summarizer(summarizeDeterministically) : summarizeDeterministically,
    explainPlan: core.model?.planExplainer(),
    staff: { timeZone: config.STAFF_TIMEZONE, hours: config.STAFF_HOURS },
    clock,
    logger,
  });
}

/** Core plus the store and the conversation engine: what the server and the terminal chat run on. */
export interface App extends Core {
  store: Store;
  assistant: Assistant;
  close(): Promise<void>;
}

export async function assembleApp(config: Config, logger = createLogger(config.LOG_LEVEL)): Promise<App> {
  const core = await assembleCore(config, logger);
  const store = await createStore({ databaseUrl: config.DATABASE_URL, sqliteFile: config.sqliteFile, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
  await store.migrate();
  const assistant = assistantFor(core, store);
    return {
    ...core,
    store,
    assistant,
    close: () => store.close(),
  };
}

/** The Slack side when it is configured, or null (the server then runs without it and says so). */
async function slackSide(config: Config, core: App): Promise<SlackSide | null> {
  if (!config.SLACK_BOT_TOKEN) {
    core.logger.info('Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to turn it on');
    return null;
  }
  const { createSlackApp } = await import('./channels/slack/app.js');
  return createSlackApp(
    {
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      staffChannel: config.SLACK_STAFF_CHANNEL,
      apiUrl: config.SLACK_API_URL,
      botId: config.SLACK_BOT_ID,
      botUserId: config.SLACK_BOT_USER_ID,
      stream: Boolean(core.model?.name),
    },
    core,
  );
}

export async function startServer(config: Config, logger = createLogger(config.LOG_LEVEL)): Promise<RunningServer & { app: App }> {
  const core = await assembleApp(config, logger);
  const slack = await slackSide(config, core);
  const notifiers: Notifier[] = slack?.notifiers ?? [];
  const deltas = createDeltaBus();

  // --- Bounds, limits and operations: stream caps, rate limits, metrics, readiness, retention, graceful shutdown ---
  const guards = await createWebGuards(config, core.store, logger);
  // E-mail: urgent tickets to staff, staff replies to visitors who left an address and have no widget open.
  // The SMTP client is loaded only when SMTP_URL is set.
  const email = config.SMTP_URL
    ? (await import('./escalation/email-notifier.js')).emailNotifiers(
        { smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, staffTo: config.staffNotifyEmails, publicUrl: config.PUBLIC_URL },
        core.store,
        logger,
        trackVisitorPresence(guards),
      )
    : (logger.info('e-mail is off: set SMTP_URL (and STAFF_NOTIFY_EMAIL for urgent tickets) to send e-mail'), { notifiers: [], close: () => {} });
  const unroute = routeEvents(core.store, [...notifiers, ...email.notifiers], logger);
  const retention = startRetention(core.store, { days: config.RETENTION_DAYS, log: logger.info });
  const offFallbacks = modelEvents.onFallback((reason) => guards.metrics?.modelFallbacks.inc({ reason }));
  const offTickets = core.store.onEvent((e) => {
    if (e.type === 'ticket.created') guards.metrics?.escalations.inc({ channel: 'any' });
  });
  let draining = false;
  const ready = async () => ({ ok: !draining, detail: draining ? { state: 'shutting down' } : undefined });
  // ---

  const web = createWebApp({
    logger,
    corsOrigins: config.corsOrigins,
    routes: [
      askRoutes(core.ask, guards),
      chatRoutes({ assistant: core.assistant, store: core.store, deltas, guards }),
      staffRoutes({ assistant: core.assistant, store: core.store, secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false, guards, admins: config.staffAdmins }),
      (await import('./channels/web/widget-routes.js')).widgetRoutes({ staffHours: config.STAFF_HOURS, timeZone: config.STAFF_TIMEZONE, maxFileBytes: config.ATTACHMENT_MAX_MB * 1024 * 1024 }),
      staticRoutes({ '/': 'index.html', '/widget.js': 'widget.js', '/widget.css': 'widget.css', '/staff': 'staff.html', '/staff.js': 'staff.js', '/staff.css': 'staff.css' }),
    ],
    health: () => ({ chunks: core.knowledge.index.chunks.length, knowledge: core.knowledge.kb.hash, store: core.store.kind }),
    ready,
    metrics: guards.metrics,
    metricsToken: config.METRICS_TOKEN,
    trustProxy: config.TRUST_PROXY,
  });
  // The visitors' event streams are answered on node:http itself, frames straight to the socket.
  const visitorStreams = createVisitorStreams({
    store: core.store,
    deltas,
    streams: guards.streams,
    verifyToken: (id, token) => core.assistant.verifyToken(id, token),
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.corsOrigins,
    metrics: guards.metrics,
    logError: (msg, meta) => logger.error(msg, meta),
  });
  const running = await startHttpServer({
    web,
    slack: slack?.requestListener,
    routes: [visitorStreams.route],
    port: config.PORT,
    host: config.HOST,
    bounds: serverBounds(config),
    onDrain: () => {
      draining = true;
      guards.streams.drain();
    },
    onClose: async () => {
      visitorStreams.close();
      retention.stop();
      offFallbacks();
      offTickets();
      unroute();
      email.close();
      await slack?.stop();
      await guards.close();
      await core.close();
    },
  });
  await slack?.start();
  logger.info('listening', { url: running.url, chunks: core.knowledge.index.chunks.length, store: core.store.kind, slack: slack?.mode ?? 'off' });
  return { ...running, app: core };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  startServer(config, logger).then(
    (running) => {
      // SIGTERM: stop accepting, let running turns finish and be stored, tell streams to reconnect, then exit.
      const stop = () => void running.close({ graceMs: config.SHUTDOWN_GRACE_MS }).then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (e) => {
      logger.error('failed to start', { error: (e as Error).stack ?? String(e) });
      process.exit(1);
    },
  );
}
