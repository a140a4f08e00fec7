import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';
import { XSS_PAYLOADS } from '../web/attack-corpus.js';
import { StaffConsole } from './pages/staff-console.js';

// The whole cross-site-scripting corpus, typed by a visitor and written by staff, rendered where people read it:
// the widget's transcript (after a reload) and the staff console's ticket. Nothing may run.
const STAFF = { email: 'xss@moip.example.kr', password: 'correct horse battery' };
let browser: Browser | null = null;
let skip = '';

beforeAll(async () => {
  const b = await launchChromium();
  if ('skip' in b) skip = b.skip;
  else browser = b;
});
afterAll(async () => {
  await browser?.close();
});

/** What ran or could run in a document (or a shadow root): executed markers, dialogs, live elements. */
async function inspect(page: Page, rootSelector: string | null) {
  return page.evaluate((sel) => {
    const root: ParentNode = sel ? (document.querySelector(sel)!.shadowRoot ?? document) : document;
    const scope = [...root.querySelectorAll('*')];
    return {
      scripts: scope.filter((e) => e.tagName === 'SCRIPT' && !(e as HTMLScriptElement).src).length,
      live: scope.filter((e) => ['IFRAME', 'OBJECT', 'EMBED', 'IMG', 'SVG', 'VIDEO', 'MATH', 'FORM', 'META', 'LINK', 'STYLE', 'BASE'].includes(e.tagName.toUpperCase()) && e.closest('.msg .bubble, .transcript .m')).map((e) => `${e.tagName}.${e.className}`),
      handlers: scope.filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length,
      badLinks: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '').filter((h) => h && !/^(https?:|mailto:|#|\/)/i.test(h)),
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    };
  }, rootSelector);
}

describe('the cross-site-scripting corpus in Chromium', () => {
  it(`renders all ${XSS_PAYLOADS.length} payloads as text in the widget and the console`, async (ctx) => {
    if (!browser) return ctx.skip(skip);
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(200);
    const server = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', RATE_LIMITS: 'off' }), createLogger('silent'));
    await addStaffUser(server.app.store, STAFF.email, STAFF.password);
    const context = await browser.newContext();
    const dialogs: string[] = [];
    try {
      // A visitor's conversation carrying the corpus (a few payloads a message), a ticket, and a staff reply with more.
      const { conversation, token } = await server.app.assistant.startConversation({ channel: 'web', userId: 'xss-visitor', language: 'en' });
      const chunks: string[] = [];
      for (let i = 0; i < XSS_PAYLOADS.length; i += 12) chunks.push(XSS_PAYLOADS.slice(i, i + 12).join('\n'));
      for (const text of chunks) await server.app.assistant.handle({ channel: 'web', conversationId: conversation.id, userId: 'xss-visitor', text: text.slice(0, 3900) });
      const handoff = await server.app.assistant.handle({ channel: 'web', conversationId: conversation.id, userId: 'xss-visitor', action: 'person' });
      const ticketId = handoff.ticket!.id;
      await server.app.assistant.staffAction({ ticketId, action: 'reply', actor: STAFF.email, text: XSS_PAYLOADS.slice(0, 40).join('\n').slice(0, 3900) });

      const page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      // The widget restores this conversation from the browser's storage, as after a reload.
      await page.addInitScript(
        ({ key, value }) => localStorage.setItem(key, value),
        { key: `ciaw:v1:${server.url}`, value: JSON.stringify({ conversationId: conversation.id, token }) },
      );
      await page.goto(`${server.url}/`);
      await page.locator('#cia-widget-host').waitFor({ state: 'attached' });
      await page.evaluate(() => (document.querySelector('#cia-widget-host')!.shadowRoot!.querySelector('.launcher') as HTMLButtonElement).click());
      await page.waitForFunction(() => (document.querySelector('#cia-widget-host')!.shadowRoot!.textContent ?? '').includes('onerror'), null, { timeout: 20_000 });
      await page.waitForTimeout(500);
      const widget = await inspect(page, '#cia-widget-host');
      expect(widget, 'widget').toEqual({ scripts: 0, live: [], handlers: 0, badLinks: [], pwned: null });

      const consolePage = await context.newPage();
      consolePage.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const staff = new StaffConsole(consolePage);
      await staff.signIn(server.url, STAFF.email, STAFF.password);
      await staff.openTicket(ticketId);
      await consolePage.locator('#detail .transcript').waitFor();
      await consolePage.waitForTimeout(500);
      expect(await consolePage.locator('#detail .transcript').innerText()).toContain('<script>alert(1)</script>');
      const desk = await inspect(consolePage, null);
      expect(desk.scripts - (await consolePage.locator('script:not([src])').count()), 'console inline scripts').toBe(0);
      expect({ handlers: desk.handlers, live: desk.live, badLinks: desk.badLinks, pwned: desk.pwned }, 'console').toEqual({ handlers: 0, live: [], badLinks: [], pwned: null });
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  }, 180_000);
});
