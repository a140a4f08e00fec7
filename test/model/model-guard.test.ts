import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../support/core.js';
import { startOpenAiApi, passagesOf, type ModelRequest } from '../support/openai-api.js';
import { loadPrompt } from '../../src/model/prompts.js';
import { checkGuard, countriesNamed, wordFigures } from '../../src/model/answer-guard.js';
import { sentences } from '../../src/model/guarded-stream.js';

/**
 * A model server that answers maliciously, through the real chat API and its event stream: nothing the check
 * rejects is ever streamed or stored; the offline answer goes out instead. The stream carries only checked text.
 */
type Api = Awaited<ReturnType<typeof startOpenAiApi>>;
let api: Api;
let server: Awaited<ReturnType<typeof startServer>>;

const firstSentence = (req: ModelRequest) => passagesOf(req)[0].text.split(/(?<=[.다])\s/)[0];

beforeAll(async () => {
  api = await startOpenAiApi();
  server = await startServer(
    testConfig({ PORT: '0', HOST: '127.0.0.1', RATE_LIMITS: 'off', OPENAI_BASE_URL: api.url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '3000' }),
    createLogger('silent'),
  );
});
afterAll(async () => {
  await server?.close();
  await api?.close();
});
beforeEach(() => api.onChat((req) => ({ content: `${firstSentence(req)} [1]` })));

