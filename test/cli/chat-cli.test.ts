import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load.js';

const dir = mkdtempSync(join(tmpdir(), 'chat-cli-'));
const env = { ...process.env, INDEX_DIR: join(dir, 'index'), DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' };
const kb = loadKnowledge(process.env.KNOWLEDGE_DIR ?? 'knowledge');
const profile = (code: string) => kb.profiles.find((p) => p.code === code)!;

function chat(lines: object[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/chat-cli.ts', '--jsonl'], { input: lines.map((l) => JSON.stringify(l)).join('\n') + '\n', env, encoding: 'utf8', timeout: 90_000 });
  expect(r.status, r.stderr).toBe(0);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(out).toHaveLength(lines.length);
  return out;
}

const walk = (conversation: string, start: string, market: string, right: string, details: string, fakes: string, agent: string) => [
  { conversation, text: start },
  { conversation, action: `wt:market:${market}` },
  { conversation, action: `wt:right:${right}` },
  { conversation, action: 'wt:registered:yes' },
  { conversation, text: details },
  { conversation, text: fakes },
  { conversation, action: 'wt:skip' },
  { conversation, action: `wt:agent:${agent}` },
];

describe('terminal chat (--jsonl)', () => {
  it('completes walkthroughs for China trademarks and an EU design in both languages, with plans that match the profiles', () => {
    const out = chat([
      ...walk('cn-ko', '세관 등록 절차를 단계별로 안내해 주세요', 'CN', 'trademark', '제40-1234567호, 제3류 화장품', '광저우산 가품이 온라인몰에서 팔립니다', 'have'),
      ...walk('cn-en', 'Walk me through registering with customs', 'CN', 'trademark', 'Reg. no. 40-1234567, class 3 cosmetics', 'Fakes made in Guangzhou sold online', 'none'),
      ...walk('eu-ko', '세관 등록 안내를 시작해 주세요', 'EU', 'design', '등록공동체디자인 제001234567-0001호, 화장품 용기', '폴란드와 독일에서 가품이 발견됐습니다', 'need_help'),
      ...walk('eu-en', 'Guide me step by step through customs recordation', 'EU', 'design', 'Registered Community design 001234567-0001, cosmetics jar', 'Copies seen in Poland and Germany', 'have'),
    ]);
    for (const [i, conv, code, lang] of [[7, 'cn-ko', 'CN', 'ko'], [15, 'cn-en', 'CN', 'en'], [23, 'eu-ko', 'EU', 'ko'], [31, 'eu-en', 'EU', 'en']] as const) {
      const r = out[i];
      const p = profile(code);
      expect(r.conversation).toBe(conv);
      expect(r.language).toBe(lang);
      expect(r.plan, `${conv} ends in a plan`).not.toBeNull();
      const m = r.plan.markets[0];
      expect(m.code).toBe(code);
      expect(m.validity).toBe(p.facts.validity[lang]);
      expect(m.fees).toBe(p.facts.fees[lang]);
      expect(m.documents.slice(0, p.facts.documents.items!.length)).toEqual(p.facts.documents.items!.map((x) => x[lang]));
      expect(r.citations.length).toBeGreaterThan(0);
      expect(r.choices.length).toBeGreaterThan(0);
      // Every step before the plan offered choices to click.
      for (const step of out.slice(i - 7, i - 1)) expect(step.choices.length, JSON.stringify(step)).toBeGreaterThan(0);
    }
    expect(out[23].plan.right).toBe('design');
  });

  it('opens an urgent ticket with a deadline for detained goods, a normal one on request, one for an uncovered country', () => {
    const [detained, person, uncovered] = chat([
      { conversation: 't1', text: '우리 물건이 어제 베트남 세관에 억류됐어요' },
      { conversation: 't2', text: 'talk to a person' },
      { conversation: 't3', text: 'How do I record our trademark with customs in New Zealand?' },
    ]);
    expect(detained.ticket).toEqual(expect.objectContaining({ priority: 'urgent', reason: 'goods_detained', deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
    expect(detained.text).toContain(detained.ticket.deadline);
    expect(person.ticket).toEqual(expect.objectContaining({ priority: 'normal', reason: 'human_requested', deadline: null }));
    expect(uncovered.ticket).toEqual(expect.objectContaining({ reason: 'uncovered_jurisdiction' }));
    for (const r of [detained, person, uncovered]) expect(Object.keys(r).sort()).toEqual(['choices', 'citations', 'conversation', 'language', 'plan', 'text', 'ticket'].sort());
  });

  it('rejects a malformed line with a clear error and goes on with the next', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/chat-cli.ts', '--jsonl'], { input: 'not json\n{"conversation":"x","text":"hello"}\n', env, encoding: 'utf8', timeout: 60_000 });
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out[0].error).toMatch(/JSON/);
    expect(out[1].conversation).toBe('x');
  });
});
