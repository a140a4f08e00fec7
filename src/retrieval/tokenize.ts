import { normalize } from './normalize.js';
import { GlossaryMatcher, conceptToken } from './glossary-matcher.js';

const RUN = /[\uAC00-\uD7A3]+|[\u4e00-\u9fff\u3040-\u30ff]+|[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu;
const HANGUL_RUN = /^[\uAC00-\uD7A3]+$/;
const CJK_RUN = /^[\u4e00-\u9fff\u3040-\u30ff]+$/;

// Korean particles and endings stripped to give a whole-word token beside the bigrams (longest first).
const JOSA = ['에서는', '으로는', '에게서', '에서', '에게', '으로', '까지', '부터', '이나', '은', '는', '이', '가', '을', '를', '의', '에', '로', '와', '과', '도', '만', '나'];

const EN_STOP = new Set(
  'a an the of to in on at for by with from and or is are was were be been being do does did i we you it its this that these those my our your their can could should would will shall may might must how what which when where who whom why there here if then than so as about into any some such not no yes have has had get got us me they them he she please hi hello'.split(' '),
);

function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function stripJosa(word: string): string | null {
  for (const j of JOSA) if (word.length - j.length >= 2 && word.endsWith(j)) return word.slice(0, -j.length);
  return null;
}

/** Plain tokens of a normalised text: Hangul and CJK as overlapping bigrams plus whole words, Latin words stemmed lightly. */
export function baseTokens(text: string, out: string[] = []): string[] {
  for (const m of text.matchAll(RUN)) {
    const run = m[0];
    if (HANGUL_RUN.test(run) || CJK_RUN.test(run)) {
      if (run.length === 1) {
        out.push(run);
        continue;
      }
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
      if (HANGUL_RUN.test(run) && run.length > 2) {
        const stem = stripJosa(run);
        out.push(`w:${stem ?? run}`);
      }
    } else if (!EN_STOP.has(run)) {
      out.push(/^\d/.test(run) ? run : stemEnglish(run));
    }
  }
  return out;
}

export interface Tokenizer {
  tokenize(text: string): string[];
}

/** Tokens for BM25: base tokens plus one concept token per glossary term found, shared by both languages. */
export function createTokenizer(matcher: GlossaryMatcher): Tokenizer {
  // One message is tokenised by several stages of a turn (the classifier's features, BM25, the answer's coverage):
  // the last few texts' tokens are kept, and each caller gets its own copy (some add to it).
  const recent = new Map<string, string[]>();
  return {
    tokenize(text: string): string[] {
      const known = recent.get(text);
      if (known) return known.slice();
      const norm = normalize(text);
      const out = baseTokens(norm);
      for (const hit of matcher.match(norm)) {
        out.push(conceptToken(hit.id));
        if (hit.profile && hit.profile !== hit.id) out.push(conceptToken(hit.profile));
      }
      if (recent.size >= 16) recent.delete(recent.keys().next().value!);
      recent.set(text, out);
      return out.slice();
    },
  };
}
