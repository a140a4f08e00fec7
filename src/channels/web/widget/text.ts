/** Plain-text forms of messages: what a screen reader hears, what the transcript keeps, a message's language, a date. */
import type { Lang } from '../../../core/lang.js';

/** What a screen reader hears: the text without Markdown marks, link targets or bare addresses. */
export function plain(text: string | null | undefined): string {
  return String(text || '')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[-*]\s+(?:\[ \]\s+)?/gm, '')
    .replace(/^\s*-{3,}\s*$/gm, '')
    .replace(/\bhttps?:\/\/\S+/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** The transcript's form: Markdown marks dropped, each link's address kept after its text. */
export function plainKeepLinks(text: string | null | undefined): string {
  return String(text || '')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .trim();
}

/**
 * The language a text is written in, for `lang`: Korean when Hangul makes up a fair share of its letters. A text
 * without letters takes the hint, else the widget's language.
 */
export function langOf(text: string | null | undefined, hint: string | null | undefined, fallback: Lang): Lang {
  const s = String(text || '');
  const ko = (s.match(/[\uac00-\ud7a3\u3131-\u318e]/g) || []).length;
  const latin = (s.match(/[A-Za-z]/g) || []).length;
  if (!ko && !latin) return hint === 'en' || hint === 'ko' ? hint : fallback;
  return ko * 2 >= latin ? 'ko' : 'en';
}

/** "YYYY-MM-DD hh:mm" in local time (now when no date is given); empty for a date that does not parse. */
export function day(iso?: string): string {
  const d = iso ? new Date(iso) : new Date();
  if (isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
}
