import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Channel, Store, TicketRecord } from '../../src/store/types.js';
import { createStaffAccount } from '../../src/escalation/staff-accounts.js';
import { groupGaps } from '../../src/channels/web/staff-analytics-report.js';
import { signIn, staffApp, tempStore, type StaffClient } from '../support/staff-app.js';

let store: Store;
let staff: StaffClient;

interface Case {
  channel: Channel;
  lang: 'ko' | 'en';
  at: string;
  question: string;
  answer: Record<string, unknown>;
  rating?: 1 | -1;
  ticket?: { reason: string; priority: TicketRecord['priority']; jurisdiction: string; deadline?: string; replyAfterMin?: number; resolveAfterMin?: number };
}
const plus = (iso: string, min: number) => new Date(new Date(iso).getTime() + min * 60_000).toISOString();

/** A known set of conversations: every figure below is counted from these by hand. */
const CASES: Case[] = [
  { channel: 'web', lang: 'ko', at: '2026-11-01T01:00:00Z', question: '중국 세관 상표 등록 수수료는 얼마인가요?', answer: { kind: 'answer', confidence: 0.9 }, rating: 1 },
  { channel: 'web', lang: 'en', at: '2026-11-01T02:00:00Z', question: 'How much is the customs recordation fee in Saudi Arabia?', answer: { kind: 'answer', confidence: 0.3, notSure: 'unconfirmed_fact' }, rating: -1 },
  {
    channel: 'slack',
    lang: 'ko',
    at: '2026-11-02T03:00:00Z',
    question: '사우디아라비아 세관에 상표 등록하려면 비용이 얼마나 드나요?',
    answer: { kind: 'ticket', confidence: 0.2, notSure: 'unconfirmed_fact' },
    ticket: { reason: 'unconfirmed_fact', priority: 'normal', jurisdiction: 'SA', replyAfterMin: 90, resolveAfterMin: 180 },
  },
  { channel: 'web', lang: 'ko', at: '2026-11-02T04:00:00Z', question: '사우디 세관 등록 수수료 알려주세요', answer: { kind: 'answer', confidence: 0.3, notSure: 'unconfirmed_fact' } },
  {
    channel: 'web',
    lang: 'ko',
    at: '2026-11-03T00:30:00Z',
    question: '중국 세관에서 물품이 억류되었습니다',
    answer: { kind: 'ticket', confidence: null },
    ticket: { reason: 'goods_detained', priority: 'urgent', jurisdiction: 'CN', deadline: '2026-11-05', replyAfterMin: 30 },
  },
  {
    channel: 'web',
    lang: 'en',
    at: '2026-11-03T01:00:00Z',
    question: 'Our goods were detained in Vietnam',
    answer: { kind: 'ticket', confidence: null },
    // The deadline day ends at 23:59 Korean time (14:59 UTC); the reply came the next morning.
    ticket: { reason: 'goods_detained', priority: 'urgent', jurisdiction: 'VN', deadline: '2026-11-03', replyAfterMin: 25 * 60 },
  },
  { channel: 'web', lang: 'ko', at: '2026-11-03T02:00:00Z', question: '브라질 세관 등록 기간은?', answer: { kind: 'answer', confidence: 0.1, notSure: 'uncovered_jurisdiction' } },
  {
    channel: 'web',
    lang: 'ko',
    at: '2026-11-03T03:00:00Z',
    question: '태국에서 물품이 억류되었어요',
    answer: { kind: 'ticket', confidence: null },
    ticket: { reason: 'goods_detained', priority: 'urgent', jurisdiction: 'TH', deadline: '2099-01-01' },
  },
];

