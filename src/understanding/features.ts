import type { Tokenizer } from '../retrieval/tokenize.js';
import { normalize } from '../retrieval/normalize.js';
import type { RuleHits } from './rules.js';

/**
 * What the classifier sees of a message: the retrieval tokens (Hangul bigrams, words, glossary concepts), Latin
 * word pairs (tense and voice live there: "were detained", "what if"), the rules' verdicts and a few shape cues.
 */
export function messageFeatures(text: string, tokenizer: Tokenizer, rules: RuleHits): string[] {
  const out = tokenizer.tokenize(text);
  const words = normalize(text).match(/[a-z']+/g) ?? [];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]}_${words[i + 1]}`);
  for (const w of words) if (w.length <= 3) out.push(`s:${w}`); // short words the tokenizer drops: "if", "we", "our"
  const hangulWords = text.match(/[\uAC00-\uD7A3]+/g) ?? [];
  // Korean endings carry tense and mood (됐어요, 되면, 하나요): the last two syllables of each word.
  for (const w of hangulWords) if (w.length >= 2) out.push(`end:${w.slice(-2)}`);
  for (const [k, v] of Object.entries(rules)) if (v) out.push(`rule:${k}`);
  if (/[?？]\s*$/.test(text.trim())) out.push('shape:question');
  if (text.trim().length < 25) out.push('shape:short');
  out.push('bias');
  return out;
}
