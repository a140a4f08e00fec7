import { describe, it, expect } from 'vitest';
import { computeDeadline, addDeadline, noticeDate, memberStateIn } from '../../src/escalation/deadline.js';
import { expectedResponse } from '../../src/escalation/staff-hours.js';

const tuesday = new Date('2026-11-24T03:00:00Z'); // 12:00 in Seoul

describe('detention deadlines', () => {
  it('reads the notice date from the user words in both languages', () => {
    const today = new Date('2026-11-24T00:00:00Z');
    expect(noticeDate('어제 억류 통지를 받았어요', today).date.toISOString().slice(0, 10)).toBe('2026-11-23');
    expect(noticeDate('goods seized 3 days ago', today).date.toISOString().slice(0, 10)).toBe('2026-11-21');
    expect(noticeDate('11월 20일에 통지가 왔어요', today).date.toISOString().slice(0, 10)).toBe('2026-11-20');
    expect(noticeDate('notice dated Dec 28', today).date.toISOString().slice(0, 10)).toBe('2025-12-28');
    expect(noticeDate('we got a notice', today)).toEqual({ date: today, stated: false });
  });

  it('counts working days past weekends and calendar days straight', () => {
    const friday = new Date('2026-11-20T00:00:00Z');
    expect(addDeadline(friday, { days: 3, unit: 'working' }).toISOString().slice(0, 10)).toBe('2026-11-25');
    expect(addDeadline(friday, { days: 3, unit: 'calendar' }).toISOString().slice(0, 10)).toBe('2026-11-23');
  });

  it('computes the deadline from yesterday in Korea time', () => {
    expect(computeDeadline('어제 억류됐어요', tuesday, { days: 3, unit: 'working' })).toMatchObject({ deadline: '2026-11-26', notice: '2026-11-23', stated: true });
    expect(computeDeadline('detained', tuesday, undefined).deadline).toBeNull();
  });
});

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const three = { days: 3, unit: 'working' } as const;

describe("working days skip the territory's public holidays (date-holidays)", () => {
  it('China: a notice on Tuesday 29 September 2026 skips National Day (1 to 3 October) and the weekend', () => {
    expect(ymd(addDeadline(day('2026-09-29'), three))).toBe('2026-10-02');
    expect(ymd(addDeadline(day('2026-09-29'), three, 'CN'))).toBe('2026-10-06');
    const d = computeDeadline('9월 29일에 억류 통지를 받았어요', new Date('2026-09-30T03:00:00Z'), three, 'Asia/Seoul', 'CN');
    expect(d).toMatchObject({ deadline: '2026-10-06', notice: '2026-09-29', stated: true, calendar: { code: 'CN' } });
    expect(d.calendar.en).toBe('public holidays of China (date-holidays)');
    expect(d.calendar.ko).toBe('중국 공휴일(date-holidays)');
    expect(d.basis!.en).toBe('3 working days from the notice on 2026-09-29, skipping weekends and public holidays of China (date-holidays)');
    expect(d.basis!.ko).toMatch(/^통지일 2026-09-29부터 3 근무일\(영업일\), 주말과 중국 공휴일\(date-holidays\) 제외$/);
  });

  it('Vietnam: National Day (2 September) and the Tết holidays (16 to 20 February 2026) are skipped', () => {
    expect(ymd(addDeadline(day('2026-08-31'), three, 'VN'))).toBe('2026-09-04');
    expect(ymd(addDeadline(day('2026-02-13'), three, 'VN'))).toBe('2026-02-25');
    expect(ymd(addDeadline(day('2026-02-13'), three))).toBe('2026-02-18');
  });

  it('Korea: Chuseok (24 to 26 September 2026) is skipped', () => {
    expect(ymd(addDeadline(day('2026-09-23'), three, 'KR'))).toBe('2026-09-30');
    expect(ymd(addDeadline(day('2026-09-23'), three))).toBe('2026-09-28');
  });

  it('calendar days and hours are counted straight through, holidays or not', () => {
    expect(ymd(addDeadline(day('2026-09-30'), { days: 3, unit: 'calendar' }, 'CN'))).toBe('2026-10-03');
    expect(ymd(addDeadline(day('2026-09-30'), { days: 48, unit: 'hours' }, 'CN'))).toBe('2026-10-02');
    const d = computeDeadline('2026-09-30 notice', new Date('2026-10-01T03:00:00Z'), { days: 3, unit: 'calendar' }, 'Asia/Seoul', 'TH');
    expect(d.unit).toEqual({ ko: '일(달력 기준, 공휴일 포함)', en: 'calendar days' });
    expect(d.basis!.en).toMatch(/counted straight through/);
  });

  it("the EU uses the member state's holidays when the message names one, otherwise weekends only", () => {
    expect(memberStateIn('독일 세관에서 억류 통지가 왔어요')).toBe('DE');
    expect(memberStateIn('goods held in Rotterdam')).toBe('NL');
    expect(memberStateIn('goods held by EU customs')).toBeNull();
    const now = new Date('2026-12-28T03:00:00Z');
    const ten = { days: 10, unit: 'working' } as const;
    const de = computeDeadline('독일 세관 통지 2026-12-23', now, ten, 'Asia/Seoul', 'EU');
    expect(de.calendar.code).toBe('DE');
    // 25 and 26 December are German holidays.
    expect(de.deadline).toBe('2027-01-08');
    const eu = computeDeadline('EU customs notice 2026-12-23', now, ten, 'Asia/Seoul', 'EU');
    expect(eu.calendar).toEqual({ code: null, ko: '주말만 제외(회원국을 몰라 공휴일 미반영)', en: 'weekends only (member state not known, so no public holidays)' });
    expect(eu.deadline).toBe('2027-01-06');
    expect(computeDeadline('notice 2026-12-23', now, ten, 'Asia/Seoul', { territory: 'EU', memberState: 'FR' }).calendar.code).toBe('FR');
  });

  it('without a territory only weekends are skipped, and the result says so', () => {
    const d = computeDeadline('notice 2026-09-29', new Date('2026-09-30T03:00:00Z'), three);
    expect(d.deadline).toBe('2026-10-02');
    expect(d.calendar.code).toBeNull();
    expect(d.basis!.ko).toMatch(/주말만 제외/);
  });
});

