import { describe, it, expect } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildPlan } from '../../src/conversation/walkthrough/plan.js';

const kb = loadKnowledge(process.env.KNOWLEDGE_DIR ?? 'knowledge');
const profiles = new Map(kb.profiles.map((p) => [p.code, p]));

describe('a market with no customs recordation', () => {
  it('gets a plan that says so and gives what works instead, with no filing, approval or renewal of a recordation', () => {
    const noSystem = kb.profiles.filter((p) => p.facts.how_to_file.status === 'not_applicable');
    expect(noSystem.map((p) => p.code)).toContain('BR');
    for (const lang of ['ko', 'en'] as const)
      for (const p of noSystem) {
        const plan = buildPlan({ answers: { markets: [p.code], right: 'trademark', registered: 'yes', agent: 'have' }, profiles, pages: kb.pages, lang, now: new Date('2026-12-02T00:00:00Z') });
        const market = plan.markets.find((m) => m.code === p.code)!;
        const keys = market.actions.map((a) => a.key);
        expect(keys).not.toContain('renew');
        expect(keys).not.toContain('after');
        const alternative = market.actions.find((a) => a.key === 'file')!.what;
        expect(alternative).toMatch(lang === 'ko' ? /세관 등록 제도가 없습니다/ : /has no customs recordation/);
        expect(alternative).toContain(p.facts.how_to_file[lang].slice(0, 30));
        expect(market.reminders.some((r) => r.key.startsWith('renewal'))).toBe(false);
      }
  });

  it('keeps filing and renewal for a market that has one', () => {
    const plan = buildPlan({ answers: { markets: ['CN'], right: 'trademark', registered: 'yes', agent: 'have' }, profiles, pages: kb.pages, lang: 'en', now: new Date('2026-12-02T00:00:00Z') });
    expect(plan.markets[0].actions.map((a) => a.key)).toEqual(expect.arrayContaining(['file', 'after', 'renew']));
  });
});
