import type { KnowledgeBase, KnowledgePage } from './load.js';
import { FACT_FIELDS, type JurisdictionProfile, type Source, type SourceGrade } from './schema.js';
import { FIELD_LABELS, RIGHT_LABELS } from './labels.js';
import { splitSections } from './refs.js';
import type { Lang } from '../core/lang.js';
import type { Citation } from '../core/reply.js';

export type { Citation };

/** One retrievable passage. `docKey` names what it answers (CN/validity, a page id); `pairKey` joins its translations. */
export interface Chunk {
  id: string;
  docKey: string;
  pairKey: string;
  lang: Lang;
  kind: 'profile' | 'guide' | 'programme';
  title: string;
  /** The passage as quoted in answers. */
  text: string;
  jurisdictions: string[];
  /** A page's topics (its front matter): a question naming one of them leans to the page. */
  topics?: string[];
  field: string | null;
  status: 'confirmed' | 'unconfirmed' | 'not_applicable';
  citations: Citation[];
  verified: string;
}

export const cite = (s: Pick<Source, 'title' | 'url' | 'verified' | 'grade'> & { id?: string }, fallbackId: string): Citation => ({
  id: s.id ?? fallbackId,
  title: s.title,
  url: s.url,
  verified: s.verified,
  ...(s.grade ? { grade: s.grade } : {}),
});

function profileChunks(p: JurisdictionProfile): Chunk[] {
  const out: Chunk[] = [];
  const byId = new Map(p.sources.map((s) => [s.id, s]));
  const official = p.sources.filter((s) => s.official);
  for (const lang of ['ko', 'en'] as const) {
    const place = `${p.name[lang]} · ${p.procedure.name[lang]}`;
    const rights = p.recordableRights.map((r) => RIGHT_LABELS[r]?.[lang] ?? r).join(', ');
    const summaryText = [
      p.summary[lang],
      lang === 'ko'
        ? `담당 기관: ${p.authority.name.ko}. 절차: ${p.procedure.name.ko}${p.procedure.name.local ? ` (${p.procedure.name.local})` : ''}. 등록 가능한 권리: ${rights}. 신청: ${p.filing.system.ko} (${p.filing.language.ko}).`
        : `Authority: ${p.authority.name.en}. Procedure: ${p.procedure.name.en}${p.procedure.name.local ? ` (${p.procedure.name.local})` : ''}. Rights that can be recorded: ${rights}. Filing: ${p.filing.system.en} (${p.filing.language.en}).`,
    ].join(' ');
    out.push({
      id: `${p.code}/summary@${lang}`,
      docKey: `${p.code}/summary`,
      pairKey: `${p.code}/summary`,
      lang,
      kind: 'profile',
      title: `${place} — ${FIELD_LABELS.summary[lang]}`,
      text: summaryText,
      jurisdictions: [p.code],
      field: 'summary',
      status: 'confirmed',
      citations: (official.length ? official : p.sources).slice(0, 2).map((s) => cite(s, s.id)),
      verified: p.reviewed,
    });
    for (const field of FACT_FIELDS) {
      const f = p.facts[field];
      const lines = [f[lang]];
      if (f.items?.length) lines.push(...f.items.map((i) => `- ${i[lang]}`));
      if (f.note) lines.push(f.note[lang]);
      const sources = f.sources.map((id) => byId.get(id)!).filter(Boolean);
      out.push({
        id: `${p.code}/${field}@${lang}`,
        docKey: `${p.code}/${field}`,
        pairKey: `${p.code}/${field}`,
        lang,
        kind: 'profile',
        title: `${p.name[lang]} — ${FIELD_LABELS[field][lang]}`,
        text: lines.join('\n'),
        jurisdictions: [p.code],
        field,
        status: f.status,
        citations: sources.map((s) => cite(s, s.id)),
        verified: sources.map((s) => s.verified).sort().at(-1) ?? p.reviewed,
      });
    }
  }
  return out;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'intro';

const MAX_SECTION = 1400;

/** Splits a page at `##` headings; an over-long section is cut at paragraph breaks. Section order pairs translations. */
function pageChunks(page: KnowledgePage): Chunk[] {
  const sections = splitSections(page.body);
  const pageCitations = page.sources.map((s, i) => cite(s, `${page.id}-${i + 1}`));
  const out: Chunk[] = [];
  sections.forEach((sec, si) => {
    // A section showing profile facts cites their sources first, then the page's own.
    const shown = (page.sectionSources?.[si] ?? []).map((s) => cite(s, s.id));
    const citations = [...shown, ...pageCitations.filter((c) => !shown.some((x) => x.url === c.url))];
    const parts: string[] = [];
    let buf = '';
    for (const para of sec.body.trim().split(/\n{2,}/)) {
      if (buf && buf.length + para.length > MAX_SECTION) {
        parts.push(buf);
        buf = '';
      }
      buf = buf ? `${buf}\n\n${para}` : para;
    }
    if (buf || !parts.length) parts.push(buf);
    parts.forEach((body, pi) => {
      const sectionKey = `s${si + 1}${parts.length > 1 ? `.${pi + 1}` : ''}`;
      out.push({
        id: `${page.id}#${sectionKey}-${slug(sec.heading)}@${page.lang}`,
        docKey: page.id,
        pairKey: `${page.id}#${sectionKey}`,
        lang: page.lang,
        kind: page.kind,
        title: sec.heading ? `${page.title} — ${sec.heading}` : page.title,
        text: sec.heading ? `${sec.heading}\n${body.trim()}` : body.trim(),
        jurisdictions: page.jurisdictions,
        topics: page.topics,
        field: null,
        status: 'confirmed',
        citations,
        verified: page.verified,
      });
    });
  });
  return out;
}

/** Every passage of the knowledge base, in a stable order. */
export function renderChunks(kb: KnowledgeBase): Chunk[] {
  return [...kb.profiles.flatMap(profileChunks), ...kb.pages.flatMap(pageChunks)];
}
