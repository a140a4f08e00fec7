import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load.js';

// The messages real users typed that the assistant used to misjudge, in both languages, through the real CLIs.
const dir = mkdtempSync(join(tmpdir(), 'understanding-examples-'));
const env = { ...process.env, INDEX_DIR: join(dir, 'index'), DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' };
const kb = loadKnowledge(process.env.KNOWLEDGE_DIR ?? 'knowledge');
const profile = (code: string) => kb.profiles.find((p) => p.code === code)!;
const firstSentence = (code: string, field: keyof ReturnType<typeof profile>['facts'], lang: 'ko' | 'en') => profile(code).facts[field][lang].split(/(?<=[.!?다])\s/)[0].slice(0, 50);
const urlsOf = (code: string) => new Set(profile(code).sources.map((s) => s.url));

interface AskJson {
  answer: string;
  language: 'ko' | 'en';
  citations: Array<{ url: string; title: string }>;
  escalate: boolean;
  reason: string | null;
  jurisdictions: string[];
}

function run(cli: 'ask' | 'chat', lines: object[]): Record<string, unknown>[] {
  const r = spawnSync('npx', ['tsx', `src/cli/${cli}-cli.ts`, '--jsonl'], { input: lines.map((l) => JSON.stringify(l)).join('\n') + '\n', env, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(out).toHaveLength(lines.length);
  return out;
}

const QUESTIONS = {
  heldMy: '말레이시아 세관 hold 됐대요 ㅠ',
  heldTh: '태국 통관에서 저희 제품이 막혔다고 연락받았어요',
  heldEn: 'forwarder says thai customs won’t release our container, something about our logo',
  cdEn: 'we got a C&D letter from a Thai distributor',
  cdKo: '태국 총판한테서 경고장을 받았어요',
  humanEn: 'connect me to a human pls',
  personEn: 'I need a person',
  personKo: '사람이랑 직접 얘기하고 싶어요',
  supposeEn: 'Suppose customs in Malaysia detained our goods — what would happen?',
  supposeKo: '만약 말레이시아 세관이 저희 물건을 억류하면 어떻게 되나요?',
  disputeProgKo: '분쟁대응 지원 사업은 누가 신청할 수 있나요?',
  disputeProgEn: 'Who can apply for the dispute response support programme?',
  greenland: 'Does Greenland have customs trademark recordation?',
  greenlandKo: '그린란드 세관에 상표 등록 되나요?',
  faroe: 'Faroe Islands customs trademark recordation?',
  auckland: 'Customs recordation in Auckland, how long valid?',
  aucklandKo: '오클랜드 세관 등록 유효기간?',
  phLast: 'How long does a recordation in the Philippines last?',
  phLastKo: '필리핀 세관 등록은 얼마나 오래 유지돼요?',
  twoParts: 'What is the fee for recordation in Vietnam, and do we need a local agent?',
  twoPartsKo: '베트남 세관 등록 수수료가 얼마고 현지 대리인이 꼭 있어야 하나요?',
  myKo: 'MY 세관 recordation fee 얼마?',
  accusedEn: "Customs detained our goods on suspicion of infringing someone else's mark",
  accusedKo: '세관이 저희 물건을 다른 회사 상표 침해 의심으로 억류했어요',
  notChina: 'What is the fee in Brazil? Not China.',
  notChinaNz: 'What is the recordation fee in New Zealand, not China?',
  russia: 'How long is a customs IP recordation in Russia valid?',
  argentinaKo: '아르헨티나 세관에 상표를 등록할 수 있나요?',
};

describe('real users’ messages through ask --json', () => {
  const keys = Object.keys(QUESTIONS) as Array<keyof typeof QUESTIONS>;
  const out = Object.fromEntries(run('ask', keys.map((k) => ({ q: QUESTIONS[k] }))).map((o, i) => [keys[i], o as unknown as AskJson])) as Record<keyof typeof QUESTIONS, AskJson>;

  it('escalates urgent cases phrased naturally, in both languages', () => {
    for (const k of ['heldMy', 'heldTh', 'heldEn'] as const) expect(out[k], QUESTIONS[k]).toMatchObject({ escalate: true, reason: 'goods_detained' });
    expect(out.heldMy.jurisdictions).toEqual(['MY']);
    expect(out.heldMy.language).toBe('ko');
    for (const k of ['cdEn', 'cdKo'] as const) expect(out[k], QUESTIONS[k]).toMatchObject({ escalate: true, reason: 'dispute' });
    for (const k of ['humanEn', 'personEn', 'personKo'] as const) expect(out[k], QUESTIONS[k]).toMatchObject({ escalate: true, reason: 'human_requested' });
  });

  it('does not escalate general questions that look like cases', () => {
    for (const k of ['supposeEn', 'supposeKo', 'disputeProgKo', 'disputeProgEn'] as const) expect(out[k].escalate, QUESTIONS[k]).toBe(false);
    expect(out.disputeProgKo.citations.map((c) => c.url).some((u) => kb.pages.find((p) => p.id === 'dispute-support')!.sources.some((s) => s.url === u))).toBe(true);
  });

  it('never answers a place it does not cover with another country’s facts', () => {
    const covered = new Set(kb.profiles.flatMap((p) => p.sources.map((s) => s.url)));
    for (const [k, code, name] of [['greenland', 'GL', /Greenland/], ['greenlandKo', 'GL', /그린란드|그린랜드/], ['faroe', 'FO', /Faroe/], ['auckland', 'NZ', /New Zealand/], ['aucklandKo', 'NZ', /뉴질랜드/], ['russia', 'RU', /Russia/], ['argentinaKo', 'AR', /아르헨티나/]] as const) {
      expect(out[k].jurisdictions, QUESTIONS[k]).toEqual([code]);
      expect(out[k].answer).toMatch(name);
      expect(out[k].citations.filter((c) => covered.has(c.url)), QUESTIONS[k]).toEqual([]);
    }
  });

  it('answers the fact asked: how long it lasts is validity; both parts of a two-part question', () => {
    expect(out.phLast.answer).toContain(firstSentence('PH', 'validity', 'en'));
    expect(out.phLastKo.answer).toContain(firstSentence('PH', 'validity', 'ko'));
    for (const [k, lang] of [['twoParts', 'en'], ['twoPartsKo', 'ko']] as const) {
      const a = out[k].answer;
      const fee = a.indexOf(firstSentence('VN', 'fees', lang));
      const agent = a.indexOf(firstSentence('VN', 'local_agent', lang));
      expect(fee, `${QUESTIONS[k]}: fee`).toBeGreaterThanOrEqual(0);
      expect(agent, `${QUESTIONS[k]}: agent, after the fee`).toBeGreaterThan(fee);
    }
  });

  it('reads a country code in a Korean question and answers in Korean', () => {
    expect(out.myKo.language).toBe('ko');
    expect(out.myKo.jurisdictions).toEqual(['MY']);
    expect(out.myKo.answer).toContain(firstSentence('MY', 'fees', 'ko'));
  });

  it('treats a company accused of infringing as urgent and answers with the importer’s guide, for no country it did not name', () => {
    const guide = kb.pages.filter((p) => p.id === 'accused-goods').flatMap((p) => p.sources.map((s) => s.url));
    for (const k of ['accusedEn', 'accusedKo'] as const) {
      expect(out[k], QUESTIONS[k]).toMatchObject({ escalate: true, reason: 'accused_infringer', jurisdictions: [] });
      expect(out[k].citations.some((c) => guide.includes(c.url)), QUESTIONS[k]).toBe(true);
      expect(out[k].citations.some((c) => urlsOf('CN').has(c.url) && !guide.includes(c.url)), QUESTIONS[k]).toBe(false);
    }
  });

  it('answers about the place asked when the user sets another aside, and says so when that place is not covered', () => {
    expect(out.notChina.jurisdictions).toEqual(['BR']);
    expect(out.notChina.answer).toContain(firstSentence('BR', 'fees', 'en'));
    expect(out.notChina.citations.some((c) => urlsOf('CN').has(c.url))).toBe(false);
    expect(out.notChinaNz.jurisdictions).toEqual(['NZ']);
    expect(out.notChinaNz.answer).toMatch(/New Zealand/);
    expect(out.notChinaNz.answer).not.toContain(firstSentence('CN', 'fees', 'en'));
  });
});

describe('conversations through chat --jsonl', () => {
  const lines = [
    { conversation: 'held-ko', text: '베트남 세관에서 저희 화장품이 억류됐어요' },
    { conversation: 'held-ko', text: '통지는 지난주 금요일에 받았어요' },
    { conversation: 'held-en', text: 'Vietnamese customs are holding our shipment of serums' },
    { conversation: 'held-en', text: 'we got the notice last Friday' },
    { conversation: 'us-en', text: 'What is the US customs recordation fee for a trademark?' },
    { conversation: 'us-en', text: 'and for a design?' },
    { conversation: 'us-ko', text: '미국 세관 상표 등록 수수료가 얼마예요?' },
    { conversation: 'us-ko', text: '디자인은요?' },
    { conversation: 'thanks-en', text: "thanks, that's really helpful" },
    { conversation: 'thanks-ko', text: '감사합니다 많은 도움이 됐어요' },
    { conversation: 'plan', text: 'Walk me through registering with customs' },
    { conversation: 'plan', action: 'wt:market:CN' },
    { conversation: 'plan', action: 'wt:right:trademark' },
    { conversation: 'plan', action: 'wt:registered:yes' },
    { conversation: 'plan', action: 'wt:skip' },
    { conversation: 'plan', action: 'wt:skip' },
    { conversation: 'plan', action: 'wt:skip' },
    { conversation: 'plan', action: 'wt:agent:have' },
    { conversation: 'plan', text: 'Change market' },
    { conversation: 'plan', text: 'Vietnam' },
  ];
  const out = run('chat', lines) as Array<{ text: string; language: string; ticket: { reason: string; deadline: string | null } | null; citations: Array<{ url: string }>; choices: Array<{ id: string }>; plan: unknown }>;

  it('recomputes the deadline when the notice date comes after the detention', () => {
    // Last Friday in Korea, the way a person counts it: the Friday of the week before this one.
    const today = new Date(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Seoul' }).slice(0, 10) + 'T00:00:00Z');
    const mondayOffset = (today.getUTCDay() + 6) % 7;
    const lastFriday = new Date(today.getTime() - (mondayOffset + 3) * 86_400_000).toISOString().slice(0, 10);
    for (const [first, second] of [[0, 1], [2, 3]]) {
      expect(out[first].ticket?.reason).toBe('goods_detained');
      expect(out[second].ticket?.reason).toBe('goods_detained');
      expect(out[second].text).toContain(lastFriday);
      const deadline = out[second].ticket!.deadline!;
      // Three working days after last Friday: never before the Wednesday after it.
      expect(deadline >= new Date(Date.parse(lastFriday) + 5 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
      expect(out[second].text).toContain(deadline);
    }
  });

  it('keeps the country and the question of a follow-up about another right', () => {
    const us = urlsOf('US');
    for (const i of [5, 7]) {
      expect(out[i].text, lines[i].text).toMatch(out[i].language === 'ko' ? /미국/ : /United States/);
      expect(out[i].citations.some((c) => us.has(c.url)), lines[i].text).toBe(true);
    }
  });

  it('answers thanks with a short reply in the same language', () => {
    expect(out[8].text.length).toBeLessThan(120);
    expect(out[8].language).toBe('en');
    expect(out[9].language).toBe('ko');
    expect(out[9].text.length).toBeLessThan(120);
  });

  it('changes the market from a finished plan when asked in words', () => {
    expect(out[17].plan).toBeTruthy();
    expect(out[18].choices.some((c) => c.id.startsWith('wt:market:'))).toBe(true);
    expect(out[19].text).toMatch(/Vietnam/);
  });
});
