import { subMonths, format } from 'date-fns';
import { FACT_FIELDS, SOURCE_GRADES, type JurisdictionProfile, type Source, type SourceGrade } from './schema.js';
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

const RANK: Record<SourceGrade, number> = { official: 0, 'official-copy': 1, professional: 2, press: 3 };
const GRADE_LABEL: Record<SourceGrade | 'ungraded', string> = {
  official: 'official',
  'official-copy': 'official copy',
  professional: 'professional',
  press: 'press',
  ungraded: 'no grade',
};

/** The strongest grade among a fact's sources ("ungraded" when none says). */
export function bestGrade(sources: Source[]): SourceGrade | 'ungraded' {
  const graded = sources.map((s) => s.grade).filter((g): g is SourceGrade => Boolean(g));
  return graded.length ? graded.sort((a, b) => RANK[a] - RANK[b])[0] : 'ungraded';
}

const factSources = (p: JurisdictionProfile, field: (typeof FACT_FIELDS)[number]) =>
  p.facts[field].sources.map((id) => p.sources.find((s) => s.id === id)).filter((s): s is Source => Boolean(s));

/** The date the report measures ages from: the newest verification in the base (so the report is reproducible). */
export function reportDate(kb: KnowledgeBase): string {
  return [...kb.profiles.flatMap((p) => p.sources.map((s) => s.verified)), ...kb.pages.flatMap((p) => p.sources.map((s) => s.verified))].sort().at(-1) ?? '1970-01-01';
}

/** Totals for README: facts, share resting on official sources, oldest verification. */
export function gradeTotals(kb: KnowledgeBase): { confirmed: number; official: number; officialShare: number; oldest: string; stale: number; singleNonOfficial: number } {
  const facts = kb.profiles.flatMap((p) => FACT_FIELDS.filter((f) => p.facts[f].status === 'confirmed').map((f) => ({ p, f, sources: factSources(p, f) })));
  const official = facts.filter((x) => bestGrade(x.sources) === 'official').length;
  const cutoff = format(subMonths(new Date(`${reportDate(kb)}T12:00:00Z`), 12), 'yyyy-MM-dd');
  const all = kb.profiles.flatMap((p) => p.sources);
  return {
    confirmed: facts.length,
    official,
    officialShare: facts.length ? Math.round((official / facts.length) * 100) : 0,
    oldest: all.map((s) => s.verified).sort()[0] ?? '—',
    stale: all.filter((s) => s.verified < cutoff).length,
    singleNonOfficial: facts.filter((x) => x.sources.length === 1 && x.sources[0].grade !== 'official').length,
  };
}

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

  // Sources graded: what each territory's confirmed facts rest on (the strongest grade among a fact's sources).
  const cutoff = format(subMonths(new Date(`${reportDate(kb)}T12:00:00Z`), 12), 'yyyy-MM-dd');
  const totals = gradeTotals(kb);
  lines.push('## Sources by grade', '');
  lines.push(
    `Confirmed facts: ${totals.confirmed}; resting on an official source: ${totals.official} (${totals.officialShare}%); oldest verification: ${totals.oldest}; sources verified more than 12 months before ${reportDate(kb)}: ${totals.stale}; confirmed facts resting on a single non-official source: ${totals.singleNonOfficial}.`,
    '',
  );
  lines.push('Each confirmed fact is counted once, under the strongest grade among its sources (official: the authority or the legislation; official copy: a faithful republication of an official text; professional: law firm, IP office abroad, chamber; press).', '');
  const columns = [...SOURCE_GRADES, 'ungraded'] as const;
  lines.push(`| code | ${columns.map((g) => GRADE_LABEL[g]).join(' | ')} | sources older than 12 months |`, `|---|${columns.map(() => '--:').join('|')}|--:|`);
  const single: string[] = [];
  const stale: string[] = [];
  for (const p of [...kb.profiles].sort((a, b) => a.code.localeCompare(b.code))) {
    const counts = Object.fromEntries(columns.map((g) => [g, 0])) as Record<(typeof columns)[number], number>;
    for (const f of FACT_FIELDS) {
      if (p.facts[f].status !== 'confirmed') continue;
      const src = factSources(p, f);
      counts[bestGrade(src)]++;
      if (src.length === 1 && src[0].grade !== 'official') single.push(`${p.code}/${f} (${GRADE_LABEL[src[0].grade ?? 'ungraded']}: ${src[0].title.replace(/\|/g, '/')})`);
    }
    const old = p.sources.filter((s) => s.verified < cutoff);
    for (const s of old) stale.push(`${p.code}: ${s.title.replace(/\|/g, '/')} (verified ${s.verified})`);
    lines.push(`| ${p.code} | ${columns.map((g) => counts[g]).join(' | ')} | ${old.length} |`);
  }
  lines.push('', `### Sources verified more than 12 months before ${reportDate(kb)} (before ${cutoff})`, '');
  lines.push(...(stale.length ? stale.map((x) => `- ${x}`) : ['None.']));
  lines.push('', '### Confirmed facts resting on a single non-official source', '');
  lines.push(...(single.length ? single.map((x) => `- ${x}`) : ['None.']), '');

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
