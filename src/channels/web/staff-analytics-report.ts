import countries from 'i18n-iso-countries';
import type { AnalyticsRows, TicketRecord } from '../../store/types.js';

/**
 * The staff analytics, computed from the stored conversations, messages, tickets, audit and ratings of a period:
 * conversations and questions per day; by language, channel, market, right and topic; escalations by reason and
 * priority; median time to the first staff reply and to resolution; deadlines met or missed; thumbs up/down; and
 * the content gaps (questions answered badly or not at all) grouped by similarity.
 */
export interface AnalyticsReport {
  range: { from: string; to: string; timeZone: string };
  totals: { conversations: number; questions: number; escalations: number };
  perDay: Array<{ day: string; conversations: number; questions: number; escalations: number }>;
  conversationsByLanguage: Record<string, number>;
  questionsByLanguage: Record<string, number>;
  conversationsByChannel: Record<string, number>;
  questionsByMarket: Record<string, number>;
  questionsByRight: Record<string, number>;
  questionsByTopic: Record<string, number>;
  escalationsByReason: Record<string, number>;
  escalationsByPriority: Record<string, number>;
  /** Minutes, over the tickets that had one. */
  firstStaffReply: { count: number; medianMinutes: number | null };
  resolution: { count: number; medianMinutes: number | null };
  /** Tickets with a response deadline: answered by staff before the deadline day ended, after it, or not yet. */
  deadlines: { met: number; missed: number; pending: number };
  feedback: { up: number; down: number; upRate: number | null };
  /** Visitors' ratings of closed requests (1-5): how many, their mean, and the share of 4 and 5 (CSAT). */
  satisfaction: { ratings: number; average: number | null; satisfiedRate: number | null };
  gaps: ContentGap[];
}

export interface ContentGap {
  /** The most typical question of the group. */
  question: string;
  count: number;
  /** Why these questions count as gaps: not covered, unconfirmed, low confidence, thumbs-down, escalated. */
  reasons: Record<string, number>;
  markets: string[];
  examples: string[];
  lastAt: string;
}

const GAP_NOTES = new Set(['uncovered_jurisdiction', 'unknown_place', 'unconfirmed_fact', 'low_confidence']);
/** Escalations that are not about content (a person asked for by name, a legal dispute) are not gaps. */
const NOT_CONTENT = new Set(['human_requested', 'repeated_negative_feedback', 'dispute']);

/** Topic words (both languages) → the profile field they ask about. */
const TOPICS: Array<[string, RegExp]> = [
  ['fees', /수수료|비용|관납료|얼마|fee|cost|price|how much/i],
  ['validity', /유효|유효기간|몇 ?년|valid|validity|expire|how long (?:is|does).*(?:valid|last)/i],
  ['renewal', /갱신|연장|renew/i],
  ['documents', /서류|문서|위임장|document|power of attorney|poa/i],
  ['processing_time', /처리 ?기간|얼마나 걸|걸리|processing time|how long does it take/i],
  ['detention', /억류|압류|보류|통관 ?정지|detain|detention|seiz|held by customs/i],
  ['holder_deadline', /기한|마감|deadline|within how many days/i],
  ['local_agent', /대리인|agent|attorney/i],
  ['bond', /담보|보증금|bond|security|deposit/i],
  ['how_to_file', /신청|등록 ?방법|절차|어떻게|how (?:do|to|can)|apply|procedure|register/i],
  ['ex_officio', /직권|ex officio/i],
];
const RIGHTS: Array<[string, RegExp]> = [
  ['trademark', /상표|브랜드|trade ?mark|brand/i],
  ['design', /디자인|의장|design/i],
  ['patent', /특허|patent/i],
  ['copyright', /저작권|copyright/i],
  ['utility_model', /실용신안|utility model/i],
];
const ALIASES: Record<string, string[]> = {
  SA: ['사우디'],
  AE: ['아랍에미리트', 'uae', '두바이', 'dubai', 'emirates'],
  GB: ['영국', 'uk', 'britain', 'england'],
  US: ['미국', 'usa', 'america'],
  EU: ['유럽', 'eu', 'europe', 'european union'],
  CN: ['중국', 'china'],
  HK: ['홍콩', 'hong kong'],
  TW: ['대만', 'taiwan'],
  VN: ['베트남', 'vietnam', 'viet nam'],
  TR: ['튀르키예', '터키', 'turkey', 'türkiye'],
  KR: ['한국', 'korea'],
  RU: ['러시아', 'russia'],
};

