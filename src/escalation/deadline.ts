/**
 * Dates for detention cases: when the user received the notice (from what they wrote) and the right holder's
 * deadline from the profile. Working days skip Saturdays and Sundays; public holidays are not known here,
 * so the ticket says the deadline is computed without them.
 */
export interface HolderDeadline {
  days: number;
  unit: 'working' | 'calendar' | 'hours';
}

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utcDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** The local calendar day of `now` in a time zone, as a UTC midnight Date. */
export function localDay(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return new Date(`${parts}T00:00:00Z`);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The day the notice arrived, read from the user's words; `today` when they name none. */
export function noticeDate(text: string, today: Date): { date: Date; stated: boolean } {
  const t = text.normalize('NFKC').toLowerCase();
  const back = (n: number) => ({ date: new Date(today.getTime() - n * DAY), stated: true });
  if (/그저께|그제|day before yesterday/.test(t)) return back(2);
  if (/어제|yesterday/.test(t)) return back(1);
  if (/오늘|today|this morning|방금|just now/.test(t)) return back(0);
  const ago = /(\d{1,2})\s*(일\s*전|days?\s+ago)/.exec(t);
  if (ago) return back(Number(ago[1]));
  const isoM = /(20\d{2})[-./](\d{1,2})[-./](\d{1,2})/.exec(t);
  if (isoM) return { date: utcDate(+isoM[1], +isoM[2] - 1, +isoM[3]), stated: true };
  const ko = /(\d{1,2})\s*월\s*(\d{1,2})\s*일/.exec(t);
  if (ko) return { date: nearestPast(today, +ko[1] - 1, +ko[2]), stated: true };
  const en = new RegExp(`\\b(${MONTHS.join('|')})[a-z]*\\.?\\s+(\\d{1,2})\\b|\\b(\\d{1,2})\\s+(${MONTHS.join('|')})`).exec(t);
  if (en) {
    const month = MONTHS.indexOf((en[1] ?? en[4]).slice(0, 3));
    return { date: nearestPast(today, month, Number(en[2] ?? en[3])), stated: true };
  }
  return { date: today, stated: false };
}

/** A month/day without a year means the most recent such day (a notice is never in the future). */
function nearestPast(today: Date, month: number, day: number): Date {
  const d = utcDate(today.getUTCFullYear(), month, day);
  return d.getTime() > today.getTime() ? utcDate(today.getUTCFullYear() - 1, month, day) : d;
}

export function addDeadline(from: Date, rule: HolderDeadline): Date {
  if (rule.unit === 'calendar') return new Date(from.getTime() + rule.days * DAY);
  if (rule.unit === 'hours') return new Date(from.getTime() + Math.ceil(rule.days / 24) * DAY);
  let d = new Date(from.getTime());
  let left = rule.days;
  while (left > 0) {
    d = new Date(d.getTime() + DAY);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

export function computeDeadline(text: string, now: Date, rule: HolderDeadline | undefined, timeZone = 'Asia/Seoul'): { deadline: string | null; notice: string; stated: boolean } {
  const { date, stated } = noticeDate(text, localDay(now, timeZone));
  return { deadline: rule ? iso(addDeadline(date, rule)) : null, notice: iso(date), stated };
}
