import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { browserAndServer, SCREENSHOTS } from '../support/browser.js';
import { png } from '../support/files.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';
import { VisitorWidget, type AxeViolation } from './pages/visitor-widget.js';
import { StaffConsole } from './pages/staff-console.js';

/**
 * A visitor's file, end to end in Chromium: attached in the widget, refused when it is not a document or a photo,
 * seen and downloaded by staff in the console, never opened as a page; and the satisfaction question when staff
 * close the request, answered in the widget and kept across a reload.
 */
const SHOTS = SCREENSHOTS;
const STAFF = { email: 'files-e2e@kipo.example', password: 'a-long-staff-password' };



const env = browserAndServer({ RATE_LIMITS: 'off' }, async (server) => {
  await addStaffUser(server.app.store, STAFF.email, STAFF.password);
});

const noViolations = (state: string, v: AxeViolation[]) => expect(v.map((x) => `${state}: ${x.id} ${x.help} ${x.nodes.slice(0, 3).join(' ')}`)).toEqual([]);

describe('attachments and the satisfaction question, widget to console', () => {
  it('a photo of a fake reaches the staff on the case as a download; an SVG is refused; the closed request is rated and the rating survives a reload', async (ctx) => {
    if (!env.browser) return ctx.skip(env.skip);
    const visitor = await env.browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR', acceptDownloads: true, reducedMotion: 'reduce', bypassCSP: true });
    const staffCtx = await env.browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR', acceptDownloads: true });
    const errors: string[] = [];
    try {
      const page = await visitor.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${env.server!.url}/`);
      const widget = new VisitorWidget(page);
      await widget.open();
      const answer = await widget.ask('태국 세관에 저희 화장품 위조품이 억류됐다는 통지를 오늘 받았어요. 통지서를 보내도 될까요?');
      const ticketId = Number(/#(\d+)/.exec(await answer.innerText())![1]);
      expect(ticketId).toBeGreaterThan(0);

      // The paperclip is a labelled 44 px button; the picker is out of the tab order.
      const clip = page.locator('#cia-widget-host button.attach');
      expect(await clip.getAttribute('aria-label')).toMatch(/파일 첨부/);
      const box = (await clip.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
      const picker = page.locator('#cia-widget-host input[type=file]');
      expect(await picker.getAttribute('tabindex')).toBe('-1');

      const before = await widget.messages('assistant').count();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clip.click()]);
      await chooser.setFiles({ name: '위조품 사진.png', mimeType: 'image/png', buffer: png() });
      const reply = await widget.waitForAssistant(before);
      await expect.poll(() => reply.innerText()).toContain(`#${ticketId}`);
      expect(await widget.userBubbles()).toContain('📎 위조품 사진.png (1 KB)');
      expect(await page.locator('#cia-widget-host .msg.user', { hasText: '위조품 사진.png' }).count()).toBe(1);
      noViolations('after a file', await widget.axe());

      // An SVG (a picture that can run script) is refused in the visitor's language, and no bubble stays.
      const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), clip.click()]);
      await chooser2.setFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>') });
      await page.locator('#cia-widget-host .banner', { hasText: 'PDF, JPEG, PNG' }).waitFor();
      expect(await page.locator('#cia-widget-host .msg.user', { hasText: 'logo.svg' }).count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/widget-desktop-ko-attachment.png` });

      // Staff see the file on the ticket, as a preview and a download.
      const staffPage = await staffCtx.newPage();
      staffPage.on('pageerror', (e) => errors.push(e.message));
      const desk = new StaffConsole(staffPage);
      await desk.signIn(env.server!.url, STAFF.email, STAFF.password);
      await desk.openTicket(ticketId);
      const link = staffPage.locator('#detail .files a.file');
      await link.waitFor();
      const [download] = await Promise.all([staffPage.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('위조품 사진.png');
      expect(readFileSync((await download.path())!).equals(png())).toBe(true);
      expect(await staffPage.locator('#detail .transcript a.file', { hasText: '위조품 사진.png' }).count()).toBe(1);
      // Opened directly, the file is downloaded, never shown as a page.
      const href = (await link.getAttribute('href'))!;
      const direct = await staffPage.request.get(`${env.server!.url}${href}`);
      expect(direct.headers()['content-disposition']).toMatch(/^attachment/);
      expect(direct.headers()['content-security-policy']).toMatch(/sandbox/);
      const tab = await staffCtx.newPage();
      const [opened] = await Promise.all([tab.waitForEvent('download'), tab.goto(`${env.server!.url}${href}`).catch(() => null)]);
      expect(opened.suggestedFilename()).toBe('위조품 사진.png');
      await staffPage.screenshot({ path: `${SHOTS}/console-desktop-ko-attachment.png` });

      // Staff close the request: the widget asks how it went; the answer is kept across a reload.
      await staffPage.locator('#resolve').click();
      await staffPage.locator('#detail dd[data-status="resolved"]').waitFor();
      const survey = page.locator('#cia-widget-host .survey');
      await survey.waitFor({ timeout: 15_000 });
      noViolations('survey', await widget.axe());
      await survey.locator('button[data-score="4"]').click();
      await expect.poll(() => survey.locator('button[data-score="4"]').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(async () => (await env.server!.app.store.getTicketRating(ticketId))?.score).toBe(4);
      await page.screenshot({ path: `${SHOTS}/widget-desktop-ko-survey.png` });
      await page.reload();
      await widget.open();
      await expect.poll(() => page.locator('#cia-widget-host .survey button[data-score="4"]').getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
      expect(await page.locator('#cia-widget-host .survey button[aria-pressed="true"]').count()).toBe(1);
      await staffPage.reload();
      await staffPage.locator('#f-status').selectOption('resolved');
      await desk.openTicket(ticketId);
      await expect.poll(() => staffPage.locator('#detail dd.rating').textContent()).toContain('4 / 5');
      expect(errors).toEqual([]);
    } finally {
      await visitor.close();
      await staffCtx.close();
    }
  }, 120_000);

  const OTHERS = [
    ['desktop', 'en', { width: 1280, height: 800 }],
    ['phone', 'ko', { width: 375, height: 667 }],
    ['phone', 'en', { width: 375, height: 667 }],
  ] as const;
  for (const [size, lang, viewport] of OTHERS)
    it(`${size} ${viewport.width}×${viewport.height}, ${lang}: a file sent, a refusal and the satisfaction question are axe-clean and in the visitor's language`, async (ctx) => {
      if (!env.browser) return ctx.skip(env.skip);
      const phone = size === 'phone';
      const context = await env.browser!.newContext({ viewport, locale: lang === 'ko' ? 'ko-KR' : 'en-US', isMobile: phone, hasTouch: phone, reducedMotion: 'reduce', bypassCSP: true });
      try {
        const page = await context.newPage();
        await page.goto(`${env.server!.url}/`);
        if (lang === 'en') await page.evaluate(() => (window as unknown as { CustomsIPWidget: { setLanguage: (l: string) => void } }).CustomsIPWidget.setLanguage('en'));
        const widget = new VisitorWidget(page);
        await widget.open();
        const handoff = await widget.talkToPerson();
        const ticketId = Number(/#(\d+)/.exec(await handoff.innerText())![1]);
        const clip = page.locator('#cia-widget-host button.attach');
        const before = await widget.messages('assistant').count();
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clip.click()]);
        await chooser.setFiles({ name: 'notice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
        await widget.waitForAssistant(before);
        noViolations(`${size} ${lang} file sent`, await widget.axe());
        const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), clip.click()]);
        await chooser2.setFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
        await page.locator('#cia-widget-host .banner', { hasText: lang === 'ko' ? '첨부할 수 있습니다' : 'can be attached' }).waitFor();
        noViolations(`${size} ${lang} file refused`, await widget.axe());
        await env.server!.app.assistant.staffAction({ ticketId, action: 'resolve', actor: STAFF.email });
        const survey = page.locator('#cia-widget-host .survey');
        await survey.waitFor({ timeout: 15_000 });
        expect(await survey.getAttribute('aria-label')).toMatch(lang === 'ko' ? /만족도/ : /satisfied/);
        for (const b of await survey.locator('button').all()) {
          const r = (await b.boundingBox())!;
          expect(Math.min(r.width, r.height)).toBeGreaterThanOrEqual(44);
        }
        noViolations(`${size} ${lang} survey`, await widget.axe());
        await survey.locator('button[data-score="2"]').click();
        await survey.locator('.survey-thanks').waitFor();
        noViolations(`${size} ${lang} survey answered`, await widget.axe());
        await page.screenshot({ path: `${SHOTS}/widget-${size}-${lang}-survey.png` });
      } finally {
        await context.close();
      }
    }, 120_000);
});
