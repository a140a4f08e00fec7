import countries from 'i18n-iso-countries';
import { createRequire } from 'node:module';

/**
 * The rules a model's text must pass besides citations and figures, each one a way a model (or a prompt injection
 * through a question or a passage) could mislead a user or staff. A phrase that the passages or the question
 * themselves contain is grounded and allowed (a "refundable deposit" stated by the customs authority is a fact).
 */
export type GuardFailure = 'foreign_link' | 'promise' | 'word_figure' | 'prompt_leak' | 'other_country' | 'escalation_claim';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

// ---- links ----
const URL_RE = /\bhttps?:\/\/[^\s)\]>"'<]+|\bwww\.[^\s)\]>"'<]+/gi;
export function linkHosts(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_RE)) {
    try {
      out.push(new URL(m[0].startsWith('www.') ? `https://${m[0]}` : m[0]).hostname.toLowerCase());
    } catch {
      out.push(m[0].toLowerCase());
    }
  }
  return out;
}
const hostAllowed = (host: string, allowed: string[]) => allowed.some((a) => host === a || host.endsWith(`.${a}`));

// ---- promises and claims about the case ----
const PROMISES: RegExp[] = [
  /\bguarantee[ds]?\b|\bguaranteeing\b/i,
  /\brefund(?:s|ed|able)?\b|\bmoney[- ]back\b/i,
  /\b(?:will|shall) (?:definitely|certainly|surely) be (?:approved|accepted|recorded|granted)\b/i,
  /\b100 ?%|\brisk[- ]free\b|\bno risk\b/i,
  /\bI promise\b|\bwe promise\b/i,
  /보장(?:합니다|됩니다|해 ?드립|된)|확실(?:히|하게) (?:승인|등록|통과)|반드시 (?:승인|등록|통과)|틀림없이|환불|100 ?%|위험(?:이)? 없/,
];
/** An answer has no business speaking of tickets or escalation at all (the policy decides, the channel tells). */
const ESCALATION_MENTION = /\bticket\b|\bescalat\w*/i;
/** Claims about what became of the case: refused in answers and in staff summaries. */
const ESCALATION: RegExp[] = [
  /\b(?:cancel(?:l)?ed|closed|deleted|withdrawn|resolved|opened|created|forwarded|passed on|handed over)\b[^.\n]{0,40}\b(?:request|case|enquiry|inquiry)\b/i,
  /\b(?:request|case|enquiry|inquiry)\b[^.\n]{0,30}\b(?:cancel(?:l)?ed|closed|deleted|withdrawn|forwarded)\b/i,
  /\bno need (?:to|for)\b[^.\n]{0,30}\b(?:staff|person|human|agent|contact|expert)/i,
  /\b(?:our |a )?(?:staff(?: member)?|person|human|agent|specialist|expert|someone) (?:will|shall|is going to) (?:contact|call|reach|email|get back|be in touch)/i,
  /\b(?:I|we)(?:'ve| have)? (?:cancel(?:l)?ed|escalated|forwarded|notified|contacted|closed)\b/i,
  /티켓|에스컬레이션|접수(?:번호|된|가 완료|를 (?:취소|완료))|(?:요청|문의|상담|접수)(?:이|가|을|를)? ?(?:취소|종료|삭제)|취소(?:했|하였|되었|됐)|담당자(?:가|에게|께) (?:연락|연결|전달|배정)|상담원/,
];

// ---- prompt leaks, paraphrased or translated ----
const LEAK_MARKERS: RegExp[] = [
  /\bsystem (?:prompt|message|instructions?)\b/i,
  /\bmy (?:instructions|rules|guidelines|prompt)\b/i,
  /\bI (?:was|am|have been) (?:instructed|told|programmed|configured) to\b/i,
  /\brules? that nothing\b|\bnothing in the conversation can change\b/i,
  /\bnumbered passages\b|\bpassages you (?:are|were) given\b/i,
  /\b(?:reveal|repeat|print) (?:this|the|my) prompt\b/i,
  /시스템 ?(?:프롬프트|메시지|지시)|프롬프트|(?:제|나의|내) (?:지시|지침|규칙)|지시(?:를|받|사항)|번호(?:가 )?(?:매겨진|붙은) (?:구절|단락|발췌)|대화의 (?:어떤|그 어떤) 내용도|바꿀 수 없는 규칙/,
];
const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
function shingles(text: string, n = 4): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

// ---- figures written in words ----
const EN_UNITS: Record<string, number> = {
  zero: 0, a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
const EN_NUM = `(?:${[...Object.keys(EN_UNITS), ...Object.keys(EN_SCALES)].join('|')})`;
const EN_UNIT_CLASS: Array<[string, string]> = [
  ['year', 'years?'],
  ['month', 'months?'],
  ['day', '(?:working |business |calendar )?days?'],
  ['hour', 'hours?'],
  ['percent', 'percent|per cent'],
  ['money', 'yuan|renminbi|won|dollars?|euros?|pounds?|baht|dong|rupees?|rupiah|ringgit|pesos?|dirhams?|yen|riyals?|lira|reais|real'],
];
const EN_RE = new RegExp(`\\b(${EN_NUM}(?:[\\s-]+(?:and[\\s-]+)?${EN_NUM})*)[\\s-]+(${EN_UNIT_CLASS.map(([, p]) => `(?:${p})`).join('|')})\\b`, 'gi');

function parseEnglish(phrase: string): number | null {
  let total = 0;
  let current = 0;
  let any = false;
  for (const w of phrase.toLowerCase().split(/[\s-]+/)) {
    if (w === 'and') continue;
    if (w in EN_UNITS) {
      current += EN_UNITS[w];
      any = true;
    } else if (w in EN_SCALES) {
      current = (current || 1) * EN_SCALES[w];
      if (EN_SCALES[w] >= 1000) {
        total += current;
        current = 0;
      }
      any = true;
    } else return null;
  }
  return any ? total + current : null;
}

const KO_DIGITS: Record<string, number> = { 일: 1, 이: 2, 삼: 3, 사: 4, 오: 5, 육: 6, 륙: 6, 칠: 7, 팔: 8, 구: 9 };
const KO_SMALL: Record<string, number> = { 십: 10, 백: 100, 천: 1000 };
function parseSino(s: string): number | null {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in KO_DIGITS) digit = KO_DIGITS[ch];
    else if (ch in KO_SMALL) {
      section += (digit || 1) * KO_SMALL[ch];
      digit = 0;
    } else if (ch === '만') {
      total += (section + digit || 1) * 10_000;
      section = 0;
      digit = 0;
    } else return null;
  }
  return total + section + digit;
}
const KO_NATIVE: Record<string, number> = { 한: 1, 두: 2, 세: 3, 네: 4, 다섯: 5, 여섯: 6, 일곱: 7, 여덟: 8, 아홉: 9, 열: 10, 스무: 20 };
const KO_UNIT_CLASS: Array<[string, string]> = [
  ['year', '년|해'],
  ['month', '개월|달'],
  ['hour', '시간'],
  ['day', '근무일|영업일|일'],
  ['percent', '퍼센트|프로'],
  ['money', '위안|달러|유로|파운드|바트|루피아|루피|링깃|페소|디르함|리얄|리라|엔|원'],
];
// Sino-Korean numbers of two syllables or more, or with 십/백/천/만 ("이 일" is "this work", not "2 days").
const KO_SINO_RE = new RegExp(`(?<![가-힣])((?:[일이삼사오육륙칠팔구]?[십백천만])+[일이삼사오육륙칠팔구]?|[일이삼사오육륙칠팔구]{2,})\\s?(${KO_UNIT_CLASS.map(([, p]) => `(?:${p})`).join('|')})(?![가-힣]{0,0}\\d)`, 'g');
const KO_NATIVE_RE = new RegExp(`(?<![가-힣])(${Object.keys(KO_NATIVE).join('|')})\\s?(해|달|개월|시간)(?![가-힣])`, 'g');

