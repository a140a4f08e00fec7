import { describe, it, expect } from 'vitest';
import { sharedCore } from '../support/core.js';
import { loadEvalSet, runEval } from '../../src/eval/evaluate.js';

// The floors the product promises: a retrieval or answer regression below them fails CI.
const FLOOR = { hit5: 0.9, factCoverage: 0.85, languageMatch: 0.98 };

describe('eval set', () => {
  it('keeps hit@5, fact coverage and answer language above the floor in each language', async () => {
    const core = await sharedCore();
    const questions = loadEvalSet('test/eval/questions');
    expect(questions.filter((q) => q.lang === 'ko').length).toBeGreaterThanOrEqual(10);
    expect(questions.filter((q) => q.lang === 'en').length).toBeGreaterThanOrEqual(10);
    const { byLang } = await runEval(questions, core.knowledge.retriever, core.ask);
    for (const lang of ['ko', 'en'] as const) {
      expect.soft(byLang[lang].hit5, `${lang} hit@5`).toBeGreaterThanOrEqual(FLOOR.hit5);
      expect.soft(byLang[lang].factCoverage, `${lang} fact coverage`).toBeGreaterThanOrEqual(FLOOR.factCoverage);
      expect.soft(byLang[lang].languageMatch, `${lang} answer language`).toBeGreaterThanOrEqual(FLOOR.languageMatch);
    }
  }, 120_000);
});
