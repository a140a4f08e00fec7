import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { App as BoltApp } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Assistant } from '../../conversation/engine.js';
import type { Store } from '../../store/types.js';
import type { Logger } from '../../logger.js';
import type { Notifier } from '../../escalation/notifier.js';
import type { SlackDeps } from './context.js';
import { registerUserMessages } from './listeners/events/user-message.js';
import { registerAppHomeOpened } from './listeners/events/app-home-opened.js';
import { registerChoiceActions } from './listeners/actions/choice.js';
import { registerTicketActions } from './listeners/actions/ticket.js';
import { registerStaffReplyView } from './listeners/views/staff-reply.js';
import { registerCustomsCommand } from './listeners/commands/customs.js';
import { registerInternalNote } from './listeners/shortcuts/internal-note.js';
import { registerContactAction } from './listeners/actions/contact.js';
import { registerContactView } from './listeners/views/contact.js';
import { slackStaffNotifier, slackUserNotifier } from './notifiers.js';


export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  staffChannel?: string;
  apiUrl?: string;
  /** Known bot ids skip Bolt's auth.test call at start-up. */
  botId?: string;
  botUserId?: string;
  /** Answers are written by a model, so stream them. */
  stream?: boolean;
}

export interface SlackSide {
  app: BoltApp;
  mode: 'http' | 'socket';
  /** For HTTP mode: the listener that `/slack/*` requests go to. */
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  notifiers: Notifier[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Slack side on the shared engine: HTTP mode on our own server (Bolt's receiver, no second server), or Socket Mode
 * when an app token is given. No module-level App and no environment reads: everything comes in as arguments.
 */
export function createSlackApp(settings: SlackSettings, core: { assistant: Assistant; store: Store; logger: Logger }): SlackSide {
  const clientOptions = {
    slackApiUrl: settings.apiUrl,
    // Rate limits (429) are waited out and retried by the Web API client; other failures retry a few times.
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
  };
  const boltLogger = {
    debug: () => {},
    info: () => {},
    warn: (...m: unknown[]) => core.logger.warn(`slack: ${m.join(' ')}`),
    error: (...m: unknown[]) => core.logger.error(`slack: ${m.map((x) => (x instanceof Error ? x.stack : String(x))).join(' ')}`),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
  const ids = settings.botId && settings.botUserId ? { botId: settings.botId, botUserId: settings.botUserId } : {};
  let app: BoltApp;
  let receiver: InstanceType<typeof HTTPReceiver> | undefined;
  if (settings.appToken) {
    // installerOptions.clientOptions reaches the Socket Mode client, so SLACK_API_URL also moves apps.connections.open.
    app = new App({ token: settings.botToken, appToken: settings.appToken, socketMode: true, clientOptions, installerOptions: { clientOptions }, logger: boltLogger, convoStore: false, ...ids });
  } else {
    if (!settings.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for Slack in HTTP mode');
    receiver = new HTTPReceiver({ signingSecret: settings.signingSecret, endpoints: ['/slack/events'], processBeforeResponse: false, logger: boltLogger });
    app = new App({ token: settings.botToken, receiver, clientOptions, logger: boltLogger, convoStore: false, ...ids });
  }

  const deps: SlackDeps = { ...core, staffChannel: settings.staffChannel ?? null, botUserId: settings.botUserId ?? null, stream: settings.stream ?? false };

  // First of all: a retried or duplicated event is answered once (receipts in the store, shared by all instances).
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !(await core.store.claimOnce('slack-event', eventId))) {
      core.logger.info('slack: duplicate event dropped', { eventId, retry: context.retryNum ?? 0 });
      return;
    }
    if (!deps.botUserId && context.botUserId) deps.botUserId = context.botUserId;
    await next();
  });

  registerUserMessages(app, deps);
  registerAppHomeOpened(app);
  registerChoiceActions(app, deps);
  registerTicketActions(app, deps);
  registerStaffReplyView(app, deps);
  registerCustomsCommand(app, deps);
  registerInternalNote(app, deps);
  registerContactAction(app, deps);
  registerContactView(app, deps);
  app.error(async (e) => core.logger.error('slack listener failed', { error: e.stack ?? String(e) }));

  const notifiers = [slackUserNotifier(app.client)];
  if (settings.staffChannel) notifiers.push(slackStaffNotifier(app.client, core.store, settings.staffChannel));

  return {
    app,
    mode: receiver ? 'http' : 'socket',
    requestListener: receiver
      ? (req, res) => {
          // Bolt refuses requests signed more than five minutes ago; one signed in the future is refused here.
          const ts = Number(req.headers['x-slack-request-timestamp']);
          if (Number.isFinite(ts) && ts > Date.now() / 1000 + 300) return unauthorized(res);
          try {
            const r = receiver!.requestListener(req, res) as unknown;
            if (r instanceof Promise) r.catch(() => notFound(res));
          } catch {
            notFound(res);
          }
        }
      : undefined,
    notifiers,
    async start() {
      if (!receiver) await app.start();
    },
    async stop() {
      if (!receiver) await app.stop();
    },
  };
}

function unauthorized(res: ServerResponse) {
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'unauthorized:slack', message: 'request timestamp is in the future' } }));
}

function notFound(res: ServerResponse) {
  if (res.headersSent) return;
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'not_found:slack', message: 'unknown Slack endpoint' } }));
}

