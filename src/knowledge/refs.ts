/**
 * References from guide pages to profile facts, so a per-country figure lives in one place (the profile) and every
 * page that mentions it shows the same text. Rendered when the knowledge base is loaded:
 *
 *   {{fact vn.holder_deadline}}       the fact's first sentence (its direct answer), in the page's language
 *   {{fact cn.detention all}}         the fact's whole text
 *   {{figure vn.holderDeadline}}      a structured figure: holderDeadline, validity, renewalWindow, officialFee
 *                                     ("3 working days" / "3 근무일"; "not confirmed" / "확인되지 않음" when absent)
 *   {{table holder_deadline CN HK}}   a Markdown table, one row per profile (all profiles when no code is given),
 *                                     one column per field (several fields: validity,renewal)
 *
 * Codes may be written in either case. An unknown directive, profile, field or figure is a load error.
 */
import { FACT_FIELDS, type FactField, type JurisdictionProfile, type Source } from './schema.js';
import { FIELD_LABELS } from './labels.js';

type Lang = 'ko' | 'en';

export const REFERENCE = /\{\{\s*([a-z]+)\s+([^{}]*?)\s*\}\}/g;

export const FIGURES = ['holderDeadline', 'validity', 'renewalWindow', 'officialFee'] as const;
export type FigureName = (typeof FIGURES)[number];

/** A fact that a page shows through a reference. */
export interface FactRef {
  code: string;
  field: FactField;
}

const ABBREVIATION = /(?:\b(?:Art|Arts|No|Nos|Reg|Regs|para|paras|e\.g|i\.e|etc|vs|approx|Co|Ltd|Inc|Corp|St|Mr|Ms|Dr|Rs|Sec|cf|pp?|Vol|Ch|ca|Ord|Cap|Dept|Govt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])*)\.$/;

/** The first sentence of a fact text: its direct answer. Periods of abbreviations (Art., No., U.S.) do not end it. */
export function firstSentence(text: string): string {
  const para = text.trim().split(/\n/)[0];
  const re = /[.!?](?=\s+\S)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(para))) {
    const upto = para.slice(0, m.index + 1);
    if (m[0] === '.' && ABBREVIATION.test(upto)) continue;
    // A decimal point or a number list ("1. ") is not a sentence end.
    if (/\d\.$/.test(upto) && /^\s*\d/.test(para.slice(m.index + 1))) continue;
    return upto.trim();
  }
  return para.trim();
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function duration(d: { years?: number; months?: number; days?: number }, lang: Lang): string {
  const parts: string[] = [];
  if (d.years) parts.push(lang === 'ko' ? `${d.years}년` : plural(d.years, 'year', 'years'));
  if (d.months) parts.push(lang === 'ko' ? `${d.months}개월` : plural(d.months, 'month', 'months'));
  if (d.days) parts.push(lang === 'ko' ? `${d.days}일` : plural(d.days, 'day', 'days'));
  return parts.join(' ');
}

const NOT_CONFIRMED = { ko: '확인되지 않음(담당자에게 문의)', en: 'not confirmed (ask our staff)' };

/** A structured figure of a profile, as text in one language. */
export function formatFigure(p: JurisdictionProfile, figure: FigureName, lang: Lang): string {
  const f = p.figures;
  switch (figure) {
    case 'holderDeadline': {
      const d = f.holderDeadline;
      if (!d) return NOT_CONFIRMED[lang];
      if (lang === 'ko') return d.unit === 'working' ? `${d.days} 근무일` : d.unit === 'calendar' ? `${d.days}일(달력 기준)` : `${d.days}시간`;
      return d.unit === 'working' ? plural(d.days, 'working day', 'working days') : d.unit === 'calendar' ? plural(d.days, 'calendar day', 'calendar days') : plural(d.days, 'hour', 'hours');
    }
    case 'validity':
      if (f.validity) return duration(f.validity, lang);
      if (f.validityTiedToRight) return lang === 'ko' ? '권리의 존속기간과 같음' : 'as long as the underlying right';
      return NOT_CONFIRMED[lang];
    case 'renewalWindow':
      return f.renewalWindow ? duration(f.renewalWindow, lang) : NOT_CONFIRMED[lang];
    case 'officialFee': {
      const fee = f.officialFee;
      if (!fee) return NOT_CONFIRMED[lang];
      if (fee.amount === 0) return lang === 'ko' ? '없음(무료)' : 'none (free)';
      const amount = fee.amount.toLocaleString('en-US');
      return lang === 'ko' ? `${amount} ${fee.currency}${fee.per ? ` (${fee.per})` : ''}` : `${fee.currency} ${amount}${fee.per ? ` per ${fee.per}` : ''}`;
    }
  }
}

/** "Vietnam (VN)"; a name that already has a bracket ("European Union (EU)") stays as it is. */
export const placeName = (p: JurisdictionProfile, lang: Lang) => (p.name[lang].includes('(') ? p.name[lang] : `${p.name[lang]} (${p.code})`);

