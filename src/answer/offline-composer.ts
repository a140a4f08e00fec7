import type { Composer, ComposeInput, ComposedAnswer } from './types.js';
import type { RetrievedPassage } from '../retrieval/hybrid-retriever.js';
import type { Tokenizer } from '../retrieval/tokenize.js';
import type { Lang } from '../retrieval/normalize.js';
import { collectCitations } from './citations.js';
import { clip, firstSentences } from './text.js';
import { isOffTopic, questionCoverage, scoreConfidence } from './confidence.js';

export interface OfflineComposerDeps {
  tokenizer: Tokenizer;
  /** Display name of a jurisdiction or country id in a language. */
  nameOf: (id: string, lang: Lang) => string;
  /** Covered jurisdictions, listed when the asked one is not. */
  covered: string[];
  /** Below this confidence the answer says it is not sure and offers a person. */
  threshold?: number;
  /** The rights a territory's customs record, and a right's name: a question about another right is told so first. */
  recordableRights?: (code: string) => readonly string[] | undefined;
  rightName?: (right: string, lang: Lang) => string;
}

const T = {
  notCovered: {
    ko: (names: string, list: string) =>
      `죄송합니다. ${names} 세관의 지식재산권 등록 정보는 아직 제가 가진 자료에 없어 정확히 답변드릴 수 없습니다. 다른 나라의 정보로 대신 답하지 않겠습니다.\n\n현재 안내할 수 있는 곳: ${list}\n\n담당자가 직접 확인해 드릴 수 있습니다. "담당자 연결"이라고 말씀해 주세요.`,
    en: (names: string, list: string) =>
      `Sorry, my sources do not cover customs IP recordation in ${names} yet, so I cannot answer reliably, and I will not answer with another country's rules instead.\n\nCovered now: ${list}\n\nOur staff can look into it for you: just say "talk to a person".`,
  },
  unknownPlace: {
    ko: (names: string, list: string) =>
      `"${names}"이(가) 어느 나라나 지역인지 알 수 없어 정확히 답변드릴 수 없습니다. 다른 나라의 정보로 대신 답하지 않겠습니다. 어느 나라를 말씀하시는지 알려 주세요.\n\n현재 안내할 수 있는 곳: ${list}\n\n담당자가 직접 확인해 드릴 수도 있습니다. "담당자 연결"이라고 말씀해 주세요.`,
    en: (names: string, list: string) =>
      `I don't know "${names}" as a country or territory, so I cannot answer reliably, and I will not answer with another country's rules instead. Which country do you mean?\n\nCovered now: ${list}\n\nOur staff can also look into it: just say "talk to a person".`,
  },
  notRecordable: {
    ko: (place: string, right: string, rights: string) => `${place} 세관에는 ${right}을(를) 등록할 수 없습니다 (등록 가능한 권리: ${rights}). 아래는 해당 제도에 대한 내용입니다.`,
    en: (place: string, right: string, rights: string) => `Customs in ${place} do not record ${right}s (they record: ${rights}). What follows is about the system there.`,
  },
  partlyCovered: {
    ko: (names: string, covered: string) => `${names}은(는) 아직 제 자료에 없어 답변드릴 수 없습니다 (담당자 확인 가능). 아래는 ${covered}에 대한 내용입니다.`,
    en: (names: string, covered: string) => `My sources do not cover ${names} yet (our staff can check). What follows is about ${covered} only.`,
  },
  notSure: {
    ko: '확실하지 않습니다. 아래는 제가 찾은 가장 가까운 정보이며, 질문에 정확히 답하지 못할 수 있습니다.',
    en: "I'm not sure. Below is the closest information I found; it may not answer your question exactly.",
  },
  unconfirmed: {
    ko: '이 항목은 공식 자료로 확인되지 않았습니다. 담당자가 최신 내용을 확인해 드릴 수 있습니다.',
    en: 'This point could not be confirmed from official sources. Our staff can check the current rules for you.',
  },
  offer: {
    ko: '담당자와 상담을 원하시면 "담당자 연결"이라고 말씀해 주세요.',
    en: 'If you would like a person to help, say "talk to a person".',
  },
  related: { ko: '관련 정보', en: 'Related' },
  varies: {
    ko: '국가마다 다릅니다. 어느 나라인지 알려주시면 더 정확히 안내해 드립니다. 예를 들면:',
    en: 'It depends on the country. Tell me which one and I can be precise. For example:',
  },
  offTopic: {
    ko: '저는 해외 세관에 지식재산권(상표·디자인·특허·저작권)을 등록해 위조품을 막는 일을 돕는 도우미라서, 이 질문에는 답할 수 없습니다. 예를 들어 "중국 세관 등록은 몇 년간 유효한가요?", "베트남 세관에서 억류 통지를 받으면 어떻게 하나요?"처럼 물어봐 주세요. 사람의 도움이 필요하면 "담당자 연결"이라고 말씀해 주세요.',
    en: 'I help Korean companies record their trademarks, designs, patents and copyright with customs abroad, so I cannot answer this one. Try, for example, "How long is a China customs recordation valid?" or "What do I do after a detention notice in Vietnam?". If you need a person, say "talk to a person".',
  },
  nothing: {
    ko: '관련된 자료를 찾지 못했습니다.',
    en: 'I found nothing relevant in my sources.',
  },
};