describe('staff hours', () => {
  it('tells within hours and outside them, in the staff time zone', () => {
    expect(expectedResponse(tuesday, 'en', { timeZone: 'Asia/Seoul', hours: '9-18', urgent: false })).toMatch(/within staff hours/);
    const saturday = new Date('2026-11-28T03:00:00Z');
    expect(expectedResponse(saturday, 'ko', { timeZone: 'Asia/Seoul', hours: '9-18', urgent: true })).toMatch(/상담 시간.*밖.*긴급/);
  });
});

describe('plan dates use calendar arithmetic that clamps at month ends (date-fns)', () => {
  it('a plan made on 31 August 2026 opens the renewal window on 29 February 2036, not 2 March', async () => {
    const { buildPlan, addDuration, planDay } = await import('../../src/conversation/walkthrough/plan.js');
    const { FACT_FIELDS } = await import('../../src/knowledge/schema.js');
    const text = { status: 'confirmed' as const, ko: '사실.', en: 'A fact.', sources: ['s'] };
    const profile = {
      code: 'CN',
      name: { ko: '중국', en: 'China' },
      authority: { name: { ko: '해관총서', en: 'GACC' }, url: 'https://example.org' },
      procedure: { name: { ko: '세관 등록', en: 'Recordation' } },
      summary: { ko: '요약.', en: 'Summary.' },
      recordableRights: ['trademark' as const],
      filing: { system: { ko: '온라인', en: 'online' }, language: { ko: '중국어', en: 'Chinese' } },
      figures: { validity: { years: 10 }, renewalWindow: { months: 6 } },
      facts: Object.fromEntries(FACT_FIELDS.map((f) => [f, text])) as any,
      sources: [{ id: 's', title: 'Source', url: 'https://example.org/s', verified: '2026-12-02', official: true, grade: 'official' as const }],
      reviewed: '2026-12-02',
    };
    // 10:00 in Seoul on 31 August 2026.
    const now = new Date('2026-08-31T01:00:00Z');
    const plan = buildPlan({ answers: { markets: ['CN'], right: 'trademark', registered: 'yes' }, profiles: new Map([['CN', profile]]), pages: [], lang: 'en', now });
    expect(plan.markets[0].expiryEstimate).toBe('2036-08-31');
    expect(plan.markets[0].renewalWindowOpens).toBe('2036-02-29');
    // The plan's day is the Korean day: 08:00 in Seoul on 1 September is still 31 August in UTC.
    expect(planDay(addDuration(new Date('2026-08-31T23:00:00Z'), { years: 1 }))).toBe('2027-09-01');
    expect(planDay(addDuration(new Date('2026-03-31T03:00:00Z'), { months: 1 }))).toBe('2026-04-30');
    expect(planDay(addDuration(new Date('2028-02-29T03:00:00Z'), { years: 1 }))).toBe('2029-02-28');
  });
});