const cell = (s: string) => s.replace(/\|/g, '/').replace(/\s*\n\s*/g, ' ');

export interface Rendered {
  text: string;
  /** Facts shown, for citations and the page's list of unconfirmed points. */
  facts: FactRef[];
  problems: string[];
}

/** Renders every reference in `text` for a page in `lang`; unknown references become problems (and stay as written). */
export function renderReferences(text: string, lang: Lang, profiles: Map<string, JurisdictionProfile>): Rendered {
  const facts: FactRef[] = [];
  const problems: string[] = [];
  const profile = (code: string, ref: string) => {
    const p = profiles.get(code.toUpperCase());
    if (!p) problems.push(`unknown reference ${ref}: no profile "${code}"`);
    return p;
  };
  const isField = (s: string): s is FactField => (FACT_FIELDS as readonly string[]).includes(s);
  const out = text.replace(REFERENCE, (ref, kind: string, arg: string) => {
    if (kind === 'fact' || kind === 'figure') {
      const m = /^([A-Za-z]{2})\.([A-Za-z_]+)(?:\s+(all))?$/.exec(arg);
      if (!m) {
        problems.push(`unknown reference ${ref}: write {{${kind} xx.${kind === 'fact' ? 'field' : 'figure'}}}`);
        return ref;
      }
      const p = profile(m[1], ref);
      if (!p) return ref;
      if (kind === 'fact') {
        if (!isField(m[2])) {
          problems.push(`unknown reference ${ref}: no fact "${m[2]}" (fields: ${FACT_FIELDS.join(', ')})`);
          return ref;
        }
        facts.push({ code: p.code, field: m[2] });
        return m[3] ? p.facts[m[2]][lang].trim() : firstSentence(p.facts[m[2]][lang]);
      }
      if (m[3] || !(FIGURES as readonly string[]).includes(m[2])) {
        problems.push(`unknown reference ${ref}: no figure "${m[2]}" (figures: ${FIGURES.join(', ')})`);
        return ref;
      }
      return formatFigure(p, m[2] as FigureName, lang);
    }
    if (kind === 'table') {
      const [fieldList, ...codes] = arg.split(/\s+/).filter(Boolean);
      const fields = (fieldList ?? '').split(',').filter(Boolean);
      const bad = fields.filter((f) => !isField(f));
      if (!fields.length || bad.length) {
        problems.push(`unknown reference ${ref}: no fact "${bad.join(', ') || '(none)'}" (fields: ${FACT_FIELDS.join(', ')})`);
        return ref;
      }
      const rows = codes.length ? codes.map((c) => profile(c, ref)) : [...profiles.values()].sort((a, b) => a.code.localeCompare(b.code));
      if (rows.some((p) => !p)) return ref;
      const head = `| ${lang === 'ko' ? '국가' : 'Country'} | ${fields.map((f) => FIELD_LABELS[f as FactField][lang]).join(' | ')} |`;
      const lines = [head, `|---|${fields.map(() => '---').join('|')}|`];
      for (const p of rows as JurisdictionProfile[]) {
        for (const f of fields) facts.push({ code: p.code, field: f as FactField });
        lines.push(`| ${placeName(p, lang)} | ${fields.map((f) => cell(firstSentence(p.facts[f as FactField][lang]))).join(' | ')} |`);
      }
      return lines.join('\n');
    }
    problems.push(`unknown reference ${ref}: use {{fact xx.field}}, {{figure xx.figure}} or {{table field CODES}}`);
    return ref;
  });
  return { text: out, facts, problems };
}

/** Sections of a page body, split at `##`/`###` headings (a `# ` title line is dropped). */
export function splitSections(body: string): Array<{ heading: string; body: string }> {
  const sections: Array<{ heading: string; body: string }> = [];
  let current = { heading: '', body: '' };
  for (const line of body.split('\n')) {
    const h = /^#{1,3}\s+(.*)$/.exec(line);
    if (h && line.startsWith('##')) {
      if (current.body.trim() || current.heading) sections.push(current);
      current = { heading: h[1].trim(), body: '' };
    } else if (!line.startsWith('# ')) current.body += line + '\n';
  }
  if (current.body.trim() || current.heading) sections.push(current);
  return sections;
}

/** The sources behind the facts a piece of page text refers to, first-referenced first, one per id. */
export function sourcesOfRefs(facts: FactRef[], profiles: Map<string, JurisdictionProfile>): Source[] {
  const out = new Map<string, Source>();
  for (const r of facts) {
    const p = profiles.get(r.code);
    if (!p) continue;
    for (const id of p.facts[r.field].sources) {
      const s = p.sources.find((x) => x.id === id);
      if (s && !out.has(s.url)) out.set(s.url, s);
    }
  }
  return [...out.values()];
}
