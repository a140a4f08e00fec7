import { describe, it, expect, afterAll } from 'vitest';
import { Writable } from 'node:stream';
import { request } from 'node:http';
import { execFileSync } from 'node:child_process';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';

type Running = Awaited<ReturnType<typeof startServer>>;
const open: Running[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

/** A logger whose lines the test reads. */
function capture() {
  const lines: string[] = [];
  const dest = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('info', 'app', dest as never), text: () => lines.join('') };
}

describe('metrics', () => {
  it('are answered to loopback, refused to others, and to others with the token', async () => {
    const s = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', METRICS_TOKEN: 'metrics-token-0123456789' }), createLogger('silent'));
    open.push(s);
    await fetch(`${s.url}/api/conversations`, { method: 'POST' });
    await fetch(`${s.url}/healthz`);
    const local = await fetch(`${s.url}/metrics`);
    expect(local.status).toBe(200);
    const body = await local.text();
    for (const name of ['cia_http_requests_total', 'cia_http_request_duration_seconds', 'cia_turns_total', 'cia_escalations_total', 'cia_model_fallbacks_total', 'cia_open_streams', 'cia_rate_limited_total', 'process_resident_memory_bytes'])
      expect(body).toContain(name);
    expect(body).toMatch(/cia_http_requests_total\{method="POST",route="\/api\/conversations",status="201"\} 1/);
    // Through a proxy (someone else): refused without the token, answered with it.
    expect((await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
    expect((await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(403);
    expect((await fetch(`${s.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
    // Made-up paths do not become labels.
    await fetch(`${s.url}/no/such/${Math.random()}`);
    expect(await (await fetch(`${s.url}/metrics`)).text()).not.toMatch(/no\/such/);
  });
});

describe('graceful shutdown', () => {
  it('readiness turns false, a running turn finishes and is stored, streams are told to reconnect, then it closes', async () => {
    const s = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('silent'));
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    const c = (await (await fetch(`${s.url}/api/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    // An open stream.
    const frames: string[] = [];
    const streamEnded = new Promise<void>((resolve) => {
      request(`${s.url}/api/conversations/${c.conversationId}/events?token=${c.token}`, (res) => {
        res.on('data', (d) => frames.push(String(d)));
        res.on('end', () => resolve());
        res.on('error', () => resolve());
      }).end();
    });
    await new Promise((r) => setTimeout(r, 100));
    // A turn under way when SIGTERM comes.
    const turn = fetch(`${s.url}/api/conversations/${c.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify({ text: 'How long is a China customs recordation valid?' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    const closing = s.close({ graceMs: 5000 });
    const r = await turn;
    expect(r.status).toBe(200);
    await streamEnded;
    expect(frames.join('')).toMatch(/event: reconnect/);
    await closing;
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });
});

describe('logs', () => {
  it('never carry message text, tokens or passwords at info level; an aborted upload is not an error', async () => {
    const { logger, text } = capture();
    const s = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1' }), logger);
    open.push(s);
    await addStaffUser(s.app.store, 'log@agency.example', 'secret password 123');
    const c = (await (await fetch(`${s.url}/api/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    await fetch(`${s.url}/api/conversations/${c.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify({ text: 'Our secret product Zebrafish-77 was detained' }),
    });
    await fetch(`${s.url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'log@agency.example', password: 'wrong secret password' }) });
    await fetch(`${s.url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'log@agency.example', password: 'secret password 123' }) });
    // An upload the client abandons half-way.
    await new Promise<void>((resolve) => {
      const req = request(`${s.url}/api/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '2000' } });
      req.on('error', () => resolve());
      req.write('{"language":');
      setTimeout(() => {
        req.destroy();
        setTimeout(resolve, 100);
      }, 50);
    });
    // The logger itself hides sensitive fields whatever a caller passes.
    logger.info('example', { text: 'Zebrafish-77', token: c.token, password: 'pw', nested: { comment: 'Zebrafish-77' } });
    const out = text();
    expect(out).toContain('"msg":"listening"');
    expect(out).not.toContain('Zebrafish-77');
    expect(out).not.toContain(c.token);
    expect(out).not.toContain('secret password');
    expect(out).not.toMatch(/"level":"error"/);
  });
});

describe('privacy CLI', () => {
  it('exports and deletes one conversation', async () => {
    const config = testConfig({ PORT: '0', HOST: '127.0.0.1' });
    const s = await startServer(config, createLogger('silent'));
    const { conversation } = await s.app.assistant.startConversation({ channel: 'web', userId: 'v' });
    await s.app.assistant.handle({ channel: 'web', conversationId: conversation.id, userId: 'v', text: 'How long is a China customs recordation valid?' });
    await s.close();
    const env = { ...process.env, DATA_DIR: config.DATA_DIR, KNOWLEDGE_DIR: config.KNOWLEDGE_DIR, INDEX_DIR: config.INDEX_DIR, LOG_LEVEL: 'silent', DATABASE_URL: '' };
    const run = (...args: string[]) => execFileSync('npx', ['tsx', 'src/cli/admin-cli.ts', ...args], { env, encoding: 'utf8' });
    const exported = JSON.parse(run('export', conversation.id));
    expect(exported.messages.map((m: { text: string }) => m.text)).toContain('How long is a China customs recordation valid?');
    expect(run('delete', conversation.id)).toMatch(/deleted conversation/);
    expect(() => run('export', conversation.id)).toThrow();
  }, 60_000);
});
