import { describe, it, expect, beforeAll } from 'vitest';
import ICAL from 'ical.js';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/load.js';
import { buildPlan, RENEWAL_RULES, type Plan } from '../../src/conversation/walkthrough/plan.js';
import { planToIcs, planToMarkdown } from '../../src/conversation/walkthrough/export.js';
import { deadlineCalendar, isWorkingDay } from '../../src/escalation/deadline.js';
import type { Answers } from '../../src/conversation/walkthrough/state.js';
import type { RightKind } from '../../src/knowledge/schema.js';

/** 10:00 on 2 December 2026 in Seoul. */
const NOW = new Date('2026-12-02T01:00:00Z');
let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKnowledge('knowledge');
});

function plan(codes: string[], right: RightKind, registered: Answers['registered'], lang: 'ko' | 'en' = 'en', agent: Answers['agent'] = 'have'): Plan {
  return buildPlan({ answers: { markets: codes, right, registered, agent, details: 'No. 40-1234567' }, profiles: new Map(kb.profiles.map((p) => [p.code, p])), pages: kb.pages, lang, now: NOW });
}

interface Ev {
  uid: string;
  start: string;
  summary: string;
  alarms: string[];
}
/** The calendar as a calendar program reads it (ical.js): each event's day and the days its alarms go off. */
function parse(ics: string): Ev[] {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const ev = new ICAL.Event(v);
    const alarms = v.getAllSubcomponents('valarm').map((a) => {
      const t = ev.startDate.clone();
      t.addDuration(a.getFirstPropertyValue('trigger') as ICAL.Duration);
      return t.toString().slice(0, 10);
    });
    return { uid: ev.uid, start: ev.startDate.toString().slice(0, 10), summary: ev.summary, alarms };
  });
}
const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
function workingDaysBetween(from: string, to: string, territory: string): number {
  const cal = deadlineCalendar(territory);
  let n = 0;
  for (let d = new Date(`${from}T00:00:00Z`); d < new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) if (isWorkingDay(d, cal)) n++;
  return n;
}
const RENEWAL_KEYS = /-(renewal_deadline|renewal_prepare|window|expiry)-\d+@/;

