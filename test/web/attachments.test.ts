import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { testConfig } from '../support/core.js';
import { png, PDF } from '../support/files.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';
import { safeFileName } from '../../src/conversation/attachments.js';

let server: Awaited<ReturnType<typeof startServer>>;
let url: string;
let staffCookie = '';
let csrf = '';

beforeAll(async () => {
  server = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', ATTACHMENT_MAX_MB: '0.05', ATTACHMENT_MAX_FILES: '3' }), createLogger('silent'));
  url = server.url;
  await addStaffUser(server.app.store, 'files@kipo.example', 'a-long-staff-password');
  const r = await fetch(`${url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'files@kipo.example', password: 'a-long-staff-password' }) });
  expect(r.status).toBe(200);
  staffCookie = r.headers.get('set-cookie')!.split(';')[0];
  csrf = ((await (await fetch(`${url}/staff/api/me`, { headers: { cookie: staffCookie } })).json()) as { csrfToken: string }).csrfToken;
});
afterAll(async () => server?.close());

async function conversation(language: 'ko' | 'en' = 'ko') {
  const r = await fetch(`${url}/api/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language }) });
  return (await r.json()) as { conversationId: string; token: string };
}
const upload = (c: { conversationId: string; token: string }, body: Uint8Array, name: string, type = 'application/octet-stream') =>
  fetch(`${url}/api/conversations/${c.conversationId}/attachments?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': type }, body: new Blob([new Uint8Array(body)]) });
const say = (c: { conversationId: string; token: string }, text: string) =>
  fetch(`${url}/api/conversations/${c.conversationId}/messages`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) }).then((r) => r.json());
const staff = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { cookie: staffCookie, 'x-csrf-token': csrf, 'content-type': 'application/json', ...(init.headers ?? {}) } });

describe('attachments', () => {
  it('a customs notice attached to an urgent case reaches the staff on it, downloadable only as a file, with its real type', async () => {
    const c = await conversation('ko');
    const r0 = await say(c, '베트남 세관에서 우리 상표 위조품이 억류되었다는 통지를 어제 받았어요');
    expect(r0.ticket?.id).toBeGreaterThan(0);
    // The browser says "text/html" and the name says .html: the bytes are a PDF, and that is what is kept.
    const r = await upload(c, PDF, '..\\세관 통지서\u202e.html', 'text/html');
    expect(r.status).toBe(201);
    const reply = await r.json();
    expect(reply.text).toContain(`#${r0.ticket.id}`);
    const detail = await (await staff(`/staff/api/desk/tickets/${r0.ticket.id}`)).json();
    expect(detail.attachments).toHaveLength(1);
    const a = detail.attachments[0];
    expect(a).toMatchObject({ name: '세관 통지서.pdf', type: 'application/pdf', size: PDF.length });
    // The transcript shows the file as a line, never as markup.
    expect(detail.messages.some((m: { text: string; data: { attachment?: { id: string } } }) => m.data.attachment?.id === a.id && m.text.startsWith('📎 세관 통지서.pdf'))).toBe(true);
    expect(detail.audit.some((e: { action: string }) => e.action === 'attachment')).toBe(true);

    const file = await staff(a.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''%EC%84%B8%EA%B4%80");
    expect(file.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    // Not for visitors, not for anyone without a staff session, not through another conversation's id.
    expect((await fetch(`${url}${a.url}`)).status).toBe(401);
    const other = await conversation();
    expect((await staff(`/staff/api/desk/conversations/${other.conversationId}/attachments/${a.id}`)).status).toBe(404);
  });

  it('a photo without a ticket is kept and the reply offers a person; HTML, SVG, scripts and empty files are refused', async () => {
    const c = await conversation('en');
    const ok = await upload(c, png(), 'fake-bag.png', 'image/png');
    expect(ok.status).toBe(201);
    const reply = await ok.json();
    expect(reply.language).toBe('en');
    expect(reply.choices.map((x: { id: string }) => x.id)).toContain('person');
    for (const [body, name, type] of [
      [Buffer.from('<!doctype html><script>alert(1)</script>'), 'notice.html', 'text/html'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'logo.svg', 'image/svg+xml'],
      [Buffer.from('alert(document.cookie)'), 'photo.png', 'image/png'],
    ] as const) {
      const r = await upload(c, body, name, type);
      expect(r.status).toBe(415);
      expect((await r.json()).error.code).toBe('attachment_type:api');
    }
    const empty = await upload(c, new Uint8Array(), 'x.pdf');
    expect(empty.status).toBe(422);
    // Nothing refused was kept: one file in the conversation.
    expect(await server.app.store.listAttachments(c.conversationId)).toHaveLength(1);
  });

  it('sizes and counts are bounded, and a wrong token is refused before anything is read', async () => {
    const c = await conversation('en');
    const big = Buffer.concat([PDF, Buffer.alloc(60 * 1024, 0x20)]);
    const r = await upload(c, big, 'big.pdf');
    expect(r.status).toBe(413);
    for (let i = 0; i < 3; i++) expect((await upload(c, PDF, `n${i}.pdf`)).status).toBe(201);
    const fourth = await upload(c, PDF, 'n4.pdf');
    expect(fourth.status).toBe(422);
    expect((await fourth.json()).error.code).toBe('attachment_too_many:api');
    const wrong = await fetch(`${url}/api/conversations/${c.conversationId}/attachments?name=a.pdf`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: PDF });
    expect(wrong.status).toBe(401);
  });

  it('file names are made safe to show and to offer as a download', () => {
    expect(safeFileName('C:\\Users\\kim\\통지서.PDF', 'application/pdf')).toBe('통지서.pdf');
    expect(safeFileName('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(safeFileName('"<b>x<b>|?*".jpg', 'image/jpeg')).toBe('bxb.jpg');
    expect(safeFileName('report.exe', 'application/pdf')).toBe('report.pdf');
    expect(safeFileName('', 'image/webp')).toBe('attachment.webp');
  });
});

