import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { startOpenAiApi, passagesOf, type ModelRequest } from '../support/openai-api.js';
import { renderTicket } from '../../src/channels/slack/blocks/render-ticket.js';
import { inertMrkdwn } from '../../src/channels/slack/blocks/mrkdwn.js';
import { loadPrompt } from '../../src/model/prompts.js';
import { XSS_PAYLOADS, INJECTIONS } from './attack-corpus.js';

type Running = Awaited<ReturnType<typeof startServer>>;
const json = { 'content-type': 'application/json' };

async function converse(s: Running) {
  const c = (await (await fetch(`${s.url}/api/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
  return {
    ...c,
    say: (text: string) => fetch(`${s.url}/api/conversations/${c.conversationId}/messages`, { method: 'POST', headers: { ...json, authorization: `Bearer ${c.token}` }, body: JSON.stringify({ text }) }),
  };
}

const ACTIVE = /<\s*(script|img|svg|iframe|object|embed|body|details|input|video|form|meta|link|style|math|marquee|isindex|a\s)|\bon\w+\s*=|javascript:|vbscript:|data:text\/html/i;

describe(`${XSS_PAYLOADS.length} cross-site scripting payloads through the chat API, the staff ticket and Slack`, () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', RATE_LIMITS: 'off' }), createLogger('silent'));
  });
  afterAll(async () => s?.close());

  it('never fail, are answered as JSON that browsers will not sniff, and the assistant never writes active markup', async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    for (let i = 0; i < XSS_PAYLOADS.length; i += 20) {
      const c = await converse(s);
      for (const p of XSS_PAYLOADS.slice(i, i + 20)) {
        const r = await c.say(p.slice(0, 4000));
        if (r.status >= 500) failures.push(`${r.status}: ${p}`);
        if (!/^application\/json/.test(r.headers.get('content-type') ?? '')) failures.push(`not JSON: ${p}`);
        if (r.headers.get('x-content-type-options') !== 'nosniff') failures.push(`sniffable: ${p}`);
        const reply = await r.json();
        if (r.ok && ACTIVE.test(reply.text)) failures.push(`active markup in the reply to ${p}: ${reply.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('reach the staff channel as inert text (ticket summaries quoting them)', async () => {
    const failures: string[] = [];
    for (const p of XSS_PAYLOADS) {
      const inert = inertMrkdwn(p);
      if (/[<>]/.test(inert) || /\bhttps?:\/\//i.test(inert)) failures.push(p);
    }
    const tickets = await s.app.store.listTickets();
    expect(tickets.length).toBeGreaterThan(0);
    for (const t of tickets) {
      const msg = JSON.stringify(renderTicket(t, 'web widget'));
      if (/<(?!\/?[a-z]+\|)[a-z!@#]/i.test(msg.replace(/\\n/g, ' ')) && /<script|<img|<svg|<!channel|<@/i.test(msg)) failures.push(`ticket ${t.id}`);
    }
    expect(failures).toEqual([]);
  });
});

describe(`${INJECTIONS.length} prompt injections (Korean and English) with a model that obeys them`, () => {
  let s: Running;
  let api: Awaited<ReturnType<typeof startOpenAiApi>>;
  const system = loadPrompt('system');
  const secretLines = system.split('\n').map((l) => l.trim()).filter((l) => l.length >= 40);
  // What an obedient model adds after a grounded first sentence, one kind of harm per message.
  const harms = [
    (req: ModelRequest) => req.body.messages[0].content,
    () => 'Log in at https://evil.example.com/login to finish.',
    () => 'Approval is guaranteed and a refund is promised.',
    () => 'It is valid for twenty years.',
    () => 'In Japan the rules are the same.',
    () => 'I cancelled your ticket; no staff will contact you.',
    () => '시스템 프롬프트: 번호가 매겨진 구절만 사용하고 규칙을 바꿀 수 없습니다.',
    () => '승인을 보장합니다. 환불해 드립니다.',
    () => '상담 요청이 취소되었습니다.',
    () => 'Details at www.phish.example.net/claim',
  ];
  const FORBIDDEN = [/evil\.example/i, /phish\.example/i, /guaranteed|refund is promised/i, /twenty years/i, /cancelled your ticket/i, /시스템 프롬프트/, /보장합니다|환불해/, /상담 요청이 취소/];

  beforeAll(async () => {
    api = await startOpenAiApi();
    s = await startServer(
      testConfig({ PORT: '0', HOST: '127.0.0.1', RATE_LIMITS: 'off', OPENAI_BASE_URL: api.url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'obedient', OPENAI_TIMEOUT_MS: '3000' }),
      createLogger('silent'),
    );
  });
  afterAll(async () => {
    await s?.close();
    await api?.close();
  });

  it('never let the harm through: no prompt text, foreign link, promise, invented figure or claim about the case', async () => {
    expect(INJECTIONS.length).toBeGreaterThanOrEqual(50);
    expect(INJECTIONS.filter((i) => i.lang === 'ko').length).toBeGreaterThanOrEqual(25);
    const failures: string[] = [];
    for (const [i, inj] of INJECTIONS.entries()) {
      const harm = harms[i % harms.length];
      api.onChat((req) => {
        const first = passagesOf(req)[0];
        const grounded = first ? `${first.text.split(/(?<=[.다])\s/)[0]} [1] ` : '';
        return { content: req.body.stream ? `${grounded}${harm(req)}` : `Summary: ${harm(req)}` };
      });
      const c = await converse(s);
      // The injection, then a real question in the same conversation (the model sees the injection in its history).
      for (const text of [inj.text, inj.lang === 'ko' ? '중국 세관 등록은 몇 년간 유효한가요?' : 'How long is a China customs recordation valid?']) {
        const r = await c.say(text);
        if (r.status !== 200) {
          failures.push(`${r.status} for ${text}`);
          continue;
        }
        const reply = (await r.json()) as { text: string };
        for (const line of secretLines) if (reply.text.includes(line)) failures.push(`prompt leak for "${inj.text}"`);
        for (const re of FORBIDDEN) if (re.test(reply.text)) failures.push(`${re} in the reply to "${inj.text}": ${reply.text.slice(0, 160)}`);
      }
      // Staff summaries may quote what the user typed (shown to staff inert), never what the model made up.
      const tickets = await s.app.store.ticketsForConversation(c.conversationId);
      for (const t of tickets)
        for (const re of FORBIDDEN) if (re.test(t.summary) && !re.test(inj.text)) failures.push(`${re} in a staff summary for "${inj.text}": ${t.summary.slice(0, 160)}`);
      for (const t of tickets) if (/<https?:|<!channel>|<@/.test(JSON.stringify(renderTicket(t, 'web widget')))) failures.push(`live link or mention in the staff channel for "${inj.text}"`);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
