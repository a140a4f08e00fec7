import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each fact an independent check found wrong, stale or contradictory, asked the way a company would, in both
// languages, through the real CLI: the answer must carry the corrected fact (or send the question to staff).
const dir = mkdtempSync(join(tmpdir(), 'kb-findings-'));
const env = { ...process.env, INDEX_DIR: join(dir, 'index'), DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', DATABASE_URL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' };

interface Case {
  q: string;
  /** Every pattern must appear in the answer. */
  says: RegExp[];
  /** None may appear. */
  never?: RegExp[];
  escalate?: boolean;
}

const CASES: Record<string, Case> = {
  vnDeadlineEn: { q: 'After a Vietnamese customs notice, how many days does the right holder have?', says: [/3 working days/], never: [/within 10 working days/i] },
  vnDeadlineKo: { q: '베트남 세관에서 억류 통지를 받으면 권리자는 며칠 안에 대응해야 하나요?', says: [/3 근무일/] },
  idDeadlineEn: { q: 'What must the right holder do within days of an Indonesian customs notice?', says: [/2 days/, /Commercial Court/i], never: [/confirm receipt/i] },
  idDeadlineKo: { q: '인도네시아 세관 통지를 받은 뒤 권리자는 며칠 안에 무엇을 해야 하나요?', says: [/2일/, /상사법원/] },
  usCopyrightEn: { q: 'When must a US copyright recordation with CBP be renewed?', says: [/3 months before/] },
  usCopyrightKo: { q: '미국 저작권 세관 등록은 언제까지 갱신해야 하나요?', says: [/만료되기 3개월 전/] },
  hkMadridEn: { q: 'Can a Madrid international registration designate Hong Kong for customs purposes?', says: [/19 February 2025/] },
  hkMadridKo: { q: '홍콩 현지 상표를 마드리드로 지정해서 등록할 수 있나요?', says: [/2025년 2월 19일/] },
  twSueEn: { q: 'How long do we have to sue after a seizure in Taiwan?', says: [/12 days/, /WW911|online/i] },
  twSueKo: { q: '대만에서 압류 후 소송은 며칠 안에 제기해야 하나요?', says: [/12일/] },
  ukExOfficioEn: { q: 'After UK customs detain goods ex officio, how many working days do we have to apply?', says: [/3 working days/, /4 working days/] },
  ukExOfficioKo: { q: '영국 세관이 직권으로 억류하면 며칠 안에 신청해야 하나요?', says: [/3 근무일/, /4 근무일/] },
  inDeadlineEn: { q: 'What is the right holder’s deadline after Indian customs suspend clearance?', says: [/10 working days/] },
  inDeadlineKo: { q: '인도 세관 통관 정지 후 권리자 대응 기한은?', says: [/10 근무일/] },
  aeFeeEn: { q: 'What is the recordation fee at Dubai Customs?', says: [/AED 210/], never: [/AED 2,010 (per|for each) /] },
  aeFeeKo: { q: '두바이 세관 등록 수수료는 얼마예요?', says: [/210/] },
  euExtensionEn: { q: 'Can the EU 10 working day period after detention be extended?', says: [/10 working days/, /perishable/i] },
  euRenewalKo: { q: 'EU AFA 연장 신청은 만료 며칠 전까지 해야 하나요?', says: [/30 근무일/] },
  euRenewalEn: { q: 'How late can we ask to extend an EU application for action?', says: [/30 working days/] },
  vnRenewalKo: { q: '베트남 세관 등록 갱신은 만료 며칠 전까지 신청해야 하나요?', says: [/20일/] },
  vnRenewalEn: { q: 'How many days before expiry must a Vietnam customs recordal be renewed?', says: [/20 days/] },
  idDomicileEn: { q: 'Must the applicant be domiciled in Indonesia to record with customs?', says: [/domiciled in Indonesia/] },
  idDomicileKo: { q: '인도네시아 세관 등록은 현지 법인이 있어야 하나요?', says: [/인도네시아/, /법인|사업체/] },
  phAgentKo: { q: '필리핀 세관 등록에 현지 대리인이 꼭 필요한가요?', says: [/확인되지 않았/], escalate: true },
  phAgentEn: { q: 'Do we need a local agent to record with Philippine customs?', says: [/could not be confirmed/], escalate: true },
};

describe('each fact found wrong, stale or contradictory is now right, in both languages', () => {
  const keys = Object.keys(CASES);
  const r = spawnSync('npx', ['tsx', 'src/cli/ask-cli.ts', '--jsonl'], { input: keys.map((k) => JSON.stringify({ q: CASES[k].q })).join('\n') + '\n', env, encoding: 'utf8', timeout: 120_000 });
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { answer: string; escalate: boolean });

  it('runs', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(out).toHaveLength(keys.length);
  });
  keys.forEach((k, i) =>
    it(`${k}: ${CASES[k].q}`, () => {
      const a = out[i];
      for (const re of CASES[k].says) expect(a.answer, `${CASES[k].q} should say ${re}`).toMatch(re);
      for (const re of CASES[k].never ?? []) expect(a.answer).not.toMatch(re);
      if (CASES[k].escalate !== undefined) expect(a.escalate).toBe(CASES[k].escalate);
    }),
  );
});
