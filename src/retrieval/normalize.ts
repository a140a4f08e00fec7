/** One normal form for documents, queries and glossary terms: NFKC folds full-width forms and recomposes jamo. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const HANGUL = /[\uAC00-\uD7A3]/g;
const LATIN = /[a-z]/gi;

export type Lang = 'ko' | 'en';

/** The language a text is written in: Korean as soon as a fair share of its letters are Hangul. */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const hangul = text.match(HANGUL)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (hangul === 0 && latin === 0) return fallback;
  return hangul * 3 >= latin ? 'ko' : 'en';
}