/**
 * Answers from the retrieved passages alone, with no model: the direct answer first (the passage that best
 * matches the question's country and topic), then related points, then citations with their verified dates.
 */
export function createOfflineComposer(deps: OfflineComposerDeps): Composer {
  const threshold = deps.threshold ?? 0.45;
  // The covered places' names never change: listed once per language, not on every answer.
  const lists = new Map<Lang, string>();
  const coveredList = (lang: Lang) => {
    let list = lists.get(lang);
    if (list === undefined) lists.set(lang, (list = deps.covered.map((c) => deps.nameOf(c, lang)).join(', ')));
    return list;
  };
  return {
    id: 'offline',
    async compose(input: ComposeInput): Promise<ComposedAnswer> {
      const { analysis, language: lang } = input;
      const answer = compose(input, deps, threshold);
      input.onDelta?.(answer.text);
      return answer;

      function compose(inp: ComposeInput, d: OfflineComposerDeps, min: number): ComposedAnswer {
        if (analysis.uncovered.length && !analysis.jurisdictions.length) {
          const names = analysis.uncovered.map((id) => d.nameOf(id, lang)).join(', ');
          return { text: T.notCovered[lang](names, coveredList(lang)), language: lang, citations: [], confidence: 0, notSure: 'uncovered_jurisdiction', used: [], composer: 'offline' };
        }
        if (analysis.unknownPlaces?.length && !analysis.jurisdictions.length)
          return { text: T.unknownPlace[lang](analysis.unknownPlaces.join(', '), coveredList(lang)), language: lang, citations: [], confidence: 0, notSure: 'unknown_place', used: [], composer: 'offline' };
        const named = analysis.jurisdictions;
        // A passage about a place the question did not name never answers it.
        const passages = dedupe(inp.passages).filter((p) => !named.length || !p.chunk.jurisdictions.length || p.chunk.jurisdictions.some((j) => named.includes(j)));
        if (!passages.length)
          return { text: `${T.nothing[lang]} ${T.offer[lang]}`, language: lang, citations: [], confidence: 0, notSure: 'low_confidence', used: [], composer: 'offline' };

        if (isOffTopic(analysis, questionCoverage(inp.question, passages[0], d.tokenizer)))
          return { text: T.offTopic[lang], language: lang, citations: [], confidence: 0, notSure: 'off_topic', used: [], composer: 'offline' };
        const confidence = scoreConfidence(inp.question, analysis, passages, d.tokenizer);
        const top = passages[0];
        const direct: RetrievedPassage[] = [];
        const parts: string[] = [];
        const fields = askedFields(analysis.fields);
        const field = fields[0];
        const factOf = (j: string, f: string) => passages.find((p) => p.chunk.kind === 'profile' && p.chunk.jurisdictions.includes(j) && p.chunk.field === f);

        const right = analysis.rights[0];
        const recordable = named.length === 1 && right ? d.recordableRights?.(named[0]) : undefined;
        if (recordable && !recordable.includes(right) && d.rightName)
          parts.push(T.notRecordable[lang](d.nameOf(named[0], lang), d.rightName(right, lang), recordable.map((r) => d.rightName!(r, lang)).join(', ')));
        if (analysis.uncovered.length) parts.push(T.partlyCovered[lang](analysis.uncovered.map((id) => d.nameOf(id, lang)).join(', '), named.map((j) => d.nameOf(j, lang)).join(', ')));
        if (named.length > 1) {
          // A comparison: the best passage for each country named.
          for (const j of named.slice(0, 4)) {
            const best = (field && factOf(j, field)) || passages.find((p) => p.chunk.jurisdictions.includes(j));
            if (best && !direct.includes(best)) direct.push(best);
          }
        } else if (named.length === 1 && fields.length > 1) {
          // Several things asked about one place: each answered, in the order asked.
          for (const f of fields) {
            const p = factOf(named[0], f);
            if (p && !direct.includes(p)) direct.push(p);
          }
        } else if (!named.length && field && top.chunk.kind === 'profile' && top.chunk.field === field) {
          // Asked a country-specific thing without a country: show how it varies.
          parts.push(T.varies[lang]);
          const seen = new Set<string>();
          for (const p of passages) {
            const j = p.chunk.jurisdictions[0];
            if (p.chunk.field !== field || seen.has(j)) continue;
            seen.add(j);
            parts.push(`- **${p.chunk.title}**: ${firstSentences(p.chunk.text, 220)}`);
            direct.push(p);
            if (seen.size >= 3) break;
          }
        }
        if (!direct.length) direct.push((named.length === 1 && field && factOf(named[0], field)) || top);

        if (!parts.some((p) => p.startsWith('- **')))
          direct.forEach((p, i) => parts.push(`**${p.chunk.title}**\n${i === 0 || fields.length <= 2 ? clip(withoutHeading(p.chunk)) : firstSentences(withoutHeading(p.chunk), 400)}`));

        const titles = new Set(direct.map((p) => p.chunk.title));
        const relatedPool = passages.filter(
          // About a named place, related points come from its own profile: a cross-country guide section would bring other countries in.
          (p) => !direct.includes(p) && !titles.has(p.chunk.title) && p.score >= top.score * 0.45 && (!named.length || (p.chunk.kind === 'profile' && p.chunk.jurisdictions.some((j) => named.includes(j)))),
        );
        const related = fields.length > 2 ? [] : relatedPool.slice(0, 2);
        const line = (p: RetrievedPassage) => {
          const body = bodyOf(p.chunk);
          return body === p.chunk.title ? `- ${p.chunk.title}` : `- ${p.chunk.title}: ${firstSentences(body, 200)}`;
        };
        if (related.length) parts.push(`**${T.related[lang]}**\n${related.map(line).join('\n')}`);

        const used = [...direct, ...related].map((p) => p.chunk);
        const unconfirmed = direct.some((p) => p.chunk.status === 'unconfirmed');
        let notSure: ComposedAnswer['notSure'] = null;
        if (confidence < min) notSure = 'low_confidence';
        else if (unconfirmed) notSure = 'unconfirmed_fact';

        if (notSure === 'low_confidence') parts.unshift(T.notSure[lang]);
        if (notSure === 'unconfirmed_fact') parts.push(T.unconfirmed[lang]);
        if (notSure) parts.push(T.offer[lang]);
        // Citations travel as data on the answer; each channel renders them its own way. About a named place, a
        // cross-country section's sources from other countries are left out (profile source ids start with the code).
        const all = collectCitations(used, 12);
        const foreign = (id: string) => /^[a-z]{2}-/.test(id) && d.covered.some((c) => id.startsWith(`${c.toLowerCase()}-`)) && !named.some((j) => id.startsWith(`${j.toLowerCase()}-`));
        const own = named.length ? all.filter((c) => !foreign(c.id)) : all;
        const citations = (own.length ? own : all).slice(0, 5);
        return { text: parts.join('\n\n'), language: lang, citations, confidence, notSure, used, composer: 'offline' };
      }
    },
  };
}

