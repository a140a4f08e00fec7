import { normalize, detectLanguage, type Lang } from './normalize.js';
import type { GlossaryMatcher } from './glossary-matcher.js';
import { FACT_FIELDS } from '../knowledge/schema.js';

export interface QueryAnalysis {
  language: Lang;
  /** Profile codes of the covered territories the question names, in order of mention. */
  jurisdictions: string[];
  /** Countries named that have no profile (the bot must not answer about another country instead). */
  uncovered: string[];
  /** Names that look like places and are none we know ("customs in Wakanda"). */
  unknownPlaces?: string[];
  rights: string[];
  /** Glossary topics named (validity, fees, detention, …). */
  topics: string[];
  /** Topics that are profile fields, best first. */
  fields: string[];
  organisations: string[];
  /** What came from the conversation rather than the question ("수수료는요?" after a question about China). */
  inherited: Array<'jurisdictions' | 'fields' | 'rights'>;
}

/** What the conversation was last about: a follow-up that leaves it out means the same. */
export interface ConversationContext {
  jurisdictions: string[];
  fields: string[];
  rights?: string[];
}

/** Follow-ups are short; a long question that names no country is a new, general question. */
const FOLLOW_UP_MAX_CHARS = 40;

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const FIELD_SET = new Set<string>(FACT_FIELDS);
// When a question names several fields, the more specific one is what it asks ("억류 통지 후 며칠": the deadline).
const SPECIFICITY = ['holder_deadline', 'validity', 'fees', 'processing_time', 'documents', 'renewal', 'bond', 'costs', 'updates', 'who_may_apply', 'local_agent', 'how_to_file', 'small_consignments', 'ex_officio', 'detention'];
const specificity = (f: string) => (SPECIFICITY.includes(f) ? SPECIFICITY.indexOf(f) : SPECIFICITY.length);

export function analyzeQuery(text: string, matcher: GlossaryMatcher, covered: ReadonlySet<string>, languageHint?: Lang, context?: ConversationContext): QueryAnalysis {
  const hits = matcher.match(normalize(text));
  const jurisdictions: string[] = [];
  const uncovered: string[] = [];
  // Authorities name their territory too ("China Customs", 해관총서).
  for (const h of hits.filter((h) => h.kind === 'jurisdiction' || (h.kind === 'authority' && h.profile))) {
    if (h.profile && covered.has(h.profile)) jurisdictions.push(h.profile);
    else uncovered.push(h.id);
  }
  const topics = uniq(hits.filter((h) => h.kind === 'topic').map((h) => h.id));
  const analysis: QueryAnalysis = {
    language: detectLanguage(text, languageHint ?? 'en'),
    jurisdictions: uniq(jurisdictions),
    uncovered: uniq(uncovered),
    rights: uniq(hits.filter((h) => h.kind === 'right').map((h) => h.id)),
    topics: uniq(topics),
    fields: uniq(topics).filter((t) => FIELD_SET.has(t)).sort((a, b) => specificity(a) - specificity(b)),
    organisations: uniq(hits.filter((h) => h.kind === 'organisation' || h.kind === 'authority').map((h) => h.id)),
    inherited: [],
  };
  return context ? followUp(analysis, context, text, covered) : analysis;
}

/**
 * Fills in what a short follow-up leaves out: "수수료는요?" asks about the country of the conversation, and
 * "What about Japan?" asks the last question's field about another country.
 */
function followUp(a: QueryAnalysis, context: ConversationContext, text: string, covered: ReadonlySet<string>): QueryAnalysis {
  if (text.trim().length > FOLLOW_UP_MAX_CHARS) return a;
  const out = { ...a, inherited: [...a.inherited] };
  const places = context.jurisdictions.filter((j) => covered.has(j));
  if (!a.jurisdictions.length && !a.uncovered.length && a.fields.length && places.length) {
    out.jurisdictions = places;
    out.inherited.push('jurisdictions');
  }
  if (a.jurisdictions.length && !a.topics.length && !a.rights.length && context.fields.length) {
    out.fields = [...context.fields];
    out.topics = [...context.fields];
    out.inherited.push('fields');
  }
  return out;
}