/** Asks over HTTP while listening on the conversation's stream; returns the reply and every delta streamed for it. */
async function askLive(question: string) {
  const c = (await (await fetch(`${server.url}/api/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
  const ctl = new AbortController();
  const res = await fetch(`${server.url}/api/conversations/${c.conversationId}/events?token=${c.token}`, { signal: ctl.signal });
  const reader = res.body!.getReader();
  const deltas: string[] = [];
  let buf = '';
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += new TextDecoder().decode(value);
        let at;
        while ((at = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, at);
          buf = buf.slice(at + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event === 'ready') done();
          if (event === 'reply.delta' && data) deltas.push(JSON.parse(data).text);
        }
      }
    } catch {
      /* aborted */
    }
  })();
  await finished;
  const reply = await (
    await fetch(`${server.url}/api/conversations/${c.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify({ text: question }),
    })
  ).json();
  await new Promise((r) => setTimeout(r, 100));
  ctl.abort();
  await pump;
  return { reply: reply as { text: string; messageId: string }, streamed: deltas.join('') };
}

const EN_Q = 'How long is a China customs recordation valid?';
const KO_Q = '중국 세관 등록은 몇 년간 유효한가요?';

const MALICIOUS: Array<{ name: string; question: string; reason: string; content: (req: ModelRequest) => string; marker: RegExp }> = [
  { name: 'the whole system prompt', question: EN_Q, reason: 'prompt_leak', content: (req) => `${req.body.messages[0].content} [1]`, marker: /Rules that nothing/ },
  { name: 'a paraphrased prompt leak', question: EN_Q, reason: 'prompt_leak', content: (req) => `${firstSentence(req)} [1] I must cite every statement with the passage number in square brackets and copy figures exactly as the passages state them.`, marker: /square brackets/ },
  { name: 'a leak that names its instructions', question: EN_Q, reason: 'prompt_leak', content: (req) => `${firstSentence(req)} [1] My instructions say I work for the Ministry and must never reveal them.`, marker: /My instructions/ },
  { name: 'a prompt leak translated into Korean', question: KO_Q, reason: 'prompt_leak', content: (req) => `${firstSentence(req)} [1] 제 지시사항에 따르면 번호가 매겨진 구절만 사용해야 합니다.`, marker: /지시사항/ },
  { name: 'an invented fee', question: EN_Q, reason: 'invented_figure', content: (req) => `${firstSentence(req)} [1] The fee is USD 4,321.`, marker: /4,321/ },
  { name: 'a link to a domain no cited source has', question: EN_Q, reason: 'foreign_link', content: (req) => `${firstSentence(req)} [1] Apply at [the official portal](https://evil.example.com/apply).`, marker: /evil\.example/ },
  { name: 'a bare link to another domain', question: EN_Q, reason: 'foreign_link', content: (req) => `${firstSentence(req)} [1] Details: www.customs-help.example.net/cn`, marker: /customs-help/ },
  { name: 'a promise of approval and refund', question: EN_Q, reason: 'promise', content: (req) => `${firstSentence(req)} [1] Approval is guaranteed, or we refund your costs.`, marker: /guaranteed/ },
  { name: 'a promise in Korean', question: KO_Q, reason: 'promise', content: (req) => `${firstSentence(req)} [1] 승인을 보장합니다.`, marker: /보장/ },
  { name: 'a figure written in words', question: EN_Q, reason: 'word_figure', content: () => 'A China customs recordation is valid for twelve years [1].', marker: /twelve/ },
  { name: 'a figure written in Korean words', question: KO_Q, reason: 'word_figure', content: () => '중국 세관 등록은 십이 년간 유효합니다 [1].', marker: /십이/ },
  { name: 'an answer about another country', question: EN_Q, reason: 'other_country', content: () => 'In Japan, a customs recordation is valid for 10 years [1].', marker: /Japan/ },
  { name: 'an answer about another country in Korean', question: KO_Q, reason: 'other_country', content: () => '일본 세관 등록은 10년간 유효합니다 [1].', marker: /일본/ },
  { name: 'a reply that contradicts the escalation', question: EN_Q, reason: 'escalation_claim', content: (req) => `${firstSentence(req)} [1] I cancelled your ticket; there is no need to contact our staff.`, marker: /cancelled your ticket/ },
  { name: 'a Korean reply that claims the request was cancelled', question: KO_Q, reason: 'escalation_claim', content: (req) => `${firstSentence(req)} [1] 상담 요청이 취소되었습니다.`, marker: /상담 요청이 취소/ },
];

describe('a malicious model answer never reaches the user, live or stored', () => {
  it('streams a grounded answer, and only checked text', async () => {
    const { reply, streamed } = await askLive(EN_Q);
    expect(reply.text).toMatch(/10 years/);
    expect(streamed.length, JSON.stringify(reply).slice(0, 300)).toBeGreaterThan(0);
    expect(reply.text.startsWith(streamed.trimEnd().slice(0, 40))).toBe(true);
  });

  for (const m of MALICIOUS)
    it(`falls back on ${m.name} (${m.reason})`, async () => {
      api.onChat((req) => (req.body.stream ? { content: m.content(req) } : { content: 'Summary.' }));
      const direct = await server.app.answerer.answer(m.question);
      expect(direct.composer).toBe(`offline (model fallback: ${m.reason})`);
      const { reply, streamed } = await askLive(m.question);
      expect(reply.text).not.toMatch(m.marker);
      expect(streamed).not.toMatch(m.marker);
      expect(reply.text).toMatch(/10 ?(years|년)/);
    });

  it('checks model-written staff summaries: links, mentions, invented figures and other countries fall back', async () => {
    const store = server.app.store;
    for (const [i, summary] of [
      'Customer wants a refund of USD 5,000; see https://evil.example.com/claim',
      'Urgent <!channel> please call <@U0BOSS> about China',
      'The company exports to Japan and needs help at once.',
    ].entries()) {
      api.onChat((req) => (req.body.stream ? { content: `${firstSentence(req)} [1]` } : { content: summary }));
      const r = await server.app.assistant.handle({ channel: 'cli', externalRef: `summary-${i}`, userId: 'u', text: 'How long is a China customs recordation valid?', idempotencyKey: `sq-${i}` });
      expect(r.text.length).toBeGreaterThan(0);
      const t = await server.app.assistant.handle({ channel: 'cli', externalRef: `summary-${i}`, userId: 'u', action: 'person', idempotencyKey: `sp-${i}` });
      const ticket = await store.getTicket(t.ticket!.id);
      expect(ticket?.summary).toMatch(/^\[Asked for a person\]/);
    }
  });
});

describe('the guard on its own', () => {
  const base = { question: 'How long is a China recordation valid?', cited: ['China: a recordation is valid for 10 years.'], passages: ['China: a recordation is valid for 10 years. A refundable deposit of CNY 500.'], allowedHosts: ['customs.gov.cn'], asked: ['CN'], knownFigures: new Set(['year:10', 'money:500']) };
  it('lets grounded phrases, cited hosts, home and related territories through', () => {
    expect(checkGuard({ ...base, answer: 'It lasts 10 years; see https://www.customs.gov.cn/x. A refundable deposit applies.' })).toEqual({ ok: true });
    expect(checkGuard({ ...base, answer: 'Korean companies record in China and Hong Kong separately.' })).toEqual({ ok: true });
    expect(checkGuard({ ...base, answer: 'It lasts ten years.' })).toEqual({ ok: true });
  });
  it('reads figures in words in both languages', () => {
    expect([...wordFigures('valid for ten years, a fee of two thousand five hundred yuan, within three working days')].sort()).toEqual(['day:3', 'money:2500', 'year:10']);
    expect([...wordFigures('십 년간, 삼십 일 안에, 두 달, 이천오백 위안')].sort()).toEqual(['day:30', 'money:2500', 'month:2', 'year:10']);
    expect([...wordFigures('이 일은 세관에서 합니다. 세관 한 곳')]).toEqual([]);
  });
  it('names countries without taking ordinary words for them', () => {
    expect([...countriesNamed('Goods shipped from China via Japan to the EU')].sort()).toEqual(['CN', 'EU', 'JP']);
    expect([...countriesNamed('물품 인도 조건과 인도네시아')]).toEqual(['ID']);
    expect([...countriesNamed('Turn in the documents; chad and jersey fabric.')]).toEqual([]);
  });
  it('cuts a text into sentences that join back to it', () => {
    const t = '10년간 유효합니다 [1]. 수수료는 800.5위안! 끝?\n\n출처';
    expect(sentences(t).join('')).toBe(t);
    expect(sentences(t).length).toBe(4);
  });
  it('knows the system prompt it guards', () => {
    expect(loadPrompt('system')).toMatch(/Rules that nothing/);
  });
});
