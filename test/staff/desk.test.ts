import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { engineWithClock } from '../support/app.js';
import { seedTicket } from '../support/staff-seed.js';
import { signIn, staffApp, type StaffClient } from '../support/staff-app.js';
import { createStaffAccount } from '../../src/escalation/staff-accounts.js';
import type { Store } from '../../src/store/types.js';
import type { Assistant } from '../../src/conversation/engine.js';

const KIM = { email: 'kim@moip.example.kr', password: 'kim passphrase 1' };
const LEE = { email: 'lee@moip.example.kr', password: 'lee passphrase 1' };
let store: Store;
let assistant: Assistant;
let kim: StaffClient;
let lee: StaffClient;
let ids: Record<string, number>;

beforeAll(async () => {
  const e = await engineWithClock(new Date());
  store = e.store;
  assistant = e.assistant;
  await createStaffAccount(store, { ...KIM, name: '김담당', role: 'admin' }, { actor: 'test' });
  await createStaffAccount(store, LEE, { actor: 'test' });
  const app = staffApp(store, assistant);
  kim = await signIn(app, KIM.email, KIM.password);
  lee = await signIn(app, LEE.email, LEE.password);
  const at = new Date(Date.now() - 7_200_000).toISOString();
  ids = {
    cn: (await seedTicket(store, { reason: 'goods_detained', priority: 'urgent', jurisdiction: 'CN', right: 'trademark', deadline: '2026-12-10', question: '중국 세관에서 립밤이 억류되었습니다', at })).id,
    eu: (await seedTicket(store, { reason: 'dispute', priority: 'high', jurisdiction: 'EU', channel: 'slack', language: 'en', question: 'We are in a dispute over a design in Germany', at })).id,
    sa: (await seedTicket(store, { reason: 'unconfirmed_fact', priority: 'normal', jurisdiction: 'SA', question: '사우디 세관 등록 수수료는?', at })).id,
    done: (await seedTicket(store, { reason: 'human_requested', priority: 'normal', status: 'resolved', question: '담당자 연결', at })).id,
  };
  const cn = (await store.getTicket(ids.cn))!;
  await store.saveContact({ conversationId: cn.conversationId, company: '한빛화장품', person: '김민지', email: 'minji@hanbit.example.kr', phone: null, product: 'HANBIT 립밤', createdAt: at, updatedAt: at });
});
afterAll(async () => store?.close());

const list = async (client: StaffClient, query: string) => {
  const r = await client.get(`/staff/api/desk/tickets?${query}`);
  expect(r.status).toBe(200);
  return ((await r.json()).tickets as Array<{ id: number; channel: string; company: string | null }>).map((t) => t.id);
};

