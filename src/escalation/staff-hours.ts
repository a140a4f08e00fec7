import type { Lang } from '../core/lang.js';

/** When a person will look at a ticket: within business hours (weekdays) in the staff's time zone. */
export function expectedResponse(now: Date, lang: Lang, opts: { timeZone: string; hours: string; urgent: boolean }): string {
  const [open, close] = opts.hours.split('-').map(Number);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: opts.timeZone, weekday: 'short', hour: 'numeric', hour12: false })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour) % 24;
  const weekend = parts.weekday === 'Sat' || parts.weekday === 'Sun';
  const inHours = !weekend && hour >= open && hour < close;
  const hoursText = lang === 'ko' ? `평일 ${String(open).padStart(2, '0')}:00–${close}:00 한국 시간` : `weekdays ${String(open).padStart(2, '0')}:00–${close}:00 Korea time`;
  if (inHours)
    return lang === 'ko'
      ? `지금은 상담 시간(${hoursText})이므로 ${opts.urgent ? '가능한 한 빨리' : '오늘 중'} 담당자가 답변드립니다.`
      : `It is within staff hours (${hoursText}), so a person will reply ${opts.urgent ? 'as soon as possible' : 'today'}.`;
  return lang === 'ko'
    ? `지금은 상담 시간(${hoursText}) 밖이므로 다음 상담 시간에 담당자가 답변드립니다.${opts.urgent ? ' 긴급 건으로 표시해 두었습니다.' : ''}`
    : `It is outside staff hours (${hoursText}), so a person will reply at the start of the next business day.${opts.urgent ? ' I have marked it urgent.' : ''}`;
}
