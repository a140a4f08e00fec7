/**
 * Dates for detention cases: when the user received the notice (from what they wrote) and the right holder's
 * deadline from the profile. Working days skip weekends and the territory's public holidays, taken from the
 * maintained `date-holidays` calendar; the result names the calendar used and the unit in both languages.
 * Where no calendar applies (an EU case without a known member state, or no territory at all) only weekends are
 * skipped, and the result says so.
 */
import { mentionedDay } from '../understanding/dates.js';
import type HolidaysClass from 'date-holidays';
import { createRequire } from 'node:module';
import countries from '../core/countries.js';
import { addDays, format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Bilingual } from '../knowledge/schema.js';

export interface HolderDeadline {
  days: number;
  unit: 'working' | 'calendar' | 'hours';
}

/**
 * The calendar a deadline was counted with: `code` is the country whose public holidays count (null: weekends
 * only); `ko`/`en` name it, e.g. "public holidays of China (date-holidays)".
 */
export interface DeadlineCalendar {
  code: string | null;
  ko: string;
  en: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** Day arithmetic on UTC-midnight dates must not depend on the server's own time zone (daylight saving). */
const utc = (d: Date) => new TZDate(d.getTime(), 'UTC');

/**
 * Every turn asks for today's local day, and the zone arithmetic costs more than the rest of reading a message's
 * dates. Every UTC offset in the time-zone database is a whole number of seconds, so the local day cannot change
 * within one second: the last answer per zone is kept for the second it was computed in.
 */
const lastDay = new Map<string, { second: number; day: number }>();

/** The local calendar day of `now` in a time zone, as a UTC midnight Date. */
export function localDay(now: Date, timeZone: string): Date {
  const second = Math.floor(now.getTime() / 1000);
  const last = lastDay.get(timeZone);
  if (last && last.second === second) return new Date(last.day);
  const day = new Date(`${format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd')}T00:00:00Z`);
  if (!Number.isNaN(day.getTime())) lastDay.set(timeZone, { second, day: day.getTime() });
  return day;
}


/** The day the notice arrived, read from the user's words (the understanding step's reading); `today` when they name none. */
export function noticeDate(text: string, today: Date): { date: Date; stated: boolean } {
  const day = mentionedDay(text, today);
  return day ? { date: new Date(`${day}T00:00:00Z`), stated: true } : { date: today, stated: false };
}


// ---------------------------------------------------------------------------------------------------------------
// Public-holiday calendars

/** EU member states: an EU deadline counts the holidays of the member state whose customs sent the notice. */
export const EU_MEMBER_STATES = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
] as const;

/** Names used in labels where the country-name package's own differ from the usual ones. */
const NAMES: Record<string, Bilingual> = {
  CN: { ko: '중국', en: 'China' },
  TW: { ko: '대만', en: 'Taiwan' },
  US: { ko: '미국', en: 'the United States' },
  GB: { ko: '영국', en: 'the United Kingdom' },
  AE: { ko: '아랍에미리트', en: 'the United Arab Emirates' },
  KR: { ko: '한국', en: 'Korea' },
  PH: { ko: '필리핀', en: 'the Philippines' },
  NL: { ko: '네덜란드', en: 'the Netherlands' },
  CZ: { ko: '체코', en: 'Czechia' },
  PL: { ko: '폴란드', en: 'Poland' },
  PT: { ko: '포르투갈', en: 'Portugal' },
  CY: { ko: '키프로스', en: 'Cyprus' },
};
const nameOf = (code: string): Bilingual =>
  NAMES[code] ?? { ko: countries.getName(code, 'ko') ?? code, en: countries.getName(code, 'en') ?? code };

/** Words that name a member state in a user's message, beyond the package's names (adjectives, short forms). */
const MEMBER_ALIASES: Record<string, string[]> = {
  DE: ['german', 'deutschland', '독일'],
  FR: ['french', '프랑스'],
  NL: ['dutch', 'holland', 'rotterdam', '로테르담', '네덜란드'],
  BE: ['belgian', 'antwerp', '안트베르펜', '벨기에'],
  IT: ['italian', '이탈리아'],
  ES: ['spanish', 'españa', '스페인'],
  PL: ['polish', '폴란드'],
  PT: ['portuguese', '포르투갈'],
  CZ: ['czech', '체코'],
  CY: ['키프로스'],
  AT: ['austrian'],
  SE: ['swedish'],
  GR: ['greek'],
  IE: ['irish'],
};

