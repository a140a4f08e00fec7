import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { testConfig } from '../support/core.js';
import { seedTicket } from '../support/staff-seed.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { addStaffUser } from '../../src/escalation/staff-accounts.js';
import { STAFF_LABELS } from '../../src/escalation/notifier.js';
import { StaffConsole } from './pages/staff-console.js';

const SHOTS = 'test-results/screenshots';
const STAFF = { email: 'lee@moip.example.kr', password: 'correct horse battery' };
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

/** Every code the core stores that staff could be shown: none may appear as it is. */
const CODES = [
  ...Object.keys(STAFF_LABELS.reason),
  ...Object.keys(STAFF_LABELS.status),
  ...Object.keys(STAFF_LABELS.priority),
  ...Object.keys(STAFF_LABELS.channel),
  ...Object.keys(STAFF_LABELS.role).filter((r) => r !== 'system'),
  ...Object.keys(STAFF_LABELS.right),
];
// Audit actions that are plain English words ("reply", "note") are checked through their labels instead.

function codesIn(text: string): string[] {
  const found = CODES.filter((code) => new RegExp(`(^|[^A-Za-z_])${code}($|[^A-Za-z_])`).test(text));
  // Any snake_case word is a code, whichever it is.
  const snake = text.match(/\b[a-z]+_[a-z_]+\b/g) ?? [];
  return [...new Set([...found, ...snake])];
}

async function everyTicketText(page: Page, ids: number[]): Promise<string> {
  let all = await page.locator('body').innerText();
  for (const id of ids) {
    await page.locator(`tr[data-ticket="${id}"]`).click();
    await page.locator('#detail h2', { hasText: `#${id}` }).waitFor();
    await page.locator('#detail .audit li').first().waitFor();
    all += '\n' + (await page.locator('body').innerText());
  }
  return all;
}

describe('staff console labels', () => {
  it('shows no internal code in Korean or in English', async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const server = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('silent'));
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ko-KR' });
    try {
      await addStaffUser(server.app.store, STAFF.email, STAFF.password);
      const store = server.app.store;
      const at = new Date(Date.now() - 3_600_000).toISOString();
      const tickets = [
        await seedTicket(store, { reason: 'goods_detained', priority: 'urgent', jurisdiction: 'CN', right: 'trademark', deadline: '2026-12-10', question: '중국 세관에서 물품이 억류되었습니다', at }),
        await seedTicket(store, { reason: 'human_requested', priority: 'normal', channel: 'slack', language: 'en', question: 'Can I talk to a person?', at }),
        await seedTicket(store, { reason: 'dispute', priority: 'high', status: 'claimed', claimedBy: STAFF.email, jurisdiction: 'EU', right: 'design', question: '소송 중입니다', at }),
        await seedTicket(store, { reason: 'unconfirmed_fact', priority: 'normal', status: 'answered', jurisdiction: 'SA', question: '사우디 수수료는?', at }),
        await seedTicket(store, { reason: 'uncovered_jurisdiction', priority: 'normal', jurisdiction: 'Narnia', question: '나니아 세관 등록', at }),
        await seedTicket(store, { reason: 'repeated_negative_feedback', priority: 'normal', question: '답변이 틀렸어요', at }),
        await seedTicket(store, { reason: 'low_confidence', priority: 'normal', question: '세관 등록 어렵나요', at }),
      ];
      await server.app.assistant.staffAction({ ticketId: tickets[0].id, action: 'claim', actor: STAFF.email });
      await server.app.assistant.staffAction({ ticketId: tickets[0].id, action: 'reply', actor: STAFF.email, text: '통지서를 보내 주세요.' });
      const page = await context.newPage();
      const console_ = new StaffConsole(page);
      await console_.signIn(server.url, STAFF.email, STAFF.password);
      await page.locator(`tr[data-ticket="${tickets[0].id}"]`).waitFor();
      const ids = tickets.map((t) => t.id);

      const ko = await everyTicketText(page, ids);
      expect(ko).toContain('세관 물품 억류');
      expect(ko).toContain('긴급');
      expect(ko).toContain('중국 · 상표');
      expect(ko).toContain('답변 보냄');
      expect(codesIn(ko)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/staff-labels-ko.png` });

      await page.locator('#lang').click();
      await page.locator('.list-head h1', { hasText: 'Tickets' }).waitFor();
      const en = await everyTicketText(page, ids);
      expect(en).toContain('Goods detained by customs');
      expect(en).toContain('Urgent');
      expect(en).toContain('China · Trademark');
      expect(en).toContain('Reply sent');
      expect(codesIn(en)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/staff-labels-en.png` });
    } finally {
      await context.close();
      await server.close();
    }
  });
});
