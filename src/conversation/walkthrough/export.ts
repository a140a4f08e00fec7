import type { Plan, PlanAction, PlanReminder } from './plan.js';

const H = {
  ko: {
    title: '해외 세관 지식재산권 등록 계획',
    created: '작성일',
    right: '권리',
    steps: '진행 단계',
    docs: '서류 체크리스트',
    fees: '수수료',
    time: '처리 기간',
    validity: '유효기간',
    renewal: '갱신',
    expiry: '예상 만료일(오늘 승인 가정, 실제 승인일로 고쳐 주세요)',
    window: '갱신 신청 가능 시작일',
    deadline: '억류 통지 후 대응 기한',
    links: '공식 링크',
    unconfirmed: '확인되지 않은 항목(담당자 확인 필요)',
    warnings: '주의',
    support: '신청할 수 있는 한국 지원 사업',
    sources: '출처',
    verified: '확인일',
    details: '입력하신 권리 정보',
    fakes: '알려진 위조품',
    licensees: '승인 업체·사용권자',
    by: (d: string) => `${d}까지`,
    first: '먼저 할 일',
    fileBy: '갱신 신청 마감일',
    notYet: '권리가 등록되고 세관 등록이 끝난 뒤에 정해집니다',
    askStaff: '공식 안내 페이지를 확인하지 못했습니다. 담당자에게 문의하세요',
  },
  en: {
    title: 'Customs IP recordation plan',
    created: 'Created',
    right: 'Right',
    steps: 'Steps',
    docs: 'Document checklist',
    fees: 'Fees',
    time: 'Processing time',
    validity: 'Validity',
    renewal: 'Renewal',
    expiry: 'Estimated expiry (assuming approval today; correct it with the real approval date)',
    window: 'Renewal can be filed from',
    deadline: 'Deadline after a detention notice',
    links: 'Official links',
    unconfirmed: 'Not confirmed (ask our staff)',
    warnings: 'Warnings',
    support: 'Korean support you may apply for',
    sources: 'Sources',
    verified: 'verified',
    details: 'Your right',
    fakes: 'Known fakes',
    licensees: 'Authorised companies and licensees',
    by: (d: string) => `by ${d}`,
    first: 'First',
    fileBy: 'Last day to file the renewal',
    notYet: 'set once the right is registered and recorded with customs',
    askStaff: 'no official page could be confirmed; ask our staff',
  },
};

