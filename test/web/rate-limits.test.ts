import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';

/** Rate limits: 429 with Retry-After and the IETF RateLimit headers; X-Forwarded-For only when a proxy is trusted. */
type Running = Awaited<ReturnType<typeof startServer>>;
const servers: Running[] = [];
async function start(env: Record<string, string>) {
  const s = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', ...env }), createLogger('silent'));
  servers.push(s);
  return s;
}
afterAll(async () => {
  for (const s of servers) await s.close();
});

const json = { 'content-type': 'application/json' };

describe('visitor API limits (TRUST_PROXY=1: the address a proxy appended is believed)', () => {
  let url: string;
  beforeAll(async () => {
    ({ url } = await start({ TRUST_PROXY: '1', RATE_CONVERSATIONS: '3/1m', RATE_MESSAGES: '4/1m', RATE_FEEDBACK: '2/1m', RATE_ASK: '2/1m' }));
  });
  const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.200, ${ip}` });

  it('conversation creation: a 429 past the budget, with Retry-After and RateLimit headers; other addresses unaffected', async () => {
    const ok = await fetch(`${url}/api/conversations`, { method: 'POST', headers: from('198.51.100.1') });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('ratelimit-policy')).toBe('"conversations";q=3;w=60');
    expect(ok.headers.get('ratelimit')).toMatch(/^"conversations";r=2;t=\d+$/);
    for (let i = 0; i < 2; i++) expect((await fetch(`${url}/api/conversations`, { method: 'POST', headers: from('198.51.100.1') })).status).toBe(201);
    const refused = await fetch(`${url}/api/conversations`, { method: 'POST', headers: from('198.51.100.1') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/^"conversations";r=0;t=\d+$/);
    expect((await refused.json()).error.code).toBe('rate_limited:api');
    // Changing the spoofable left part of the header does not help: the trusted proxy's entry decides.
    const spoofed = await fetch(`${url}/api/conversations`, { method: 'POST', headers: { 'x-forwarded-for': `10.9.9.9, 198.51.100.1` } });
    expect(spoofed.status).toBe(429);
    expect((await fetch(`${url}/api/conversations`, { method: 'POST', headers: from('198.51.100.2') })).status).toBe(201);
  });

  it('messages per conversation, feedback per conversation, /api/ask per address', async () => {
    const c = (await (await fetch(`${url}/api/conversations`, { method: 'POST', headers: from('198.51.100.3') })).json()) as { conversationId: string; token: string };
    const auth = { ...json, authorization: `Bearer ${c.token}`, ...from('198.51.100.3') };
    const statuses: number[] = [];
    let lastId = '';
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${url}/api/conversations/${c.conversationId}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'China trademark fee?' }) });
      statuses.push(r.status);
      if (r.ok) lastId = (await r.json()).messageId;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const fb = [];
    for (const rating of ['up', 'down', 'up']) fb.push((await fetch(`${url}/api/conversations/${c.conversationId}/feedback`, { method: 'POST', headers: auth, body: JSON.stringify({ messageId: lastId, rating }) })).status);
    expect(fb).toEqual([200, 200, 429]);
    const ask = [];
    for (let i = 0; i < 3; i++) ask.push((await fetch(`${url}/api/ask`, { method: 'POST', headers: { ...json, ...from('198.51.100.4') }, body: JSON.stringify({ q: 'China trademark fee?' }) })).status);
    expect(ask).toEqual([200, 200, 429]);
  });
});

describe('without a trusted proxy, X-Forwarded-For is ignored', () => {
  it('puts a client that makes up addresses in its own socket bucket', async () => {
    const { url } = await start({ RATE_CONVERSATIONS: '2/1m' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${url}/api/conversations`, { method: 'POST', headers: { 'x-forwarded-for': `192.0.2.${i}` } })).status);
    expect(statuses).toEqual([201, 201, 429, 429]);
  });
});

describe('staff sign-in', () => {
  let url: string;
  let s: Running;
  beforeAll(async () => {
    s = await start({ TRUST_PROXY: '1', RATE_SIGNIN_ADDRESS: '10/15m', RATE_SIGNIN_ACCOUNT: '5/15m' });
    url = s.url;
    await addStaffUser(s.app.store, 'kim@agency.example', 'correct horse battery');
    await addStaffUser(s.app.store, 'lee@agency.example', 'another long password');
  });
  const login = (email: string, password: string, ip: string) =>
    fetch(`${url}/staff/api/login`, { method: 'POST', headers: { ...json, 'x-forwarded-for': ip }, body: JSON.stringify({ email, password }) });

  it('counts 40 parallel guesses before hashing: at most the budget is tried, memory stays flat, staff elsewhere sign in at once', async () => {
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? 'kim@agency.example' : `guess${i}@agency.example`, `wrong-${i}`, '198.51.100.66')));
    const statuses = results.map((r) => r.status);
    // Five for kim from this address, then the address budget: never more than 10 tries in all.
    expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(30);
    for (const r of results.filter((x) => x.status === 429)) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    const limited = results.find((r) => r.status === 429 && r.headers.get('ratelimit-policy'))!;
    expect(limited.headers.get('ratelimit-policy')).toMatch(/^"signin_(address|account)";q=\d+;w=900$/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(15_000);
    // The flood came from one address: kim and lee, elsewhere, are not locked out.
    const t = Date.now();
    expect((await login('kim@agency.example', 'correct horse battery', '198.51.100.7')).status).toBe(200);
    expect((await login('lee@agency.example', 'another long password', '198.51.100.8')).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(5000);
  }, 60_000);

  it('a good sign-in does not spend the budget', async () => {
    for (let i = 0; i < 7; i++) expect((await login('lee@agency.example', 'another long password', '198.51.100.9')).status).toBe(200);
  }, 60_000);
});