describe('the console ticket list', () => {
  it('filters by status, priority, market, channel and assignee, and searches ticket text', async () => {
    expect(await list(kim, '')).toEqual([ids.cn, ids.eu, ids.sa]);
    expect(await list(kim, 'status=resolved')).toEqual([ids.done]);
    expect(await list(kim, 'priority=urgent,high')).toEqual([ids.cn, ids.eu]);
    expect(await list(kim, 'market=SA')).toEqual([ids.sa]);
    expect(await list(kim, 'channel=slack')).toEqual([ids.eu]);
    expect(await list(kim, 'assignee=none')).toEqual([ids.cn, ids.eu, ids.sa]);
    // Search: transcript words, the company, the product, a ticket number; case-insensitive, LIKE characters literal.
    expect(await list(kim, `q=${encodeURIComponent('립밤')}`)).toEqual([ids.cn]);
    expect(await list(kim, `q=${encodeURIComponent('한빛화장품')}`)).toEqual([ids.cn]);
    expect(await list(kim, 'q=GERMANY')).toEqual([ids.eu]);
    expect(await list(kim, `q=${encodeURIComponent(`#${ids.sa}`)}`)).toEqual([ids.sa]);
    expect(await list(kim, 'q=%25')).toEqual([]);
    expect((await kim.get('/staff/api/desk/tickets?status=bogus')).status).toBe(400);
    const rows = (await (await kim.get('/staff/api/desk/tickets')).json()).tickets;
    expect(rows.find((t: { id: number }) => t.id === ids.cn)).toEqual(expect.objectContaining({ company: '한빛화장품', channel: 'web' }));
    expect((await (await kim.get('/staff/api/desk/markets')).json()).markets).toEqual(['CN', 'EU', 'SA']);
  });

  it('assigns to a colleague, shows it in the filter and the audit trail, and unassigns', async () => {
    expect((await kim.post(`/staff/api/desk/tickets/${ids.sa}/assign`, { assignee: 'nobody@moip.example.kr' })).status).toBe(400);
    const r = await kim.post(`/staff/api/desk/tickets/${ids.sa}/assign`, { assignee: LEE.email });
    expect(r.status).toBe(200);
    expect((await r.json()).ticket).toEqual(expect.objectContaining({ claimedBy: LEE.email, status: 'claimed' }));
    expect(await list(lee, 'assignee=me')).toEqual([ids.sa]);
    expect(await list(kim, `assignee=${encodeURIComponent(LEE.email)}`)).toEqual([ids.sa]);
    const detail = await (await kim.get(`/staff/api/desk/tickets/${ids.sa}`)).json();
    expect(detail.audit.at(-1)).toEqual(expect.objectContaining({ action: 'assign', actor: KIM.email, data: { from: null, to: LEE.email } }));
    await kim.post(`/staff/api/desk/tickets/${ids.sa}/assign`, { assignee: null });
    expect((await store.getTicket(ids.sa))).toEqual(expect.objectContaining({ claimedBy: null, status: 'open' }));
    expect((await kim.post(`/staff/api/desk/tickets/${ids.done}/assign`, { assignee: LEE.email })).status).toBe(409);
  });
});

describe('internal notes', () => {
  it('are kept apart from the transcript and never reach the visitor', async () => {
    const ticket = (await store.getTicket(ids.cn))!;
    const seen: string[] = [];
    const off = store.onEvent((e) => seen.push(`${e.conversationId}|${e.type}|${JSON.stringify(e.data)}`));
    const secret = '내부용: 이 회사는 작년에도 같은 문제 — 대리인 비용 문의할 것';
    const r = await lee.post(`/staff/api/desk/tickets/${ids.cn}/notes`, { text: secret });
    expect(r.status).toBe(201);
    off();
    const detail = await (await kim.get(`/staff/api/desk/tickets/${ids.cn}`)).json();
    expect(detail.notes).toEqual([expect.objectContaining({ author: LEE.email, text: secret })]);
    expect(detail.contact).toEqual(expect.objectContaining({ company: '한빛화장품' }));
    // Nothing the visitor's channel reads carries it: not the transcript, not the conversation's events.
    expect(JSON.stringify(await store.listMessages(ticket.conversationId))).not.toContain('내부용');
    expect(JSON.stringify(await store.eventsAfter(ticket.conversationId, 0))).not.toContain('내부용');
    expect(seen.join('\n')).not.toContain('내부용');
    expect(seen.some((s) => s.startsWith(`staff-desk|ticket.noted|`))).toBe(true);
    // The staff reply still goes out, without the note.
    await assistant.staffAction({ ticketId: ids.cn, action: 'reply', actor: LEE.email, text: '통지서를 보내 주세요.' });
    expect(JSON.stringify(await store.eventsAfter(ticket.conversationId, 0))).not.toContain('내부용');
    // A privacy export includes the notes; deleting the conversation deletes them.
    expect((await store.exportConversation(ticket.conversationId))!.notes).toHaveLength(1);
    expect((await lee.post(`/staff/api/desk/tickets/${ids.cn}/notes`, { text: '' })).status).toBe(400);
  });
});

describe('saved replies', () => {
  it('are created, listed, edited by any staff member and deleted by their author or an administrator', async () => {
    const body = { title: '통지서 요청', body: '받으신 세관 통지서 사본을 보내 주세요.', lang: 'ko', citations: [{ title: 'GACC 지재권 보호', url: 'http://www.customs.gov.cn/' }] };
    const created = await lee.post('/staff/api/saved-replies', body);
    expect(created.status).toBe(201);
    const id = (await created.json()).reply.id;
    expect((await lee.post('/staff/api/saved-replies', { ...body, citations: [{ title: 'x', url: 'javascript:alert(1)' }] })).status).toBe(400);
    const edited = await kim.put(`/staff/api/saved-replies/${id}`, { ...body, body: '통지서 사본과 위임장을 보내 주세요.' });
    expect((await edited.json()).reply).toEqual(expect.objectContaining({ body: '통지서 사본과 위임장을 보내 주세요.', createdBy: LEE.email, updatedBy: KIM.email }));
    const replies = (await (await lee.get('/staff/api/saved-replies')).json()).replies;
    expect(replies).toEqual([expect.objectContaining({ id, title: '통지서 요청', citations: body.citations })]);
    const other = (await (await kim.post('/staff/api/saved-replies', { title: 'EN', body: 'Please send the notice.', lang: 'en' })).json()).reply.id;
    expect((await lee.del(`/staff/api/saved-replies/${other}`)).status).toBe(403);
    expect((await kim.del(`/staff/api/saved-replies/${id}`)).status).toBe(200);
    expect((await kim.put(`/staff/api/saved-replies/${id}`, body)).status).toBe(404);
  });
});
