import type { LabelledMessage, Situation } from './labelled-set.js';
import { SITUATIONS } from './labelled-set.js';
import type { Understand, Understanding } from './understand.js';

export interface LabelScore {
  label: Situation;
  precision: number;
  recall: number;
  support: number;
}

export interface UnderstandingScores {
  examples: number;
  labels: LabelScore[];
  /** Share of the messages that are no case (general questions, look-alikes, small talk) that would open a ticket. */
  falseEscalation: number;
  lookalikes: number;
  fieldAccuracy: number;
  placeAccuracy: number;
  languageAccuracy: number;
  misses: Array<{ text: string; expected: string; got: string }>;
}

const KEY: Record<Situation, keyof Understanding['situation']> = {
  goods_held: 'goodsHeld',
  accused: 'accused',
  dispute: 'dispute',
  wants_person: 'wantsPerson',
  frustrated: 'frustrated',
  hypothetical: 'hypothetical',
};
/** The situations that open a ticket by themselves. */
export const ESCALATING: Situation[] = ['goods_held', 'accused', 'dispute', 'wants_person'];

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Scores the understanding step on labelled messages (the held-out side, in `npm run eval` and its floor test). */
export function scoreUnderstanding(understand: Understand, examples: LabelledMessage[]): UnderstandingScores {
  const counts = Object.fromEntries(SITUATIONS.map((s) => [s, { tp: 0, fp: 0, fn: 0 }])) as Record<Situation, { tp: number; fp: number; fn: number }>;
  let lookalikes = 0;
  let falseEsc = 0;
  let fieldN = 0;
  let fieldOk = 0;
  let placeN = 0;
  let placeOk = 0;
  let langOk = 0;
  const misses: UnderstandingScores['misses'] = [];
  for (const e of examples) {
    const u = understand(e.text);
    for (const s of SITUATIONS) {
      const want = e.situation.includes(s);
      const got = u.situation[KEY[s]].on;
      if (want && got) counts[s].tp++;
      else if (got) counts[s].fp++;
      else if (want) counts[s].fn++;
      if (want !== got && ESCALATING.includes(s)) misses.push({ text: e.text, expected: want ? s : `not ${s}`, got: got ? s : `not ${s}` });
    }
    if (!e.situation.some((s) => ESCALATING.includes(s))) {
      lookalikes++;
      if (ESCALATING.some((s) => u.situation[KEY[s]].on)) falseEsc++;
    }
    if (e.fields && e.intent === 'question') {
      fieldN++;
      if (sameList(u.fields, e.fields)) fieldOk++;
      else misses.push({ text: e.text, expected: `fields ${e.fields.join(',')}`, got: `fields ${u.fields.join(',')}` });
    }
    if (e.places) {
      placeN++;
      const got = [...u.places.covered, ...u.places.uncovered, ...(u.places.unknown.length ? ['?'] : [])];
      if (sameSet(got, e.places)) placeOk++;
      else misses.push({ text: e.text, expected: `places ${e.places.join(',')}`, got: `places ${got.join(',')}` });
    }
    if (u.language === e.lang) langOk++;
    else misses.push({ text: e.text, expected: e.lang, got: u.language });
  }
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 1);
  return {
    examples: examples.length,
    labels: SITUATIONS.map((s) => ({ label: s, precision: ratio(counts[s].tp, counts[s].tp + counts[s].fp), recall: ratio(counts[s].tp, counts[s].tp + counts[s].fn), support: counts[s].tp + counts[s].fn })),
    falseEscalation: ratio(falseEsc, lookalikes),
    lookalikes,
    fieldAccuracy: ratio(fieldOk, fieldN),
    placeAccuracy: ratio(placeOk, placeN),
    languageAccuracy: ratio(langOk, examples.length),
    misses,
  };
}
