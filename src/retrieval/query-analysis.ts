import { normalize, detectLanguage, type Lang } from './normalize.js';
import type { GlossaryMatcher } from './glossary-matcher.js';
import { FACT_FIELDS } from '../knowledge/schema.js';
import { detectSignals } from '../conversation/signals.js';

export interface QueryAnalysis {
  language: Lang;
  /** Profile codes of the covered territories the question names, in order of mention. */
  jurisdictions: string[];
  /** Countries named that have no profile (the bot must not answer about another country instead). */
  uncovered: string[];
  rights: string[];
  /** Glossary topics named (validity, fees, detention, …). */
  topics: string[];
  /** Topics that are profile fields, best first. */
  fields: string[];
  organisations: string[];
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const FIELD_SET = new Set<string>(FACT_FIELDS);
// When a question names several fields, the more specific one is what it asks ("억류 통지 후 며칠": the deadline).
const SPECIFICITY = ['holder_deadline', 'validity', 'fees', 'processing_time', 'documents', 'renewal', 'bond', 'costs', 'updates', 'who_may_apply', 'local_agent', 'how_to_file', 'small_consignments', 'ex_officio', 'detention'];
const specificity = (f: string) => (SPECIFICITY.includes(f) ? SPECIFICITY.indexOf(f) : SPECIFICITY.length);

export function analyzeQuery(text: string, matcher: GlossaryMatcher, covered: ReadonlySet<string>, languageHint?: Lang): QueryAnalysis {
  const hits = matcher.match(normalize(text));
  const jurisdictions: string[] = [];
  const uncovered: string[] = [];
  // Authorities name their territory too ("China Customs", 해관총서).
  for (const h of hits.filter((h) => h.kind === 'jurisdiction' || (h.kind === 'authority' && h.profile))) {
    if (h.profile && covered.has(h.profile)) jurisdictions.push(h.profile);
    else uncovered.push(h.id);
  }
  const topics = uniq(hits.filter((h) => h.kind === 'topic').map((h) => h.id));
  // "Our goods were detained yesterday, what now?" asks for the holder's deadline even when it names no topic.
  if (detectSignals(text).goodsDetained) topics.unshift('holder_deadline', 'detention');
  return {
    language: detectLanguage(text, languageHint ?? 'en'),
    jurisdictions: uniq(jurisdictions),
    uncovered: uniq(uncovered),
    rights: uniq(hits.filter((h) => h.kind === 'right').map((h) => h.id)),
    topics: uniq(topics),
    fields: uniq(topics).filter((t) => FIELD_SET.has(t)).sort((a, b) => specificity(a) - specificity(b)),
    organisations: uniq(hits.filter((h) => h.kind === 'organisation' || h.kind === 'authority').map((h) => h.id)),
  };
}
