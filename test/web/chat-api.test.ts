import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';

let server: Awaited<ReturnType<typeof startServer>>;
let url: string;
const ALLOWED = 'https://brand.example.co.kr';

beforeAll(async () => {
  server = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', CORS_ORIGINS: ALLOWED }), createLogger('silent'));
  url = server.url;
});
afterAll(async () => server?.close());

async function conversation() {
  const r = await fetch(`${url}/api/conversations`, { method: 'POST' });
  expect(r.status).toBe(201);
  return (await r.json()) as { conversationId: string; token: string };
}
const send = (id: string, token: string | null, body: string, extra: Record<string, string> = {}) =>
  fetch(`${url}/api/conversations/${id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    body,
  });

/** Reads SSE frames until `count` events of interest arrived or the time is up. */
async function readEvents(path: string, headers: Record<string, string>, count: number, ms = 4000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  const events: Array<{ id: number; event: string; data: any }> = [];
  try {
    const res = await fetch(`${url}${path}`, { headers, signal: ctl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let buf = '';
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += new TextDecoder().decode(value);
      let at;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const f = Object.fromEntries(frame.split('\n').filter((l) => /^\w+:/.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (f.id && f.event) events.push({ id: Number(f.id), event: f.event, data: JSON.parse(f.data) });
      }
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return events;
}

describe('chat API', () => {
  it('answers with the reply JSON, once per Idempotency-Key', async () => {
    const c = await conversation();
    const body = JSON.stringify({ text: '중국 세관 등록은 몇 년간 유효한가요?' });
    const a = await send(c.conversationId, c.token, body, { 'idempotency-key': 'k-1' });
    expect(a.status).toBe(200);
    const first = await a.json();
    expect(first).toEqual(expect.objectContaining({ conversationId: c.conversationId, language: 'ko', kind: 'answer', ticket: null, plan: null }));
    expect(first.text).toMatch(/10년/);
    expect(first.citations[0]).toEqual(expect.objectContaining({ url: expect.stringMatching(/^https?:/), verified: expect.any(String) }));
    const again = await (await send(c.conversationId, c.token, body, { 'idempotency-key': 'k-1' })).json();
    expect(again).toEqual(first);
    const transcript = await (await fetch(`${url}/api/conversations/${c.conversationId}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).json();
    expect(transcript.messages.map((m: any) => m.role)).toEqual(['user', 'assistant']);
  });

  it('refuses without the right token, the same way for an unknown conversation', async () => {
    const c = await conversation();
    const body = JSON.stringify({ text: 'hi' });
    for (const [id, token] of [[c.conversationId, null], [c.conversationId, 'wrong'], ['no-such-conversation', c.token]] as const) {
      const r = await send(id, token, body);
      expect(r.status).toBe(401);
      expect((await r.json()).error.code).toBe('unauthorized:api');
    }
    const read = await fetch(`${url}/api/conversations/${c.conversationId}/messages`);
    expect(read.status).toBe(401);
    const events = await fetch(`${url}/api/conversations/${c.conversationId}/events?token=wrong`);
    expect(events.status).toBe(401);
  });

  it('explains bad input with a 4xx JSON error and stores nothing', async () => {
    const c = await conversation();
    const cases: Array<[string, string, Record<string, string>, number, RegExp]> = [
      ['malformed JSON', '{"text": ', {}, 400, /JSON/i],
      ['empty text', JSON.stringify({ text: '   ' }), {}, 400, /text/],
      ['text and action', JSON.stringify({ text: 'a', action: 'help' }), {}, 400, /exactly one/],
      ['unknown field', JSON.stringify({ txt: 'a' }), {}, 400, /txt|exactly one/],
      ['oversized text', JSON.stringify({ text: '가'.repeat(4001) }), {}, 400, /4000/],
      ['bad idempotency key', JSON.stringify({ text: 'a' }), { 'idempotency-key': 'bad key with spaces' }, 400, /Idempotency-Key/],
    ];
    for (const [what, body, extra, status, re] of cases) {
      const r = await send(c.conversationId, c.token, body, extra);
      expect(r.status, what).toBe(status);
      const e = await r.json();
      expect(e.error.message, what).toMatch(re);
    }
    const huge = await send(c.conversationId, c.token, JSON.stringify({ text: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    const transcript = await (await fetch(`${url}/api/conversations/${c.conversationId}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).json();
    expect(transcript.messages).toEqual([]);
    const plan = await fetch(`${url}/api/conversations/${c.conversationId}/plan.md`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(plan.status).toBe(404);
    expect((await plan.json()).error.message).toMatch(/walkthrough/);
  });

  it('streams events and resumes after Last-Event-ID', async () => {
    const c = await conversation();
    await send(c.conversationId, c.token, JSON.stringify({ text: 'How long is a China recordation valid?' }));
    const all = await readEvents(`/api/conversations/${c.conversationId}/events?token=${c.token}`, {}, 2);
    expect(all.map((e) => e.event)).toEqual(['message.created', 'message.created']);
    expect(all.map((e) => e.data.data.role)).toEqual(['user', 'assistant']);
    await send(c.conversationId, c.token, JSON.stringify({ text: 'talk to a person' }));
    const after = await readEvents(`/api/conversations/${c.conversationId}/events?token=${c.token}`, { 'last-event-id': String(all[1].id) }, 3);
    expect(after.every((e) => e.id > all[1].id)).toBe(true);
    expect(after.map((e) => e.event)).toEqual(expect.arrayContaining(['message.created', 'ticket.created']));
    const bad = await fetch(`${url}/api/conversations/${c.conversationId}/events?token=${c.token}`, { headers: { 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
  });

  it('takes feedback on a message', async () => {
    const c = await conversation();
    const reply = await (await send(c.conversationId, c.token, JSON.stringify({ text: 'What does Japan customs charge?' }))).json();
    const r = await fetch(`${url}/api/conversations/${c.conversationId}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify({ messageId: reply.messageId, rating: 'up' }),
    });
    expect(r.status).toBe(200);
    expect((await server.app.store.listFeedback(c.conversationId)).map((f) => f.rating)).toEqual([1]);
  });

  it('lets allowed host pages call the API across origins, and no others', async () => {
    const pre = (origin: string) => fetch(`${url}/api/conversations`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect((await pre(ALLOWED)).headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect((await pre('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves its OpenAPI description', async () => {
    const doc = await (await fetch(`${url}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/conversations', '/api/conversations/{id}/messages', '/api/conversations/{id}/events']));
  });
});

describe('staff API', () => {
  const email = 'lee@moip.example.kr';
  const password = 'a long enough passphrase';
  beforeAll(async () => {
    await addStaffUser(server.app.store, email, password);
  });
  const login = (body: object, origin?: string) =>
    fetch(`${url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body: JSON.stringify(body) });

  it('signs in with an HttpOnly, SameSite session and requires the CSRF token for changes', async () => {
    expect((await fetch(`${url}/staff/api/tickets`)).status).toBe(401);
    expect((await login({ email, password: 'wrong' })).status).toBe(401);
    expect((await login({ email, password }, 'https://evil.example')).status).toBe(403);
    expect((await login({ email, password }, 'null')).status).toBe(403);
    const ok = await login({ email, password });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const { csrfToken } = await ok.json();
    const session = cookie.split(';')[0];

    const c = await conversation();
    const r = await (await send(c.conversationId, c.token, JSON.stringify({ text: 'talk to a person' }))).json();
    const claim = (headers: Record<string, string>) => fetch(`${url}/staff/api/tickets/${r.ticket.id}/claim`, { method: 'POST', headers: { cookie: session, ...headers } });
    expect((await claim({})).status).toBe(403);
    expect((await claim({ 'x-csrf-token': csrfToken })).status).toBe(200);
    expect((await claim({ 'x-csrf-token': csrfToken })).status).toBe(409);
    const list = await (await fetch(`${url}/staff/api/tickets`, { headers: { cookie: session } })).json();
    expect(list.tickets.find((t: any) => t.id === r.ticket.id).status).toBe('claimed');
    const audit = await server.app.store.listAudit('ticket', String(r.ticket.id));
    expect(audit.at(-1)).toEqual(expect.objectContaining({ action: 'claim', actor: email }));

    // The visitor's stream says the request was taken, not by whom, and never carries the staff's summary.
    const events = await readEvents(`/api/conversations/${c.conversationId}/events?token=${c.token}`, {}, 4);
    const updated = events.find((e) => e.event === 'ticket.updated');
    expect(updated?.data.data.ticket).toEqual({ id: r.ticket.id, status: 'claimed', priority: r.ticket.priority, reason: r.ticket.reason, deadline: null });
    expect(JSON.stringify(events)).not.toContain(email);
    expect(events.find((e) => e.event === 'ticket.created')?.data.data.ticket.summary).toBeUndefined();
  });
});

describe('widget bundle', () => {
  it('is served as one small script, under 40 KB gzipped with its styles', async () => {
    const { gzipSync } = await import('node:zlib');
    let total = 0;
    for (const file of ['/widget.js', '/widget.css']) {
      const r = await fetch(`${url}${file}`);
      expect(r.status).toBe(200);
      total += gzipSync(Buffer.from(await r.arrayBuffer())).length;
    }
    expect(total).toBeLessThan(40 * 1024);
  });
});
