import { describe, it, expect } from 'vitest';
import { createWebApp } from '../../src/channels/web/app.js';
import { askRoutes } from '../../src/channels/web/ask-routes.js';
import { createLogger } from '../../src/logger.js';
import { sharedCore } from '../support/core.js';

async function app() {
  const core = await sharedCore();
  return createWebApp({ logger: createLogger('silent'), routes: [askRoutes(core.ask)], health: () => ({}) });
}
const post = (body: string, type = 'application/json') => ({ method: 'POST', headers: { 'content-type': type }, body });

describe('POST /api/ask', () => {
  it('answers with the same JSON as the CLI', async () => {
    const res = await (await app()).request('/api/ask', post(JSON.stringify({ q: 'How long is a China customs recordation valid?' })));
    expect(res.status).toBe(200);
    const o = await res.json();
    expect(o.language).toBe('en');
    expect(o.answer).toMatch(/10 years/);
    expect(o.citations.length).toBeGreaterThan(0);
  });

  it.each([
    ['malformed JSON', post('{"q": '), 400, /malformed JSON/],
    ['a missing q', post('{"question": "hi"}'), 400, /"q"|Unrecognized key/],
    ['an empty q', post('{"q": "  "}'), 400, /empty/],
    ['a q of the wrong type', post('{"q": 5}'), 400, /q: Expected string/],
    ['a non-JSON content type', post('q=hi', 'application/x-www-form-urlencoded'), 400, /Content-Type: application\/json/],
    ['an oversized body', post(JSON.stringify({ q: 'x'.repeat(40_000) })), 413, /larger than/],
  ])('rejects %s with a JSON error that says what is wrong', async (_name, init, status, message) => {
    const res = await (await app()).request('/api/ask', init);
    expect(res.status).toBe(status);
    const o = await res.json();
    expect(o.error.code).toMatch(/:api$/);
    expect(o.error.message).toMatch(message);
  });

  it('answers unknown routes with a JSON 404 and serves /healthz', async () => {
    const a = await app();
    expect((await a.request('/nope')).status).toBe(404);
    expect(await (await a.request('/healthz')).json()).toEqual(expect.objectContaining({ ok: true }));
  });
});
