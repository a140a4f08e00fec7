/** The plan's downloads (Markdown, calendar) under the reply that finished it. */
import type { PlanLinks } from './api.js';
import type { Widget } from './context.js';
import { el } from './dom.js';
import { showBanner } from './shell.js';

/** Downloads go through short-lived signed links: the conversation token never sits in a URL. */
export function planLinks(w: Widget): HTMLDivElement {
  const t = w.t;
  const mdLink = el('a', { class: 'download', href: '#', download: 'registration-plan.md', text: t('planMd'), lang: w.state.lang });
  const icsLink = el('a', { class: 'download', href: '#', download: 'registration-plan.ics', text: t('planIcs'), lang: w.state.lang });
  let linksUntil = 0;
  const conversationId = w.state.conversationId;
  const fetchLinks = () =>
    w.api<PlanLinks>('/api/conversations/' + encodeURIComponent(String(conversationId)) + '/plan-links', { method: 'POST', conversationId: conversationId }).then((l) => {
      mdLink.href = w.cfg.api + l.markdown;
      icsLink.href = w.cfg.api + l.calendar;
      linksUntil = Date.parse(l.expiresAt) - 15000;
    });
  [mdLink, icsLink].forEach((a) => {
    a.addEventListener('click', (ev) => {
      // A link about to expire is fetched again first, then followed.
      if (Date.now() < linksUntil) return;
      ev.preventDefault();
      fetchLinks().then(
        () => {
          a.click();
        },
        () => {
          showBanner(w, t('error'));
        },
      );
    });
  });
  fetchLinks().catch(() => {});
  return el('div', { class: 'downloads' }, [mdLink, icsLink]);
}
