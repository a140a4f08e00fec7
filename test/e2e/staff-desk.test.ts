import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { testConfig } from '../support/core.js';
import { startSmtp } from '../support/smtp.js';
import { startSlackApi } from '../support/slack-api.js';
import { seedTicket } from '../support/staff-seed.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { createStaffAccount } from '../../src/escalation/staff-accounts.js';
import { WidgetPage } from './pages/widget.js';
import { StaffConsole } from './pages/staff-console.js';

const SHOTS = 'test-results/screenshots';
const STAFF = { email: 'kim@moip.example.kr', password: 'correct horse battery' };
let browser: Browser | null = null;
let skip = '';

beforeAll(async () => {
  const b = await launchChromium();
  if ('skip' in b) skip = b.skip;
  else browser = b;
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('the staff side, end to end in Chromium', () => {
  it('a detained-goods visitor leaves contact details; staff are e-mailed and posted in Slack, claim, note, insert a saved reply and send; the visitor reads it in the widget and, once gone, by e-mail', async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const smtp = await startSmtp();
    const slack = await startSlackApi();
    const server = await startServer(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        RATE_LIMITS: 'off',
        SMTP_URL: smtp.url,
        STAFF_NOTIFY_EMAIL: 'desk@moip.example.kr',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'test-secret',
        SLACK_STAFF_CHANNEL: 'CSTAFF',
        SLACK_API_URL: slack.url,
        SLACK_BOT_ID: 'BBOT',
        SLACK_BOT_USER_ID: 'UBOT',
      }),
      createLogger('silent'),
    );
    const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR' });
    const staffCtx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ko-KR' });
    try {
      const store = server.app.store;
      await createStaffAccount(store, { ...STAFF, name: '김담당', role: 'admin' }, { actor: 'test' });
      const now = new Date().toISOString();
      await store.saveSavedReply({
        title: '억류 통지서 요청',
        body: '억류 통지서 사본과 상표 등록증을 보내 주시면 바로 검토하겠습니다.',
        lang: 'ko',
        citations: [{ title: '해관총서 지식재산권 보호', url: 'http://www.customs.gov.cn/' }],
        createdBy: STAFF.email,
        updatedBy: STAFF.email,
        createdAt: now,
        updatedAt: now,
      });

      // The visitor: goods detained.
      const page = await visitorCtx.newPage();
      await page.goto(`${server.url}/`);
      const widget = new WidgetPage(page);
      await widget.open();
      const answer = await widget.ask('중국 세관에서 우리 상표 제품이 억류되었다는 통지를 어제 받았습니다');
      const ticketId = Number(/#(\d+)/.exec(await answer.innerText())![1]);
      expect((await store.getTicket(ticketId))?.priority).toBe('urgent');

      // Contact details, as the widget's form sends them (POST /api/conversations/:id/contact with the token).
      const status = await page.evaluate(async () => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('ciaw:v1:'))!;
        const state = JSON.parse(localStorage.getItem(key)!);
        const id = state.conversationId;
        const token = state.convs[id].token;
        const r = await fetch(`/api/conversations/${id}/contact`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ company: '한빛화장품', person: '김민지', email: 'minji@hanbit.example.kr', phone: '02-555-0100', product: 'HANBIT 립밤' }),
        });
        return r.status;
      });
      expect(status).toBe(200);

      // Staff hear of it at once: e-mail on the loopback SMTP server, a post in the Slack staff channel.
      const mail = await smtp.waitFor((m) => m.to.includes('desk@moip.example.kr') && m.subject.includes(`#${ticketId}`));
      expect(mail.subject).toContain('세관 물품 억류');
      await smtp.waitFor((m) => m.subject.startsWith('[연락처 / Contact]') && m.text.includes('한빛화장품'));
      const post = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'CSTAFF');
      expect(JSON.stringify(post.body)).toContain(`#${ticketId}`);

      // The console: the ticket with the company, claimed, an internal note, a saved reply inserted and sent.
      const staffPage = await staffCtx.newPage();
      const errors: string[] = [];
      staffPage.on('pageerror', (e) => errors.push(e.message));
      const desk = new StaffConsole(staffPage);
      await desk.signIn(server.url, STAFF.email, STAFF.password);
      await desk.openTicket(ticketId);
      expect(await staffPage.locator('#detail .contact').innerText()).toContain('한빛화장품');
      expect(await staffPage.locator('#detail dd.deadline').innerText()).toMatch(/남음|기한 지남/);
      await desk.claim();
      const note = '내부 메모: 작년에도 같은 브랜드 건 있었음, 대리인 확인 필요';
      await staffPage.locator('#note-text').fill(note);
      await staffPage.locator('#add-note').click();
      await staffPage.locator('#detail .note', { hasText: '작년에도' }).waitFor();
      await staffPage.locator('#saved-reply').selectOption({ label: '억류 통지서 요청 (한국어)' });
      await staffPage.locator('#insert-saved').click();
      await expect.poll(() => staffPage.locator('#reply-text').inputValue()).toMatch(/억류 통지서 사본[\s\S]*출처:\n- \[해관총서 지식재산권 보호\]\(http:\/\/www\.customs\.gov\.cn\/\)/);
      await staffPage.locator('#reply-text').fill(`${await staffPage.locator('#reply-text').inputValue()}\n\n김담당 드림`);
      await staffPage.locator('#send-reply').click();
      await staffPage.locator('#detail .transcript .m.staff', { hasText: '억류 통지서 사본' }).waitFor();
      await staffPage.screenshot({ path: `${SHOTS}/staff-desk.png`, fullPage: true });

      // The visitor reads it in the widget; the note never reaches them.
      await widget.messages('staff').filter({ hasText: '억류 통지서 사본' }).waitFor({ timeout: 15_000 });
      const seen = await page.evaluate(() => document.getElementById('cia-widget-host')!.shadowRoot!.textContent ?? '');
      expect(seen).not.toContain('작년에도');
      expect(seen).not.toContain('내부 메모');
      await page.screenshot({ path: `${SHOTS}/staff-desk-widget.png` });
      // The widget was open: no e-mail for that reply.
      expect(smtp.mails.filter((m) => m.to.includes('minji@hanbit.example.kr'))).toEqual([]);

      // The visitor leaves; the next reply goes by e-mail too.
      await page.close();
      await new Promise((r) => setTimeout(r, 500));
      await staffPage.locator('#reply-text').fill('통지서를 받았습니다. 중국 대리인에게 전달했습니다.');
      await staffPage.locator('#send-reply').click();
      await staffPage.locator('#detail .transcript .m.staff', { hasText: '대리인에게 전달' }).waitFor();
      const toVisitor = await smtp.waitFor((m) => m.to.includes('minji@hanbit.example.kr'));
      expect(toVisitor.text).toContain('통지서를 받았습니다. 중국 대리인에게 전달했습니다.');
      expect(toVisitor.text).not.toContain('작년에도');
      expect(smtp.mails.filter((m) => m.to.includes('minji@hanbit.example.kr'))).toHaveLength(1);
      // The audit trail shows it all, in words.
      await staffPage.locator('#detail .audit li', { hasText: '방문자에게 이메일 발송' }).waitFor({ timeout: 10_000 });
      const audit = await staffPage.locator('#detail .audit').innerText();
      for (const w of ['티켓 접수', '담당자에게 이메일 알림', '연락처 남김', '담당 지정', '내부 메모', '답변 보냄']) expect(audit).toContain(w);
      expect(errors).toEqual([]);
    } finally {
      await visitorCtx.close();
      await staffCtx.close();
      await server.close();
      await smtp.stop();
      await slack.close();
    }
  });

  it('draws the analytics page with its charts', async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const server = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('silent'));
    const context = await browser.newContext({ viewport: { width: 1300, height: 1000 }, locale: 'ko-KR' });
    try {
      const store = server.app.store;
      await createStaffAccount(store, STAFF, { actor: 'test' });
      const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
      await seedTicket(store, { reason: 'goods_detained', priority: 'urgent', jurisdiction: 'CN', question: '중국 세관에서 물품이 억류되었습니다', at: day(3) });
      await seedTicket(store, { reason: 'unconfirmed_fact', priority: 'normal', jurisdiction: 'SA', question: '사우디 세관 등록 수수료는?', at: day(2), answerData: { notSure: 'unconfirmed_fact', confidence: 0.2 } });
      await seedTicket(store, { reason: 'unconfirmed_fact', priority: 'normal', jurisdiction: 'SA', question: '사우디아라비아 세관 등록 비용이 얼마인가요?', at: day(1), answerData: { notSure: 'unconfirmed_fact', confidence: 0.2 } });
      const conv = randomUUID();
      await store.commit({
        conversation: { id: conv, channel: 'web', userId: 'u', externalRef: null, language: 'en', tokenHash: null, state: {}, createdAt: day(1), updatedAt: day(1) },
        messages: [{ id: randomUUID(), conversationId: conv, role: 'user', text: 'How long is a recordation in Japan valid?', data: {}, createdAt: day(1) }],
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await new StaffConsole(page).signIn(server.url, STAFF.email, STAFF.password);
      await page.locator('#nav-analytics').click();
      await page.waitForURL(/\/staff\/analytics$/);
      await page.locator('#chart-days .uplot canvas').waitFor();
      await page.locator('#chart-escalations .uplot canvas').waitFor();
      expect(await page.locator('[data-kpi="conversations"] strong').innerText()).toBe('4');
      expect(await page.locator('[data-kpi="escalations"] strong').innerText()).toBe('3');
      expect(await page.locator('[data-table="questionsByMarket"]').innerText()).toMatch(/사우디아라비아\s+2/);
      const gaps = page.locator('#gap-table tr.gap');
      expect(await gaps.first().innerText()).toMatch(/사우디[\s\S]*\t2\t/);
      const csv = await page.locator('[data-table="escalationsByReason"] a.csv').getAttribute('href');
      const body = await page.evaluate(async (href) => (await fetch(href!)).text(), csv);
      expect(body).toContain('goods_detained,세관 물품 억류,1');
      await page.screenshot({ path: `${SHOTS}/staff-analytics.png`, fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });
});
