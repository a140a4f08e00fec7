import type { Plan } from './plan.js';

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
  },
};

/** The plan as a Markdown document the company can keep. */
export function planToMarkdown(plan: Plan): string {
  const h = H[plan.language];
  const out: string[] = [`# ${h.title}`, '', `${h.created}: ${plan.createdAt.slice(0, 10)} · ${h.right}: ${plan.rightLabel}`];
  if (plan.details) out.push(`${h.details}: ${plan.details}`);
  if (plan.fakes) out.push(`${h.fakes}: ${plan.fakes}`);
  if (plan.licensees) out.push(`${h.licensees}: ${plan.licensees}`);
  for (const m of plan.markets) {
    out.push('', `## ${m.name} — ${m.procedure}`, `${m.authority}`, '', `### ${h.steps}`);
    m.steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
    out.push('', `### ${h.docs}`, ...m.documents.map((d) => `- [ ] ${d}`));
    out.push('', `- **${h.fees}**: ${m.fees}`, `- **${h.time}**: ${m.processingTime}`, `- **${h.validity}**: ${m.validity}`, `- **${h.renewal}**: ${m.renewal}`);
    if (m.expiryEstimate) out.push(`- **${h.expiry}**: ${m.expiryEstimate}`);
    if (m.renewalWindowOpens) out.push(`- **${h.window}**: ${m.renewalWindowOpens}`);
    out.push(`- **${h.deadline}**: ${m.holderDeadline}`);
    if (m.warnings.length) out.push('', `**${h.warnings}**`, ...m.warnings.map((w) => `- ${w}`));
    if (m.unconfirmed.length) out.push('', `**${h.unconfirmed}**: ${m.unconfirmed.join(', ')}`);
    out.push('', `**${h.links}**`, ...m.links.map((l) => `- [${l.title}](${l.url})`));
  }
  if (plan.support.length) out.push('', `## ${h.support}`, ...plan.support.map((s) => `- [${s.title}](${s.url})`));
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

/** Calendar reminders for each market's renewal window and estimated expiry. */
export function planToIcs(plan: Plan, uidSeed: string): string {
  const ko = plan.language === 'ko';
  const stamp = `${plan.createdAt.replace(/[-:]/g, '').slice(0, 15)}Z`;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//customs-ip-assistant//plan//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  const event = (uid: string, date: string, summary: string, description: string) => {
    const next = new Date(`${date}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}@customs-ip-assistant`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(date)}`,
      `DTEND;VALUE=DATE:${icsDate(next.toISOString().slice(0, 10))}`,
      fold(`SUMMARY:${icsText(summary)}`),
      fold(`DESCRIPTION:${icsText(description)}`),
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:-P14D',
      fold(`DESCRIPTION:${icsText(summary)}`),
      'END:VALARM',
      'END:VEVENT',
    );
  };
  for (const m of plan.markets) {
    if (m.renewalWindowOpens)
      event(`${uidSeed}-${m.code}-window`, m.renewalWindowOpens, ko ? `${m.name} 세관 등록 갱신 신청 시작` : `${m.name} customs recordation: renewal window opens`, m.renewal);
    if (m.expiryEstimate)
      event(`${uidSeed}-${m.code}-expiry`, m.expiryEstimate, ko ? `${m.name} 세관 등록 만료(예상)` : `${m.name} customs recordation expires (estimate)`, `${m.validity} ${m.renewal}`);
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
