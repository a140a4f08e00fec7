import countries from '../core/countries.js';
import { distance } from 'fastest-levenshtein';
import type { GlossaryEntry } from '../knowledge/schema.js';
import { GlossaryMatcher } from '../retrieval/glossary-matcher.js';
import { normalize } from '../retrieval/normalize.js';

/** Where a message points: covered territories (profile codes), countries with no profile, names that may be places. */
export interface Places {
  /** Profile codes, in order of mention (an EU member state gives EU, Scotland gives GB). */
  covered: string[];
  /** ISO codes of countries or territories the knowledge base does not cover. */
  uncovered: string[];
  /** Words that look like a place ("customs in Wakanda") but name none we know. */
  unknown: string[];
  /** Places the user set aside ("not China", "중국 말고"). */
  excluded: string[];
}

// Membership is ours to know (no country-name library carries it): an application for action covers all 27.
const EU_MEMBERS = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');

/** Names that people use and the country-name library lacks (constituent countries, Korean spellings in use). */
const EXTRA_NAMES: Array<{ id: string; ko: string[]; en: string[] }> = [
  { id: 'MY', ko: ['말레이'], en: [] },
  { id: 'US', ko: ['엘에이'], en: [] },
  { id: 'EU', ko: [], en: ['polish', 'german', 'french', 'italian', 'spanish', 'dutch', 'belgian', 'austrian', 'swedish', 'czech', 'hungarian', 'portuguese', 'irish', 'greek', 'danish', 'finnish', 'romanian', 'bulgarian', 'croatian', 'slovak', 'slovenian', 'estonian', 'latvian', 'lithuanian', 'maltese', 'cypriot', 'luxembourgish'] },
  { id: 'GB', ko: ['스코틀랜드', '웨일스', '웨일즈', '북아일랜드', '잉글랜드'], en: ['scotland', 'wales', 'northern ireland', 'england'] },
  { id: 'GL', ko: ['그린란드'], en: [] },
  { id: 'FO', ko: ['페로 제도', '페로제도', '페로군도'], en: ['faroe', 'faroes'] },
  { id: 'MO', ko: ['마카우'], en: ['macau'] },
  { id: 'NZ', ko: ['오클랜드', '웰링턴', '크라이스트처치'], en: ['auckland', 'wellington', 'christchurch'] },
  { id: 'RU', ko: ['모스크바', '상트페테르부르크', '블라디보스토크'], en: ['moscow', 'saint petersburg', 'st petersburg', 'vladivostok'] },
  { id: 'AR', ko: ['부에노스아이레스'], en: ['buenos aires'] },
  { id: 'CL', ko: ['산티아고'], en: ['santiago', 'valparaiso'] },
  { id: 'CO', ko: ['보고타'], en: ['bogota', 'bogotá'] },
  { id: 'PE', ko: ['리마'], en: ['lima', 'callao'] },
  { id: 'ZA', ko: ['요하네스버그', '케이프타운', '더반'], en: ['johannesburg', 'cape town', 'durban'] },
  { id: 'EG', ko: ['카이로'], en: ['cairo', 'alexandria'] },
  { id: 'NG', ko: ['라고스'], en: ['lagos'] },
  { id: 'KE', ko: ['나이로비', '몸바사'], en: ['nairobi', 'mombasa'] },
  { id: 'PK', ko: ['카라치'], en: ['karachi'] },
  { id: 'BD', ko: ['다카', '치타공'], en: ['dhaka', 'chittagong'] },
  { id: 'KZ', ko: ['알마티', '아스타나'], en: ['almaty', 'astana'] },
  { id: 'UZ', ko: ['타슈켄트', '우즈벡'], en: ['tashkent'] },
  { id: 'MN', ko: ['울란바토르'], en: ['ulaanbaatar'] },
  { id: 'KH', ko: ['프놈펜'], en: ['phnom penh'] },
  { id: 'MM', ko: ['양곤'], en: ['yangon'] },
  { id: 'QA', ko: ['도하'], en: ['doha'] },
  { id: 'KW', ko: [], en: ['kuwait city'] },
  { id: 'IL', ko: ['텔아비브'], en: ['tel aviv', 'haifa'] },
  { id: 'UA', ko: ['키이우', '키예프', '오데사'], en: ['kyiv', 'kiev', 'odesa', 'odessa'] },
  { id: 'CH', ko: ['취리히', '제네바'], en: ['zurich', 'geneva', 'basel'] },
  { id: 'NO', ko: ['오슬로'], en: ['oslo'] },
];