/** Figures written in words ("ten years", "삼십 일", "두 달") as the same "class:value" keys as digits. */
export function wordFigures(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(EN_RE)) {
    const v = parseEnglish(m[1]);
    const cls = EN_UNIT_CLASS.find(([, p]) => new RegExp(`^(?:${p})$`, 'i').test(m[2]))?.[0];
    if (v !== null && cls) out.add(`${cls}:${v}`);
  }
  for (const m of text.matchAll(KO_SINO_RE)) {
    const v = parseSino(m[1]);
    const cls = KO_UNIT_CLASS.find(([, p]) => new RegExp(`^(?:${p})$`).test(m[2]))?.[0];
    if (v !== null && cls) out.add(`${cls}:${v}`);
  }
  for (const m of text.matchAll(KO_NATIVE_RE)) {
    const cls = { 해: 'year', 달: 'month', 개월: 'month', 시간: 'hour' }[m[2]]!;
    out.add(`${cls}:${KO_NATIVE[m[1]]}`);
  }
  return out;
}

// ---- countries ----
// Korean names that are also ordinary words are left out (인도 "India" is also "delivery", 이란 "Iran" a particle).
const KO_NAMES: Record<string, string[]> = {
  CN: ['중국'], JP: ['일본'], US: ['미국'], VN: ['베트남'], TH: ['태국'], ID: ['인도네시아'], MY: ['말레이시아'], PH: ['필리핀'], SG: ['싱가포르'], TW: ['대만', '타이완'],
  HK: ['홍콩'], MO: ['마카오'], DE: ['독일'], FR: ['프랑스'], GB: ['영국'], IT: ['이탈리아'], ES: ['스페인'], NL: ['네덜란드'], CA: ['캐나다'], MX: ['멕시코'], BR: ['브라질'],
  AU: ['호주', '오스트레일리아'], NZ: ['뉴질랜드'], RU: ['러시아'], TR: ['튀르키예', '터키'], AE: ['아랍에미리트', 'UAE'], SA: ['사우디아라비아', '사우디'],
  AR: ['아르헨티나'], CL: ['칠레'], EG: ['이집트'], ZA: ['남아프리카', '남아공'], PL: ['폴란드'], BE: ['벨기에'], CH: ['스위스'], SE: ['스웨덴'], KH: ['캄보디아'], MM: ['미얀마'], BD: ['방글라데시'], PK: ['파키스탄'],
};
const EU_MEMBERS = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
/** Territories that are named together (Hong Kong, China; the EU and its members). */
const RELATED: Record<string, string[]> = { HK: ['CN'], MO: ['CN'], TW: ['CN'], CN: ['HK', 'MO', 'TW'], EU: EU_MEMBERS };
// English names that are also ordinary words or names are left out.
const AMBIGUOUS = new Set(['Chad', 'Jersey', 'Georgia', 'Jordan', 'Guinea', 'Niger', 'Man', 'Dominica', 'Turkey', 'Wales', 'US', 'U.S.', 'Mali', 'Peru', 'Oman', 'Togo', 'Cuba', 'Iran']);

