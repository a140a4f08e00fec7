import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * One node:http server: `/slack/*` goes to Bolt's receiver untouched (it needs the raw body for the signature),
 * everything else to the web app.
 */
export async function startHttpServer(opts: { web: Hono; slack?: NodeListener; port: number; host?: string; onClose?: () => Promise<void> | void }): Promise<RunningServer> {
  const web = getRequestListener(opts.web.fetch);
  const server = createServer((req, res) => {
    if (opts.slack && req.url?.startsWith('/slack/')) return void opts.slack(req, res);
    void web(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    async close() {
      await opts.onClose?.();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