// Country names that are also ordinary words: only a capitalised mention counts ("a jersey with our logo" is clothing).
const ONLY_CAPITALISED = new Set(['polish', 'jersey', 'georgia', 'jordan', 'chad', 'guinea', 'niger', 'mali', 'lima', 'santiago', 'guernsey', 'dominica', 'togo', 'man']);

// Capitalised words that stand where a place would ("customs in X") and are not places.
const NOT_PLACES = new Set(
  'suppose imagine hypothetically would could should will shall did has have had was were be been being then also and but or so yet hey dear ok okay yes no thank thanks not except new old same different import importing exporting via through if does can is are get got let lets just still now today yesterday tomorrow the a an our my your their this that these those we i it customs border office service services agency authority korea korean english korean-english asia europe africa america americas latin south north east west middle central january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday general ip ipr tm afa cbp gacc hmrc kipo kipa kotra ip-desk wipo madrid hague person human staff team please thanks hello hi question help trademark trademarks design designs patent patents copyright recordation recordal registration how what when where which who why is are do does can could would should will all each every any other foreign local overseas abroad home port airport online'.split(
    ' ',
  ),
);
const KO_NOT_PLACES = /^(물건|제품|상품|화물|물품|컨테이너|서류|상표|브랜드|가품|짝퉁|위조품|샘플|수출품|수입품|현지|해외|외국|각국|관할|우리|저희|그|이|저|어느|다른|국내|인근|공항|항구|항만|지역|수입|수출|국경|통관|담당|관련|해당|모든|여러|각|그쪽|거기|상대|전국|지방|본부|지재권|세관|관세|일반|특송|우편|물류|일부|나라|이번|지난|타국|자국|현지국|수입국|수출국|상대국|목적지|도착지|출발지)$|국$/;

const HANGUL = /[\uAC00-\uD7A3]/;

/** São Paulo and Sao Paulo are one place: Latin letters lose their accents, one for one, so positions stay put. */
function foldAccents(s: string): string {
  return s.replace(/[\u00C0-\u024F]/g, (c) => c.normalize('NFD').replace(/\p{M}/gu, '').slice(0, 1) || c);
}

