import { detectLanguage, type Lang } from '../retrieval/normalize.js';
import { checkGuard, type GuardFailure } from './answer-guard.js';

/** What a model answer must satisfy before it is sent; anything else falls back to the offline composer. */
export type GroundingFailure = 'empty' | 'no_citation' | 'unknown_citation' | 'invented_figure' | 'wrong_language' | GuardFailure;

export type UnitClass = 'year' | 'month' | 'day' | 'hour' | 'money' | 'percent';

const NUM = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?`;
const CURRENCY_WORDS =
  '위안|달러|유로|파운드|바트|루피아|루피|링깃|페소|디르함|엔|동|원|yuan|renminbi|won|dollars?|euros?|pounds?|baht|dong|rupees?|rupiah|ringgit|pesos?|dirhams?|yen';
const CODES = 'CNY|RMB|USD|EUR|GBP|THB|VND|INR|MYR|PHP|AED|JPY|IDR|HKD|SGD|TWD|KRW';
const AFTER: Array<[UnitClass, string]> = [
  ['year', '년|years?|yrs?'],
  ['month', '개월|달|months?'],
  ['hour', '시간|hours?|hrs?'],
  ['day', '근무일|영업일|평일|일|(?:working |business |calendar )?days?'],
  ['percent', '%|퍼센트|percent'],
  ['money', `만\\s?원|${CURRENCY_WORDS}|${CODES}`],
];
const AFTER_RE = new RegExp(`${NUM}\\s?(${AFTER.map(([, p]) => `(?:${p})`).join('|')})`, 'gi');
const BEFORE_RE = new RegExp(`(?:US\\$|HK\\$|S\\$|NT\\$|RM|Rp\\.?|Rs\\.?|[$€£¥₹₫฿]|\\b(?:${CODES})\\b)\\s?${NUM}`, 'gi');

const value = (int: string, frac?: string) => Number(int.replace(/,/g, '') + (frac ? `.${frac}` : ''));

/** Figures with units (fees, days, years …) as "class:value" keys, the way grounding compares them. */
export function extractFigures(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(AFTER_RE)) {
    const unit = m[3].toLowerCase();
    const cls = AFTER.find(([, p]) => new RegExp(`^(?:${p})$`, 'i').test(unit))?.[0];
    if (cls) out.add(`${cls}:${value(m[1], m[2])}`);
  }
  for (const m of text.matchAll(BEFORE_RE)) out.add(`money:${value(m[1], m[2])}`);
  return out;
}

/** Passage numbers cited as [n] or [n][m] or [n, m]. */
export function citedPassages(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) for (const n of m[1].split(',')) out.push(Number(n.trim()));
  return out;
}

export interface GroundingInput {
  answer: string;
  language: Lang;
  question: string;
  /** Texts of the passages given to the model, in the order they were numbered (1-based in the prompt). */
  passages: string[];
  /** Lines of the system prompt; an answer that repeats one is leaking it. */
  secretLines?: string[];
  /** The whole system prompt, to catch an answer that paraphrases it. */
  systemPrompt?: string;
  /** For each passage (same order), the hosts of its sources: links may point only to those of cited passages. */
  passageHosts?: string[][];
  /** Territories the question is about (profile codes). */
  asked?: string[];
}

export function checkGrounding(input: GroundingInput): { ok: true; cited: number[] } | { ok: false; reason: GroundingFailure; detail?: string } {
  const answer = input.answer.trim();
  if (!answer) return { ok: false, reason: 'empty' };
  for (const line of input.secretLines ?? []) if (line.length >= 40 && answer.includes(line)) return { ok: false, reason: 'prompt_leak' };
  const cited = citedPassages(answer);
  if (!cited.length) return { ok: false, reason: 'no_citation' };
  const bad = cited.find((n) => !Number.isInteger(n) || n < 1 || n > input.passages.length);
  if (bad !== undefined) return { ok: false, reason: 'unknown_citation', detail: `[${bad}]` };
  const known = extractFigures([input.question, ...input.passages].join('\n'));
  for (const f of extractFigures(answer.replace(/\[\d+(?:\s*,\s*\d+)*\]/g, ' '))) if (!known.has(f)) return { ok: false, reason: 'invented_figure', detail: f };
  if (detectLanguage(answer, input.language) !== input.language) return { ok: false, reason: 'wrong_language' };
  const unique = [...new Set(cited)];
  const guard = checkGuard({
    answer,
    question: input.question,
    cited: unique.map((n) => input.passages[n - 1]),
    passages: input.passages,
    allowedHosts: unique.flatMap((n) => input.passageHosts?.[n - 1] ?? []),
    asked: input.asked,
    systemPrompt: input.systemPrompt,
    knownFigures: known,
  });
  if (!guard.ok) return guard;
  return { ok: true, cited: unique };
}
