import { describe, it, expect } from 'vitest';
import { sharedCore } from '../support/core.js';
import { mentionedDay } from '../../src/understanding/dates.js';
import { route } from '../../src/conversation/route.js';
import { decideEscalation } from '../../src/conversation/escalation-policy.js';
import { newWalk } from '../../src/conversation/walkthrough/state.js';

const core = await sharedCore();
const u = (text: string) => core.understand(text, { today: new Date('2026-12-02T00:00:00Z') });
const placesOf = (text: string) => {
  const p = u(text).places;
  return [...p.covered, ...p.uncovered, ...(p.unknown.length ? ['?'] : [])];
};

describe('places', () => {
  it('knows every country in both languages and maps parts to the territory that covers them', () => {
    expect(placesOf('Customs recordation in Slovakia?')).toEqual(['EU']); // a member state the glossary does not list
    expect(placesOf('스코틀랜드 세관 등록 유효기간')).toEqual(['GB']);
    expect(placesOf('How do I record my trademark with customs in Macau?')).toEqual(['MO']); // not Hong Kong
    expect(placesOf('마카오 세관 등록')).toEqual(['MO']);
    expect(placesOf('Is there customs recordation in Paraguay?')).toEqual(['PY']);
    expect(placesOf('파라과이 세관 등록 되나요')).toEqual(['PY']);
    expect(placesOf('세관 등록 비용이 궁금해요')).toEqual([]);
  });

  it('reads cities, ports, codes and misspellings, and not a place inside another word', () => {
    expect(placesOf('Jebel Ali customs recordation fee')).toEqual(['AE']);
    expect(placesOf('나바셰바 세관에서 연락 왔어요')).toEqual(['IN']);
    expect(placesOf('VN 세관 recordal 갱신 언제?')).toEqual(['VN']);
    expect(placesOf('how much is the recordation fee in vietnm')).toEqual(['VN']);
    expect(placesOf('싱가포르 세관에 디자인도 등록되나요')).toEqual(['SG']); // 디자인도 holds no 인도
    expect(placesOf('a jersey with our logo was copied')).toEqual([]); // the garment, not the island
  });

  it('says a name is no place it knows, and sets aside a place the user excludes', () => {
    expect(placesOf('How do we register with customs in Wakanda?')).toEqual(['?']);
    expect(u('What is the fee in Brazil? Not China.').places).toMatchObject({ covered: ['BR'], excluded: ['CN'] });
    expect(u('중국 말고 베트남 수수료요').places.covered).toEqual(['VN']);
  });
});

describe('fields, language and dates', () => {
  it('tells how long it lasts, how long it takes and how long the company has', () => {
    expect(u('How long does a recordation in Japan last?').fields).toEqual(['validity']);
    expect(u('How long does it take to get a recordation in Japan?').fields).toEqual(['processing_time']);
    expect(u('After a notice in Japan, how long do we have?').fields).toEqual(['holder_deadline']);
    expect(u('일본 세관 등록은 몇 년 유효해요?').fields).toEqual(['validity']);
    expect(u('일본 세관 등록 처리하는데 얼마나 걸려요?').fields).toEqual(['processing_time']);
  });

  it('keeps every field asked, in the order asked', () => {
    expect(u('Do we need a local agent in Japan, and what is the fee?').fields).toEqual(['local_agent', 'fees']);
    expect(u('일본 수수료랑 필요 서류랑 처리기간 알려주세요').fields).toEqual(['fees', 'documents', 'processing_time']);
  });

  it('answers in Korean when the message is Korean, whatever English terms it carries', () => {
    expect(u('MY 세관 recordation fee 얼마?').language).toBe('ko');
    expect(u('PH BOC IPR recordation 서류 list 좀').language).toBe('ko');
    expect(u('Our brand 설화수 was copied in Thailand').language).toBe('en');
  });

  it('reads the day a notice came, the most recent such day', () => {
    const wed = new Date('2026-12-02T00:00:00Z'); // a Wednesday
    expect(mentionedDay('통지는 지난주 금요일에 받았어요', wed)).toBe('2026-11-27');
    expect(mentionedDay('we got the notice last Friday', wed)).toBe('2026-11-27');
    expect(mentionedDay('notice came on Monday', wed)).toBe('2026-11-30');
    expect(mentionedDay('어제 통지 받았어요', wed)).toBe('2026-12-01');
    expect(mentionedDay('12월 5일에 받았어요', wed)).toBe('2025-12-05'); // a notice is never in the future
    expect(mentionedDay('What is the fee?', wed)).toBeNull();
  });
});

