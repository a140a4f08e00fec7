/**
 * Dates a message mentions ("어제", "last Friday", "11월 28일", "2026-11-27"), read as the most recent such day:
 * a notice is never in the future. Returned as ISO days in the caller's calendar.
 */
import { subDays, subYears } from 'date-fns';
import { TZDate } from '@date-fns/tz';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const EN_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const KO_DAYS = ['일요일', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일'];

const utc = (y: number, m: number, d: number) => new TZDate(y, m, d, 'UTC');
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** `today` is the local calendar day as a UTC midnight. Null when the message names no day. */
export function mentionedDay(text: string, today: Date): string | null {
  const t = text.normalize('NFKC').toLowerCase();
  // Day arithmetic in UTC, whatever the server's own time zone (no daylight-saving shifts).
  const back = (n: number) => iso(subDays(new TZDate(today.getTime(), 'UTC'), n));
  if (/그저께|그제|day before yesterday/.test(t)) return back(2);
  if (/어제|yesterday/.test(t)) return back(1);
  if (/오늘|today|this morning|방금|just now|아까/.test(t)) return back(0);
  const ago = /(\d{1,2})\s*(일\s*전|days?\s+ago)/.exec(t);
  if (ago) return back(Number(ago[1]));
  const isoM = /(20\d{2})[-./](\d{1,2})[-./](\d{1,2})/.exec(t);
  if (isoM) return iso(utc(+isoM[1], +isoM[2] - 1, +isoM[3]));
  const ko = /(\d{1,2})\s*월\s*(\d{1,2})\s*일/.exec(t);
  if (ko) return iso(nearestPast(today, +ko[1] - 1, +ko[2]));
  const en = new RegExp(`\\b(${MONTHS.join('|')})[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS.join('|')})`).exec(t);
  if (en) return iso(nearestPast(today, MONTHS.indexOf((en[1] ?? en[4]).slice(0, 3)), Number(en[2] ?? en[3])));
  // A weekday: "last Friday"/"지난주 금요일" is in the previous week; a bare "on Friday"/"금요일에" is the latest one.
  const enDay = new RegExp(`\\b(last\\s+)?(${EN_DAYS.join('|')})\\b`).exec(t);
  const koDay = new RegExp(`(지난\\s*주\\s*|저번\\s*주\\s*)?(${KO_DAYS.join('|')}|[일월화수목금토]욜)`).exec(t);
  if (enDay || koDay) {
    const target = enDay ? EN_DAYS.indexOf(enDay[2]) : KO_DAYS.findIndex((d) => d[0] === koDay![2][0]);
    const lastWeek = Boolean(enDay?.[1] ?? koDay?.[1]);
    let diff = (today.getUTCDay() - target + 7) % 7;
    if (lastWeek) {
      // The same weekday of the week before this one (weeks start on Monday).
      const mondayOffset = (today.getUTCDay() + 6) % 7;
      diff = mondayOffset + 7 - ((target + 6) % 7);
    }
    return back(diff);
  }
  return null;
}

function nearestPast(today: Date, month: number, day: number): Date {
  const d = utc(today.getUTCFullYear(), month, day);
  return d.getTime() > today.getTime() ? subYears(d, 1) : d;
}