async function seed(c: Case) {
  const conv = randomUUID();
  const answerId = randomUUID();
  const ticketId = c.ticket ? await store.allocateTicketId() : null;
  const ticket: TicketRecord | undefined = c.ticket && {
    id: ticketId!,
    conversationId: conv,
    status: c.ticket.resolveAfterMin ? 'resolved' : c.ticket.replyAfterMin ? 'answered' : 'open',
    priority: c.ticket.priority,
    reason: c.ticket.reason,
    summary: c.question,
    jurisdiction: c.ticket.jurisdiction,
    right: null,
    deadline: c.ticket.deadline ?? null,
    claimedBy: null,
    createdAt: c.at,
    updatedAt: c.at,
  };
  await store.commit({
    conversation: { id: conv, channel: c.channel, userId: 'u', externalRef: c.channel === 'web' ? null : `x:${conv}`, language: c.lang, tokenHash: null, state: {}, createdAt: c.at, updatedAt: c.at },
    messages: [
      // A clicked button is not a question.
      { id: randomUUID(), conversationId: conv, role: 'user', text: '도움말', data: { action: 'help' }, createdAt: c.at },
      { id: randomUUID(), conversationId: conv, role: 'user', text: c.question, data: {}, createdAt: c.at },
      { id: answerId, conversationId: conv, role: 'assistant', text: '…', data: { ...c.answer, ...(ticketId ? { ticket: { id: ticketId } } : {}) }, createdAt: c.at },
      ...(c.ticket?.replyAfterMin ? [{ id: randomUUID(), conversationId: conv, role: 'staff' as const, text: '답변', data: { ticketId }, createdAt: plus(c.at, c.ticket.replyAfterMin) }] : []),
    ],
    ticketCreate: ticket,
    feedback: c.rating ? [{ conversationId: conv, messageId: answerId, rating: c.rating, comment: null, createdAt: c.at }] : [],
    audit: c.ticket?.resolveAfterMin ? [{ entity: 'ticket', entityId: String(ticketId), action: 'resolve', actor: 'kim@moip.example.kr', data: {}, at: plus(c.at, c.ticket.resolveAfterMin) }] : [],
  });
}

beforeAll(async () => {
  store = await tempStore();
  await createStaffAccount(store, { email: 'kim@moip.example.kr', password: 'kim passphrase 1' }, { actor: 'test' });
  for (const c of CASES) await seed(c);
  // Ratings of closed requests: two in the period (5 and 2), one before it (not counted).
  const tickets = await store.listTickets();
  for (const [t, score, at] of [[tickets[0], 5, '2026-11-02T05:00:00Z'], [tickets[1], 2, '2026-11-02T06:00:00Z'], [tickets[2], 1, '2026-10-31T05:00:00Z']] as const)
    await store.commit({ ticketRating: { ticketId: t.id, conversationId: t.conversationId, score, comment: null, createdAt: at } });
  // Outside the period: not counted.
  await seed({ channel: 'web', lang: 'ko', at: '2026-10-31T14:00:00Z', question: '일본 세관 등록 비용', answer: { kind: 'answer', confidence: 0.1, notSure: 'low_confidence' } });
  staff = await signIn(staffApp(store), 'kim@moip.example.kr', 'kim passphrase 1');
});
afterAll(async () => store?.close());

