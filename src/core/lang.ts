/** The two languages the assistant speaks; every user-facing text exists in both. */
export type Lang = 'ko' | 'en';

const HANGUL = /[\uAC00-\uD7A3\u3131-\u318E]/g;
const LATIN = /[a-z]/gi;
// Korean grammar (particles, endings) marks a Korean sentence even when most of its words are English terms.
const KOREAN_GRAMMAR = /[\uAC00-\uD7A3](요|니다|나요|까요|세요|는데|어요|아요|해요|돼요|됐|했|인가|인지)|(은|는|이|가|을|를|에|의|도|랑|로)(\s|$|[?.!,])/;

/**
 * The language a text is written in. Korean as soon as it carries Korean words with some weight: a Korean
 * question full of English terms ("MY 세관 recordation fee 얼마?") is still Korean, and is answered in Korean.
 */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const hangul = text.match(HANGUL)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (hangul === 0 && latin === 0) return fallback;
  if (hangul === 0) return 'en';
  if (hangul * 3 >= latin) return 'ko';
  // A sentence that ends in Korean is Korean ("PH BOC IPR recordation 서류 list 좀").
  if (/[\uAC00-\uD7A3][^\p{L}]*$/u.test(text.trim())) return 'ko';
  // Mostly Latin letters: Korean only when the Korean part carries the sentence (several syllables or grammar).
  return hangul >= 2 && (hangul * 4 >= latin || KOREAN_GRAMMAR.test(text)) ? 'ko' : 'en';
}
