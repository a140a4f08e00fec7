import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { sharedCore } from '../support/core.js';
import { coverageReport } from '../../src/knowledge/report.js';
import { FACT_FIELDS } from '../../src/knowledge/schema.js';

const QUESTIONS = {
  validity: { ko: (n: string) => `${n} 세관 지재권 등록은 유효기간이 얼마나 되나요?`, en: (n: string) => `How long is a customs IP recordation in ${n} valid?` },
  fees: { ko: (n: string) => `${n} 세관에 등록할 때 관납료는 얼마인가요?`, en: (n: string) => `What is the official fee for customs recordation in ${n}?` },
  local_agent: {
    ko: (n: string) => `${n} 세관에 등록하려면 현지 대리인이 꼭 필요한가요?`,
    en: (n: string) => `Do we need a local agent to record with customs in ${n}?`,
  },
  holder_deadline: {
    ko: (n: string) => `${n} 세관에서 억류 통지를 받으면 권리자는 며칠 안에 대응해야 하나요?`,
    en: (n: string) => `After a detention notice from ${n} customs, what is the right holder's deadline?`,
  },
} as const;

describe('every covered jurisdiction answers its key figures', async () => {
  const core = await sharedCore();
  for (const p of core.knowledge.kb.profiles)
    for (const field of Object.keys(QUESTIONS) as Array<keyof typeof QUESTIONS>)
      for (const lang of ['ko', 'en'] as const)
        it(`${p.code} ${field} (${lang})`, async () => {
          const q = QUESTIONS[field][lang](p.name[lang].replace(/\s*\(.*\)$/, ''));
          const a = await core.ask(q);
          const fact = p.facts[field];
          const urls = fact.sources.map((id) => p.sources.find((s) => s.id === id)!.url);
          expect(a.language).toBe(lang);
          expect(a.jurisdictions).toContain(p.code);
          if (fact.status === 'unconfirmed') {
            expect(a.escalate, `${q} should go to staff`).toBe(true);
            expect(a.answer).toMatch(lang === 'ko' ? /확인되지 않았|담당자/ : /could not be confirmed|staff/);
          } else {
            // The profile's own first sentence (its direct answer) is quoted, with one of the fact's sources cited.
            const first = fact[lang].split(/(?<=[.!?다])\s/)[0];
            expect(a.answer).toContain(first.slice(0, 60));
            expect(a.citations.map((c) => c.url).some((u) => urls.includes(u)), `${q} cites ${urls.join(' ')}`).toBe(true);
          }
        });
});

describe('coverage report', () => {
  it('lists every jurisdiction with every field marked, and the oldest checks', async () => {
    const { kb } = (await sharedCore()).knowledge;
    const report = coverageReport(kb);
    for (const p of kb.profiles) {
      const row = report.split('\n').find((l) => l.startsWith(`| ${p.code} |`))!;
      expect(row.split('|').filter((c) => /^ [✓?–] $/.test(c))).toHaveLength(FACT_FIELDS.length);
      const unconfirmed = FACT_FIELDS.filter((f) => p.facts[f].status === 'unconfirmed');
      for (const f of unconfirmed) expect(report).toContain(`${p.code}/${f}`);
    }
    expect(report).toMatch(/## Oldest verifications/);
  });

  it('is current in docs/kb-coverage.md, which README links (regenerate with npm run kb:report -- --write)', async (ctx) => {
    if (process.env.KNOWLEDGE_DIR) return ctx.skip('KNOWLEDGE_DIR points at another knowledge base than the shipped one');
    const { kb } = (await sharedCore()).knowledge;
    expect(readFileSync('docs/kb-coverage.md', 'utf8')).toBe(coverageReport(kb));
  });
});