describe('situations and the decision', () => {
  it('reads a case happening now, and not one imagined, past or someone else’s', () => {
    expect(u('말레이시아 세관 hold 됐대요 ㅠ').situation.goodsHeld.on).toBe(true);
    expect(u('Suppose customs in Malaysia detained our goods — what would happen?').situation.goodsHeld.on).toBe(false);
    expect(u('Last year our goods were held in China; how do we avoid that this year?').situation.goodsHeld.on).toBe(false);
    expect(u('지인 회사가 인도네시아에서 물건 압류당했대요').situation.goodsHeld.on).toBe(false);
    expect(u("Customs detained our goods on suspicion of infringing someone else's mark").situation.accused.on).toBe(true);
  });

  it('lets a model add an escalation and never remove one', () => {
    const plain = u('How long is a China customs recordation valid?');
    expect(decideEscalation({ understanding: plain }).escalate).toBe(false);
    expect(decideEscalation({ understanding: plain, proposed: ['goods_detained'] })).toMatchObject({ escalate: true, reason: 'goods_detained', priority: 'urgent' });
    const held = u('베트남 세관에서 저희 화장품이 억류됐어요');
    expect(decideEscalation({ understanding: held, proposed: [] })).toMatchObject({ escalate: true, reason: 'goods_detained' });
  });

  it('routes a date after a detention to the case, and a changed answer to the finished plan', () => {
    expect(route({ text: '통지는 지난주 금요일에 받았어요', u: u('통지는 지난주 금요일에 받았어요'), openCase: true })).toEqual({ kind: 'case_update' });
    expect(route({ text: '통지는 지난주 금요일에 받았어요', u: u('통지는 지난주 금요일에 받았어요'), openCase: false }).kind).not.toBe('case_update');
    const done = { ...newWalk(), done: true };
    expect(route({ text: 'Change market', u: u('Change market'), walk: done, openCase: false })).toEqual({ kind: 'walk_step', input: { action: 'wt:edit:market' } });
    expect(route({ text: '권리 변경', u: u('권리 변경'), walk: done, openCase: false })).toEqual({ kind: 'walk_step', input: { action: 'wt:edit:right' } });
    expect(route({ text: "thanks, that's really helpful", u: u("thanks, that's really helpful"), openCase: false })).toEqual({ kind: 'smalltalk', intent: 'thanks' });
    expect(route({ text: 'what countries do you cover?', u: u('what countries do you cover?'), openCase: false })).toEqual({ kind: 'coverage' });
    expect(route({ text: '어느 나라까지 안내 가능해요?', u: u('어느 나라까지 안내 가능해요?'), openCase: false })).toEqual({ kind: 'coverage' });
    expect(route({ text: '담당자 언제 연락 와요?', u: u('담당자 언제 연락 와요?'), openCase: true })).toEqual({ kind: 'case_status' });
    expect(route({ text: 'when will someone get back to us?', u: u('when will someone get back to us?'), openCase: false })).toEqual({ kind: 'case_status' });
    // A place named is a question about it, not about coverage.
    expect(route({ text: 'Do you cover Russia?', u: u('Do you cover Russia?'), openCase: false })).toEqual({ kind: 'question' });
  });
});