describe('GET /staff/api/analytics', () => {
  it('needs a staff session', async () => {
    expect((await staffApp(store).request('/staff/api/analytics')).status).toBe(401);
  });

  it('returns every figure for a known set of conversations', async () => {
    const r = await staff.get('/staff/api/analytics?from=2026-11-01&to=2026-11-03');
    expect(r.status).toBe(200);
    const a = await r.json();
    expect(a.range).toEqual({ from: '2026-10-31T15:00:00.000Z', to: '2026-11-03T15:00:00.000Z', timeZone: 'Asia/Seoul' });
    expect(a.totals).toEqual({ conversations: 8, questions: 8, escalations: 4 });
    expect(a.perDay).toEqual([
      { day: '2026-11-01', conversations: 2, questions: 2, escalations: 0 },
      { day: '2026-11-02', conversations: 2, questions: 2, escalations: 1 },
      { day: '2026-11-03', conversations: 4, questions: 4, escalations: 3 },
    ]);
    expect(a.conversationsByLanguage).toEqual({ ko: 6, en: 2 });
    expect(a.questionsByLanguage).toEqual({ ko: 6, en: 2 });
    expect(a.conversationsByChannel).toEqual({ web: 7, slack: 1 });
    expect(a.questionsByMarket).toEqual({ SA: 3, CN: 2, BR: 1, TH: 1, VN: 1 });
    expect(a.questionsByRight).toEqual({ unknown: 6, trademark: 2 });
    expect(a.questionsByTopic).toEqual({ fees: 4, detention: 3, other: 1 });
    expect(a.escalationsByReason).toEqual({ goods_detained: 3, unconfirmed_fact: 1 });
    expect(a.escalationsByPriority).toEqual({ urgent: 3, normal: 1 });
    expect(a.firstStaffReply).toEqual({ count: 3, medianMinutes: 90 });
    expect(a.resolution).toEqual({ count: 1, medianMinutes: 180 });
    expect(a.deadlines).toEqual({ met: 1, missed: 1, pending: 1 });
    expect(a.feedback).toEqual({ up: 1, down: 1, upRate: 0.5 });
    expect(a.satisfaction).toEqual({ ratings: 2, average: 3.5, satisfiedRate: 0.5 });

    // Content gaps: the three ways of asking the Saudi fee are one group, most frequent first.
    expect(a.gaps[0]).toEqual(
      expect.objectContaining({
        count: 3,
        markets: ['SA'],
        reasons: { unconfirmed_fact: 3, low_confidence: 2, escalated: 1, thumbs_down: 1 },
      }),
    );
    expect(a.gaps[0].examples.sort()).toEqual([CASES[1].question, CASES[2].question, CASES[3].question].sort());
    expect(a.gaps).toHaveLength(5);
    expect(a.gaps.slice(1).map((g: { count: number }) => g.count)).toEqual([1, 1, 1, 1]);
    expect(a.gaps.find((g: { question: string }) => g.question.includes('브라질')).reasons).toEqual({ low_confidence: 1, uncovered_jurisdiction: 1 });
  });

  it('exports every table as CSV, labelled, safe to open in a spreadsheet', async () => {
    for (const table of ['perDay', 'conversationsByLanguage', 'questionsByLanguage', 'conversationsByChannel', 'questionsByMarket', 'questionsByRight', 'questionsByTopic', 'escalationsByReason', 'escalationsByPriority', 'timings', 'deadlines', 'feedback', 'gaps']) {
      const r = await staff.get(`/staff/api/analytics.csv?table=${table}&from=2026-11-01&to=2026-11-03&lang=en`);
      expect(r.status, table).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/text\/csv/);
      expect(r.headers.get('content-disposition')).toContain(`analytics-${table}.csv`);
      const text = await r.text();
      expect(text.split('\r\n').length, table).toBeGreaterThan(2);
    }
    // UTF-8 with a byte-order mark, so spreadsheets read the Korean right.
    const bytes = Buffer.from(await (await staff.get('/staff/api/analytics.csv?table=escalationsByReason&from=2026-11-01&to=2026-11-03&lang=ko')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('code,항목,건수\r\ngoods_detained,세관 물품 억류,3\r\nunconfirmed_fact,확인되지 않은 정보,1\r\n');
    const days = await (await staff.get('/staff/api/analytics.csv?table=perDay&from=2026-11-01&to=2026-11-03&lang=en')).text();
    expect(days).toContain('2026-11-03,4,4,3');
    expect((await staff.get('/staff/api/analytics.csv?table=nope')).status).toBe(400);
    expect((await staff.get('/staff/api/analytics?from=2026-11-05&to=2026-11-01')).status).toBe(400);
    expect((await staff.get('/staff/api/analytics?from=yesterday')).status).toBe(400);
  });
});

describe('content gaps', () => {
  const gap = (question: string) => ({ question, reasons: new Set(['low_confidence']), markets: [], at: '2026-11-01T00:00:00Z' });
  it('groups paraphrases of the same unanswered question, in both languages, apart from other questions', () => {
    const groups = groupGaps(
      [
        '사우디 세관 등록 수수료는 얼마인가요?',
        'How much does customs recordation cost in Saudi Arabia?',
        '사우디아라비아에서 세관 등록 비용이 궁금합니다',
        'Saudi Arabia customs recordation fee?',
        '튀르키예 세관 등록에 필요한 서류는?',
        'What documents do I need for customs recordation in Turkey?',
        '튀르키예 세관에 내야 하는 서류 목록',
        '멕시코 세관 등록 유효기간은 몇 년인가요?',
      ].map(gap),
    );
    expect(groups.map((g) => g.count)).toEqual([4, 3, 1]);
    expect(groups[0].examples.every((q) => /사우디|Saudi/.test(q))).toBe(true);
    expect(groups[1].examples.every((q) => /튀르키예|Turkey/.test(q))).toBe(true);
    expect(groups[2].question).toContain('멕시코');
  });
});
