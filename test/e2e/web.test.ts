import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, readFileSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';
import { WidgetPage } from './pages/widget.js';
import { StaffConsole } from './pages/staff-console.js';
import { startPostgres } from '../support/postgres.js';

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

async function serve(overrides: Record<string, string> = {}) {
  const server = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', ...overrides }), createLogger('silent'));
  return server;
}

describe('web widget and staff console in Chromium', () => {
  it('a visitor asks in Korean, walks through a registration, downloads the plan, asks for a person, and sees the staff reply live', async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const server = await serve();
    await addStaffUser(server.app.store, STAFF.email, STAFF.password);
    const visitorCtx: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR', acceptDownloads: true });
    const staffCtx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const page = await visitorCtx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      const widget = new WidgetPage(page);
      await widget.open();
      expect(await page.locator('#cia-widget-host .launcher').getAttribute('aria-expanded')).toBe('true');
      // Focus moves into the panel's input when it opens.
      await page.waitForFunction(() => document.getElementById('cia-widget-host')?.shadowRoot?.activeElement?.classList.contains('input'));

      const answer = await widget.ask('중국 세관에 상표를 등록하면 몇 년간 유효한가요?');
      expect(await answer.locator('.bubble').innerText()).toMatch(/10년/);
      const cites = answer.locator('.citations a');
      expect(await cites.count()).toBeGreaterThan(0);
      expect(await cites.first().getAttribute('href')).toMatch(/^https?:\/\//);
      expect(await answer.locator('.sources summary').innerText()).toMatch(/출처/);
      await answer.locator('.sources summary').click();
      expect(await answer.locator('.citations').innerText()).toMatch(/확인일 \d{4}-\d{2}-\d{2}/);
      await page.screenshot({ path: `${SHOTS}/widget-desktop.png` });

      // The walkthrough, by clicking its choices.
      let step = await widget.ask('세관 등록을 단계별로 안내해 주세요');
      expect(await step.innerText()).toMatch(/어느 시장/);
      for (const label of [/^중국/, /^상표$/, /^네, 등록되어/, /^나중에 입력$/, /^아직 없음/, /^없음$/, /^있어요$/]) step = await widget.choose(label);
      expect(await step.innerText()).toMatch(/등록 계획이 준비되었습니다/);
      const [download] = await Promise.all([page.waitForEvent('download'), step.locator('a.download').first().click()]);
      const file = await download.path();
      expect(readFileSync(file!, 'utf8')).toMatch(/# 해외 세관 지식재산권 등록 계획[\s\S]*- \[ \] /);
      const [ics] = await Promise.all([page.waitForEvent('download'), step.locator('a.download').nth(1).click()]);
      expect(readFileSync((await ics.path())!, 'utf8')).toMatch(/BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT/);

      const handoff = await widget.talkToPerson();
      const ticketText = await handoff.innerText();
      expect(ticketText).toMatch(/티켓 #(\d+)/);
      const ticketId = Number(/티켓 #(\d+)/.exec(ticketText)![1]);

      // Staff, in a second browser context: sign in, claim, reply.
      const staffPage = await staffCtx.newPage();
      const console_ = new StaffConsole(staffPage);
      await console_.signIn(server.url, STAFF.email, STAFF.password);
      await console_.openTicket(ticketId);
      // The reason in words, never its code.
      expect(await staffPage.locator('#detail [data-reason]').getAttribute('data-reason')).toBe('human_requested');
      expect(await staffPage.locator('#detail').innerText()).not.toMatch(/human_requested/);
      await console_.claim();
      const reply = '안녕하세요, 지식재산처 담당자입니다. 중국 대리인 목록을 보내드리겠습니다.';
      await console_.reply(reply);
      await staffPage.screenshot({ path: `${SHOTS}/staff-console.png` });

      // The visitor sees it without a reload.
      await widget.messages('staff').filter({ hasText: '지식재산처 담당자' }).waitFor({ timeout: 15_000 });

      // And after a reload the conversation is still there.
      await page.reload();
      await widget.open();
      await widget.messages('staff').filter({ hasText: '지식재산처 담당자' }).waitFor({ timeout: 15_000 });
      expect(await widget.messages('user').count()).toBeGreaterThanOrEqual(3);
      expect(errors).toEqual([]);
    } finally {
      await visitorCtx.close();
      await staffCtx.close();
      await server.close();
    }
  });

  it('works on a phone-sized screen, by keyboard, in English', async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const server = await serve();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' });
    try {
      const page = await phone.newPage();
      await page.goto(`${server.url}/`);
      await page.locator('#cia-widget-host .launcher').focus();
      await page.keyboard.press('Enter');
      const widget = new WidgetPage(page);
      await widget.panel.waitFor({ state: 'visible' });
      const box = await widget.panel.boundingBox();
      expect(box!.width).toBeGreaterThanOrEqual(380);
      await page.locator('#cia-widget-host .chip', { hasText: 'English' }).click();
      const answer = await widget.ask('How long is a customs recordation in China valid?');
      expect(await answer.innerText()).toMatch(/10 years/);
      await page.screenshot({ path: `${SHOTS}/widget-phone.png` });
      await page.keyboard.press('Escape');
      await widget.panel.waitFor({ state: 'hidden' });
    } finally {
      await phone.close();
      await server.close();
    }
  });

  it('renders hostile content from knowledge, users and staff as text: nothing runs', async (ctx) => {
    if (!browser) return ctx.skip(skip);
    // A knowledge base whose texts and source titles carry markup and script.
    const dir = mkdtempSync(join(tmpdir(), 'hostile-kb-'));
    cpSync('knowledge', dir, { recursive: true });
    const file = join(dir, 'jurisdictions', 'cn.yaml');
    const cn = YAML.parse(readFileSync(file, 'utf8'));
    cn.facts.validity.ko = `${cn.facts.validity.ko} <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> [클릭](javascript:window.__pwned=3)`;
    cn.sources[0].title = '<script>window.__pwned=4</script><b onclick="window.__pwned=5">법령</b>';
    writeFileSync(file, YAML.stringify(cn));
    const server = await serve({ KNOWLEDGE_DIR: dir });
    await addStaffUser(server.app.store, STAFF.email, STAFF.password);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${server.url}/`);
      const widget = new WidgetPage(page);
      await widget.open();
      await widget.ask('<script>window.__pwned=6</script><img src=x onerror="alert(1)"> 중국 세관 등록 유효기간은?');
      const handoff = await widget.talkToPerson();
      const id = Number(/#(\d+)/.exec(await handoff.innerText())![1]);
      await server.app.assistant.staffAction({
        ticketId: id,
        action: 'reply',
        actor: STAFF.email,
        text: '<img src=x onerror="window.__pwned=7"> **굵게** [nasty](javascript:window.__pwned=8) [data](data:text/html,<script>alert(1)</script>) [ok](https://example.org)',
      });
      const staffMsg = widget.messages('staff').last();
      await staffMsg.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);

      const report = await page.evaluate(() => {
        const root = document.getElementById('cia-widget-host')!.shadowRoot!;
        return {
          pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
          scripts: root.querySelectorAll('script').length,
          imgs: root.querySelectorAll('img').length,
          handlers: [...root.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
          badLinks: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '').filter((h) => !/^https?:/.test(h)),
          text: root.textContent ?? '',
        };
      });
      expect(report.pwned).toBeNull();
      expect(report.scripts).toBe(0);
      expect(report.imgs).toBe(0);
      expect(report.handlers).toBe(0);
      expect(report.badLinks).toEqual([]);
      expect(report.text).toContain('<script>window.__pwned=4</script>');
      expect(report.text).toContain('onerror="window.__pwned=7"');
      expect(await staffMsg.locator('strong').innerText()).toBe('굵게');
      expect(await staffMsg.locator('a').getAttribute('href')).toBe('https://example.org/');
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });
});

describe('two server instances sharing PostgreSQL', () => {
  // Two servers, a database and two browser contexts on two cores: one retry absorbs a slow machine, not a lost reply
  // (each try starts from a fresh database and fresh servers).
  it('a staff reply made on one instance reaches the widget connected to the other, live', { retry: 1 }, async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const pg = await startPostgres();
    if ('skip' in pg) return ctx.skip(pg.skip);
    const a = await serve({ DATABASE_URL: pg.url });
    const b = await serve({ DATABASE_URL: pg.url });
    expect(a.app.store.kind).toBe('postgres');
    const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR', acceptDownloads: true });
    const staffCtx = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ko-KR' });
    try {
      await addStaffUser(b.app.store, STAFF.email, STAFF.password);
      const page = await visitorCtx.newPage();
      await page.goto(`${a.url}/`);
      const widget = new WidgetPage(page);
      await widget.open();
      const answer = await widget.ask('베트남 세관 등록 유효기간은 얼마인가요?');
      expect(await answer.locator('.citations a').count()).toBeGreaterThan(0);
      // The walkthrough and the plan download work the same on a shared database.
      let step = await widget.ask('세관 등록을 단계별로 안내해 주세요');
      for (const label of [/^중국/, /^상표$/, /^네, 등록되어/, /^나중에 입력$/, /^아직 없음/, /^없음$/, /^있어요$/]) step = await widget.choose(label);
      expect(await step.innerText()).toMatch(/등록 계획이 준비되었습니다/);
      const [download] = await Promise.all([page.waitForEvent('download'), step.locator('a.download').first().click()]);
      expect(readFileSync((await download.path())!, 'utf8')).toMatch(/# 해외 세관 지식재산권 등록 계획/);
      const handoff = await widget.talkToPerson();
      const ticketId = Number(/티켓 #(\d+)/.exec(await handoff.innerText())![1]);

      const staffPage = await staffCtx.newPage();
      const console_ = new StaffConsole(staffPage);
      await console_.signIn(b.url, STAFF.email, STAFF.password);
      // A Korean browser gets the Korean console.
      expect(await staffPage.locator('.list-head h1').innerText()).toBe('티켓');
      await console_.openTicket(ticketId);
      await console_.claim();
      await staffPage.screenshot({ path: `${SHOTS}/staff-console-ko.png` });
      await console_.reply('다른 서버에서 보낸 담당자 답변입니다.');
      await widget.messages('staff').filter({ hasText: '다른 서버에서 보낸' }).waitFor({ timeout: 15_000 });
      const ticket = await a.app.store.getTicket(ticketId);
      expect(ticket?.status).toBe('answered');
    } finally {
      await visitorCtx.close();
      await staffCtx.close();
      await a.close();
      await b.close();
      await pg.stop();
    }
  });
});
