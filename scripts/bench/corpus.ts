/**
 * Synthetic knowledge bases for the scale benchmark, and the query set (eval questions plus paraphrases).
 *
 * A bigger corpus is the shipped knowledge base plus synthetic profiles and pages: sentences of shipped facts and
 * page paragraphs recombined, with the country renamed (countries the glossary knows but the KB has no profile for,
 * plus a region and a number) and every figure varied. The shipped profiles and pages are kept as they are, so
 * their chunks keep their docKeys and the eval set still judges quality inside the bigger corpus; synthetic chunks
 * get docKeys of their own (`Z17/validity`, `what-is-recordation-syn17`) and can never count as a hit.
 *
 * The result is a real `KnowledgeBase`, so the hybrid index is built by `buildIndex` (the production code path),
 * and `renderChunks` gives every engine the very same chunks in the same order.
 */
import { createHash } from 'node:crypto';
import type { KnowledgeBase, KnowledgePage } from '../../src/knowledge/load.js';
import { FACT_FIELDS, type JurisdictionProfile, type Fact, type Bilingual } from '../../src/knowledge/schema.js';
import { renderChunks, type Chunk } from '../../src/knowledge/render.js';
import type { EvalQuestion } from '../../src/eval/evaluate.js';

type Lang = 'ko' | 'en';
const LANGS: Lang[] = ['ko', 'en'];

/** mulberry32: a small seeded PRNG, so every process generates the same corpus. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}
type Rng = ReturnType<typeof rng>;

const REGIONS: Array<Bilingual> = [
  { ko: '자유무역지대', en: 'Free Trade Zone' },
  { ko: '세관 관할구역', en: 'Customs District' },
  { ko: '경제특구', en: 'Special Economic Zone' },
  { ko: '항만청', en: 'Port Authority' },
  { ko: '북부 세관', en: 'Northern Customs' },
  { ko: '남부 세관', en: 'Southern Customs' },
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const titleCase = (s: string) => s.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());

/** Sentences of a text: split after . ! ? 。 and after Korean sentence endings followed by a space. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every figure varied (years stay plausible years); the same text with the same rng state gives the same result. */
function varyFigures(text: string, r: Rng): string {
  return text.replace(/\d+(?:[.,]\d+)*/g, (m) => {
    const n = Number(m.replace(/,/g, ''));
    if (!Number.isFinite(n)) return m;
    if (n >= 1900 && n <= 2100 && !m.includes(',')) return String(1995 + r.int(31));
    const v = Math.max(1, Math.round(n * (0.4 + r.next() * 1.8)));
    return m.includes(',') ? v.toLocaleString('en-US') : String(v);
  });
}

interface Country {
  ko: string;
  en: string;
}

/** Countries the glossary knows that have no profile: realistic names that name no shipped jurisdiction. */
function syntheticCountries(kb: KnowledgeBase): Country[] {
  const covered = new Set(kb.profiles.map((p) => p.code));
  const out = kb.glossary
    .filter((g) => g.kind === 'jurisdiction' && !g.profile && !covered.has(g.id))
    .map((g) => ({ ko: g.ko[0], en: titleCase(g.en[0]) }));
  return out.length ? out : [{ ko: '가상국', en: 'Freedonia' }];
}

/** One regex per language that finds every name of a covered jurisdiction (longest first, Latin as whole words). */
function coveredNames(kb: KnowledgeBase): Record<Lang, RegExp> {
  const codes = new Set(kb.profiles.map((p) => p.code));
  const ko = new Set<string>();
  const en = new Set<string>();
  for (const g of kb.glossary) {
    if (g.kind !== 'jurisdiction' || !g.profile || !codes.has(g.profile)) continue;
    g.ko.forEach((t) => ko.add(t));
    [...g.en, ...g.other].forEach((t) => (/[a-z]/i.test(t) && t.length > 2 ? en.add(t) : undefined));
  }
  for (const p of kb.profiles) {
    ko.add(p.name.ko);
    en.add(p.name.en);
  }
  const alt = (xs: Set<string>) => [...xs].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  return {
    ko: new RegExp(`(?:${alt(ko)})`, 'g'),
    en: new RegExp(`\\b(?:${alt(en)})\\b`, 'gi'),
  };
}

export interface SyntheticOptions {
  /** Approximate number of chunks wanted (shipped chunks included); the result may exceed it by one profile. */
  targetChunks: number;
  seed?: number;
}

