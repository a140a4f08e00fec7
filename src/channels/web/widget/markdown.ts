/** The safe Markdown subset of answers, drawn as DOM nodes: no HTML from content ever reaches the page. */
import { el } from './dom.js';

/** An http(s) address, resolved against the assistant's origin; anything else (javascript:, data:) is null. */
export function safeUrl(u: string, base: string): string | null {
  try {
    const url = new URL(u, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

/** A link that opens in a new tab, or the bare text when the address is not safe. */
export function link(text: string, href: string, base: string): HTMLAnchorElement | Text {
  const url = safeUrl(href, base);
  if (!url) return document.createTextNode(text);
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', text: text });
}

/** Inline Markdown: **bold** and [text](url); everything else stays text. */
export function inline<P extends HTMLElement>(text: string, parent: P, base: string): P {
  const re = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    if (m[1] != null) parent.appendChild(el('strong', { text: m[1] }));
    else parent.appendChild(link(m[2], m[3], base));
    last = re.lastIndex;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  return parent;
}

/** Block Markdown subset: paragraphs, bullet and numbered lists, headings, rules. */
export function markdown(text: string, base: string): HTMLDivElement {
  const root = el('div', { class: 'md' });
  let list: HTMLUListElement | HTMLOListElement | null = null;
  let para: HTMLParagraphElement | null = null;
  String(text || '')
    .split('\n')
    .forEach((line) => {
      const bullet = /^\s*[-*]\s+(?:\[ \]\s+)?(.*)$/.exec(line);
      const num = /^\s*(\d+)\.\s+(.*)$/.exec(line);
      const head = /^#{1,6}\s+(.*)$/.exec(line);
      if (bullet || num) {
        const kind = bullet ? 'ul' : 'ol';
        if (!list || list.tagName.toLowerCase() !== kind) {
          list = el(kind);
          root.appendChild(list);
        }
        list.appendChild(inline(bullet ? bullet[1] : num![2], el('li'), base));
        para = null;
        return;
      }
      list = null;
      if (!line.trim()) {
        para = null;
        return;
      }
      if (/^-{3,}$/.test(line.trim())) {
        root.appendChild(el('hr'));
        para = null;
        return;
      }
      if (head) {
        root.appendChild(inline(head[1], el('p', { class: 'md-h' }), base));
        para = null;
        return;
      }
      if (para) para.appendChild(el('br'));
      else {
        para = el('p');
        root.appendChild(para);
      }
      inline(line, para, base);
    });
  return root;
}
