import { describe, it, expect } from 'vitest';
import { engineWithClock } from '../support/app.js';
import { planToMarkdown, planToIcs } from '../../src/conversation/walkthrough/export.js';

describe('conversation engine: questions and routing', () => {
  it('answers a question with citations and keeps the conversation language', async () => {
    const { say, store } = await engineWithClock();
    const r = await say('c1', { text: '중국 세관 등록 수수료는 얼마예요?' });
    expect(r.kind).toBe('answer');
    expect(r.language).toBe('ko');
    expect(r.citations.length).toBeGreaterThan(0);
    const conv = await store.getConversation(r.conversationId);
    expect(conv?.language).toBe('ko');
    const msgs = await store.listMessages(r.conversationId);
    expect(msgs.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('returns the first reply for a duplicate inbound and writes nothing twice', async () => {
    const { assistant, store } = await engineWithClock();
    const inbound = { channel: 'cli' as const, externalRef: 'dup', userId: 'u', text: 'How long is a China recordation valid?', idempotencyKey: 'same' };
    const a = await assistant.handle(inbound);
    const b = await assistant.handle(inbound);
    expect(b).toEqual(a);
    expect(await store.listMessages(a.conversationId)).toHaveLength(2);
  });

  it('opens a normal ticket when the user asks for a person, and says when to expect an answer', async () => {
    const { say } = await engineWithClock();
    const r = await say('c2', { text: 'talk to a person' });
    expect(r.ticket).toEqual(expect.objectContaining({ priority: 'normal', reason: 'human_requested', status: 'open' }));
    expect(r.text).toMatch(new RegExp(`#${r.ticket!.id}`));
    expect(r.text).toMatch(/staff hours/);
  });

  it('opens an urgent ticket with the deadline computed from the profile for detained goods', async () => {
    const { say, store } = await engineWithClock();
    const r = await say('c3', { text: '우리 물건이 어제 중국 세관에 억류됐어요' });
    expect(r.ticket).toEqual(expect.objectContaining({ priority: 'urgent', reason: 'goods_detained', deadline: '2026-11-26' }));
    expect(r.text).toMatch(/2026-11-26/);
    const t = await store.getTicket(r.ticket!.id);
    expect(t?.jurisdiction).toBe('CN');
    expect(t?.summary).toMatch(/세관 물품 억류/);
  });

  it('opens a ticket for a country it does not cover, with that reason', async () => {
    const { say } = await engineWithClock();
    const r = await say('c4', { text: '뉴질랜드 세관에 상표 등록하려면요?' });
    expect(r.ticket?.reason).toBe('uncovered_jurisdiction');
    expect(r.escalate).toBe(true);
  });

  it('adds to the open ticket instead of opening a second one, and upgrades it when goods are detained', async () => {
    const { say, store } = await engineWithClock();
    const first = await say('c5', { text: '담당자 연결해 주세요' });
    const second = await say('c5', { text: '그리고 어제 중국 세관에 물건이 억류됐어요' });
    expect(second.ticket?.id).toBe(first.ticket?.id);
    const tickets = await store.ticketsForConversation(first.conversationId);
    expect(tickets).toHaveLength(1);
    expect(tickets[0].priority).toBe('urgent');
  });

  it('escalates after repeated thumbs-down', async () => {
    const { say } = await engineWithClock();
    const a = await say('c6', { text: 'What documents does China customs need?' });
    const one = await say('c6', { action: `feedback:down:${a.messageId}` });
    expect(one.ticket).toBeNull();
    const two = await say('c6', { action: `feedback:down:${a.messageId}` });
    expect(two.ticket?.reason).toBe('repeated_negative_feedback');
  });
});

describe('follow-up questions', () => {
  it('keep the country, or the question, that the conversation was about', async () => {
    const { say } = await engineWithClock();
    const first = await say('fu', { text: '중국 세관 등록은 몇 년간 유효한가요?' });
    expect(first.text).toMatch(/10년/);
    const fee = await say('fu', { text: '수수료는요?' });
    expect(fee.text).toMatch(/중국/);
    expect(fee.text).toMatch(/수수료/);
    const japan = await say('fu', { text: '일본은요?' });
    expect(japan.text).toMatch(/일본 — 수수료/);
    // A new general question is not bent towards the last country.
    const general = await say('fu', { text: '세관 지재권 등록이란 무엇인가요?' });
    expect(general.text).not.toMatch(/^\*\*일본/);
  });

  it('inside a walkthrough, take the chosen market as the country', async () => {
    const { say } = await engineWithClock();
    await say('fw', { text: 'walk me through registering with customs' });
    await say('fw', { action: 'wt:market:VN' });
    const r = await say('fw', { text: 'What documents are needed?' });
    expect(r.text).toMatch(/Vietnam — Documents/);
  });
});

describe('ticket lifecycle', () => {
  it('goes open → claimed → answered → resolved, audited with who and when, and emits the staff reply', async () => {
    const { say, assistant, store } = await engineWithClock();
    const r = await say('c7', { text: 'I need to talk to a person' });
    const id = r.ticket!.id;
    const seen: string[] = [];
    const off = store.onEvent((e) => seen.push(e.type));
    await assistant.staffAction({ ticketId: id, action: 'claim', actor: 'kim@kipo.example' });
    const { message } = await assistant.staffAction({ ticketId: id, action: 'reply', actor: 'kim@kipo.example', text: '안녕하세요, 담당자입니다.' });
    await assistant.staffAction({ ticketId: id, action: 'resolve', actor: 'kim@kipo.example' });
    await expect(assistant.staffAction({ ticketId: id, action: 'claim', actor: 'lee@kipo.example' })).rejects.toThrow(/resolved/);
    off();
    expect((await store.getTicket(id))?.status).toBe('resolved');
    const audit = await store.listAudit('ticket', String(id));
    expect(audit.map((a) => a.action)).toEqual(['created', 'claim', 'reply', 'resolve']);
    expect(audit.slice(1).every((a) => a.actor === 'kim@kipo.example' && a.at)).toBe(true);
    expect(seen).toContain('staff.replied');
    const msgs = await store.listMessages(r.conversationId);
    expect(msgs.at(-1)).toEqual(expect.objectContaining({ id: message!.id, role: 'staff' }));
  });
});

describe('registration walkthrough', () => {
  it('completes for China trademarks in Korean by choices, ending in a plan that matches the profile', async () => {
    const { say, core } = await engineWithClock();
    const cn = core.knowledge.kb.profiles.find((p) => p.code === 'CN')!;
    let r = await say('w1', { text: '세관 등록을 단계별로 안내해 주세요' });
    expect(r.kind).toBe('walkthrough');
    expect(r.choices.map((c) => c.id)).toContain('wt:market:CN');
    r = await say('w1', { action: 'wt:market:CN' });
    r = await say('w1', { action: 'wt:right:trademark' });
    r = await say('w1', { action: 'wt:registered:yes' });
    r = await say('w1', { text: '제12345678호, 제3류 화장품' });
    r = await say('w1', { text: '광저우에서 만든 가품이 온라인몰로 유통됩니다' });
    r = await say('w1', { action: 'wt:skip' });
    r = await say('w1', { action: 'wt:agent:have' });
    expect(r.kind).toBe('plan');
    const plan = r.plan!;
    expect(plan.language).toBe('ko');
    const m = plan.markets[0];
    expect(m.code).toBe('CN');
    expect(m.validity).toBe(cn.facts.validity.ko);
    expect(m.fees).toBe(cn.facts.fees.ko);
    expect(m.documents.slice(0, cn.facts.documents.items!.length)).toEqual(cn.facts.documents.items!.map((i) => i.ko));
    expect(m.expiryEstimate).toBe('2036-11-24');
    expect(m.renewalWindowOpens).toBe('2036-05-24');
    expect(plan.citations.length).toBeGreaterThan(0);
    const md = planToMarkdown(plan);
    expect(md).toMatch(/# 해외 세관 지식재산권 등록 계획/);
    expect(md).toMatch(/- \[ \] /);
    expect(md).toContain('제12345678호');
    const ics = planToIcs(plan, 'w1');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART;VALUE=DATE:20360524');
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });

  it('understands free text, answers a question mid-way and returns to the step, goes back, pauses and resumes', async () => {
    const { say } = await engineWithClock();
    await say('w2', { text: 'walk me through registering with customs' });
    let r = await say('w2', { text: 'China please' });
    expect(r.text).toMatch(/Which right/);
    r = await say('w2', { text: 'our trademark' });
    expect(r.text).toMatch(/already registered/);
    r = await say('w2', { text: 'What documents does China customs need?' });
    expect(r.citations.length).toBeGreaterThan(0);
    expect(r.text).toMatch(/already registered/);
    r = await say('w2', { text: 'back' });
    expect(r.text).toMatch(/Which right/);
    r = await say('w2', { text: 'trademark' });
    r = await say('w2', { text: 'pause' });
    expect(r.choices.map((c) => c.id)).toEqual(['wt:resume']);
    r = await say('w2', { text: 'How long is it valid in China?' });
    expect(r.kind).toBe('answer');
    r = await say('w2', { text: 'continue' });
    expect(r.text).toMatch(/already registered/);
    r = await say('w2', { text: 'no, not yet' });
    expect(r.text).toMatch(/registered locally first/);
  });
});
