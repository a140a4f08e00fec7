import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';

/**
 * One anonymous client must not take the service down: bodies are bounded while they stream in, event streams are
 * capped per conversation, per address and in total, slow requests time out, sockets are capped.
 */
let server: Awaited<ReturnType<typeof startServer>>;
let url: string;
let port: number;

beforeAll(async () => {
  server = await startServer(
    testConfig({ PORT: '0', HOST: '127.0.0.1', STREAMS_PER_CONVERSATION: '3', STREAMS_PER_ADDRESS: '12', STREAMS_TOTAL: '20', REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1500', RATE_LIMITS: 'off' }),
    createLogger('silent'),
  );
  url = server.url;
  port = server.port;
});
afterAll(async () => server?.close());

async function conversation() {
  const r = await fetch(`${url}/api/conversations`, { method: 'POST' });
  expect(r.status).toBe(201);
  return (await r.json()) as { conversationId: string; token: string };
}

/** Sends `total` bytes of 0xFF (never UTF-8) in chunks, chunked encoding or with a Content-Length; resolves with the status. */
function upload(path: string, total: number, opts: { declare?: boolean } = {}): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(Math.min(total, 256 * 1024), 0xff);
    let sent = 0;
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (opts.declare) headers['content-length'] = total;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false });
    let status = 0;
    req.on('response', (res) => {
      status = res.statusCode!;
      res.resume();
      res.on('end', () => resolve({ status, sent }));
    });
    req.on('error', (e) => (status ? resolve({ status, sent }) : reject(e)));
    const pump = () => {
      while (sent < total && !status) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!status) req.end();
    };
    pump();
  });
}

describe('request bodies', () => {
  it('refuses a declared 150 MB body before reading it', async () => {
    const r = await upload('/api/conversations', 150 * 1024 * 1024, { declare: true });
    expect(r.status).toBe(413);
    expect(r.sent).toBeLessThan(40 * 1024 * 1024);
  });

  it('stops reading three concurrent streamed 150 MB uploads of invalid UTF-8 at the limit, memory flat', async () => {
    const before = process.memoryUsage().rss;
    const rs = await Promise.all([0, 1, 2].map(() => upload('/api/conversations', 150 * 1024 * 1024)));
    for (const r of rs) {
      expect(r.status).toBe(413);
      expect(r.sent).toBeLessThan(40 * 1024 * 1024);
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('answers invalid UTF-8 within the limit with a 400', async () => {
    const r = await upload('/api/conversations', 1000);
    expect(r.status).toBe(400);
    const c = await conversation();
    const res = await fetch(`${url}/api/conversations/${c.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"text":"\xc3("}
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/UTF-8/);
  });

  it('closes a request whose body trickles in past the request timeout', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('POST /api/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    const started = Date.now();
    const timer = setInterval(() => socket.writable && socket.write(' '), 200);
    const reply = await new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    clearInterval(timer);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(reply === '' || /^HTTP\/1.1 408/.test(reply)).toBe(true);
  });
});

describe('event streams', () => {
  /** Opens an SSE request and reports its status; 200s are kept open until `close`. */
  function openStream(agent: Agent, path: string, headers: Record<string, string> = {}): Promise<{ status: number; close: () => void }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
        if (res.statusCode !== 200) res.resume();
        resolve({ status: res.statusCode!, close: () => req.destroy() });
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('10,000 streams from one token: three are served, the rest get 429, the server stays quick', async () => {
    const c = await conversation();
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const path = `/api/conversations/${c.conversationId}/events?token=${c.token}`;
    const statuses = new Map<number, number>();
    const open: Array<() => void> = [];
    const before = process.memoryUsage().rss;
    let next = 0;
    const worker = async () => {
      while (next < 10_000) {
        next++;
        const s = await openStream(agent, path);
        statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
        if (s.status === 200) open.push(s.close);
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    expect(statuses.get(200)).toBe(3);
    expect(statuses.get(429)).toBe(10_000 - 3);
    const t = Date.now();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(500);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    const refused = await fetch(`${url}${path}`);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('too_many_streams:api');
    for (const close of open) close();
    agent.destroy();
    // Slots are given back when clients leave.
    await new Promise((r) => setTimeout(r, 200));
    const again = await openStream(new Agent(), path);
    expect(again.status).toBe(200);
    again.close();
  }, 120_000);

  it('caps streams per address and in total', async () => {
    const agent = new Agent({ keepAlive: false });
    const convs = await Promise.all(Array.from({ length: 6 }, conversation));
    const results: Array<{ status: number; close: () => void }> = [];
    for (const c of convs) for (let i = 0; i < 3; i++) results.push(await openStream(agent, `/api/conversations/${c.conversationId}/events?token=${c.token}`));
    expect(results.filter((r) => r.status === 200).length).toBe(12); // STREAMS_PER_ADDRESS
    expect(results.filter((r) => r.status === 429).length).toBe(6);
    for (const r of results) r.close();
  });
});

describe('connections', () => {
  it('holds a bounded number of sockets', async () => {
    const { server: s } = server;
    const previous = s.maxConnections;
    s.maxConnections = 5;
    const sockets: Socket[] = [];
    try {
      const closed: boolean[] = [];
      for (let i = 0; i < 10; i++) {
        const sock = connect(port, '127.0.0.1');
        const idx = i;
        closed[idx] = false;
        sock.on('close', () => (closed[idx] = true));
        sock.on('error', () => {});
        sockets.push(sock);
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(5);
    } finally {
      for (const sock of sockets) sock.destroy();
      s.maxConnections = previous;
    }
  });
});
