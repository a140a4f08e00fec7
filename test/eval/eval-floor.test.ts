import { describe, it, expect } from 'vitest';
import { sharedCore } from '../support/core.js';
import { loadEvalSet, runEval } from '../../src/eval/evaluate.js';
import { loadLabelledSet } from '../../src/understanding/labelled-set.js';
import { scoreUnderstanding } from '../../src/understanding/evaluate.js';

// The floors the product promises: a retrieval or answer regression below them fails CI.
const FLOOR = { hit5: 0.9, factCoverage: 0.85, languageMatch: 0.98 };

describe('eval set', () => {
  it('keeps hit@5, fact coverage and answer language above the floor in each language', async () => {
    const core = await sharedCore();
    const questions = loadEvalSet('test/eval/questions');
    expect(questions.filter((q) => q.lang === 'ko').length).toBeGreaterThanOrEqual(10);
    expect(questions.filter((q) => q.lang === 'en').length).toBeGreaterThanOrEqual(10);
    const { byLang } = await runEval(questions, core.knowledge.retriever, core.ask, core.understand);
    for (const lang of ['ko', 'en'] as const) {
      expect.soft(byLang[lang].hit5, `${lang} hit@5`).toBeGreaterThanOrEqual(FLOOR.hit5);
      expect.soft(byLang[lang].factCoverage, `${lang} fact coverage`).toBeGreaterThanOrEqual(FLOOR.factCoverage);
      expect.soft(byLang[lang].languageMatch, `${lang} answer language`).toBeGreaterThanOrEqual(FLOOR.languageMatch);
    }
  }, 120_000);

  it('understands held-out messages it was never trained on: urgent recall, false escalation, fields, places, language', async () => {
    const core = await sharedCore();
    const { examples } = loadLabelledSet('knowledge/understanding');
    const heldOut = examples.filter((e) => e.heldOut);
    // A held-out side too small to say anything would make the floors meaningless.
    expect(heldOut.length).toBeGreaterThanOrEqual(80);
    const s = scoreUnderstanding(core.understand, heldOut);
    for (const label of ['goods_held', 'accused', 'dispute', 'wants_person'] as const) {
      const l = s.labels.find((x) => x.label === label)!;
      expect(l.support, `${label} held-out examples`).toBeGreaterThan(0);
      expect.soft(l.recall, `${label} recall`).toBeGreaterThanOrEqual(0.98);
    }
    expect.soft(s.falseEscalation, 'false escalation on look-alike questions').toBeLessThanOrEqual(0.05);
    expect.soft(s.fieldAccuracy, 'field accuracy').toBeGreaterThanOrEqual(0.95);
    expect.soft(s.placeAccuracy, 'place accuracy').toBeGreaterThanOrEqual(0.98);
    expect.soft(s.languageAccuracy, 'language accuracy').toBeGreaterThanOrEqual(0.99);
  }, 60_000);
});