let countryPatterns: Array<{ code: string; re: RegExp }> | null = null;
function patterns() {
  if (countryPatterns) return countryPatterns;
  const list: Array<{ code: string; re: RegExp }> = [];
  for (const [code] of Object.entries(countries.getAlpha2Codes())) {
    const names = (countries.getName(code, 'en', { select: 'all' }) ?? []).filter((n) => n.length > 3 && !AMBIGUOUS.has(n));
    if (code === 'US') names.push('U.S.A.', 'United States');
    if (code === 'GB') names.push('Britain', 'England');
    if (names.length) list.push({ code, re: new RegExp(`(?<![\\p{L}])(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}])`, 'u') });
    if (KO_NAMES[code]) list.push({ code, re: new RegExp(`(?:${KO_NAMES[code].join('|')})`) });
  }
  list.push({ code: 'EU', re: /\b(?:European Union|EU)\b|유럽연합|유럽 연합/ });
  return (countryPatterns = list);
}

/** Country codes a text names (English names as written, capitalised; Korean names). */
export function countriesNamed(text: string): Set<string> {
  const out = new Set<string>();
  for (const { code, re } of patterns()) if (re.test(text)) out.add(code);
  return out;
}

export interface GuardInput {
  answer: string;
  question: string;
  /** Texts of the passages the answer cites. */
  cited: string[];
  /** Every passage given (grounds phrases too). */
  passages: string[];
  /** Hosts of the cited sources: the only places a link may point to. */
  allowedHosts: string[];
  /** Territories the question is about (profile codes); empty: any the cited passages name. */
  asked?: string[];
  /** The system prompt, to catch paraphrases of it. */
  systemPrompt?: string;
  /** Figures already known (from digits), so a figure in words can be compared. */
  knownFigures?: Set<string>;
  /** Relaxed rules: `escalation_claim` here lets a staff summary speak of tickets (claims about the case still fail). */
  skip?: GuardFailure[];
}