describe('the plan as an action plan', () => {
  it('every step says what, by when (dated from today) or on which event, and who: the company, its agent or KIPA', () => {
    const p = plan(['VN', 'CN', 'GB'], 'trademark', 'yes', 'ko', 'need_help');
    for (const m of p.markets) {
      expect(m.actions.length).toBeGreaterThanOrEqual(5);
      for (const a of m.actions) {
        expect(['company', 'agent', 'kipa']).toContain(a.who);
        expect(a.what.length).toBeGreaterThan(10);
        if (a.by) expect(a.by >= '2026-12-02').toBe(true);
        else expect(a.when.length).toBeGreaterThan(3);
      }
      expect(m.actions.find((a) => a.key === 'agent')!.who).toBe('kipa');
      expect(m.actions.find((a) => a.key === 'file')!.by).toBe('2027-01-16');
      expect(m.actions.find((a) => a.key === 'file')!.links[0].url).toMatch(/^https?:\/\//);
      expect(m.steps.length).toBe(m.actions.length);
    }
    expect(p.actions[0].key).toBe('support');
    const md = planToMarkdown(p);
    expect(md).toMatch(/1\. \*\*2026-12-16까지 · 한국지식재산보호원\(KIPA\)\*\* — /);
    expect(md).toMatch(/갱신 신청 마감일\*\*: \d{4}-\d{2}-\d{2}/);
  });

  it('support programmes link only to official pages (or faithful copies), never to news articles', () => {
    const p = plan(['CN'], 'trademark', 'yes', 'ko');
    const graded = new Map(kb.pages.flatMap((pg) => pg.sources.map((s) => [s.url, s.grade] as const)));
    for (const s of p.support) expect(['official', 'official-copy']).toContain(graded.get(s.url));
    expect(p.support.length + p.supportToAsk.length).toBeGreaterThanOrEqual(2);
  });

  it('each renewal rule agrees with its territory’s renewal fact', () => {
    const words: Record<string, RegExp> = { VN: /20 days before expiry/, GB: /30 working days before expiry/, EU: /30 working days before/, TH: /30 days before expiry/, US: /3 months before the CBP recordation expires/, CN: /6 months before expiry/, AU: /before the 4 years run out/ };
    expect(Object.keys(RENEWAL_RULES).sort()).toEqual(Object.keys(words).sort());
    for (const [code, re] of Object.entries(words)) {
      const p = kb.profiles.find((x) => x.code === code)!;
      expect(p.facts.renewal.en, code).toMatch(re);
      expect(p.facts.renewal.status, code).toBe('confirmed');
    }
    expect(kb.profiles.find((x) => x.code === 'US')!.facts.validity.en).toMatch(/copyright recordation lasts 20 years/);
  });
});

describe('the plan calendar (.ics) read by a calendar library', () => {
  const territories = (): Array<{ code: string; right: RightKind }> =>
    kb.profiles.map((p) => ({ code: p.code, right: RENEWAL_RULES[p.code]?.rights?.[0] ?? (p.recordableRights.includes('trademark') ? 'trademark' : p.recordableRights[0]) }));

  it('parses, and for every territory its first alarm falls before the last day to file the renewal', () => {
    let withDeadline = 0;
    for (const { code, right } of territories())
      for (const lang of ['ko', 'en'] as const) {
        const p = plan([code], right, 'yes', lang);
        const ics = planToIcs(p, 'conv-1');
        expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
        const events = parse(ics);
        const m = p.markets[0];
        const renewal = events.filter((e) => e.uid.includes(`-${code}-`) && RENEWAL_KEYS.test(e.uid));
        const alarms = renewal.flatMap((e) => e.alarms).sort();
        if (m.renewalFileBy) {
          withDeadline++;
          const deadline = events.find((e) => e.uid.includes(`-${code}-renewal_deadline-`))!;
          expect(deadline.start, code).toBe(m.renewalFileBy);
          expect(alarms.length, code).toBeGreaterThan(0);
          expect(alarms[0] < m.renewalFileBy, `${code}: first alarm ${alarms[0]} before ${m.renewalFileBy}`).toBe(true);
          expect(alarms.every((a) => a <= m.renewalFileBy!), `${code}: no renewal alarm after the last day to file`).toBe(true);
          expect(m.renewalFileBy < m.expiryEstimate!).toBe(true);
        } else if (m.expiryEstimate) {
          // No confirmed lead time: a reminder well before expiry, and it says the deadline is not confirmed.
          const prepare = events.find((e) => e.uid.includes(`-${code}-renewal_prepare-`))!;
          expect(prepare.alarms[0] < m.expiryEstimate, code).toBe(true);
          expect(days(prepare.start, m.expiryEstimate)).toBeGreaterThanOrEqual(28);
        }
      }
    expect(withDeadline).toBe(2 * Object.keys(RENEWAL_RULES).length);
  });

  it('counts each territory’s rule: Vietnam 20 days, the UK and the EU 30 working days, US copyright 3 months before expiry', () => {
    const at = (code: string, right: RightKind = 'trademark') => plan([code], right, 'yes').markets[0];
    const vn = at('VN');
    expect(vn.expiryEstimate).toBe('2028-12-02');
    expect(days(vn.renewalFileBy!, vn.expiryEstimate!)).toBeGreaterThanOrEqual(20);
    const gb = at('GB');
    expect(workingDaysBetween(gb.renewalFileBy!, gb.expiryEstimate!, 'GB')).toBeGreaterThanOrEqual(30);
    // 2 December 2027 is a Thursday; 30 English working days back, with no holiday in between, is 21 October.
    expect(gb.renewalFileBy).toBe('2027-10-21');
    const eu = at('EU');
    expect(workingDaysBetween(eu.renewalFileBy!, eu.expiryEstimate!, 'EU')).toBeGreaterThanOrEqual(30);
    const us = at('US', 'copyright');
    expect(us.expiryEstimate).toBe('2046-12-02');
    expect(us.renewalFileBy).toBe('2046-09-02');
    // A US trademark recordation follows the USPTO registration: no date of its own, so no renewal event.
    const ust = at('US', 'trademark');
    expect(ust.renewalFileBy).toBeNull();
    expect(ust.actions.find((a) => a.key === 'renew')!.by).toBeNull();
  });

  it('a right still pending gets no renewal event, only a reminder to record it once registered', () => {
    for (const registered of ['pending', 'no'] as const) {
      const p = plan(['VN', 'GB', 'CN'], 'trademark', registered);
      const events = parse(planToIcs(p, 'conv-2'));
      expect(events.filter((e) => RENEWAL_KEYS.test(e.uid))).toEqual([]);
      for (const m of p.markets) {
        expect(m.expiryEstimate).toBeNull();
        expect(m.renewalFileBy).toBeNull();
        expect(m.actions.some((a) => a.key === 'renew')).toBe(false);
        const reminder = events.find((e) => e.uid.includes(`-${m.code}-record_once_registered-`))!;
        expect(reminder.start).toBe('2027-03-02');
        expect(reminder.alarms).toEqual(['2027-03-02']);
      }
      expect(planToMarkdown(p)).toMatch(/Last day to file the renewal\*\*: set once the right is registered/);
    }
  });
});
