import type { KnowledgeProposalRecord } from '../store/types.js';

/** A placeholder kb:check refuses (not a date, not a grade), so an unfinished file can never pass unnoticed. */
export const TODO = 'TODO';

const quote = (s: string) => JSON.stringify(s.replace(/\s+/g, ' ').trim());

/** The page id a proposal becomes: `faq-<market>-<n>` (`faq-<n>` without a market). */
export function proposalPageId(p: KnowledgeProposalRecord): string {
  const market = p.jurisdiction && /^[A-Za-z]{2}$/.test(p.jurisdiction) ? `${p.jurisdiction.toLowerCase()}-` : '';
  return `faq-${market}${p.id}`;
}

/**
 * A proposal as a pair of ready-to-edit knowledge pages (guides, one per language, same id): the language it was
 * asked in holds the staff answer; the other is to be written. Every field staff must fill says TODO, and the
 * verified dates and source grades hold values the schema refuses, so `kb:check` fails until someone has checked
 * the source, graded it and dated it.
 */
export function proposalFiles(p: KnowledgeProposalRecord): Array<{ name: string; text: string }> {
  const id = proposalPageId(p);
  const other = p.lang === 'ko' ? 'en' : 'ko';
  const page = (lang: 'ko' | 'en') => {
    const own = lang === p.lang;
    const ko = lang === 'ko';
    const title = own ? p.question.replace(/\s+/g, ' ').trim().slice(0, 120) : `${TODO}: ${ko ? '제목 번역' : 'translate the title'}`;
    const body = own
      ? `# ${title}\n\n${p.answer.trim()}\n`
      : `# ${title}\n\n${TODO}: ${ko ? '아래 답변을 한국어로 옮기세요.' : 'write this answer in English.'}\n\n> ${p.answer.trim().replace(/\n/g, '\n> ')}\n`;
    return [
      '---',
      `# Proposed from ticket #${p.ticketId ?? '-'} on ${p.createdAt.slice(0, 10)} by ${p.createdBy}. Check the source, fill every TODO,`,
      '# set grade (official | official-copy | professional | press; official: true only for official) and the dates, then move',
      '# this file and its other-language twin into knowledge/guides/ and run npm run kb:check.',
      `id: ${id}`,
      `lang: ${lang}`,
      `title: ${quote(title)}`,
      'kind: guide',
      `jurisdictions: [${p.jurisdiction && /^[A-Z]{2}$/.test(p.jurisdiction) ? p.jurisdiction : ''}]`,
      'topics: [faq]',
      'sources:',
      `  - { title: ${quote(`${TODO}: ${ko ? '출처 제목' : 'title of the source'}`)}, url: ${quote(p.sourceUrl ?? 'https://example.invalid/TODO')}, publisher: ${quote(`${TODO}`)}, verified: ${TODO}, grade: ${TODO}, official: false }`,
      `verified: ${TODO}`,
      'unconfirmed: []',
      '---',
      body,
    ].join('\n');
  };
  return [
    { name: `${id}.${p.lang}.md`, text: page(p.lang) },
    { name: `${id}.${other}.md`, text: page(other) },
  ];
}