const SHORT_KO = new Set(['중국', '일본', '미국', '영국', '대만', '홍콩', '태국', '인도', '호주', '독일', '칠레', '한국', '터키']);

let placeTable: Array<[string, RegExp]> | null = null;
/** Place names in both languages (every ISO country and the EU), longest first. */
function places(): Array<[string, RegExp]> {
  if (placeTable) return placeTable;
  const names: Array<[string, string]> = [];
  for (const code of Object.keys(countries.getAlpha2Codes())) {
    for (const lang of ['ko', 'en']) {
      const n = countries.getName(code, lang);
      // Two-syllable Korean names that are also common word parts (가나, 오만, 이란, 말리) are left out.
      if (n && (lang === 'en' ? n.length > 3 : n.length > 2 || SHORT_KO.has(n))) names.push([code, n.toLowerCase()]);
    }
  }
  for (const [code, list] of Object.entries(ALIASES)) for (const n of list) names.push([code, n.toLowerCase()]);
  names.sort((a, b) => b[1].length - a[1].length);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  placeTable = names.map(([code, n]) => [code, /^[a-z]/.test(n) ? new RegExp(`\\b${esc(n)}\\b`, 'i') : new RegExp(esc(n))]);
  return placeTable;
}

/** The markets, rights and topics a question names (what the engine recorded first, the words of the question next). */
export function readQuestion(text: string, answerData: Record<string, unknown> = {}): { markets: string[]; rights: string[]; topics: string[] } {
  const t = text.normalize('NFKC').toLowerCase();
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  let markets = list(answerData.jurisdictions);
  if (!markets.length) {
    // Longest names first, each match blanked out, so 인도네시아 is Indonesia and not also India.
    let rest = t;
    const found: string[] = [];
    for (const [code, re] of places()) {
      if (!re.test(rest)) continue;
      if (!found.includes(code)) found.push(code);
      rest = rest.replace(new RegExp(re.source, `${re.flags.replace('g', '')}g`), ' ');
    }
    markets = found;
  }
  let rights = list(answerData.rights);
  if (!rights.length) rights = RIGHTS.filter(([, re]) => re.test(t)).map(([r]) => r);
  let topics = list(answerData.topics);
  if (!topics.length) topics = TOPICS.filter(([, re]) => re.test(t)).map(([k]) => k);
  return { markets, rights, topics };
}

/** The calendar day of an instant in a time zone (YYYY-MM-DD). */
function dayIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round((s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2) * 10) / 10;
}

const bump = (m: Record<string, number>, k: string, n = 1) => {
  m[k] = (m[k] ?? 0) + n;
};
const sorted = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));

