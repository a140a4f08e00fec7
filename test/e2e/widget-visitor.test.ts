import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAndServer, SCREENSHOTS } from '../support/browser.js';
import { VisitorWidget, type AxeViolation } from './pages/visitor-widget.js';

/**
 * The visitor's side in Chromium: accessibility (axe-core, WCAG 2.1 AA) on every widget state at desktop and phone
 * sizes in Korean and English, a keyboard-only run, Korean line breaking, phone layout, staff replies that are never
 * lost, and actions shown as what the person chose.
 */
const SHOTS = SCREENSHOTS;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 667 } } as const;
const LANGS = { ko: 'ko-KR', en: 'en-US' } as const;
const ID_LIKE = /^(wt:|feedback:|person$)|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/;


const env = browserAndServer({ RATE_LIMITS: 'off' });

async function visit(size: keyof typeof SIZES, lang: keyof typeof LANGS): Promise<{ context: BrowserContext; page: Page; widget: VisitorWidget; errors: string[] }> {
  const phone = size === 'phone';
  const context = await env.browser!.newContext({ viewport: SIZES[size], locale: LANGS[lang], isMobile: phone, hasTouch: phone, acceptDownloads: true, reducedMotion: 'reduce', bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server!.url}/`);
  // The demo page is Korean; the widget follows the browser when the page does not say otherwise.
  if (lang === 'en') await page.evaluate(() => (window as unknown as { CustomsIPWidget: { setLanguage: (l: string) => void } }).CustomsIPWidget.setLanguage('en'));
  return { context, page, widget: new VisitorWidget(page), errors };
}

function noViolations(state: string, v: AxeViolation[]) {
  expect(v.map((x) => `${state}: ${x.id} (${x.impact}) ${x.help} ${x.nodes.slice(0, 3).join(' ')}`)).toEqual([]);
}

const Q = {
  ko: { question: '중국 세관에 상표를 등록하면 몇 년간 유효한가요?', long: '베트남 세관에 상표를 등록하려면 어떤 서류가 필요하고 얼마나 걸리나요?', market: /^베트남/ },
  en: { question: 'How long is a customs recordation in China valid?', long: 'What documents does Vietnam customs need to record a trademark, and how long does it take?', market: /^Vietnam/ },
};

describe('the widget in Chromium: accessibility at two sizes and in two languages', () => {
  for (const size of ['desktop', 'phone'] as const)
    for (const lang of ['ko', 'en'] as const)
      it(`${size} ${SIZES[size].width}×${SIZES[size].height}, ${lang}: axe finds no WCAG 2.1 AA violation in any state; actions show as labels; stale choices are disabled and marked`, async (ctx) => {
        if (!env.browser) return ctx.skip(env.skip);
        const { context, page, widget, errors } = await visit(size, lang);
        const shot = (state: string) => page.screenshot({ path: `${SHOTS}/widget-${size}-${lang}-${state}.png` });
        try {
          noViolations('closed', await widget.axe());
          await widget.open();
          // Home: what the assistant does, questions to try in the visitor's language, staff hours, the plan entry.
          const home = page.locator('#cia-widget-host .home');
          await home.waitFor();
          expect(await home.locator('.suggest').count()).toBeGreaterThanOrEqual(3);
          expect(await home.innerText()).toMatch(lang === 'ko' ? /상담 시간[\s\S]*평일 09:00–18:00/ : /Staff hours[\s\S]*Weekdays 09:00–18:00/);
          expect(await home.locator('.start-plan').innerText()).toBe(lang === 'ko' ? '등록 계획 세우기 시작' : 'Start a registration plan');
          noViolations('home', await widget.axe());
          await shot('home');

          // A suggested question, answered.
          const before = await widget.messages('assistant').count();
          await home.locator('.suggest').nth(1).click();
          const answer = await widget.waitForAssistant(before);
          await answer.locator('.feedback').waitFor();
          expect(await answer.getAttribute('lang')).toBe(lang);
          await answer.locator('.sources summary').click();
          noViolations('answer', await widget.axe());
          await shot('answer');

          // Thumbs: shown on the answer as pressed, never as an id in the chat.
          await answer.locator('.thumb').first().click();
          await answer.locator('.thanks').waitFor();
          expect(await answer.locator('.thumb').first().getAttribute('aria-pressed')).toBe('true');
          noViolations('rated', await widget.axe());

          // The walkthrough: choices, then stale choices after the next step.
          let step = await widget.ask(lang === 'ko' ? '세관 등록을 단계별로 안내해 주세요' : 'Walk me through registering with customs');
          step = await widget.choose(Q[lang].market);
          const stale = widget.messages('assistant').nth(-2).locator('.choices');
          expect(await stale.getAttribute('data-stale')).toBe('done');
          expect(await stale.locator('button:not([disabled])').count()).toBe(0);
          expect(await stale.locator('button.chosen').innerText()).toMatch(Q[lang].market);
          expect(await stale.locator('.stale-note').innerText()).toBe(lang === 'ko' ? '지난 단계의 선택지입니다' : 'Options from an earlier step');
          expect(await step.locator('.choices button:not([disabled])').count()).toBeGreaterThan(0);
          noViolations('walkthrough', await widget.axe());
          await shot('walkthrough');

          // A person: the ticket, then a staff reply that arrives live.
          const handoff = await widget.talkToPerson();
          expect(await handoff.innerText()).toMatch(lang === 'ko' ? /티켓 #\d+/ : /Ticket #\d+/);
          const staffText = lang === 'ko' ? `담당자 ${size} 답변입니다. 베트남 대리인을 소개해 드리겠습니다.` : `A ${size} reply from staff: we will introduce an agent in Vietnam.`;
          const ticketId = Number(/#(\d+)/.exec(await handoff.innerText())![1]);
          await env.server!.app.assistant.staffAction({ ticketId, action: 'reply', actor: 'kim@moip.example.kr', text: staffText });
          const staffMsg = widget.messages('staff').filter({ hasText: staffText.slice(0, 12) });
          await staffMsg.waitFor({ timeout: 15_000 });
          expect(await staffMsg.getAttribute('lang')).toBe(lang);
          noViolations('staff reply', await widget.axe());
          await shot('staff');

          // No bubble shows an internal id: chosen actions show their labels.
          const users = await widget.userBubbles();
          expect(users.filter((u) => ID_LIKE.test(u))).toEqual([]);
          expect(users.some((u) => Q[lang].market.test(u))).toBe(true);

          // The confirmation before a new chat drops nothing: an open ticket stays in this browser's history.
          await page.locator('#cia-widget-host .home-btn').click();
          await home.locator('.new-chat').click();
          const confirm = page.locator('#cia-widget-host .confirm');
          await confirm.waitFor();
          expect(await confirm.innerText()).toContain(`#${ticketId}`);
          noViolations('confirm new chat', await widget.axe());
          await shot('confirm-new');
          await confirm.locator('.primary').click();
          expect(await home.locator('.history .conv').count()).toBeGreaterThanOrEqual(1);
          expect(await home.locator('.history').innerText()).toContain(`#${ticketId}`);
          noViolations('history', await widget.axe());
          await shot('history');
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });
});