/** Chunks a profile renders to: a summary plus every fact field, in both languages. */
const CHUNKS_PER_PROFILE = 2 * (1 + FACT_FIELDS.length);

/** Chunks a page renders to, by the renderer itself. */
const pageChunkCount = (page: KnowledgePage): number => renderChunks({ dir: '', profiles: [], pages: [page], glossary: [], hash: '' }).length;

/**
 * The shipped knowledge base grown to about `targetChunks` chunks with synthetic profiles and pages,
 * in the shipped ratio of profile chunks to page chunks.
 */
export function growKnowledgeBase(kb: KnowledgeBase, opts: SyntheticOptions): KnowledgeBase {
  const r = rng(opts.seed ?? 20261126);
  const countries = syntheticCountries(kb);
  const names = coveredNames(kb);
  const shippedProfileChunks = kb.profiles.length * CHUNKS_PER_PROFILE;
  const shippedPageChunks = kb.pages.reduce((s, p) => s + pageChunkCount(p), 0);
  const pageShare = kb.pages.length ? shippedPageChunks / (shippedProfileChunks + shippedPageChunks) : 0;

  // Pools of sentences per field and language, each remembering where it came from.
  const factPool = new Map<string, string[]>();
  const itemPool = new Map<string, Bilingual[]>();
  const summaryPool: Record<Lang, string[]> = { ko: [], en: [] };
  for (const p of kb.profiles) {
    for (const lang of LANGS) summaryPool[lang].push(...sentences(p.summary[lang]));
    for (const f of FACT_FIELDS) {
      for (const lang of LANGS) {
        const key = `${f}@${lang}`;
        if (!factPool.has(key)) factPool.set(key, []);
        factPool.get(key)!.push(...sentences(p.facts[f][lang]));
      }
      if (p.facts[f].items?.length) {
        if (!itemPool.has(f)) itemPool.set(f, []);
        itemPool.get(f)!.push(...p.facts[f].items!);
      }
    }
  }
  const pagePool: Record<Lang, string[]> = { ko: [], en: [] };
  for (const page of kb.pages) {
    for (const para of page.body.split(/\n{2,}/)) if (!/^#/.test(para.trim()) && para.trim()) pagePool[page.lang].push(para.trim());
  }

  const rename = (text: string, lang: Lang, c: Country) => text.replace(names[lang], c[lang]);
  const synth = (text: string, lang: Lang, c: Country) => varyFigures(rename(text, lang, c), r);

  let n = 0;
  const countryFor = (): Country => {
    const base = r.pick(countries);
    const region = r.pick(REGIONS);
    const num = 1 + r.int(99);
    return { ko: `${base.ko} ${region.ko} ${num}`, en: `${base.en} ${region.en} ${num}` };
  };

  const newProfile = (): JurisdictionProfile => {
    n++;
    const t = r.pick(kb.profiles);
    const c = countryFor();
    const bi = (b: Bilingual): Bilingual => ({ ko: synth(b.ko, 'ko', c), en: synth(b.en, 'en', c) });
    const facts = {} as Record<(typeof FACT_FIELDS)[number], Fact>;
    for (const f of FACT_FIELDS) {
      const tf = t.facts[f];
      const text = (lang: Lang) => {
        // The template's own first sentence keeps the field coherent; up to two more come from any profile.
        const own = sentences(tf[lang]);
        const pool = factPool.get(`${f}@${lang}`) ?? own;
        const picked = [own[0], ...Array.from({ length: r.int(3) }, () => r.pick(pool))];
        return synth(picked.join(' '), lang, c);
      };
      const items = itemPool.get(f);
      facts[f] = {
        status: tf.status,
        ko: text('ko'),
        en: text('en'),
        sources: tf.sources,
        ...(tf.items?.length && items ? { items: Array.from({ length: tf.items.length }, () => bi(r.pick(items))) } : {}),
        ...(tf.note ? { note: bi(tf.note) } : {}),
      };
    }
    const summary = (lang: Lang) => synth([sentences(t.summary[lang])[0], r.pick(summaryPool[lang])].join(' '), lang, c);
    return {
      ...t,
      code: `Z${n}`,
      name: { ko: c.ko, en: c.en },
      authority: { name: bi(t.authority.name), url: t.authority.url },
      procedure: { name: bi(t.procedure.name) },
      summary: { ko: summary('ko'), en: summary('en') },
      filing: { ...t.filing, system: bi(t.filing.system), language: bi(t.filing.language) },
      facts,
    };
  };

  const newPages = (): KnowledgePage[] => {
    n++;
    const t = r.pick(kb.pages);
    const c = countryFor();
    return kb.pages
      .filter((p) => p.id === t.id)
      .map((p) => {
        const body = p.body
          .split(/\n{2,}/)
          .map((para) => (/^#/.test(para.trim()) ? rename(para, p.lang, c) : synth(r.next() < 0.5 ? para : r.pick(pagePool[p.lang]), p.lang, c)))
          .join('\n\n');
        return { ...p, id: `${p.id}-syn${n}`, title: `${rename(p.title, p.lang, c)} (${c[p.lang]})`, jurisdictions: [], body, file: `synthetic/${p.id}-syn${n}.${p.lang}.md` };
      });
  };

  const profiles = [...kb.profiles];
  const pages = [...kb.pages];
  let profileChunks = shippedProfileChunks;
  let pageChunks = shippedPageChunks;
  while (profileChunks + pageChunks < opts.targetChunks) {
    const total = profileChunks + pageChunks;
    if (kb.pages.length && pageChunks / total < pageShare) {
      const ps = newPages();
      pages.push(...ps);
      pageChunks += ps.reduce((s, p) => s + pageChunkCount(p), 0);
    } else {
      profiles.push(newProfile());
      profileChunks += CHUNKS_PER_PROFILE;
    }
  }
  const hash = createHash('sha256').update(kb.hash).update(`:synthetic:${opts.targetChunks}:${opts.seed ?? 20261126}`).digest('hex').slice(0, 16);
  return { ...kb, profiles, pages, hash };
}

/** A fingerprint of the chunks, so the runs of different engines can show they indexed the same corpus. */
export function fingerprint(chunks: Chunk[]): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c.id).update('\0').update(c.title).update('\0').update(c.text).update('\0');
  return h.digest('hex').slice(0, 12);
}

export interface BenchQuery {
  id: string;
  /** 'orig' is the eval question as written; the others are paraphrases of it. */
  variant: 'orig' | 'reordered' | 'shortened';
  q: string;
  /** docKeys that count as a hit; empty when the question has none. */
  docs: string[];
}

const EN_DROP = new Set(
  'a an the of to in on at for by with from and or is are was were be been do does did i we you it its this that these those my our your their can could should would will how what which when where who why there if then than so as about into any some once'.split(' '),
);

/** Words rotated around the middle ("stay valid how long ... China customs"): the same bag of words, another order. */
export function reorder(q: string): string {
  const words = q.replace(/[?？!.]+$/u, '').split(/\s+/).filter(Boolean);
  if (words.length < 3) return words.reverse().join(' ');
  const mid = Math.ceil(words.length / 2);
  return [...words.slice(mid), ...words.slice(0, mid)].join(' ');
}

/** A keyword version: English without function words, Korean without its final predicate. */
export function shorten(q: string, lang: Lang): string {
  const words = q.replace(/[?？!.]+$/u, '').split(/\s+/).filter(Boolean);
  if (lang === 'en') {
    const kept = words.filter((w) => !EN_DROP.has(w.toLowerCase().replace(/[^\p{L}\p{N}'’-]/gu, '')));
    return (kept.length ? kept : words).join(' ');
  }
  return (words.length > 2 ? words.slice(0, -1) : words).join(' ');
}

/** Eval questions as written plus two paraphrases each; `docs` carried over so paraphrases are judged too. */
export function buildQueries(questions: EvalQuestion[]): BenchQuery[] {
  const out: BenchQuery[] = [];
  for (const q of questions) {
    out.push({ id: q.id, variant: 'orig', q: q.q, docs: q.expect.docs });
    const re = reorder(q.q);
    if (re && re !== q.q) out.push({ id: q.id, variant: 'reordered', q: re, docs: q.expect.docs });
    const sh = shorten(q.q, q.lang);
    if (sh && sh !== q.q && sh !== re) out.push({ id: q.id, variant: 'shortened', q: sh, docs: q.expect.docs });
  }
  return out;
}

/** Same rule as src/eval/evaluate.ts: a docKey answers an expected doc when equal or a section of it. */
export const matchesDoc = (docKey: string, expected: string) => docKey === expected || docKey.startsWith(`${expected}#`);
