import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { testConfig } from '../support/core.js';
import { startSmtp } from '../support/smtp.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { emailNotifiers } from '../../src/escalation/email-notifier.js';
import { tempStore } from '../support/staff-app.js';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: Awaited<ReturnType<typeof startServer>>;
let url: string;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer(
    testConfig({ PORT: '0', HOST: '127.0.0.1', SMTP_URL: smtp.url, SMTP_FROM: 'Desk <desk@moip.example.kr>', STAFF_NOTIFY_EMAIL: 'desk@moip.example.kr, oncall@moip.example.kr', PUBLIC_URL: 'https://ip.example.kr', RATE_LIMITS: 'off' }),
    createLogger('silent'),
  );
  url = server.url;
});
afterAll(async () => {
  await server?.close();
  await smtp?.stop();
});

async function conversation() {
  const r = await fetch(`${url}/api/conversations`, { method: 'POST' });
  return (await r.json()) as { conversationId: string; token: string };
}
const post = (path: string, token: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe('e-mail notifications through a real SMTP server on loopback', () => {
  it('mails staff at once about an urgent ticket, again with the contact details, and mails the staff reply to a visitor who is not in the widget', async () => {
    const c = await conversation();
    const reply = await (await post(`/api/conversations/${c.conversationId}/messages`, c.token, { text: '중국 세관에서 우리 상표 제품이 억류되었다는 통지를 어제 받았습니다' })).json();
    expect(reply.ticket.priority).toBe('urgent');
    const id = reply.ticket.id as number;

    const urgent = await smtp.waitFor((m) => m.subject.includes(`#${id}`));
    expect(urgent.to.sort()).toEqual(['desk@moip.example.kr', 'oncall@moip.example.kr']);
    expect(urgent.from).toBe('desk@moip.example.kr');
    expect(urgent.subject).toMatch(/긴급 \/ Urgent/);
    expect(urgent.subject).toContain('세관 물품 억류');
    expect(urgent.text).toContain('중국');
    expect(urgent.text).toContain('Goods detained by customs');
    expect(urgent.text).toContain(`https://ip.example.kr/staff#ticket-${id}`);
    expect(urgent.text).not.toMatch(/goods_detained|\burgent\b/);

    // Contact details: stored on the case, shown to staff, mailed to them on an urgent ticket.
    expect((await post(`/api/conversations/${c.conversationId}/contact`, 'wrong', { company: 'x' })).status).toBe(401);
    expect((await post(`/api/conversations/${c.conversationId}/contact`, c.token, { email: 'not an address' })).status).toBe(400);
    expect((await post(`/api/conversations/${c.conversationId}/contact`, c.token, {})).status).toBe(400);
    const saved = await post(`/api/conversations/${c.conversationId}/contact`, c.token, { company: '한빛화장품', person: '김민지', email: 'minji@hanbit.example.kr', phone: '+82 2-555-0100', product: 'HANBIT 립밤' });
    expect(saved.status).toBe(200);
    const withContact = await smtp.waitFor((m) => m.subject.startsWith('[연락처 / Contact]') && m.subject.includes(`#${id}`));
    expect(withContact.text).toContain('한빛화장품 · 김민지 · minji@hanbit.example.kr · +82 2-555-0100 · HANBIT 립밤');

    // No widget connected: the reply goes by e-mail too, in the conversation's language.
    await server.app.assistant.staffAction({ ticketId: id, action: 'reply', actor: 'kim@moip.example.kr', text: '통지서 사본을 **오늘 중** 보내 주세요. [안내](https://www.customs.gov.cn/)' });
    const toVisitor = await smtp.waitFor((m) => m.to.includes('minji@hanbit.example.kr'));
    expect(toVisitor.subject).toContain(`티켓 #${id}`);
    expect(toVisitor.text).toContain('김민지님');
    expect(toVisitor.text).toContain('통지서 사본을 오늘 중 보내 주세요. 안내 <https://www.customs.gov.cn/>');
    const audited = async () => (await server.app.store.listAudit('ticket', String(id))).map((a) => a.action);
    for (let i = 0; i < 40 && !(await audited()).includes('visitor_emailed'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await audited()).toEqual(expect.arrayContaining(['staff_notified', 'contact', 'visitor_emailed']));

    // With the widget connected (its event stream open) the visitor reads the reply there: no e-mail.
    const ctl = new AbortController();
    const stream = await fetch(`${url}/api/conversations/${c.conversationId}/events?token=${encodeURIComponent(c.token)}`, { headers: { authorization: `Bearer ${c.token}` }, signal: ctl.signal });
    expect(stream.status).toBe(200);
    const before = smtp.mails.length;
    await server.app.assistant.staffAction({ ticketId: id, action: 'reply', actor: 'kim@moip.example.kr', text: '받았습니다. 검토 후 연락드리겠습니다.' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.mails.slice(before).filter((m) => m.to.includes('minji@hanbit.example.kr'))).toEqual([]);
    ctl.abort();

    // Staff were mailed once per occasion, however often the ticket moved.
    expect(smtp.mails.filter((m) => m.subject.startsWith('[긴급 / Urgent]') && m.subject.includes(`#${id}`))).toHaveLength(1);
  });

  it('does not mail staff about tickets that are not urgent', async () => {
    const c = await conversation();
    const reply = await (await post(`/api/conversations/${c.conversationId}/messages`, c.token, { text: '담당자와 상담하고 싶어요' })).json();
    expect(reply.ticket.priority).not.toBe('urgent');
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.mails.some((m) => m.subject.includes(`#${reply.ticket.id} `))).toBe(false);
  });

  it('contact details need an open case', async () => {
    const c = await conversation();
    await post(`/api/conversations/${c.conversationId}/messages`, c.token, { text: '중국 세관 등록 유효기간은?' });
    expect((await post(`/api/conversations/${c.conversationId}/contact`, c.token, { company: '한빛' })).status).toBe(409);
  });
});

describe('e-mail off', () => {
  it('is off without SMTP_URL, and the log says so', async () => {
    const lines: string[] = [];
    const logger = { debug() {}, info: (m: string) => lines.push(m), warn() {}, error() {} };
    const store = await tempStore();
    expect(emailNotifiers({ from: 'x', staffTo: ['a@b.c'] }, store, logger).notifiers).toEqual([]);
    expect(lines.join('\n')).toMatch(/e-mail is off: set SMTP_URL/);
    await store.close();
  });
});
