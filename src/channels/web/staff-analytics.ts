import { Hono, type Context } from 'hono';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../store/types.js';
import { STAFF_LABELS, marketName, staffLabel } from '../../escalation/notifier.js';
import { badRequest } from './errors.js';
import type { staffAuth, StaffEnv } from './staff-auth.js';
import { computeAnalytics, type AnalyticsReport } from './staff-analytics-report.js';

const STATIC = join(dirname(fileURLToPath(import.meta.url)), 'static');
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** A file served as it is, read once, with an ETag. */
function file(path: string, type: string) {
  const body = readFileSync(path);
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
  return (c: Context) => {
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const headers: Record<string, string> = { 'Content-Type': type, ETag: etag, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
    if (type.startsWith('text/html')) Object.assign(headers, { 'Content-Security-Policy': PAGE_CSP, 'Referrer-Policy': 'same-origin' });
    return c.body(new Uint8Array(body), 200, headers);
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The period asked for: `from`/`to` as days (Korean time, both included) or ISO times; the last 30 days by default. */
export function period(from?: string, to?: string, now = new Date()): { from: string; to: string } {
  const kstDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const start = (day: string) => new Date(`${day}T00:00:00+09:00`);
  const parse = (s: string, end: boolean) => {
    if (DAY.test(s)) {
      const d = start(s);
      if (Number.isNaN(d.getTime())) throw badRequest(`not a date: ${s}`);
      return end ? new Date(d.getTime() + 86_400_000) : d;
    }
    const d = new Date(s);
    if (Number.isNaN(d.getTime()) || s.length > 40) throw badRequest(`write dates as YYYY-MM-DD: ${s}`);
    return d;
  };
  const t = to ? parse(to, true) : new Date(start(kstDay(now)).getTime() + 86_400_000);
  const f = from ? parse(from, false) : new Date(t.getTime() - 30 * 86_400_000);
  if (f >= t) throw badRequest('from must be before to');
  if (t.getTime() - f.getTime() > 800 * 86_400_000) throw badRequest('ask for at most 800 days at once');
  return { from: f.toISOString(), to: t.toISOString() };
}

type Row = Array<string | number | null>;
/** Every table of the report as rows (a header first), labelled in one language; codes kept in their own column. */
export function analyticsTables(r: AnalyticsReport, lang: 'ko' | 'en'): Record<string, Row[]> {
  const ko = lang === 'ko';
  const counts = (kind: keyof typeof STAFF_LABELS | 'market' | null, m: Record<string, number>): Row[] => [
    ['code', ko ? '항목' : 'label', ko ? '건수' : 'count'],
    ...Object.entries(m).map(([k, n]): Row => [k, label(kind, k, lang), n]),
  ];
  return {
    perDay: [['day', ko ? '대화' : 'conversations', ko ? '질문' : 'questions', ko ? '담당자 연결' : 'escalations'], ...r.perDay.map((d): Row => [d.day, d.conversations, d.questions, d.escalations])],
    conversationsByLanguage: counts('language', r.conversationsByLanguage),
    questionsByLanguage: counts('language', r.questionsByLanguage),
    conversationsByChannel: counts('channel', r.conversationsByChannel),
    questionsByMarket: counts('market', r.questionsByMarket),
    questionsByRight: counts('right', r.questionsByRight),
    questionsByTopic: counts(null, r.questionsByTopic),
    escalationsByReason: counts('reason', r.escalationsByReason),
    escalationsByPriority: counts('priority', r.escalationsByPriority),
    timings: [
      ['measure', ko ? '항목' : 'label', ko ? '티켓 수' : 'tickets', ko ? '중앙값(분)' : 'median minutes'],
      ['first_staff_reply', ko ? '첫 담당자 답변까지' : 'To the first staff reply', r.firstStaffReply.count, r.firstStaffReply.medianMinutes],
      ['resolution', ko ? '완료까지' : 'To resolution', r.resolution.count, r.resolution.medianMinutes],
    ],
    deadlines: [
      ['outcome', ko ? '항목' : 'label', ko ? '건수' : 'count'],
      ['met', ko ? '기한 내 답변' : 'Answered in time', r.deadlines.met],
      ['missed', ko ? '기한 넘김' : 'Missed', r.deadlines.missed],
      ['pending', ko ? '진행 중' : 'Still open', r.deadlines.pending],
    ],
    feedback: [
      ['rating', ko ? '항목' : 'label', ko ? '건수' : 'count'],
      ['up', ko ? '좋아요' : 'Thumbs up', r.feedback.up],
      ['down', ko ? '별로예요' : 'Thumbs down', r.feedback.down],
      ['up_rate', ko ? '좋아요 비율' : 'Thumbs-up rate', r.feedback.upRate],
    ],
    gaps: [
      [ko ? '대표 질문' : 'question', ko ? '건수' : 'count', ko ? '사유' : 'reasons', ko ? '시장' : 'markets', ko ? '예시' : 'examples', ko ? '최근' : 'last'],
      ...r.gaps.map((g): Row => [
        g.question,
        g.count,
        Object.entries(g.reasons)
          .map(([k, n]) => `${gapReason(k, lang)} ${n}`)
          .join('; '),
        g.markets.map((m) => marketName(m, lang)).join('; '),
        g.examples.join(' | '),
        g.lastAt,
      ]),
    ],
  };
}

const TOPIC_LABELS: Record<string, { ko: string; en: string }> = {
  fees: { ko: '수수료', en: 'Fees' },
  validity: { ko: '유효기간', en: 'Validity' },
  renewal: { ko: '갱신', en: 'Renewal' },
  documents: { ko: '제출 서류', en: 'Documents' },
  processing_time: { ko: '처리 기간', en: 'Processing time' },
  detention: { ko: '억류 시 절차', en: 'Detention' },
  holder_deadline: { ko: '대응 기한', en: 'Deadlines' },
  local_agent: { ko: '현지 대리인', en: 'Local agent' },
  bond: { ko: '담보', en: 'Bond' },
  how_to_file: { ko: '신청 방법', en: 'How to file' },
  ex_officio: { ko: '직권 단속', en: 'Ex officio action' },
  other: { ko: '기타', en: 'Other' },
};
const GAP_REASONS: Record<string, { ko: string; en: string }> = {
  thumbs_down: { ko: '부정 평가', en: 'Thumbs-down' },
  escalated: { ko: '담당자 연결됨', en: 'Escalated' },
};
const gapReason = (k: string, lang: 'ko' | 'en') => GAP_REASONS[k]?.[lang] ?? staffLabel('reason', k, lang);

export function label(kind: keyof typeof STAFF_LABELS | 'market' | null, code: string, lang: 'ko' | 'en'): string {
  if (code === 'unknown') return lang === 'ko' ? '알 수 없음' : 'Unknown';
  if (kind === 'market') return marketName(code, lang);
  if (kind === null) return (TOPIC_LABELS[code] ?? TOPIC_LABELS.other)[lang];
  return staffLabel(kind, code, lang);
}

const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
export const toCsv = (rows: Row[]) => `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

/** `/staff/analytics` (charts drawn with uPlot, served from this app) and its JSON and CSV. */
export function staffAnalytics(store: Store, auth: ReturnType<typeof staffAuth>) {
  const app = new Hono<StaffEnv>();
  const require = createRequire(import.meta.url);
  const uplotDir = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  app.get('/staff/analytics', file(join(STATIC, 'staff-analytics.html'), 'text/html; charset=utf-8'));
  app.get('/staff/analytics.js', file(join(STATIC, 'staff-analytics.js'), 'text/javascript; charset=utf-8'));
  app.get('/staff/uplot.js', file(join(uplotDir, 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8'));
  app.get('/staff/uplot.css', file(join(uplotDir, 'uPlot.min.css'), 'text/css; charset=utf-8'));

  const report = async (c: Context) => {
    const range = period(c.req.query('from'), c.req.query('to'));
    const [rows, ratings] = await Promise.all([store.analyticsRows(range), store.listTicketRatings(range)]);
    return computeAnalytics({ ...rows, ratings }, { ...range, timeZone: 'Asia/Seoul' });
  };
  app.get('/staff/api/analytics', auth.requireSession, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await report(c));
  });
  app.get('/staff/api/analytics.csv', auth.requireSession, async (c) => {
    const lang = c.req.query('lang') === 'en' ? 'en' : 'ko';
    const tables = analyticsTables(await report(c), lang);
    const name = c.req.query('table') ?? 'perDay';
    const rows = tables[name];
    if (!rows) throw badRequest(`table is one of ${Object.keys(tables).join(', ')}`);
    c.header('Content-Disposition', `attachment; filename="analytics-${name}.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(toCsv(rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
  /** Labels of topics and gap reasons for the page (the rest comes from /staff/api/labels). */
  app.get('/staff/api/analytics/labels', auth.requireSession, (c) => c.json({ topic: TOPIC_LABELS, gapReason: GAP_REASONS }));
  return app;
}