export function computeAnalytics(rows: AnalyticsRows, opts: { from: string; to: string; timeZone?: string; confidenceThreshold?: number }): AnalyticsReport {
  const timeZone = opts.timeZone ?? 'Asia/Seoul';
  const threshold = opts.confidenceThreshold ?? 0.45;
  const convLang = new Map(rows.conversations.map((c) => [c.id, c.language ?? 'unknown']));

  // Days of the period, every one of them (zero days count too).
  const perDay = new Map<string, { day: string; conversations: number; questions: number; escalations: number }>();
  const first = dayIn(opts.from, timeZone);
  const last = dayIn(new Date(new Date(opts.to).getTime() - 1).toISOString(), timeZone);
  for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last && perDay.size < 1000; d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    perDay.set(day, { day, conversations: 0, questions: 0, escalations: 0 });
  }
  const dayRow = (iso: string) => {
    const day = dayIn(iso, timeZone);
    let r = perDay.get(day);
    if (!r) perDay.set(day, (r = { day, conversations: 0, questions: 0, escalations: 0 }));
    return r;
  };

  const conversationsByLanguage: Record<string, number> = {};
  const conversationsByChannel: Record<string, number> = {};
  for (const c of rows.conversations) {
    dayRow(c.createdAt).conversations++;
    bump(conversationsByLanguage, c.language ?? 'unknown');
    bump(conversationsByChannel, c.channel);
  }

  // Questions: what users typed (not buttons they clicked), each with the assistant's answer that followed it.
  const questionsByLanguage: Record<string, number> = {};
  const questionsByMarket: Record<string, number> = {};
  const questionsByRight: Record<string, number> = {};
  const questionsByTopic: Record<string, number> = {};
  const byConversation = new Map<string, AnalyticsRows['messages']>();
  for (const m of rows.messages) {
    const list = byConversation.get(m.conversationId) ?? [];
    list.push(m);
    byConversation.set(m.conversationId, list);
  }
  const tickets = new Map(rows.tickets.map((t) => [t.id, t]));
  const downRated = new Set(rows.feedback.filter((f) => f.rating === -1 && f.messageId).map((f) => f.messageId!));
  type Gap = { question: string; reasons: Set<string>; markets: string[]; at: string };
  const gapItems: Gap[] = [];
  let questions = 0;
  for (const [convId, msgs] of byConversation) {
    msgs.forEach((m, i) => {
      if (m.role !== 'user' || m.data.action || !m.text.trim()) return;
      questions++;
      dayRow(m.createdAt).questions++;
      bump(questionsByLanguage, convLang.get(convId) ?? 'unknown');
      const answer = msgs.slice(i + 1).find((x) => x.role === 'assistant');
      const read = readQuestion(m.text, answer?.data ?? {});
      for (const k of read.markets.length ? read.markets : ['unknown']) bump(questionsByMarket, k);
      for (const k of read.rights.length ? read.rights : ['unknown']) bump(questionsByRight, k);
      for (const k of read.topics.length ? read.topics : ['other']) bump(questionsByTopic, k);

      const reasons = new Set<string>();
      const d = answer?.data ?? {};
      const notSure = typeof d.notSure === 'string' ? d.notSure : null;
      if (notSure && GAP_NOTES.has(notSure)) reasons.add(notSure);
      if (typeof d.confidence === 'number' && d.confidence < threshold && d.kind === 'answer') reasons.add('low_confidence');
      if (answer && downRated.has(answer.id)) reasons.add('thumbs_down');
      const ticketId = (d.ticket as { id?: number } | null | undefined)?.id;
      const ticket = ticketId ? tickets.get(ticketId) : undefined;
      if (ticket && !NOT_CONTENT.has(ticket.reason)) {
        reasons.add('escalated');
        if (GAP_NOTES.has(ticket.reason)) reasons.add(ticket.reason);
      }
      if (reasons.size) gapItems.push({ question: m.text.trim().slice(0, 500), reasons, markets: read.markets, at: m.createdAt });
    });
  }

  const escalationsByReason: Record<string, number> = {};
  const escalationsByPriority: Record<string, number> = {};
  for (const t of rows.tickets) {
    bump(escalationsByReason, t.reason);
    bump(escalationsByPriority, t.priority);
    dayRow(t.createdAt).escalations++;
  }

  // Time to the first staff reply and to resolution; deadlines met or missed.
  const repliesByTicket = new Map<number, string>();
  for (const r of rows.staffReplies) {
    const t = r.ticketId ? tickets.get(r.ticketId) : rows.tickets.find((x) => x.conversationId === r.conversationId && x.createdAt <= r.createdAt);
    if (!t || r.createdAt < t.createdAt) continue;
    if (!repliesByTicket.has(t.id)) repliesByTicket.set(t.id, r.createdAt);
  }
  const resolvedAt = new Map<number, string>();
  for (const a of rows.audit) if (a.action === 'resolve' && !resolvedAt.has(Number(a.entityId))) resolvedAt.set(Number(a.entityId), a.at);
  const minutes = (from: string, to: string) => (new Date(to).getTime() - new Date(from).getTime()) / 60_000;
  const replyTimes: number[] = [];
  const resolveTimes: number[] = [];
  const deadlines = { met: 0, missed: 0, pending: 0 };
  const now = Date.now();
  for (const t of rows.tickets) {
    const reply = repliesByTicket.get(t.id);
    const resolved = resolvedAt.get(t.id);
    if (reply) replyTimes.push(minutes(t.createdAt, reply));
    if (resolved) resolveTimes.push(minutes(t.createdAt, resolved));
    if (t.deadline) deadlines[deadlineOutcome(t, reply ?? null, now)]++;
  }

  const scores = (rows.ratings ?? []).map((r) => r.score);
  const up = rows.feedback.filter((f) => f.rating === 1).length;
  const down = rows.feedback.filter((f) => f.rating === -1).length;

  return {
    range: { from: opts.from, to: opts.to, timeZone },
    totals: { conversations: rows.conversations.length, questions, escalations: rows.tickets.length },
    perDay: [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
    conversationsByLanguage: sorted(conversationsByLanguage),
    questionsByLanguage: sorted(questionsByLanguage),
    conversationsByChannel: sorted(conversationsByChannel),
    questionsByMarket: sorted(questionsByMarket),
    questionsByRight: sorted(questionsByRight),
    questionsByTopic: sorted(questionsByTopic),
    escalationsByReason: sorted(escalationsByReason),
    escalationsByPriority: sorted(escalationsByPriority),
    firstStaffReply: { count: replyTimes.length, medianMinutes: median(replyTimes) },
    resolution: { count: resolveTimes.length, medianMinutes: median(resolveTimes) },
    deadlines,
    feedback: { up, down, upRate: up + down ? Math.round((up / (up + down)) * 1000) / 1000 : null },
    satisfaction: {
      ratings: scores.length,
      average: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
      satisfiedRate: scores.length ? Math.round((scores.filter((x) => x >= 4).length / scores.length) * 1000) / 1000 : null,
    },
    gaps: groupGaps(gapItems),
  };
}

