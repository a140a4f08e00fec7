import type { GlossaryEntry } from '../knowledge/schema.js';
import type { GlossaryMatcher } from '../retrieval/glossary-matcher.js';
import type { Tokenizer } from '../retrieval/tokenize.js';
import { loadLabelledSet, type LabelledMessage } from './labelled-set.js';
import { loadOrTrainSituationModel } from './situation-model.js';
import { createPlaceFinder } from './places.js';
import { createUnderstander, type Understand } from './understand.js';

export interface OpenUnderstanding {
  understand: Understand;
  examples: LabelledMessage[];
}

/** The understanding step over the knowledge base's glossary and the labelled messages in `labelledDir`. */
export function openUnderstanding(opts: {
  glossary: GlossaryEntry[];
  matcher: GlossaryMatcher;
  tokenizer: Tokenizer;
  covered: ReadonlySet<string>;
  labelledDir: string;
  cacheDir?: string;
}): OpenUnderstanding {
  const { examples, hash, problems } = loadLabelledSet(opts.labelledDir);
  if (problems.length) throw new Error(`labelled messages have ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  const model = loadOrTrainSituationModel({ examples, dataHash: hash, tokenizer: opts.tokenizer, cacheDir: opts.cacheDir });
  const findPlaces = createPlaceFinder(opts.glossary, opts.covered);
  return { understand: createUnderstander({ matcher: opts.matcher, tokenizer: opts.tokenizer, findPlaces, model }), examples };
}
