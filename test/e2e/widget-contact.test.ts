import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAndServer, SCREENSHOTS } from '../support/browser.js';
import { createStaffAccount } from '../../src/escalation/staff-accounts.js';
import { VisitorWidget, type AxeViolation } from './pages/visitor-widget.js';
import { StaffConsole } from './pages/staff-console.js';

/**
 * Contact details on escalation, as a visitor leaves them: the widget offers one short optional form under the reply
 * that opened a ticket, in the visitor's language, accessible (labels, focus, 44 px targets, axe-clean), and the
 * staff console shows what was left.
 */
const SHOTS = SCREENSHOTS;
const STAFF = { email: 'kim@moip.example.kr', password: 'correct horse battery' };

const env = browserAndServer({ RATE_LIMITS: 'off' }, async (server) => {
  await createStaffAccount(server.app.store, { ...STAFF, name: '김담당', role: 'agent' }, { actor: 'test' });
});

function noViolations(state: string, v: AxeViolation[]) {
  expect(v.map((x) => `${state}: ${x.id} (${x.impact}) ${x.help} ${x.nodes.slice(0, 3).join(' ')}`)).toEqual([]);
}

/** Every control of the contact form smaller than `min` px either way. */
const smallControls = (page: Page, min: number) =>
  page.evaluate((m) => {
    const box = document.getElementById('cia-widget-host')!.shadowRoot!.querySelector('.contact')!;
    return [...box.querySelectorAll<HTMLElement>('button, input')]
      .map((n) => ({ n, r: n.getBoundingClientRect() }))
      .filter(({ r }) => r.width && r.height && (r.width < m - 0.5 || r.height < m - 0.5))
      .map(({ n, r }) => `${n.tagName.toLowerCase()}.${n.className} ${Math.round(r.width)}x${Math.round(r.height)}`);
  }, min);

/** Where the focus is inside the widget: the focused element's id or class. */
const focusedIn = (page: Page) =>
  page.evaluate(() => {
    const a = document.getElementById('cia-widget-host')!.shadowRoot!.activeElement as HTMLElement | null;
    return a ? a.id || a.className : 'none';
  });