/** Everything a place can be called, from the glossary and every ISO 3166 country in Korean and English. */
export function createPlaceFinder(glossary: GlossaryEntry[], covered: ReadonlySet<string>) {
  const coveredCode = (iso: string): string | undefined => {
    if (covered.has(iso)) return iso;
    if (EU_MEMBERS.includes(iso) && covered.has('EU')) return 'EU';
    if (iso === 'UK' && covered.has('GB')) return 'GB';
    return undefined;
  };
  const entries: GlossaryEntry[] = [];
  const known = new Set<string>();
  // The glossary's own entries first: they carry cities, ports, authorities and the profile they map to.
  for (const e of glossary) {
    if (e.kind !== 'jurisdiction' && !(e.kind === 'authority' && e.profile)) continue;
    const profile = e.profile && covered.has(e.profile) ? e.profile : coveredCode(e.id.toUpperCase());
    entries.push({ ...e, profile });
    if (e.kind === 'jurisdiction') known.add(e.id.toUpperCase());
  }
  const ko = countries.getNames('ko', { select: 'all' });
  const en = countries.getNames('en', { select: 'all' });
  for (const code of Object.keys(en)) {
    const extra = EXTRA_NAMES.filter((x) => x.id === code);
    const koNames = [...(ko[code] ?? []), ...extra.flatMap((x) => x.ko)];
    const enNames = [...en[code], ...extra.flatMap((x) => x.en)].filter((n) => n.length > 3 || /\./.test(n));
    // A Korean name written with and without its spaces ("페로 군도", "페로군도").
    const koAll = [...new Set(koNames.flatMap((n) => [n, n.replace(/\s+/g, '')]))];
    entries.push({ id: `iso_${code.toLowerCase()}`, kind: 'jurisdiction', ko: koAll, en: enNames, other: [], profile: coveredCode(code) });
  }
  // Constituent countries and cities of places the glossary already has (Scotland is the UK).
  for (const x of EXTRA_NAMES) if (known.has(x.id)) entries.push({ id: `extra_${x.id.toLowerCase()}`, kind: 'jurisdiction', ko: x.ko, en: x.en, other: [], profile: coveredCode(x.id) });
  const matcher = new GlossaryMatcher(entries.map((e) => ({ ...e, en: e.en.map(foldAccents), other: e.other.map(foldAccents) })));
  const isoOf = (id: string) => (id.startsWith('iso_') || id.startsWith('extra_') ? id.split('_')[1].toUpperCase() : id.toUpperCase());
  const allNames = new Set(entries.flatMap((e) => [...e.ko, ...e.en, ...e.other].map((n) => normalize(n))));
  // One-word English names, for typed-in-a-hurry spellings ("vietnm", "japn", "malaysa").
  const fuzzy = new Map<string, { covered?: string; uncovered?: string }>();
  for (const e of entries.filter((x) => x.kind === 'jurisdiction'))
    for (const n of e.en.map((x) => normalize(x)))
      if (/^[a-z]{5,}$/.test(n) && !fuzzy.has(n)) {
        const iso = isoOf(e.id);
        if (e.profile) fuzzy.set(n, { covered: e.profile });
        else if (iso.length === 2 && iso !== 'KR') fuzzy.set(n, { uncovered: iso });
      }
  const glossaryWords = new Set(glossary.flatMap((e) => [...e.ko, ...e.en, ...e.other].map((n) => normalize(n))));

  // Country codes typed as such ("MY 세관", "VN recordation"): upper case only, and only the usual ones.
  const CODES: Record<string, string> = { LA: 'US', NYC: 'US', CN: 'CN', HK: 'HK', TW: 'TW', JP: 'JP', VN: 'VN', TH: 'TH', PH: 'PH', MY: 'MY', SG: 'SG', US: 'US', EU: 'EU', GB: 'GB', UK: 'GB', AE: 'AE', UAE: 'AE', AU: 'AU', CA: 'CA', MX: 'MX', BR: 'BR', TR: 'TR', SA: 'SA', KR: 'KR', NZ: 'NZ', RU: 'RU', KSA: 'SA', USA: 'US', PRC: 'CN', ROK: 'KR' };
  // A code may carry a Korean particle ("EU는", "VN도").
  const CODE_RE = /(?<![\p{L}\p{N}])([A-Z]{2,3})(?![A-Za-z0-9])/gu;

  return function findPlaces(text: string): Places & { positions: Map<string, number> } {
    const norm = foldAccents(normalize(text));
    const found: Array<{ at: number; covered?: string; uncovered?: string; end: number }> = [];
    for (const h of matcher.match(norm)) {
      const surface = text.slice(h.start, h.end);
      // A Korean place name starts a word: 인도 in 디자인도 is no India.
      if (HANGUL.test(norm[h.start]) && h.start > 0 && HANGUL.test(norm[h.start - 1])) continue;
      if (ONLY_CAPITALISED.has(norm.slice(h.start, h.end)) && !/^\p{Lu}/u.test(surface)) continue;
      const iso = isoOf(h.id);
      if (h.profile) found.push({ at: h.start, end: h.end, covered: h.profile });
      else if (iso.length === 2 && iso !== 'KR') found.push({ at: h.start, end: h.end, uncovered: iso });
      else if (iso === 'KR' && covered.has('KR')) found.push({ at: h.start, end: h.end, covered: 'KR' });
    }
    // Mostly upper-case text is shouting, not codes.
    const upper = (text.match(/\p{Lu}/gu) ?? []).length;
    const lower = (text.match(/\p{Ll}/gu) ?? []).length;
    if (upper < lower || /[\uAC00-\uD7A3]/.test(text))
      for (const m of text.matchAll(CODE_RE)) {
        const code = CODES[m[1]];
        if (!code || found.some((f) => m.index! >= f.at && m.index! < f.end)) continue;
        // "US" and "CA" are words too ("CONTACT US", "CA 90210"): take them only beside a word about customs or IP.
        if ((code === 'US' || code === 'CA') && !/customs|recordation|recordal|세관|등록|cbp|cbsa|fee|trademark|상표|수수료|law|lawyer|court|sued|c&d|market/i.test(text)) continue;
        const mapped = coveredCode(code) ?? (covered.has(code) ? code : undefined);
        found.push(mapped ? { at: m.index!, end: m.index! + m[0].length, covered: mapped } : { at: m.index!, end: m.index! + m[0].length, uncovered: code });
      }
    const theUS = /\b(in|to|from|into|for)\s+the\s+(US|U\.S\.)(?![\p{L}])/u.exec(text);
    if (theUS && !found.some((f) => f.covered === 'US' || f.uncovered === 'US')) found.push({ at: theUS.index, end: theUS.index + theUS[0].length, covered: covered.has('US') ? 'US' : undefined, uncovered: covered.has('US') ? undefined : 'US' });
    // A misspelt country name, when nothing else named a place: one letter off, same first letter.
    if (!found.length)
      for (const m of norm.matchAll(/[a-z]{4,}/g)) {
        const w = m[0];
        if (NOT_PLACES.has(w) || glossaryWords.has(w) || allNames.has(w)) continue;
        let best: { name: string; d: number } | null = null;
        for (const name of fuzzy.keys()) {
          if (name[0] !== w[0] || Math.abs(name.length - w.length) > 2) continue;
          const d = distance(w, name);
          if (d <= (name.length >= 8 ? 2 : 1) && (!best || d < best.d)) best = { name, d };
        }
        if (best) found.push({ at: m.index!, end: m.index! + w.length, ...fuzzy.get(best.name)! });
      }
    // Korea is home: "Korean company" is no market, but Korean customs is one when the knowledge base covers it.
    if (covered.has('KR') && !found.some((f) => f.covered === 'KR')) {
      const m = /\b(in|at|into|to|from)\s+(south\s+)?korea\b(?!n)|\bkorea(n)?\s+customs\b|\bkcs\b|한국\s*세관|국내\s*세관|관세청|우리나라\s*세관/i.exec(text);
      if (m) found.push({ at: m.index, end: m.index + m[0].length, covered: 'KR' });
    }
    found.sort((a, b) => a.at - b.at);

    const unknown: string[] = [];
    // A name we do not know beside places we do is most likely a town of theirs ("Cardiff in Wales"): only a
    // message that names no known place at all is told the name is unknown.
    const knownPlace = found.length > 0;
    const claimed = (at: number) => found.some((f) => at >= f.at && at < f.end);
    const consider = (name: string, at: number) => {
      const n = normalize(name).trim();
      if (knownPlace || !n || claimed(at) || allNames.has(n) || glossaryWords.has(n)) return;
      const words = n.split(/\s+/);
      if (words.every((w) => NOT_PLACES.has(w) || glossaryWords.has(w))) return;
      if (!unknown.includes(name)) unknown.push(name);
    };
    for (const re of NAME_BESIDE_CUSTOMS)
      for (const m of text.matchAll(re)) {
        const name = m[1].replace(/\s+(Customs|Border)$/, '');
        consider(name, text.indexOf(name, m.index));
      }
    // A Korean word right before 세관 that names nothing we know ("와칸다 세관"); verbs and particles are no names.
    for (const m of text.matchAll(/(?:^|[^\uAC00-\uD7A3])([\uAC00-\uD7A3]{2,8})\s*(세관|해관)/g)) {
      const word = m[1];
      if (KO_NOT_PLACES.test(word) || /(에서|에게|한테|라며|라고|해서|하고|인데|는데|이|가|은|는|을|를|에|의|도|고|며|면|서|게|히|야|요|죠|데|지|니|까|만|랑)$/.test(word)) continue;
      consider(word, text.indexOf(word, m.index));
    }

    // "Not China", "중국 말고", "except Japan": set aside, unless it is the only place named.
    const excluded = new Set<string>();
    for (const f of found) {
      const before = text.slice(Math.max(0, f.at - 12), f.at).toLowerCase();
      const after = text.slice(f.end, f.end + 8);
      if (/\b(not|except|excluding|other than|rather than|instead of)\s+(the\s+)?$/.test(before) || /^\s*(말고|말구|아니고|아니라|제외|빼고)/.test(after)) excluded.add(f.covered ?? f.uncovered!);
    }
    const uniq = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => Boolean(x)))];
    let coveredList = uniq(found.map((f) => f.covered));
    let uncoveredList = uniq(found.map((f) => f.uncovered));
    if (coveredList.length + uncoveredList.length > excluded.size) {
      coveredList = coveredList.filter((c) => !excluded.has(c));
      uncoveredList = uncoveredList.filter((c) => !excluded.has(c));
    }
    const positions = new Map<string, number>();
    for (const f of found) {
      const key = f.covered ?? f.uncovered!;
      if (!positions.has(key)) positions.set(key, f.at);
    }
    return { covered: coveredList, uncovered: uncoveredList, unknown, excluded: [...excluded], positions };
  };
}
export type PlaceFinder = ReturnType<typeof createPlaceFinder>;

/** A capitalised name standing where a place would ("customs in X", "X customs"); compiled once (matchAll copies them). */
const CAP = "\\p{Lu}[\\p{L}'’-]+(?:\\s+\\p{Lu}[\\p{L}'’-]+){0,2}";
const NAME_BESIDE_CUSTOMS = [
  new RegExp(`\\b(?:customs|recordation|recordal|registration|register|record|border|export(?:ing)?|ship(?:ping)?)\\s+(?:in|of|at|for|to)\\s+(?:the\\s+)?(${CAP})`, 'gu'),
  new RegExp(`(?:^|[^\\p{L}])(${CAP})\\s+(?:customs|border)`, 'gu'),
];