/** The plan as a Markdown document the company can keep: per market, what to do, by when and who. */
export function planToMarkdown(plan: Plan): string {
  const h = H[plan.language];
  const out: string[] = [`# ${h.title}`, '', `${h.created}: ${plan.createdAt.slice(0, 10)} · ${h.right}: ${plan.rightLabel}`];
  if (plan.details) out.push(`${h.details}: ${plan.details}`);
  if (plan.fakes) out.push(`${h.fakes}: ${plan.fakes}`);
  if (plan.licensees) out.push(`${h.licensees}: ${plan.licensees}`);
  const actionLine = (a: PlanAction, i: number) => {
    const when = a.by ? `${h.by(a.by)}` : a.when;
    const links = a.links.length ? ` (${a.links.map((l) => `[${l.title}](${l.url})`).join(', ')})` : '';
    return `${i + 1}. **${when} · ${a.whoLabel}** — ${a.what}${links}`;
  };
  if (plan.actions?.length) out.push('', `## ${h.first}`, ...plan.actions.map(actionLine));
  for (const m of plan.markets) {
    out.push('', `## ${m.name} — ${m.procedure}`, `${m.authority}`, '', `### ${h.steps}`);
    (m.actions ?? []).forEach((a, i) => out.push(actionLine(a, i)));
    if (!m.actions) m.steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
    out.push('', `### ${h.docs}`, ...m.documents.map((d) => `- [ ] ${d}`));
    out.push('', `- **${h.fees}**: ${m.fees}`, `- **${h.time}**: ${m.processingTime}`, `- **${h.validity}**: ${m.validity}`, `- **${h.renewal}**: ${m.renewal}`);
    if (m.expiryEstimate) out.push(`- **${h.expiry}**: ${m.expiryEstimate}`);
    if (m.renewalWindowOpens) out.push(`- **${h.window}**: ${m.renewalWindowOpens}`);
    if (m.renewalFileBy) out.push(`- **${h.fileBy}**: ${m.renewalFileBy} (${m.renewalRule})`);
    else if (plan.registered !== 'yes') out.push(`- **${h.fileBy}**: ${h.notYet}`);
    out.push(`- **${h.deadline}**: ${m.holderDeadline}`);
    if (m.warnings.length) out.push('', `**${h.warnings}**`, ...m.warnings.map((w) => `- ${w}`));
    if (m.unconfirmed.length) out.push('', `**${h.unconfirmed}**: ${m.unconfirmed.join(', ')}`);
    out.push('', `**${h.links}**`, ...m.links.map((l) => `- [${l.title}](${l.url})`));
  }
  if (plan.support.length || plan.supportToAsk?.length)
    out.push('', `## ${h.support}`, ...plan.support.map((s) => `- [${s.title}](${s.url})`), ...(plan.supportToAsk ?? []).map((t) => `- ${t} (${h.askStaff})`));
  if (plan.citations.length) out.push('', `## ${h.sources}`, ...plan.citations.map((c, i) => `${i + 1}. [${c.title}](${c.url}) (${h.verified} ${c.verified})`));
  return `${out.join('\n')}\n`;
}

const icsText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const icsDate = (isoDate: string) => isoDate.replace(/-/g, '');
/** RFC 5545 wants lines of at most 75 octets, continued with a leading space. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let cur = '';
  for (const ch of line) {
    if (Buffer.byteLength(cur + ch) > (parts.length ? 74 : 75)) {
      parts.push(cur);
      cur = '';
    }
    cur += ch;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

/**
 * The plan's calendar: dated steps, the last day to file each renewal (alarms 30 and 7 days before it), the
 * expected expiry, and for a right not yet registered a reminder to record it once granted (no renewal events).
 */
export function planToIcs(plan: Plan, uidSeed: string): string {
  const stamp = `${plan.createdAt.replace(/[-:]/g, '').slice(0, 15)}Z`;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//customs-ip-assistant//plan//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', fold(`X-WR-CALNAME:${icsText(H[plan.language].title)}`)];
  const event = (uid: string, r: Pick<PlanReminder, 'date' | 'summary' | 'description' | 'alarmDaysBefore'>) => {
    const next = new Date(`${r.date}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}@customs-ip-assistant`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(r.date)}`,
      `DTEND;VALUE=DATE:${icsDate(next.toISOString().slice(0, 10))}`,
      fold(`SUMMARY:${icsText(r.summary)}`),
      fold(`DESCRIPTION:${icsText(r.description)}`),
      'TRANSP:TRANSPARENT',
    );
    for (const days of r.alarmDaysBefore)
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `TRIGGER:${days ? `-P${days}D` : 'PT0S'}`, fold(`DESCRIPTION:${icsText(r.summary)}`), 'END:VALARM');
    lines.push('END:VEVENT');
  };
  (plan.actions ?? []).forEach((a: PlanAction, i) => {
    if (a.by) event(`${uidSeed}-plan-${a.key}-${i}`, { date: a.by, summary: a.what.split(/(?<=[.!?])\s/)[0], description: `${a.whoLabel}: ${a.what}`, alarmDaysBefore: [3] });
  });
  for (const m of plan.markets) {
    const seen = new Map<string, number>();
    for (const r of m.reminders ?? []) {
      const n = (seen.get(r.key) ?? 0) + 1;
      seen.set(r.key, n);
      event(`${uidSeed}-${m.code}-${r.key}-${n}`, r);
    }
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
