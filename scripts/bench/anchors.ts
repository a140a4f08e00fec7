/**
 * The anchors our figures are divided by, measured in the same run on the same machine (these machines vary by
 * several times from day to day; a ratio to an anchor does not):
 *
 * - `hono`: a bare Hono app on @hono/node-server answering the chat route's POST: it reads and parses the same JSON
 *   body and answers with a JSON reply of the same size as ours. Nothing else: no store, no retrieval, no middleware.
 * - `sse`: a bare node:http server holding event streams: headers, one `ready` event, one shared heartbeat timer.
 *
 * Both run in a host process of their own (server-host.ts), like our server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';

export type AnchorKind = 'hono' | 'sse';

export async function startAnchor(kind: AnchorKind, opts: { reply?: string } = {}): Promise<{ url: string; close(): Promise<void> }> {
  let listener: (req: IncomingMessage, res: ServerResponse) => void;
  let stop = () => {};
  if (kind === 'hono') {
    const reply = JSON.parse(opts.reply ?? '{"text":"ok"}') as Record<string, unknown>;
    const app = new Hono();
    app.post('/api/conversations/:id/messages', async (c) => {
      const body = (await c.req.json()) as { text?: string };
      return c.json({ ...reply, conversationId: c.req.param('id'), echo: body.text?.length ?? 0 });
    });
    const hono = getRequestListener(app.fetch);
    listener = (req, res) => void hono(req, res);
  } else {
    const open = new Set<ServerResponse>();
    const heartbeat = setInterval(() => {
      for (const res of open) res.write(': keep-alive\n\n');
    }, 15_000);
    stop = () => clearInterval(heartbeat);
    listener = (req, res) => {
      if (req.method !== 'GET' || !req.url?.startsWith('/events')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write('event: ready\ndata: {}\nretry: 2000\n\n');
      open.add(res);
      res.once('close', () => open.delete(res));
    };
  }
  const server = createServer(listener);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        stop();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