/** Each member state's names as matchers: a Latin name as a whole word, any other as a substring. Built once. */
let memberMatchers: Array<{ code: string; names: Array<RegExp | string> }> | null = null;
function memberNames() {
  if (memberMatchers) return memberMatchers;
  const all = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  memberMatchers = EU_MEMBER_STATES.map((code) => ({
    code,
    names: [...all[code], countries.getName(code, 'ko') ?? '', ...(MEMBER_ALIASES[code] ?? [])]
      .filter(Boolean)
      .map((n) => n.toLowerCase())
      .map((n) => (/^[a-z]/.test(n) ? new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) : n)),
  }));
  return memberMatchers;
}

/** The EU member state a message names (`독일 세관`, `held in Rotterdam`), if exactly one is named. */
export function memberStateIn(text: string): string | null {
  const t = text.normalize('NFKC').toLowerCase();
  const found = new Set<string>();
  for (const { code, names } of memberNames()) {
    for (const n of names) {
      const hit = typeof n === 'string' ? t.includes(n) : n.test(t);
      if (hit) found.add(code);
    }
  }
  return found.size === 1 ? [...found][0] : null;
}

const holidayCache = new Map<string, Set<string>>();

/**
 * `date-holidays` takes a quarter of a second to load (every country's rules): loaded at the first deadline that
 * counts public holidays, not at start-up. Its CommonJS build, the same rules as its ES module (same results for
 * every country).
 */
let HolidaysCtor: typeof HolidaysClass | null = null;
const Holidays = () => (HolidaysCtor ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysClass);

/**
 * The days (YYYY-MM-DD, local to the country) that are public or bank holidays for everyone in `code` in `year`.
 * Holidays that only part of the population gets (China's Women's Day half-day, Youth Day) or that start in the
 * afternoon do not stop the count.
 */
function holidaysOf(code: string, year: number): Set<string> {
  const key = `${code}:${year}`;
  let days = holidayCache.get(key);
  if (days) return days;
  days = new Set<string>();
  for (const h of new (Holidays())(code).getHolidays(year)) {
    if (h.type !== 'public' && h.type !== 'bank') continue;
    if ((h as { note?: string }).note) continue;
    // A holiday from the afternoon on (Christmas Eve from 14:00 in Germany) leaves a working day.
    if (!h.date.endsWith('00:00:00')) continue;
    const first = new Date(`${h.date.slice(0, 10)}T00:00:00Z`);
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < span; i++) days.add(iso(addDays(utc(first), i)));
  }
  holidayCache.set(key, days);
  return days;
}

/** Countries `date-holidays` has a calendar for. */
let known: Set<string> | null = null;
const hasCalendar = (code: string) => (known ??= new Set(Object.keys(new (Holidays())().getCountries('en')))).has(code);

/**
 * The calendar for a territory's working days. `territory` is a profile code (CN, EU, …); for the EU the member
 * state's calendar is used when known, otherwise weekends only.
 */
export function deadlineCalendar(territory?: string | null, memberState?: string | null): DeadlineCalendar {
  const code = territory === 'EU' ? memberState ?? null : territory ?? null;
  if (code && hasCalendar(code)) {
    const n = nameOf(code);
    return { code, ko: `${n.ko} 공휴일(date-holidays)`, en: `public holidays of ${n.en} (date-holidays)` };
  }
  if (territory === 'EU')
    return { code: null, ko: '주말만 제외(회원국을 몰라 공휴일 미반영)', en: 'weekends only (member state not known, so no public holidays)' };
  return { code: null, ko: '주말만 제외(공휴일 미반영)', en: 'weekends only (public holidays not counted)' };
}

