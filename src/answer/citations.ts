import type { Chunk, Citation } from '../knowledge/render.js';
import type { Lang } from '../retrieval/normalize.js';

/** Citations of the passages used, first-used first, one per URL. */
export function collectCitations(chunks: Chunk[], max = 5): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const c of chunks)
    for (const cit of c.citations) {
      if (seen.has(cit.url) || out.length >= max) continue;
      seen.add(cit.url);
      out.push(cit);
    }
  return out;
}

const GRADE_LABELS: Record<string, Record<Lang, string>> = {
  official: { ko: '공식', en: 'official' },
  'official-copy': { ko: '공식 문서 사본', en: 'copy of an official text' },
  professional: { ko: '법률사무소 등 전문가 자료', en: 'law firm or professional' },
  press: { ko: '언론 보도', en: 'press' },
};

/** How a source's grade is said next to its verified date ("official", "law firm or professional"). */
export function gradeLabel(grade: string, lang: Lang): string {
  return GRADE_LABELS[grade]?.[lang] ?? grade;
}