describe('Korean typesetting and the phone layout', () => {
  it('at 375 px Korean answers break between words, the title stays whole, the message area is usable and targets are 44 px', async (ctx) => {
    if (!env.browser) return ctx.skip(env.skip);
    const { context, page, widget } = await visit('phone', 'ko');
    try {
      await widget.open();
      const title = await widget.koreanBreaks('.title');
      expect(title.inside).toBe(0);
      const answer = await widget.ask(Q.ko.long);
      await answer.locator('.feedback').waitFor();
      const breaks = await widget.koreanBreaks('.msg .bubble');
      expect(breaks.total).toBeGreaterThan(3);
      expect(breaks.samples).toEqual([]);
      const view = page.viewportSize()!;
      const log = (await page.locator('#cia-widget-host .log').boundingBox())!;
      expect(log.height / view.height).toBeGreaterThanOrEqual(0.7);
      expect(await widget.smallTargets(44)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/widget-phone-ko-typesetting.png` });
    } finally {
      await context.close();
    }
  });
});

describe('a staff reply is never lost', () => {
  it('a reply sent while the widget is closed shows a badge and a title, survives a reload, and is announced on opening', async (ctx) => {
    if (!env.browser) return ctx.skip(env.skip);
    const { context, page, widget, errors } = await visit('desktop', 'ko');
    try {
      await widget.open();
      await widget.ask(Q.ko.question);
      const handoff = await widget.talkToPerson();
      const ticketId = Number(/#(\d+)/.exec(await handoff.innerText())![1]);
      await page.keyboard.press('Escape');
      await widget.panel.waitFor({ state: 'hidden' });
      const title = await page.title();
      const reply = '닫혀 있는 동안 보낸 담당자 답변입니다.';
      await env.server!.app.assistant.staffAction({ ticketId, action: 'reply', actor: 'kim@moip.example.kr', text: reply });
      await widget.badge.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await widget.badge.innerText()).toBe('1');
      expect(await page.title()).toBe(`(1) ${title}`);
      expect(await widget.launcher.getAttribute('aria-label')).toMatch(/새 답변: 1/);
      noViolations('badge', await widget.axe());
      await page.screenshot({ path: `${SHOTS}/widget-desktop-ko-unread.png` });

      await page.reload();
      await widget.badge.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await widget.badge.innerText()).toBe('1');
      await widget.launcher.click();
      await widget.panel.waitFor();
      await widget.messages('staff').filter({ hasText: '닫혀 있는 동안' }).waitFor({ timeout: 15_000 });
      await expect.poll(async () => (await widget.liveText()).text, { timeout: 5000 }).toContain(reply);
      expect((await widget.liveText()).lang).toBe('ko');
      expect(await page.locator('#cia-widget-host .new-marker').count()).toBe(1);
      expect(await widget.badge.isVisible()).toBe(false);
      expect(await page.title()).toBe(title);
      await page.screenshot({ path: `${SHOTS}/widget-desktop-ko-announced.png` });

      // The transcript, as a file.
      await page.locator('#cia-widget-host .home-btn').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#cia-widget-host .home .transcript').click()]);
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text).toContain(Q.ko.question);
      expect(text).toContain(reply);
      expect(text).toMatch(/담당자 연결/);
      expect(text).not.toMatch(/\bperson\b|wt:|feedback:/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('keyboard only', () => {
  for (const size of ['desktop', 'phone'] as const)
    it(`${size}: opens, asks, rates, chooses, downloads the plan and closes with the focus visible and never on the page body`, async (ctx) => {
      if (!env.browser) return ctx.skip(env.skip);
      const { context, page, widget, errors } = await visit(size, 'en');
      const focused = async (where: string) => {
        const f = await widget.focus();
        expect(f.where, `${where}: focus on ${f.where} ${f.cls}`).toBe('widget');
        expect(f.visible, `${where}: ring on ${f.cls}`).toBe(true);
        return f;
      };
      const tabTo = async (match: (f: Awaited<ReturnType<VisitorWidget['focus']>>) => boolean, max = 40) => {
        for (let i = 0; i < max; i++) {
          await page.keyboard.press('Tab');
          const f = await widget.focus();
          expect(f.where, `Tab ${i}: focus left the widget for the ${f.where}`).toBe(size === 'phone' || f.where === 'widget' ? 'widget' : f.where);
          if (match(f)) return f;
        }
        throw new Error('not reached by Tab');
      };
      try {
        // The launcher, reached by Tab from the page.
        for (let i = 0; i < 10; i++) {
          await page.keyboard.press('Tab');
          if ((await widget.focus()).cls.includes('launcher')) break;
        }
        await focused('launcher');
        await page.keyboard.press('Enter');
        await widget.panel.waitFor();
        await page.waitForFunction(() => document.getElementById('cia-widget-host')?.shadowRoot?.activeElement?.classList.contains('input'));
        await page.keyboard.type('How long is a customs recordation in China valid?');
        const before = await widget.messages('assistant').count();
        await page.keyboard.press('Enter');
        const answer = await widget.waitForAssistant(before);
        await answer.locator('.feedback').waitFor();
        expect((await widget.focus()).cls).toContain('input');

        // Rate with the keyboard: the focus stays on the thumb.
        await page.keyboard.press('Shift+Tab');
        let f = await widget.focus();
        for (let i = 0; i < 10 && !f.cls.includes('thumb'); i++) {
          await page.keyboard.press('Shift+Tab');
          f = await widget.focus();
        }
        expect(f.cls).toContain('thumb');
        await page.keyboard.press('Enter');
        await answer.locator('.thanks').waitFor();
        f = await focused('after thumbs');
        expect(f.cls).toContain('thumb');

        // The walkthrough: after each answer the focus is on the first new choice.
        await tabTo((x) => x.cls.includes('input'));
        await page.keyboard.type('Walk me through registering with customs');
        let count = await widget.messages('assistant').count();
        await page.keyboard.press('Enter');
        await widget.waitForAssistant(count);
        const path = [/^China/, /^Trademark/i, /^Yes, registered/, /^Add later/, /^None known/, /^None$/, /^Yes, we have one/];
        for (const label of path) {
          f = await focused('new choices');
          expect(f.cls).toContain('choice');
          // Arrow through the group by Tab until the wanted label (the group is small: a few stops).
          for (let i = 0; i < 30 && !label.test(f.text); i++) {
            await page.keyboard.press('Tab');
            f = await widget.focus();
          }
          expect(f.text).toMatch(label);
          count = await widget.messages('assistant').count();
          await page.keyboard.press('Enter');
          await widget.waitForAssistant(count);
        }
        const plan = widget.messages('assistant').last();
        expect(await plan.innerText()).toMatch(/registration plan is ready/);
        noViolations('plan', await widget.axe());
        await page.screenshot({ path: `${SHOTS}/widget-${size}-en-plan.png` });

        // The plan's calendar, downloaded from the keyboard.
        f = await focused('plan choices');
        await tabTo((x) => x.tag === 'A' && /calendar/.test(x.text), 60).catch(async () => {
          // The download links come before the choices: go back.
          for (let i = 0; i < 20; i++) {
            await page.keyboard.press('Shift+Tab');
            if (/calendar/.test((await widget.focus()).text)) return;
          }
          throw new Error('calendar link not reached');
        });
        await focused('calendar link');
        const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
        expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^BEGIN:VCALENDAR/);

        // On a phone the panel is the whole screen: Tab cycles inside it.
        if (size === 'phone') for (let i = 0; i < 60; i++) await page.keyboard.press('Tab').then(() => focused(`cycle ${i}`));

        await page.keyboard.press('Escape');
        await widget.panel.waitFor({ state: 'hidden' });
        f = await focused('after closing');
        expect(f.cls).toContain('launcher');
        const users = await widget.userBubbles();
        expect(users.filter((u) => ID_LIKE.test(u))).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
});