/** Is `day` (a UTC-midnight date standing for a local day) a working day in this calendar? */
export function isWorkingDay(day: Date, calendar: DeadlineCalendar | null = null): boolean {
  const wd = day.getUTCDay();
  if (wd === 0 || wd === 6) return false;
  return !(calendar?.code && holidaysOf(calendar.code, day.getUTCFullYear()).has(iso(day)));
}

/** Working-day deadlines already counted, by notice day, number of days and calendar (bounded). */
const workingDeadlines = new Map<string, number>();

/**
 * The deadline day: calendar days straight on; hours as whole days; working days from the day after the notice,
 * skipping weekends and the calendar's public holidays. `calendar` may be a territory code or a calendar.
 */
export function addDeadline(from: Date, rule: HolderDeadline, calendar?: DeadlineCalendar | string | null): Date {
  if (rule.unit === 'calendar') return new Date(addDays(utc(from), rule.days).getTime());
  if (rule.unit === 'hours') return new Date(addDays(utc(from), Math.ceil(rule.days / 24)).getTime());
  const cal = typeof calendar === 'string' ? deadlineCalendar(calendar) : calendar ?? null;
  // A case's later messages count the same days again: the walk over the calendar is kept per (day, rule, calendar).
  const key = `${from.getTime()}|${rule.days}|${cal?.code ?? ''}`;
  const known = workingDeadlines.get(key);
  if (known !== undefined) return new Date(known);
  let d = utc(from);
  let left = rule.days;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  if (workingDeadlines.size >= 4096) workingDeadlines.clear();
  workingDeadlines.set(key, d.getTime());
  return new Date(d.getTime());
}

/** How the unit of a deadline is said in each language. */
export function unitLabel(rule: HolderDeadline): Bilingual {
  return {
    working: { ko: '근무일(영업일)', en: 'working days' },
    calendar: { ko: '일(달력 기준, 공휴일 포함)', en: 'calendar days' },
    hours: { ko: '시간', en: 'hours' },
  }[rule.unit];
}

export interface DeadlineOptions {
  /** Profile code of the customs territory that sent the notice (CN, EU, …). */
  territory?: string | null;
  /** For the EU: the member state; read from the text when not given. */
  memberState?: string | null;
}

export interface ComputedDeadline {
  deadline: string | null;
  notice: string;
  stated: boolean;
  /** The calendar the working days were counted with. */
  calendar: DeadlineCalendar;
  /** The rule's unit in both languages; null without a rule. */
  unit: Bilingual | null;
  /** One line on how the date was counted, in both languages; null without a rule. */
  basis: Bilingual | null;
}

/**
 * The right holder's deadline from a notice the user describes. The fifth argument names the territory (a
 * profile code, or options with the EU member state); without it only weekends are skipped.
 */
export function computeDeadline(
  text: string,
  now: Date,
  rule: HolderDeadline | undefined,
  timeZone = 'Asia/Seoul',
  where?: string | DeadlineOptions,
): ComputedDeadline {
  const opts: DeadlineOptions = typeof where === 'string' ? { territory: where } : where ?? {};
  const member = opts.territory === 'EU' ? opts.memberState ?? memberStateIn(text) : null;
  const calendar = deadlineCalendar(opts.territory, member);
  const { date, stated } = noticeDate(text, localDay(now, timeZone));
  const notice = iso(date);
  if (!rule) return { deadline: null, notice, stated, calendar, unit: null, basis: null };
  const unit = unitLabel(rule);
  const counted =
    rule.unit !== 'working'
      ? { ko: '달력 기준으로 계산', en: 'counted straight through' }
      : calendar.code
        ? { ko: `주말과 ${calendar.ko} 제외`, en: `skipping weekends and ${calendar.en}` }
        : calendar;
  const basis = {
    ko: `통지일 ${notice}${stated ? '' : '(오늘로 가정)'}부터 ${rule.days}${unit.ko.startsWith('일') ? '' : ' '}${unit.ko}, ${counted.ko}`,
    en: `${rule.days} ${unit.en} from the notice on ${notice}${stated ? '' : ' (assumed today)'}, ${counted.en}`,
  };
  return { deadline: iso(addDeadline(date, rule, calendar)), notice, stated, calendar, unit, basis };
}
