import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { WidgetPage } from './widget.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** The widget with what an accessibility and keyboard check needs: axe-core, focus, the live region, the badge. */
export class VisitorWidget extends WidgetPage {
  constructor(page: Page) {
    super(page);
  }

  /** axe-core (WCAG 2.0/2.1 A and AA rules) over the page, widget included (axe enters open shadow roots). */
  async axe(): Promise<AxeViolation[]> {
    const loaded = await this.page.evaluate(() => Boolean((window as unknown as { axe?: unknown }).axe));
    if (!loaded) await this.page.addScriptTag({ content: AXE });
    return this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
    });
  }

  /** Where the focus is: inside the widget (its class and text), on the page body, or elsewhere on the page. */
  async focus(): Promise<{ where: 'widget' | 'body' | 'page'; cls: string; text: string; visible: boolean; tag: string }> {
    return this.page.evaluate(() => {
      const hostEl = document.getElementById('cia-widget-host');
      const inner = hostEl?.shadowRoot?.activeElement as HTMLElement | null | undefined;
      if (document.activeElement === hostEl && inner) {
        // The ring must be drawn: :focus-visible matches and the outline is not "none".
        const style = getComputedStyle(inner);
        const visible = inner.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        return { where: 'widget' as const, cls: inner.className, text: (inner.textContent ?? '').trim().slice(0, 80) || (inner.getAttribute('aria-label') ?? ''), visible, tag: inner.tagName };
      }
      const a = document.activeElement;
      return { where: !a || a === document.body ? ('body' as const) : ('page' as const), cls: (a as HTMLElement | null)?.className ?? '', text: '', visible: false, tag: a?.tagName ?? '' };
    });
  }

  async liveText(): Promise<{ text: string; lang: string | null }> {
    return this.page.evaluate(() => {
      const live = document.getElementById('cia-widget-host')!.shadowRoot!.querySelector('[aria-live]')!;
      return { text: live.textContent ?? '', lang: live.getAttribute('lang') };
    });
  }

  get badge() {
    return this.page.locator('#cia-widget-host .unread');
  }

  /** Texts of the user's bubbles. */
  async userBubbles(): Promise<string[]> {
    return this.page.locator('#cia-widget-host .msg.user .bubble').allInnerTexts();
  }

  /** Line breaks inside a Korean word (between two Hangul syllables) in the given element, and all line breaks. */
  async koreanBreaks(selector: string): Promise<{ inside: number; total: number; samples: string[] }> {
    return this.page.evaluate((sel) => {
      const root = document.getElementById('cia-widget-host')!.shadowRoot!;
      const out = { inside: 0, total: 0, samples: [] as string[] };
      const hangul = /[\uac00-\ud7a3]/;
      for (const block of root.querySelectorAll(sel)) {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let prevTop: number | null = null;
        let prevChar = '';
        let prevNode: Node | null = null;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const s = n.textContent ?? '';
          // A <br> or a new block ends the line on purpose.
          if (n.previousSibling && (n.previousSibling as Element).tagName === 'BR') prevTop = null;
          const range = document.createRange();
          for (let i = 0; i < s.length; i++) {
            if (/\s/.test(s[i])) {
              prevChar = s[i];
              continue;
            }
            range.setStart(n, i);
            range.setEnd(n, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue;
            const sameBlock = prevNode && (prevNode.parentElement?.closest('p,li,h2,button') === n.parentElement?.closest('p,li,h2,button'));
            if (prevTop !== null && sameBlock && rect.top > prevTop + 4) {
              out.total++;
              if (hangul.test(prevChar) && hangul.test(s[i])) {
                out.inside++;
                if (out.samples.length < 5) out.samples.push(s.slice(Math.max(0, i - 6), i) + '|' + s.slice(i, i + 6));
              }
            }
            prevTop = rect.top;
            prevChar = s[i];
            prevNode = n;
          }
        }
      }
      return out;
    }, selector);
  }

  /** Visible buttons, links and the input of the open panel that are smaller than size × size. */
  async smallTargets(size: number): Promise<string[]> {
    return this.page.evaluate((min) => {
      const root = document.getElementById('cia-widget-host')!.shadowRoot!;
      const panel = root.querySelector('.panel')!;
      const small: string[] = [];
      for (const n of panel.querySelectorAll<HTMLElement>('button, a.download, textarea, summary')) {
        const r = n.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        if (r.width < min - 0.5 || r.height < min - 0.5) small.push(`${n.tagName.toLowerCase()}.${n.className} ${Math.round(r.width)}x${Math.round(r.height)} "${(n.textContent ?? '').trim().slice(0, 20)}"`);
      }
      return small;
    }, size);
  }
}
