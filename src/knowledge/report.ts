import { FACT_FIELDS } from './schema.js';
import type { KnowledgeBase } from './load.js';

const MARK = { confirmed: '✓', unconfirmed: '?', not_applicable: '–' } as const;
const SHORT: Record<string, string> = {
  legal_basis: 'law',
  rights: 'rights',
  local_registration: 'local reg.',
  who_may_apply: 'who',
  local_agent: 'agent',
  how_to_file: 'filing',
  documents: 'docs',
  fees: 'fees',
  processing_time: 'time',
  validity: 'validity',
  renewal: 'renewal',
  updates: 'updates',
  detention: 'detention',
  holder_deadline: 'deadline',
  bond: 'bond',
  costs: 'costs',
  small_consignments: 'small',
  ex_officio: 'ex officio',
  tips: 'tips',
};

/**
 * What the knowledge base covers, as Markdown: jurisdiction × field (✓ confirmed, ? unconfirmed: the bot sends
 * such questions to staff, – not applicable), the pages, and the oldest verification dates (what to re-check first).
 */
export function coverageReport(kb: KnowledgeBase): string {
  const lines: string[] = ['# Knowledge base coverage', ''];
  lines.push(`${kb.profiles.length} jurisdictions, ${new Set(kb.pages.map((p) => p.id)).size} pages (Korean and English), ${kb.glossary.length} glossary entries.`, '');
  lines.push('✓ confirmed with a source · ? not confirmed (questions go to staff) · – not applicable', '');
  lines.push(`| code | ${FACT_FIELDS.map((f) => SHORT[f]).join(' | ')} | confirmed | oldest check |`);
  lines.push(`|---|${FACT_FIELDS.map(() => ':-:').join('|')}|--:|---|`);
  for (const p of [...kb.profiles].sort((a, b) => a.code.localeCompare(b.code))) {
    const facts = FACT_FIELDS.map((f) => p.facts[f]);
    const confirmed = facts.filter((f) => f.status === 'confirmed').length;
    const oldest = p.sources.map((s) => s.verified).sort()[0];
    lines.push(`| ${p.code} | ${facts.map((f) => MARK[f.status]).join(' | ')} | ${confirmed}/${FACT_FIELDS.length} | ${oldest} |`);
  }
  const total = kb.profiles.length * FACT_FIELDS.length;
  const unconfirmed = kb.profiles.flatMap((p) => FACT_FIELDS.filter((f) => p.facts[f].status === 'unconfirmed').map((f) => `${p.code}/${f}`));
  lines.push('', `Confirmed facts: ${total - unconfirmed.length} of ${total}. Unconfirmed: ${unconfirmed.join(', ') || 'none'}.`, '');

  lines.push('## Pages', '', '| id | kind | languages | jurisdictions | verified | unconfirmed points |', '|---|---|---|---|---|--:|');
  const byId = new Map<string, typeof kb.pages>();
  for (const p of kb.pages) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
  for (const [id, pages] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    const p = pages[0];
    const verified = pages.map((x) => x.verified).sort()[0];
    lines.push(`| ${id} | ${p.kind} | ${pages.map((x) => x.lang).sort().join(', ')} | ${p.jurisdictions.join(' ') || '—'} | ${verified} | ${Math.max(...pages.map((x) => x.unconfirmed.length))} |`);
  }

  const dated = [
    ...kb.profiles.flatMap((p) => p.sources.map((s) => ({ where: p.code, title: s.title, verified: s.verified, published: s.published ?? '' }))),
    ...kb.pages.filter((p) => p.lang === 'en').flatMap((p) => p.sources.map((s) => ({ where: p.id, title: s.title, verified: s.verified, published: s.published ?? '' }))),
  ];
  lines.push('', '## Oldest verifications', '', '| verified | published | where | source |', '|---|---|---|---|');
  for (const d of [...dated].sort((a, b) => a.verified.localeCompare(b.verified) || a.published.localeCompare(b.published)).slice(0, 10))
    lines.push(`| ${d.verified} | ${d.published || '—'} | ${d.where} | ${d.title.replace(/\|/g, '/')} |`);
  lines.push('', '## Oldest published sources (most likely to be out of date)', '', '| published | where | source |', '|---|---|---|');
  for (const d of dated.filter((d) => d.published).sort((a, b) => a.published.localeCompare(b.published)).slice(0, 10))
    lines.push(`| ${d.published} | ${d.where} | ${d.title.replace(/\|/g, '/')} |`);
  return `${lines.join('\n')}\n`;
}
