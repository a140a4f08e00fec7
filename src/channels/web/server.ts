import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting, lets running requests finish (up to the grace period), then closes everything. */
  close(opts?: { graceMs?: number }): Promise<void>;
}

export interface ServerBounds {
  /** Sockets beyond this are refused by the kernel-side accept (node destroys them at once). */
  maxConnections: number;
  /** Time to receive a whole request (headers and body): a slow upload cannot hold a socket longer. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed (event streams send a comment every 15 s). */
  idleTimeoutMs: number;
}

export const DEFAULT_BOUNDS: ServerBounds = { maxConnections: 4000, requestTimeoutMs: 30_000, headersTimeoutMs: 15_000, idleTimeoutMs: 120_000 };

/** Slack's requests are small; anything larger is not Slack. */
const SLACK_MAX_BODY = 1024 * 1024;

/**
 * One node:http server: `/slack/*` goes to Bolt's receiver untouched (it needs the raw body for the signature),
 * everything else to the web app.
 */
export async function startHttpServer(opts: {
  web: Hono;
  slack?: NodeListener;
  /** Routes answered on node:http before the web app (the visitors' event streams); each says whether it took the request. */
  routes?: Array<(req: IncomingMessage, res: ServerResponse) => boolean>;
  port: number;
  host?: string;
  bounds?: Partial<ServerBounds>;
  /** Called first when closing: stop taking work, tell streams to reconnect. */
  onDrain?: () => void;
  onClose?: () => Promise<void> | void;
}): Promise<RunningServer> {
  const bounds = { ...DEFAULT_BOUNDS, ...opts.bounds };
  const web = getRequestListener(opts.web.fetch);
  const routes = opts.routes?.length ? opts.routes : null;
  let inFlight = 0;
  let idle: (() => void) | null = null;
  const server = createServer(
    {
      requestTimeout: bounds.requestTimeoutMs,
      headersTimeout: bounds.headersTimeoutMs,
      // How often node looks for requests past those timeouts (30 s by default, too coarse for a 30 s bound).
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(Math.min(bounds.requestTimeoutMs, bounds.headersTimeoutMs) / 4))),
    },
    (req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (!inFlight) idle?.();
    });
    if (opts.slack && req.url?.startsWith('/slack/')) {
      const length = req.headers['content-length'];
      if (length === undefined || !/^\d+$/.test(length) || Number(length) > SLACK_MAX_BODY) {
        res.writeHead(length === undefined ? 411 : 413, { 'content-type': 'application/json', connection: 'close' });
        return void res.end(JSON.stringify({ error: { code: 'bad_request:slack', message: 'a Slack request has a Content-Length of at most 1 MB' } }));
      }
      return void opts.slack(req, res);
    }
    if (routes) for (const route of routes) if (route(req, res)) return;
    void web(req, res);
    },
  );
  server.maxConnections = bounds.maxConnections;
  server.keepAliveTimeout = 5_000;
  server.timeout = bounds.idleTimeoutMs;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  let closing: Promise<void> | null = null;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close(closeOpts = {}) {
      closing ??= (async () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        opts.onDrain?.();
        server.closeIdleConnections();
        if (inFlight && closeOpts.graceMs) {
          // Turns under way finish and are stored; streams were asked to reconnect and end on their own.
          await Promise.race([
            new Promise<void>((r) => {
              idle = r;
              if (!inFlight) r();
            }),
            new Promise((r) => setTimeout(r, closeOpts.graceMs).unref()),
          ]);
        }
        await opts.onClose?.();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