/** "How do I register?" is answered with the steps: where to file, the documents, the fee and the time it takes. */
function askedFields(fields: string[]): string[] {
  if (fields[0] !== 'how_to_file') return fields;
  return [...new Set([...fields, 'documents', 'fees', 'processing_time'])];
}

/** A page section's text starts with its heading, which the bold title above it already shows. */
function withoutHeading(chunk: RetrievedPassage['chunk']): string {
  return chunk.kind === 'profile' ? chunk.text : chunk.text.split('\n').slice(1).join('\n').trim() || chunk.text;
}

/** A page section's text starts with its heading, which the title already shows. */
function bodyOf(chunk: RetrievedPassage['chunk']): string {
  if (chunk.kind === 'profile') return chunk.text;
  // Prose only: a table row or a list marker makes no sense as a one-line summary.
  const prose = chunk.text.split('\n').slice(1).filter((l) => l.trim() && !/^\s*(\||[-*]\s|\d+\.\s)/.test(l));
  return prose.join('\n').trim() || chunk.title;
}

/** One passage per pairKey (the first, best one), so a fact is not quoted twice in two languages. */
function dedupe(passages: RetrievedPassage[]): RetrievedPassage[] {
  const seen = new Set<string>();
  return passages.filter((p) => (seen.has(p.chunk.pairKey) ? false : (seen.add(p.chunk.pairKey), true)));
}
