import { describe, it, expect } from 'vitest';
import { computeDeadline, addDeadline, noticeDate } from '../../src/escalation/deadline.js';
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
    expect(computeDeadline('어제 억류됐어요', tuesday, { days: 3, unit: 'working' })).toEqual({ deadline: '2026-11-26', notice: '2026-11-23', stated: true });
    expect(computeDeadline('detained', tuesday, undefined).deadline).toBeNull();
  });
});

describe('staff hours', () => {
  it('tells within hours and outside them, in the staff time zone', () => {
    expect(expectedResponse(tuesday, 'en', { timeZone: 'Asia/Seoul', hours: '9-18', urgent: false })).toMatch(/within staff hours/);
    const saturday = new Date('2026-11-28T03:00:00Z');
    expect(expectedResponse(saturday, 'ko', { timeZone: 'Asia/Seoul', hours: '9-18', urgent: true })).toMatch(/상담 시간.*밖.*긴급/);
  });
});
