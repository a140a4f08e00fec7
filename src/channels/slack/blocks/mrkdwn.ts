import { LIMITS } from './limits.js';

/** Our Markdown subset in Slack's mrkdwn: **bold** → *bold*, [t](u) → <u|t>, bullets, headings; &, <, > escaped. */
export function toMrkdwn(md: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return md
    .split('\n')
    .map((line) => {
      let l = esc(line);
      l = l.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, text: string, url: string) => `<${url.replace(/\|/g, '%7C')}|${text.replace(/[|]/g, '/')}>`);
      l = l.replace(/\*\*([^*]+)\*\*/g, '*$1*');
      l = l.replace(/^#{1,6}\s+(.*)$/, '*$1*');
      l = l.replace(/^(\s*)[-*]\s+(?:\[ \]\s+)?/, '$1• ');
      return l;
    })
    .join('\n');
}

/**
 * What a visitor wrote, shown to staff as inert text: no live links (Markdown links and bare URLs are written as
 * "hxxps://example[.]com", which Slack does not turn into a link), no mentions or broadcasts (`<!channel>`,
 * `<@U…>`, `<#C…>` and `@here` lose their power with `<`, `>` escaped and `@here` broken).
 * Safe in a mrkdwn block and in a message's fallback `text`.
 */
export function inertMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/\b(h)(t)tp(s?):\/\//gi, (_m, h: string, t: string, s: string) => `${h}x${t === 'T' ? 'X' : 'x'}p${s}://`)
    .replace(/\b((?:[\w-]+\.)+)([a-z]{2,})\b/gi, (m) => m.replace(/\./g, '[.]'))
    .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1');
}

/** Text we wrote ourselves (codes, dates, names): only Slack's control characters escaped. */
export const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts text into pieces of at most `max` characters at paragraph, line or word boundaries. */
export function splitText(text: string, max: number = LIMITS.sectionText - 100): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max * 0.4) cut = window.lastIndexOf('\n');
    if (cut < max * 0.4) cut = window.lastIndexOf(' ');
    if (cut < max * 0.4) cut = max;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

export const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: text.length > max ? `${text.slice(0, max - 1)}…` : text, emoji: true });