describe('contact details on escalation, in the widget', () => {
  it('a visitor with goods detained leaves contact details (Korean, desktop, keyboard); the console shows them', async (ctx) => {
    if (!env.browser) return ctx.skip(env.skip);
    const visitorCtx = await env.browser!.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR', reducedMotion: 'reduce', bypassCSP: true });
    const staffCtx = await env.browser!.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ko-KR' });
    try {
      const page = await visitorCtx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${env.server!.url}/`);
      const widget = new VisitorWidget(page);
      await widget.open();
      const answer = await widget.ask('중국 세관에서 우리 상표 제품이 억류되었다는 통지를 어제 받았습니다');
      const ticketId = Number(/#(\d+)/.exec(await answer.locator('.badge').innerText())![1]);

      // The form, under the reply that opened the ticket, in Korean, with its one line on what it is for.
      const box = answer.locator('.contact');
      await box.locator('form').waitFor();
      expect(await box.locator('h3').innerText()).toBe('연락처 남기기 (선택)');
      expect(await box.locator('.contact-why').innerText()).toMatch(/회사에 연락.*이메일/);
      for (const label of ['회사명', '담당자 이름', '이메일', '전화번호', '제품 또는 브랜드']) await box.getByLabel(label, { exact: true }).waitFor();
      expect(await box.getByLabel('이메일', { exact: true }).getAttribute('type')).toBe('email');
      expect(await box.getByLabel('전화번호', { exact: true }).getAttribute('autocomplete')).toBe('tel');
      // Screen readers hear that the form is there with the reply.
      await expect.poll(async () => (await widget.liveText()).text, { timeout: 5000 }).toContain('연락처를 남길 수 있습니다');
      noViolations('contact form', await widget.axe());
      expect(await smallControls(page, 44)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/widget-contact-ko-form.png` });

      // Sent empty: said why, in Korean, the fields marked, the focus on the first of them.
      await box.locator('.contact-send').click();
      await box.locator('.contact-error').waitFor();
      expect(await box.locator('.contact-error').innerText()).toContain('회사명, 이메일, 전화번호 중 하나 이상');
      expect(await box.getByLabel('회사명', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await focusedIn(page)).toBe('cia-contact-company');
      noViolations('contact form with an error', await widget.axe());

      // A mistyped e-mail: refused here, before the server.
      await page.keyboard.type('한빛화장품');
      await box.getByLabel('이메일', { exact: true }).fill('minji@hanbit');
      await box.getByLabel('이메일', { exact: true }).press('Enter');
      await expect.poll(() => box.locator('.contact-error').innerText()).toContain('이메일 주소 형식');
      expect(await focusedIn(page)).toBe('cia-contact-email');
      expect(await box.getByLabel('회사명', { exact: true }).inputValue()).toBe('한빛화장품');

      // Filled in from the keyboard and sent.
      await page.keyboard.press('Control+A');
      await page.keyboard.type('minji@hanbit.example.kr');
      await page.keyboard.press('Tab');
      expect(await focusedIn(page)).toBe('cia-contact-phone');
      await page.keyboard.type('02-555-0100');
      await page.keyboard.press('Tab');
      await page.keyboard.type('HANBIT 립밤');
      await box.getByLabel('담당자 이름', { exact: true }).fill('김민지');
      await box.getByLabel('제품 또는 브랜드', { exact: true }).press('Enter');
      await box.locator('.contact-done').waitFor();
      expect(await box.innerText()).toContain('연락처를 받았습니다');
      expect(await box.locator('.contact-summary').innerText()).toBe('한빛화장품 · 김민지 · minji@hanbit.example.kr · 02-555-0100 · HANBIT 립밤');
      // The focus moved to the button that opens the form again (never to the page).
      expect(await focusedIn(page)).toContain('contact-open');
      await expect.poll(async () => (await widget.liveText()).text).toContain('연락처를 받았습니다');
      noViolations('contact saved', await widget.axe());
      await page.screenshot({ path: `${SHOTS}/widget-contact-ko-saved.png` });

      // Stored with the ticket, audited and announced as an event.
      const store = env.server!.app.store;
      const ticket = (await store.getTicket(ticketId))!;
      expect(await store.getContact(ticket.conversationId)).toEqual(
        expect.objectContaining({ company: '한빛화장품', person: '김민지', email: 'minji@hanbit.example.kr', phone: '02-555-0100', product: 'HANBIT 립밤' }),
      );
      expect((await store.listAudit('ticket', String(ticketId))).map((a) => a.action)).toContain('contact');

      // After a reload the form knows what was left (GET prefills): saved, and opened again with the values in it.
      await page.reload();
      await widget.open();
      const again = widget.messages('assistant').filter({ has: page.locator('.badge') }).last().locator('.contact');
      await again.locator('.contact-done').waitFor({ timeout: 15_000 });
      await again.locator('.contact-open').click();
      expect(await again.getByLabel('회사명', { exact: true }).inputValue()).toBe('한빛화장품');
      expect(await focusedIn(page)).toBe('cia-contact-company');
      await again.getByLabel('전화번호', { exact: true }).fill('02-555-0199');
      await again.locator('.contact-send').click();
      await expect.poll(() => again.locator('.contact-summary').innerText().catch(() => '')).toContain('02-555-0199');
      expect((await store.getContact(ticket.conversationId))?.phone).toBe('02-555-0199');

      // The console: the ticket shows the company's contact details.
      const staffPage = await staffCtx.newPage();
      const desk = new StaffConsole(staffPage);
      await desk.signIn(env.server!.url, STAFF.email, STAFF.password);
      await desk.openTicket(ticketId);
      const shown = await staffPage.locator('#detail .contact').innerText();
      for (const v of ['한빛화장품', '김민지', 'minji@hanbit.example.kr', '02-555-0199', 'HANBIT 립밤']) expect(shown).toContain(v);
      await staffPage.screenshot({ path: `${SHOTS}/widget-contact-console.png` });

      // Once staff close the ticket the form goes away (the server would refuse it: no open request).
      await env.server!.app.assistant.staffAction({ ticketId, action: 'resolve', actor: STAFF.email });
      await page.locator('#cia-widget-host .contact').waitFor({ state: 'detached', timeout: 15_000 });
      expect(errors).toEqual([]);
    } finally {
      await visitorCtx.close();
      await staffCtx.close();
    }
  });

  it('in English on a phone: English labels, 44 px targets, axe-clean; "Not now" puts it off and it can be opened again; focus stays in the panel', async (ctx) => {
    if (!env.browser) return ctx.skip(env.skip);
    const context = await env.browser!.newContext({ viewport: { width: 375, height: 667 }, locale: 'en-US', isMobile: true, hasTouch: true, reducedMotion: 'reduce', bypassCSP: true });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${env.server!.url}/`);
      await page.evaluate(() => (window as unknown as { CustomsIPWidget: { setLanguage: (l: string) => void } }).CustomsIPWidget.setLanguage('en'));
      const widget = new VisitorWidget(page);
      await widget.open();
      await widget.ask('How long is a customs recordation in China valid?');
      const handoff = await widget.talkToPerson();
      const box = handoff.locator('.contact');
      await box.locator('form').waitFor();
      expect(await box.getAttribute('lang')).toBe('en');
      expect(await box.locator('h3').innerText()).toBe('Leave your contact details (optional)');
      for (const label of ['Company', 'Contact person', 'E-mail', 'Phone', 'Product or brand']) await box.getByLabel(label, { exact: true }).waitFor();
      noViolations('phone contact form', await widget.axe());
      expect(await smallControls(page, 44)).toEqual([]);
      expect(await widget.smallTargets(44)).toEqual([]);
      // Inputs at 16 px: phones do not zoom into them.
      expect(await box.getByLabel('Company', { exact: true }).evaluate((n) => getComputedStyle(n).fontSize)).toBe('16px');
      await box.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/widget-contact-phone-en-form.png` });

      // Tab reaches the fields and stays in the full-screen panel.
      await box.getByLabel('Company', { exact: true }).focus();
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        expect((await widget.focus()).where).toBe('widget');
      }

      // Not now: a button to open it again, focused; remembered across a reload.
      await box.locator('.contact-later').click();
      await box.locator('.contact-open').waitFor();
      expect(await box.locator('.contact-open').innerText()).toBe('Leave contact details');
      expect(await focusedIn(page)).toContain('contact-open');
      await page.reload();
      await widget.open();
      const later = page.locator('#cia-widget-host .contact');
      await later.locator('.contact-open').waitFor({ timeout: 15_000 });
      expect(await later.locator('form').count()).toBe(0);
      await later.locator('.contact-open').click();
      await later.getByLabel('E-mail', { exact: true }).fill('buyer@brand.example.com');
      // Switching the language redraws the form and keeps what was typed.
      await page.evaluate(() => (window as unknown as { CustomsIPWidget: { setLanguage: (l: string) => void } }).CustomsIPWidget.setLanguage('ko'));
      expect(await later.getByLabel('이메일', { exact: true }).inputValue()).toBe('buyer@brand.example.com');
      await page.evaluate(() => (window as unknown as { CustomsIPWidget: { setLanguage: (l: string) => void } }).CustomsIPWidget.setLanguage('en'));
      await later.getByLabel('Phone', { exact: true }).fill('12');
      await later.locator('.contact-send').click();
      await expect.poll(() => later.locator('.contact-error').innerText().catch(() => '')).toContain('phone number in digits');
      await later.getByLabel('Phone', { exact: true }).fill('');
      await later.locator('.contact-send').click();
      await later.locator('.contact-done').waitFor();
      expect(await later.locator('.contact-summary').innerText()).toBe('buyer@brand.example.com');
      noViolations('phone contact saved', await widget.axe());
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
