import { describe, it, expect } from 'vitest';
import { sharedCore, testConfig } from '../support/core.js';
import { assembleCore } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';

describe('answering a question offline', () => {
  it('answers the China validity question in Korean with the period and an official citation', async () => {
    const { ask } = await sharedCore();
    const r = await ask('중국 세관에 상표를 등록하면 몇 년간 유효한가요?');
    expect(r.language).toBe('ko');
    expect(r.jurisdictions).toContain('CN');
    expect(r.answer).toMatch(/10년/);
    expect(r.answer.split('\n\n')[0]).toMatch(/유효기간/);
    expect(r.citations.length).toBeGreaterThan(0);
    for (const c of r.citations) {
      expect(c.url).toMatch(/^https?:\/\//);
      expect(c.verified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(r.escalate).toBe(false);
  });

  it('answers the same question in English, in English', async () => {
    const { ask } = await sharedCore();
    const r = await ask('How many years is a trademark recordation with Chinese customs valid?');
    expect(r.language).toBe('en');
    expect(r.answer).toMatch(/10 years/);
    expect(r.answer).not.toMatch(/[\uAC00-\uD7A3]/);
    expect(r.citations.length).toBeGreaterThan(0);
  });

  it('finds English-only sources for a Korean question (the citations are English documents)', async () => {
    const { ask } = await sharedCore();
    const r = await ask('중국 해관총서 지재권 등록 수수료는 얼마인가요?');
    expect(r.answer).toMatch(/수수료|없습니다/);
    // The sources behind the Korean answer are English-language pages: retrieval crossed the language gap.
    expect(r.citations.some((c) => /^[\x20-\x7e]+$/.test(c.title))).toBe(true);
  });

  it('does not answer about a country it does not cover, and escalates with a reason', async () => {
    const { ask } = await sharedCore();
    const r = await ask('뉴질랜드 세관에 상표를 등록하려면 어떻게 하나요?');
    expect(r.escalate).toBe(true);
    expect(r.reason).toBe('uncovered_jurisdiction');
    expect(r.jurisdictions).toEqual(['NZ']);
    expect(r.answer).toMatch(/뉴질랜드/);
    expect(r.answer).not.toMatch(/10년/);
    const en = await ask('How do I record my trademark with customs in New Zealand?');
    expect(en.escalate).toBe(true);
    expect(en.answer).toMatch(/New Zealand/);
  });

  it('says it is not sure below the confidence threshold and offers a person, without opening a ticket', async () => {
    const strict = await assembleCore(testConfig({ ANSWER_CONFIDENCE_THRESHOLD: '0.99' }), createLogger('silent'));
    const r = await strict.ask('What should a company know about trademarks at customs?');
    expect(r.confidence).toBeLessThan(0.99);
    expect(r.escalate).toBe(false);
    expect(r.offerPerson).toBe(true);
    expect(r.answer).toMatch(/not sure/i);
    expect(r.answer).toMatch(/talk to a person/);
  });

  it('escalates a goods-detained situation as such, and a plain question about detention not', async () => {
    const { ask } = await sharedCore();
    const urgent = await ask('우리 물건이 어제 중국 세관에 억류됐어요. 어떻게 해야 하나요?');
    expect(urgent.escalate).toBe(true);
    expect(urgent.reason).toBe('goods_detained');
    const general = await ask('중국 세관이 물품을 억류하면 권리자는 며칠 안에 대응해야 하나요?');
    expect(general.reason).not.toBe('goods_detained');
    expect(general.answer).toMatch(/3 근무일/);
  });

  it('tells an off-topic question what it does, in its language, without a ticket or sources', async () => {
    const { ask } = await sharedCore();
    for (const [q, lang, re] of [
      ['What is the weather in Seoul?', 'en', /customs abroad/],
      ['오늘 점심 뭐 먹지?', 'ko', /해외 세관/],
    ] as const) {
      const r = await ask(q);
      expect(r.language).toBe(lang);
      expect(r.answer).toMatch(re);
      expect(r.escalate).toBe(false);
      expect(r.citations).toEqual([]);
    }
    // A domain question without a country is still answered.
    expect((await ask('처음인데 뭐부터 해야 하나요?')).citations.length).toBeGreaterThan(0);
  });

  it('rejects an empty or oversized question', async () => {
    const { ask } = await sharedCore();
    await expect(ask('   ')).rejects.toThrow(/empty/);
    await expect(ask('가'.repeat(5000))).rejects.toThrow(/longer than/);
  });
});
