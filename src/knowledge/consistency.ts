/**
 * Guides must not state a per-country figure by hand that disagrees with the profile: a guide sentence naming
 * Vietnam with "10 working days" next to a deadline word, while vn.yaml's holderDeadline is 3 working days, is an
 * error. Only the text as written is read (references to profile facts are masked: they are the profile's own
 * words). Numbers are matched to the nearest country named before them in the sentence (or after, if none before)
 * and to the nearest keyword of a deadline, validity, renewal or fee; a number that disagrees with the profile's
 * structured figure is an error; one whose profile has no such figure is a warning (write it as a reference).
 */
import type { KnowledgeBase, KnowledgePage } from './load.js';
import type { JurisdictionProfile } from './schema.js';
import { REFERENCE } from './refs.js';

export interface Finding {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  code: string;
  message: string;
}

type Unit = 'working' | 'calendar' | 'days' | 'hours' | 'years' | 'months';
type Kind = 'deadline' | 'validity' | 'renewal' | 'fee';

interface Quantity {
  at: number;
  end: number;
  value: number;
  unit: Unit | 'money';
  currency?: string;
  text: string;
}

const NUM = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)`;
const DURATIONS: Array<[RegExp, Unit]> = [
  [new RegExp(`${NUM}[\\s-]*(?:working|business)[\\s-]+days?\\b`, 'gi'), 'working'],
  [new RegExp(`${NUM}[\\s-]*calendar[\\s-]+days?\\b`, 'gi'), 'calendar'],
  [new RegExp(`${NUM}[\\s-]*days?\\b`, 'gi'), 'days'],
  [new RegExp(`${NUM}[\\s-]*hours?\\b`, 'gi'), 'hours'],
  [new RegExp(`${NUM}[\\s-]*years?\\b`, 'gi'), 'years'],
  [new RegExp(`${NUM}[\\s-]*months?\\b`, 'gi'), 'months'],
  [new RegExp(`${NUM}\\s*(?:근무일|영업일|업무일|작업일|워킹데이)`, 'g'), 'working'],
  [new RegExp(`${NUM}\\s*일(?!\\s*전)(?!자)`, 'g'), 'days'],
  [new RegExp(`${NUM}\\s*시간`, 'g'), 'hours'],
  [new RegExp(`${NUM}\\s*년(?!\\s*\\d)`, 'g'), 'years'],
  [new RegExp(`${NUM}\\s*(?:개월|달(?!러))`, 'g'), 'months'],
];

/** Currency marks before or after an amount, mapped to ISO codes. */
const CURRENCY_BEFORE: Array<[RegExp, string]> = [
  [/US\$|USD/, 'USD'],
  [/HK\$|HKD/, 'HKD'],
  [/S\$|SGD/, 'SGD'],
  [/NT\$|TWD/, 'TWD'],
  [/RMB|CNY|元/, 'CNY'],
  [/JPY|¥/, 'JPY'],
  [/€|EUR/, 'EUR'],
  [/£|GBP/, 'GBP'],
  [/Rs\.?|INR|₹/, 'INR'],
  [/AED|Dh/, 'AED'],
  [/RM|MYR/, 'MYR'],
  [/Rp\.?|IDR/, 'IDR'],
  [/VND|₫/, 'VND'],
  [/THB|฿/, 'THB'],
  [/PHP|₱/, 'PHP'],
  [/KRW|₩/, 'KRW'],
];
const CURRENCY_AFTER: Array<[RegExp, string]> = [
  [/달러|dollars?/i, 'USD'],
  [/위안|yuan/i, 'CNY'],
  [/엔|yen/i, 'JPY'],
  [/유로|euros?/i, 'EUR'],
  [/파운드|pounds?/i, 'GBP'],
  [/루피|rupees?/i, 'INR'],
  [/디르함|dirhams?|AED/i, 'AED'],
  [/링깃|ringgit|MYR/i, 'MYR'],
  [/루피아|rupiah|IDR/i, 'IDR'],
  [/동|dong|VND/i, 'VND'],
  [/바트|baht|THB/i, 'THB'],
  [/페소|pesos?|PHP/i, 'PHP'],
  [/원|won|KRW/i, 'KRW'],
];

/** A holder's deadline is only read in a sentence about a detention or its notice. */
const DETENTION = /notice|notif|detain|detention|suspen|seiz|held|hold|interdict|억류|통지|보류|정지|압수|유치|단속/i;
const KEYWORDS: Record<Kind, RegExp> = {
  deadline: /deadline|within|notice|notif|respond|response|reply|confirm|detain|detention|suspen|seiz|hold|held|interdict|기한|이내|안에|내에|까지|통지|대응|억류|보류|정지|압수|확인/gi,
  validity: /valid|validity|lasts?|expire|term|유효|존속|효력/gi,
  renewal: /renew|extend|extension|before expiry|before it expires|갱신|연장|만료\s*전|만료일/gi,
  fee: /fee|charge|cost|pay|수수료|관납료|비용|요금|납부/gi,
};

function quantities(s: string): Quantity[] {
  const out: Quantity[] = [];
  const taken: Array<[number, number]> = [];
  const free = (a: number, b: number) => !taken.some(([x, y]) => a < y && b > x);
  const value = (n: string) => Number(n.replace(/,/g, ''));
  for (const [re, unit] of DURATIONS) {
    re.lastIndex = 0;
    for (let m; (m = re.exec(s)); ) {
      const at = m.index;
      const end = at + m[0].length;
      if (!free(at, end)) continue;
      // Dates are not durations: "10월 1일", "2015년", "1 October".
      if (unit === 'days' && /월\s*$/.test(s.slice(0, at))) continue;
      if (unit === 'years' && value(m[1]) >= 1900) continue;
      if (/[\d.,]$/.test(s.slice(0, at))) continue;
      taken.push([at, end]);
      out.push({ at, end, value: value(m[1]), unit, text: m[0] });
    }
  }
  for (const [cur, iso] of CURRENCY_BEFORE) {
    const re = new RegExp(`(?:${cur.source})\\s?${NUM}`, 'g');
    for (let m; (m = re.exec(s)); ) {
      if (!free(m.index, m.index + m[0].length)) continue;
      taken.push([m.index, m.index + m[0].length]);
      out.push({ at: m.index, end: m.index + m[0].length, value: value(m[1]), unit: 'money', currency: iso, text: m[0] });
    }
  }
  for (const [cur, iso] of CURRENCY_AFTER) {
    const re = new RegExp(`${NUM}\\s?(?:만|억)?\\s?(?:${cur.source})`, cur.flags.includes('i') ? 'gi' : 'g');
    for (let m; (m = re.exec(s)); ) {
      if (!free(m.index, m.index + m[0].length)) continue;
      const scale = /만/.test(m[0]) ? 10_000 : /억/.test(m[0]) ? 100_000_000 : 1;
      taken.push([m.index, m.index + m[0].length]);
      out.push({ at: m.index, end: m.index + m[0].length, value: value(m[1]) * scale, unit: 'money', currency: iso, text: m[0] });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Money next to these words is another cost than the official recordation fee (renewal, bond, storage, support). */
const OTHER_COST = /renew|갱신|support|지원|subsid|cap\b|한도|bond|security|담보|보증|deposit|storage|보관|destruction|폐기|handling|agent|대리인|attorney|quote|견적|penalt|fine|벌금/i;

/** The clause around a quantity: between commas, semicolons, brackets, "and"/"or". */
function clauseOf(s: string, q: { at: number; end: number }): { from: number; to: number } {
  const bounds = /[,;()]|\band\b|\bor\b| 및 | 또는 /g;
  let from = 0;
  let to = s.length;
  for (let m; (m = bounds.exec(s)); ) {
    if (m.index + m[0].length <= q.at) from = m.index + m[0].length;
    else if (m.index >= q.end) {
      to = m.index;
      break;
    }
  }
  return { from, to };
}

/** Which figure a quantity speaks of: the kind of the nearest keyword its unit allows. */
function kindOf(s: string, q: Quantity): Kind | null {
  if (q.unit === 'money') {
    const { from, to } = clauseOf(s, q);
    if (OTHER_COST.test(s.slice(from, to))) return null;
  }
  const allowed: Kind[] =
    q.unit === 'money'
      ? ['fee']
      : q.unit === 'years'
        ? ['validity', 'renewal']
        : q.unit === 'months'
          ? ['renewal', 'validity']
          : q.unit === 'hours'
            ? ['deadline']
            : ['deadline', 'renewal', 'validity'];
  let best: { kind: Kind; dist: number } | null = null;
  for (const kind of allowed) {
    if (kind === 'deadline' && !DETENTION.test(s)) continue;
    const re = KEYWORDS[kind];
    re.lastIndex = 0;
    for (let m; (m = re.exec(s)); ) {
      const a = m.index;
      const b = a + m[0].length;
      const dist = b <= q.at ? q.at - b : a >= q.end ? a - q.end : 0;
      if (!best || dist < best.dist) best = { kind, dist };
    }
  }
  return best && best.dist <= 80 ? best.kind : null;
}

interface Mention {
  at: number;
  end: number;
  code: string;
}

/** Finds where profile territories are named: glossary terms, profile names and codes (longest match wins). */
function territoryMatcher(kb: KnowledgeBase): (s: string) => Mention[] {
  const terms: Array<{ term: string; code: string }> = [];
  for (const p of kb.profiles) {
    terms.push({ term: p.name.en.toLowerCase(), code: p.code }, { term: p.name.ko, code: p.code });
    terms.push({ term: p.name.en.replace(/\s*\(.*\)$/, '').toLowerCase(), code: p.code });
  }
  const codes = new Set(kb.profiles.map((p) => p.code));
  for (const g of kb.glossary) {
    if (g.kind !== 'jurisdiction' || !g.profile || !codes.has(g.profile)) continue;
    for (const t of [...g.ko, ...g.en, ...g.other.filter((o) => !/^[a-z]{2}$/.test(o))]) terms.push({ term: t.toLowerCase(), code: g.profile });
  }
  const uniq = [...new Map(terms.filter((t) => t.term.length >= 2).map((t) => [t.term, t])).values()].sort((a, b) => b.term.length - a.term.length);
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const latin = uniq.filter((t) => /^[a-z]/.test(t.term));
  const other = uniq.filter((t) => !/^[a-z]/.test(t.term));
  const latinRe = new RegExp(`(?<![\\p{L}\\p{N}])(?:${latin.map((t) => escape(t.term)).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const codeRe = new RegExp(`\\b(?:${[...codes].join("|")})\\b(?!\\$)`, "g");
  const byTerm = new Map(uniq.map((t) => [t.term, t.code]));
  return (s: string) => {
    const found: Mention[] = [];
    const lower = s.toLowerCase();
    latinRe.lastIndex = 0;
    for (let m; (m = latinRe.exec(lower)); ) found.push({ at: m.index, end: m.index + m[0].length, code: byTerm.get(m[0])! });
    codeRe.lastIndex = 0;
    for (let m; (m = codeRe.exec(s)); ) found.push({ at: m.index, end: m.index + m[0].length, code: m[0] });
    for (const t of other) {
      for (let i = lower.indexOf(t.term); i >= 0; i = lower.indexOf(t.term, i + 1)) found.push({ at: i, end: i + t.term.length, code: t.code });
    }
    // Longest first, then drop mentions inside a longer one ("인도" inside "인도네시아").
    found.sort((a, b) => b.end - b.at - (a.end - a.at) || a.at - b.at);
    const kept: Mention[] = [];
    for (const f of found) if (!kept.some((k) => f.at < k.end && f.end > k.at)) kept.push(f);
    return kept.sort((a, b) => a.at - b.at);
  };
}

const toMonths = (d: { years?: number; months?: number; days?: number }) => (d.days ? null : (d.years ?? 0) * 12 + (d.months ?? 0));

/** Compares one quantity with the profile's structured figure: null when they agree. */
function compare(p: JurisdictionProfile, kind: Kind, q: Quantity): { severity: Finding['severity']; message: string } | null {
  const f = p.figures;
  const ref = (figure: string, field: string) => `write it as {{figure ${p.code.toLowerCase()}.${figure}}} or {{fact ${p.code.toLowerCase()}.${field}}}`;
  if (kind === 'deadline') {
    const d = f.holderDeadline;
    if (!d) return { severity: 'warning', message: `"${q.text}" names a deadline for ${p.code}, whose profile has no holderDeadline figure; ${ref('holderDeadline', 'holder_deadline')}` };
    const unitOk = q.unit === 'days' ? d.unit !== 'hours' : q.unit === d.unit;
    if (unitOk && q.value === d.days) return null;
    return { severity: 'error', message: `"${q.text}" contradicts ${p.code}'s holderDeadline (${d.days} ${d.unit}); ${ref('holderDeadline', 'holder_deadline')}` };
  }
  if (kind === 'validity' || kind === 'renewal') {
    const figure = kind === 'validity' ? f.validity : f.renewalWindow;
    const name = kind === 'validity' ? 'validity' : 'renewalWindow';
    const field = kind === 'validity' ? 'validity' : 'renewal';
    if (!figure) {
      if (kind === 'renewal' && f.validity && agrees(f.validity, q)) return null; // "renewed for 2 years"
      return { severity: 'warning', message: `"${q.text}" names a ${kind} figure for ${p.code}, whose profile has no ${name} figure; ${ref(name, field)}` };
    }
    if (agrees(figure, q) || (kind === 'renewal' && f.validity && agrees(f.validity, q))) return null;
    return { severity: 'error', message: `"${q.text}" contradicts ${p.code}'s ${name} (${JSON.stringify(figure)}); ${ref(name, field)}` };
  }
  const fee = f.officialFee;
  if (!fee) return { severity: 'warning', message: `"${q.text}" names a fee for ${p.code}, whose profile has no officialFee figure; ${ref('officialFee', 'fees')}` };
  if (q.currency !== fee.currency) return null; // another currency: a conversion or another cost
  if (q.value === fee.amount) return null;
  return { severity: 'error', message: `"${q.text}" contradicts ${p.code}'s officialFee (${fee.amount ? `${fee.currency} ${fee.amount}` : 'none'}); ${ref('officialFee', 'fees')}` };
}

function agrees(d: { years?: number; months?: number; days?: number }, q: Quantity): boolean {
  if (q.unit === 'years' || q.unit === 'months') {
    const m = toMonths(d);
    return m !== null && m === (q.unit === 'years' ? q.value * 12 : q.value);
  }
  if (q.unit === 'days' || q.unit === 'calendar' || q.unit === 'working') return !d.years && !d.months && d.days === q.value;
  return false;
}

/**
 * The territory a quantity belongs to: in a table row, the row's first-named territory; in prose, the nearest one
 * in the same clause ("3 working days in China, 10 in the EU"), else the nearest before it, else after it.
 */
function nearestTerritory(s: string, mentions: Mention[], q: Quantity, row: boolean): Mention | undefined {
  if (row) return mentions.filter((m) => m.end <= q.at)[0] ?? mentions[0];
  const { from, to } = clauseOf(s, q);
  const inClause = mentions.filter((m) => m.at >= from && m.end <= to);
  const dist = (m: Mention) => (m.end <= q.at ? q.at - m.end : m.at - q.end);
  if (inClause.length) return inClause.sort((a, b) => dist(a) - dist(b))[0];
  return mentions.filter((m) => m.end <= q.at).at(-1) ?? mentions.find((m) => m.at >= q.end);
}

/** Sentences of a line (a table row is one, its cells joined: "| 3 | working days |" reads "3 working days"). */
function sentences(line: string): Array<{ text: string; at: number; row: boolean }> {
  if (line.trimStart().startsWith('|')) return [{ text: line.replace(/\s*\|\s*/g, ' '), at: 0, row: true }];
  const out: Array<{ text: string; at: number; row: boolean }> = [];
  let start = 0;
  const re = /(?<=[.!?。])\s+(?=\S)/g;
  for (let m; (m = re.exec(line)); ) {
    out.push({ text: line.slice(start, m.index), at: start, row: false });
    start = m.index + m[0].length;
  }
  out.push({ text: line.slice(start), at: start, row: false });
  return out;
}

/** Checks the hand-written text of one page. */
export function checkPage(page: Pick<KnowledgePage, 'file' | 'body' | 'raw'>, kb: KnowledgeBase, match = territoryMatcher(kb)): Finding[] {
  const profiles = new Map(kb.profiles.map((p) => [p.code, p]));
  const findings: Finding[] = [];
  const text = (page.raw ?? page.body).replace(REFERENCE, (m) => '⟦ref⟧'.padEnd(m.length, ' '));
  text.split('\n').forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    for (const sent of sentences(line)) {
      const mentions = match(sent.text);
      if (!mentions.length) continue;
      for (const q of quantities(sent.text)) {
        const kind = kindOf(sent.text, q);
        if (!kind) continue;
        const who = nearestTerritory(sent.text, mentions, q, sent.row);
        if (!who) continue;
        const p = profiles.get(who.code);
        if (!p) continue;
        const r = compare(p, kind, q);
        if (r) findings.push({ ...r, file: page.file, line: i + 1, code: p.code });
      }
    }
  });
  return findings;
}

/** Checks every guide's hand-written figures against the profiles. The line numbers count from the body's start. */
export function checkGuideFigures(kb: KnowledgeBase): Finding[] {
  const match = territoryMatcher(kb);
  return kb.pages.filter((p) => p.kind === 'guide').flatMap((p) => checkPage(p, kb, match));
}