/** A deadline is met when staff answered before its day ended (23:59:59 Korean time). */
function deadlineOutcome(t: TicketRecord, firstReply: string | null, now: number): 'met' | 'missed' | 'pending' {
  const end = new Date(`${t.deadline}T23:59:59+09:00`).getTime();
  if (firstReply) return new Date(firstReply).getTime() <= end ? 'met' : 'missed';
  return now > end ? 'missed' : 'pending';
}

// ---- Grouping paraphrases ----

const STOP = new Set(['the', 'a', 'an', 'is', 'are', 'in', 'of', 'for', 'to', 'do', 'does', 'i', 'my', 'we', 'our', 'can', 'what', 'how', 'with', 'at', 'on', 'it', 'be', 'there', 'and', 'or', 'much', 'many', 'customs']);

/**
 * The features of a question: the markets, rights and topics it names (weighted: they decide what it is about),
 * then Hangul syllable bigrams and Latin words (what else it says).
 */
export function features(text: string): Map<string, number> {
  const t = text.normalize('NFKC').toLowerCase();
  const f = new Map<string, number>();
  const add = (k: string, w: number) => f.set(k, (f.get(k) ?? 0) + w);
  const read = readQuestion(t);
  for (const m of read.markets) add(`@m:${m}`, 4);
  for (const r of read.rights) add(`@r:${r}`, 1.5);
  for (const k of read.topics) add(`@t:${k}`, 3);
  for (const run of t.match(/[\uac00-\ud7a3]+/g) ?? []) {
    if (run.length === 1) add(run, 0.5);
    for (let i = 0; i + 1 < run.length; i++) add(run.slice(i, i + 2), 0.5);
  }
  for (const w of t.match(/[a-z0-9]+/g) ?? []) if (!STOP.has(w) && w.length > 1) add(w, 0.5);
  return f;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Questions grouped greedily by cosine similarity to each group's centre; most frequent group first. */
export function groupGaps(items: Array<{ question: string; reasons: Set<string>; markets: string[]; at: string }>, threshold = 0.55): ContentGap[] {
  type Group = { centre: Map<string, number>; items: typeof items; vecs: Array<Map<string, number>> };
  const groups: Group[] = [];
  for (const item of items) {
    const v = features(item.question);
    let best: Group | null = null;
    let bestScore = threshold;
    for (const g of groups) {
      const s = cosine(v, g.centre);
      if (s >= bestScore) {
        best = g;
        bestScore = s;
      }
    }
    if (!best) groups.push((best = { centre: new Map(), items: [], vecs: [] }));
    best.items.push(item);
    best.vecs.push(v);
    for (const [k, w] of v) best.centre.set(k, (best.centre.get(k) ?? 0) + w);
  }
  return groups
    .map((g) => {
      const reasons: Record<string, number> = {};
      for (const i of g.items) for (const r of i.reasons) bump(reasons, r);
      let rep = 0;
      let repScore = -1;
      g.vecs.forEach((v, i) => {
        const s = cosine(v, g.centre);
        if (s > repScore) {
          rep = i;
          repScore = s;
        }
      });
      const examples = [...new Set(g.items.map((i) => i.question))].slice(0, 5);
      return {
        question: g.items[rep].question,
        count: g.items.length,
        reasons: sorted(reasons),
        markets: [...new Set(g.items.flatMap((i) => i.markets))],
        examples,
        lastAt: g.items.map((i) => i.at).sort().at(-1)!,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}
