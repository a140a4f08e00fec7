import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { browserAndServer, SCREENSHOTS } from '../support/browser.js';
import { png } from '../support/files.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';
import { StaffConsole } from './pages/staff-console.js';

/**
 * The staff console in Chromium, at desktop and phone sizes, in Korean and English: axe-core (WCAG 2.1 AA) finds no
 * violation in any state (sign-in, a failed sign-in, the ticket list, an urgent ticket with contact, notes and a
 * visitor's files, a closed and rated ticket, accounts, analytics), and a visitor's photo shows as a preview and a
 * download link, never as a page.
 */
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = SCREENSHOTS;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 667 } } as const;
const LOCALES = { ko: 'ko-KR', en: 'en-US' } as const;
const ADMIN = { email: 'a11y@kipo.example', password: 'a-long-staff-password' };

let urgentId = 0;
let closedId = 0;


async function visitorCase(text: string, language: 'ko' | 'en') {
  const url = env.server!.url;
  const c = (await (await fetch(`${url}/api/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language }) })).json()) as { conversationId: string; token: string };
  const auth = { authorization: `Bearer ${c.token}` };
  const reply = await (await fetch(`${url}/api/conversations/${c.conversationId}/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json();
  return { ...c, auth, ticketId: reply.ticket.id as number };
}

const env = browserAndServer({ RATE_LIMITS: 'off' }, async (server) => {
  await addStaffUser(server.app.store, ADMIN.email, ADMIN.password, 'Kim Staff', new Date(), 'admin');
  await addStaffUser(server.app.store, 'agent@kipo.example', ADMIN.password, null);
  const url = server.url;

  // An urgent case with contact details, a photo of the fake and a note.
  const urgent = await visitorCase('중국 세관에서 저희 화장품 위조품 200박스를 억류했다는 통지를 11월 30일에 받았습니다. 어떻게 해야 하나요?', 'ko');
  urgentId = urgent.ticketId;
  await fetch(`${url}/api/conversations/${urgent.conversationId}/contact`, {
    method: 'POST',
    headers: { ...urgent.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ company: '한빛코스메틱', person: '김하나', email: 'hana@hanbit.example', phone: '+82 2 123 4567', product: '립밤' }),
  });
  const up = await fetch(`${url}/api/conversations/${urgent.conversationId}/attachments?name=${encodeURIComponent('위조품 사진.png')}`, { method: 'POST', headers: urgent.auth, body: new Blob([new Uint8Array(png(2))]) });
  expect(up.status).toBe(201);

  // A request staff answered and closed, which the visitor rated.
  const closed = await visitorCase('I need a person: our distributor in Thailand registered our brand as its own trademark', 'en');
  closedId = closed.ticketId;
  const login = await fetch(`${url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await (await fetch(`${url}/staff/api/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  const staff = (path: string, body?: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  expect((await staff(`/staff/api/desk/tickets/${urgentId}/notes`, { text: "세관 통지서 원본 요청함" })).ok).toBe(true);
  expect((await staff(`/staff/api/tickets/${closedId}/reply`, { text: 'Thank you. We will contact you with the steps for an opposition in Thailand.' })).status).toBe(200);
  expect((await staff(`/staff/api/tickets/${closedId}/resolve`)).status).toBe(200);
  const rated = await fetch(`${url}/api/conversations/${closed.conversationId}/tickets/${closedId}/rating`, { method: 'POST', headers: { ...closed.auth, 'content-type': 'application/json' }, body: JSON.stringify({ score: 4, comment: 'clear next steps' }) });
  expect(rated.status).toBe(200);
});

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => Boolean((window as unknown as { axe?: unknown }).axe)))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const a = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}

describe('the staff console in Chromium: every state, two sizes, two languages', () => {
  for (const size of Object.keys(SIZES) as Array<keyof typeof SIZES>)
    for (const lang of Object.keys(LOCALES) as Array<keyof typeof LOCALES>) {
      it(`${size} ${SIZES[size].width}×${SIZES[size].height}, ${lang}: axe finds no WCAG 2.1 AA violation; files show as previews and downloads`, async (ctx) => {
        if (!env.browser) return ctx.skip(env.skip);
        const context = await env.browser!.newContext({ viewport: SIZES[size], locale: LOCALES[lang], isMobile: size === 'phone', hasTouch: size === 'phone', reducedMotion: 'reduce', bypassCSP: true });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const found: string[] = [];
        const check = async (state: string) => {
          found.push(...(await axe(page)).map((v) => `${state}: ${v}`));
          await page.screenshot({ path: `${SHOTS}/console-${size}-${lang}-${state}.png`, fullPage: false });
        };
        try {
          const desk = new StaffConsole(page);
          await page.goto(`${env.server!.url}/staff`);
          await page.locator('#login-form').waitFor({ state: 'visible' });
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          await check('sign-in');
          await page.locator('#email').fill(ADMIN.email);
          await page.locator('#password').fill('wrong-password-here');
          await page.locator('#login-form button[type=submit]').click();
          await page.locator('#login-error').filter({ hasText: /\S/ }).waitFor();
          await check('sign-in-error');

          await desk.signIn(env.server!.url, ADMIN.email, ADMIN.password);
          await page.locator(`tr[data-ticket="${urgentId}"]`).waitFor();
          await check('tickets');

          await desk.openTicket(urgentId);
          const file = page.locator('#detail .files a.file');
          await file.first().waitFor();
          expect(await file.first().textContent()).toContain('위조품 사진.png');
          // The preview is a real image, decoded by the browser; the link downloads.
          await page.locator('#detail .files img.thumb').evaluate((img: HTMLImageElement) => img.decode());
          expect(await page.locator('#detail .files img.thumb').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
          expect(await file.first().getAttribute('download')).toBe('위조품 사진.png');
          await check('urgent-ticket');

          // Closed and rated: shown in the list filtered to closed tickets.
          await page.locator('#f-status').selectOption('resolved');
          await desk.openTicket(closedId);
          await expect.poll(() => page.locator('#detail dd.rating').textContent()).toContain('4 / 5');
          await check('closed-ticket');

          await page.locator('#nav-accounts').click();
          await page.locator('#accounts').waitFor({ state: 'visible' });
          await page.locator('#accounts table, #accounts ul').first().waitFor();
          await check('accounts');

          await page.goto(`${env.server!.url}/staff/analytics`);
          await page.locator('canvas, .u-wrap, table').first().waitFor({ timeout: 15_000 });
          await check('analytics');
        } finally {
          await context.close();
        }
        expect(found).toEqual([]);
        expect(errors).toEqual([]);
      }, 120_000);
    }
});
