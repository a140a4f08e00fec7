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

export function renderCitationList(citations: Citation[], lang: Lang): string {
  if (!citations.length) return '';
  const head = lang === 'ko' ? '출처' : 'Sources';
  const verified = lang === 'ko' ? '확인일' : 'verified';
  return [`**${head}**`, ...citations.map((c, i) => `${i + 1}. [${c.title}](${c.url}) (${verified} ${c.verified})`)].join('\n');
}