describe('satisfaction with a closed request', () => {
  it('closing a web request asks how it went; the visitor rates it once closed (not before), and staff see the score', async () => {
    const c = await conversation('en');
    const r0 = await say(c, 'I want to talk to a person about a dispute with our distributor in Thailand');
    const id = r0.ticket.id as number;
    const rate = (score: number) =>
      fetch(`${url}/api/conversations/${c.conversationId}/tickets/${id}/rating`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ score, comment: 'quick and clear' }) });
    expect((await rate(5)).status).toBe(409);
    expect((await staff(`/staff/api/tickets/${id}/resolve`, { method: 'POST' })).status).toBe(200);
    const page = await (await fetch(`${url}/api/conversations/${c.conversationId}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).json();
    const survey = page.messages.find((m: { data: { survey?: { ticketId: number } } }) => m.data.survey?.ticketId === id);
    expect(survey?.text).toMatch(/How satisfied/);
    expect((await rate(6)).status).toBe(400);
    expect((await rate(4)).status).toBe(200);
    expect((await rate(5)).status).toBe(200);
    const again = await (await fetch(`${url}/api/conversations/${c.conversationId}/messages`, { headers: { authorization: `Bearer ${c.token}` } })).json();
    expect(again.messages.find((m: { data: { survey?: { ticketId: number } } }) => m.data.survey?.ticketId === id).data.survey.score).toBe(5);
    const detail = await (await staff(`/staff/api/desk/tickets/${id}`)).json();
    expect(detail.rating).toMatchObject({ score: 5, comment: 'quick and clear' });
    // Another conversation cannot rate this request.
    const other = await conversation();
    const foreign = await fetch(`${url}/api/conversations/${other.conversationId}/tickets/${id}/rating`, { method: 'POST', headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ score: 1 }) });
    expect(foreign.status).toBe(404);
  });
});
