/** One normal form for documents, queries and glossary terms: NFKC folds full-width forms and recomposes jamo. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export { detectLanguage, type Lang } from '../core/lang.js';
