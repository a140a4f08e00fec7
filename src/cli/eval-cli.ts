import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { assembleCore } from '../core.js';
import { join } from 'node:path';
import { loadEvalSet, runEval } from '../eval/evaluate.js';
import { loadLabelledSet } from '../understanding/labelled-set.js';
import { scoreUnderstanding } from '../understanding/evaluate.js';

/**
 * npm run eval [-- --json] [-- --failures]: retrieval and answer quality on test/eval/questions/*.jsonl, and the
 * understanding step on the held-out side of the labelled messages (knowledge/understanding/).
 */
const { values } = parseArgs({ options: { json: { type: 'boolean' }, failures: { type: 'boolean' }, dir: { type: 'string' } } });
const core = await assembleCore(loadConfig(), createLogger('warn'));
const questions = loadEvalSet(resolve(values.dir ?? 'test/eval/questions'));
const { results, byLang } = await runEval(questions, core.knowledge.retriever, core.ask, core.understand);
const heldOut = loadLabelledSet(join(core.config.knowledgeDir, 'understanding')).examples.filter((e) => e.heldOut);
const understanding = scoreUnderstanding(core.understand, heldOut);

if (values.json) {
  process.stdout.write(`${JSON.stringify({ byLang, results, understanding }, null, 2)}\n`);
} else {
  const pct = (x: number | null) => (x === null ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
  console.log('lang  questions  hit@1   hit@5   MRR    facts   escalation  language');
  for (const lang of ['ko', 'en', 'all'] as const) {
    const f = byLang[lang];
    console.log(`${lang.padEnd(5)} ${String(f.questions).padStart(9)}  ${pct(f.hit1)} ${pct(f.hit5)} ${f.mrr.toFixed(3)}  ${pct(f.factCoverage)}  ${pct(f.escalationAccuracy)}     ${pct(f.languageMatch)}`);
  }
  const u = understanding;
  console.log(`\nunderstanding, held-out ${u.examples} messages (never trained on):`);
  console.log('label          precision  recall  support');
  for (const l of u.labels) console.log(`${l.label.padEnd(14)} ${pct(l.precision)}   ${pct(l.recall)}  ${String(l.support).padStart(5)}`);
  console.log(`false escalation on look-alike questions ${pct(u.falseEscalation)} (${u.lookalikes}) · fields ${pct(u.fieldAccuracy)} · places ${pct(u.placeAccuracy)} · language ${pct(u.languageAccuracy)}`);
  if (values.failures) for (const m of u.misses) console.log(`UNDERSTAND ${m.expected} → ${m.got}: ${m.text}`);
  if (values.failures)
    for (const r of results)
      if ((r.rank === null || r.rank > 5) && questions.find((q) => q.id === r.id)!.expect.docs.length) console.log(`MISS ${r.id}: got ${r.retrieved.join(', ')}`);
      else if (r.factsFound < r.factsExpected) console.log(`FACT ${r.id}: ${r.factsFound}/${r.factsExpected}`);
      else if (r.escalateExpected !== null && r.escalated !== r.escalateExpected) console.log(`ESC  ${r.id}: expected ${r.escalateExpected}`);
}