export function checkGuard(g: GuardInput): { ok: true } | { ok: false; reason: GuardFailure; detail?: string } {
  const answer = g.answer.replace(/\[\d+(?:\s*,\s*\d+)*\]/g, ' ');
  const ground = [g.question, ...g.passages].join('\n');
  const grounded = (re: RegExp) => re.test(ground);

  for (const host of linkHosts(answer)) if (!hostAllowed(host, g.allowedHosts)) return { ok: false, reason: 'foreign_link', detail: host };

  for (const re of LEAK_MARKERS) if (re.test(answer) && !grounded(re)) return { ok: false, reason: 'prompt_leak', detail: re.source.slice(0, 40) };
  if (g.systemPrompt) {
    const secret = shingles(g.systemPrompt);
    const known = shingles(ground);
    let shared = 0;
    for (const s of shingles(answer)) if (secret.has(s) && !known.has(s)) shared++;
    if (shared >= 3) return { ok: false, reason: 'prompt_leak', detail: `${shared} phrases of the system prompt` };
  }

  for (const re of PROMISES) if (re.test(answer) && !grounded(re)) return { ok: false, reason: 'promise', detail: answer.match(re)?.[0] };
  for (const re of g.skip?.includes('escalation_claim') ? ESCALATION : [ESCALATION_MENTION, ...ESCALATION])
    if (re.test(answer) && !grounded(re)) return { ok: false, reason: 'escalation_claim', detail: answer.match(re)?.[0] };

  const known = new Set([...(g.knownFigures ?? []), ...wordFigures(ground)]);
  for (const f of wordFigures(answer)) if (!known.has(f)) return { ok: false, reason: 'word_figure', detail: f };

  const named = countriesNamed(answer);
  if (named.size) {
    const allowed = new Set<string>(['KR']);
    const base = g.asked?.length ? g.asked : [...countriesNamed(g.cited.join('\n'))];
    for (const code of base) {
      allowed.add(code);
      for (const r of RELATED[code] ?? []) allowed.add(r);
    }
    for (const code of named) if (!allowed.has(code)) return { ok: false, reason: 'other_country', detail: code };
  }
  return { ok: true };
}

/**
 * A model-written staff summary states only what the transcript holds: no link or figure it does not contain, no
 * promise, no prompt text, no Slack mention or broadcast, no country nobody named.
 */
export function checkSummary(summary: string, transcript: string, known: { figures: (text: string) => Set<string>; jurisdiction?: string | null }): { ok: true } | { ok: false; reason: GuardFailure | 'invented_figure' | 'mention'; detail?: string } {
  if (/<[!@#]/.test(summary) && !/<[!@#]/.test(transcript)) return { ok: false, reason: 'mention' };
  const figures = known.figures(transcript);
  for (const f of known.figures(summary)) if (!figures.has(f)) return { ok: false, reason: 'invented_figure', detail: f };
  return checkGuard({
    answer: summary,
    question: transcript,
    cited: [transcript],
    passages: [transcript],
    allowedHosts: linkHosts(transcript),
    // The countries the user named, and the one the case is about.
    asked: [...countriesNamed(transcript), ...(known.jurisdiction ? [known.jurisdiction.toUpperCase()] : [])],
    knownFigures: figures,
    skip: ['escalation_claim'],
  });
}
