import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Retriever } from '../retrieval/hybrid-retriever.js';
import { retrievalFor, type Ask } from '../conversation/ask.js';
import type { Understand } from '../understanding/understand.js';

export const evalQuestion = z
  .object({
    id: z.string(),
    lang: z.enum(['ko', 'en']),
    q: z.string().min(1),
    expect: z
      .object({
        docs: z.array(z.string()).default([]),
        facts: z.array(z.string()).default([]),
        escalate: z.boolean().optional(),
        jurisdictions: z.array(z.string()).optional(),
      })
      .strict(),
    escalate: z.boolean().optional(),
  })
  .strict();
export type EvalQuestion = z.infer<typeof evalQuestion>;

/** Reads every `*.jsonl` under the folder; reports the file and line of a malformed question. */
export function loadEvalSet(dir: string): EvalQuestion[] {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  const out: EvalQuestion[] = [];
  const ids = new Set<string>();
  for (const f of files) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const parsed = evalQuestion.safeParse(JSON.parse(line));
        if (!parsed.success) throw new Error(`${f}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
        if (ids.has(parsed.data.id)) throw new Error(`${f}:${i + 1}: duplicate id ${parsed.data.id}`);
        ids.add(parsed.data.id);
        out.push(parsed.data);
      });
  }
  return out;
}

export interface QuestionResult {
  id: string;
  lang: 'ko' | 'en';
  rank: number | null;
  factsFound: number;
  factsExpected: number;
  escalateExpected: boolean | null;
  escalated: boolean;
  answerLanguage: string;
  retrieved: string[];
}

export interface LangFigures {
  questions: number;
  hit1: number;
  hit5: number;
  mrr: number;
  factCoverage: number;
  escalationAccuracy: number | null;
  languageMatch: number;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
const matches = (docKey: string, expected: string) => docKey === expected || docKey.startsWith(`${expected}#`);

/** Retrieval ranks are measured on the reading the product uses (`understand`), answers through `ask`. */
export async function runEval(questions: EvalQuestion[], retriever: Retriever, ask: Ask, understand?: Understand): Promise<{ results: QuestionResult[]; byLang: Record<'ko' | 'en' | 'all', LangFigures> }> {
  const results: QuestionResult[] = [];
  for (const q of questions) {
    const { passages } = await retriever.retrieve(q.q, { k: 10, ...(understand ? retrievalFor(understand(q.q)) : {}) });
    const keys: string[] = [];
    for (const p of passages) if (!keys.includes(p.chunk.docKey)) keys.push(p.chunk.docKey);
    const at = q.expect.docs.length ? keys.findIndex((k) => q.expect.docs.some((e) => matches(k, e))) : -1;
    const a = await ask(q.q);
    const text = fold(a.answer);
    const wantEscalate = q.expect.escalate ?? q.escalate ?? null;
    results.push({
      id: q.id,
      lang: q.lang,
      rank: q.expect.docs.length ? (at >= 0 ? at + 1 : null) : null,
      factsFound: q.expect.facts.filter((f) => text.includes(fold(f))).length,
      factsExpected: q.expect.facts.length,
      escalateExpected: wantEscalate,
      escalated: a.escalate,
      answerLanguage: a.language,
      retrieved: keys.slice(0, 5),
    });
  }
  const figures = (rs: QuestionResult[]): LangFigures => {
    const ranked = rs.filter((r) => r.rank !== null || questions.find((q) => q.id === r.id)!.expect.docs.length);
    const withFacts = rs.filter((r) => r.factsExpected);
    const withEsc = rs.filter((r) => r.escalateExpected !== null);
    const n = ranked.length || 1;
    return {
      questions: rs.length,
      hit1: ranked.filter((r) => r.rank === 1).length / n,
      hit5: ranked.filter((r) => r.rank !== null && r.rank <= 5).length / n,
      mrr: ranked.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / n,
      factCoverage: withFacts.length ? withFacts.reduce((s, r) => s + r.factsFound / r.factsExpected, 0) / withFacts.length : 1,
      escalationAccuracy: withEsc.length ? withEsc.filter((r) => r.escalated === r.escalateExpected).length / withEsc.length : null,
      languageMatch: rs.length ? rs.filter((r) => r.answerLanguage === r.lang).length / rs.length : 1,
    };
  };
  return {
    results,
    byLang: { ko: figures(results.filter((r) => r.lang === 'ko')), en: figures(results.filter((r) => r.lang === 'en')), all: figures(results) },
  };
}
