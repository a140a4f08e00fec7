import type { JurisdictionProfile, RightKind } from '../../knowledge/schema.js';
import type { KnowledgePage } from '../../knowledge/load.js';
import type { Citation } from '../../answer/types.js';
import type { Lang } from '../../retrieval/normalize.js';
import { FIELD_LABELS, RIGHT_LABELS } from '../../knowledge/labels.js';
import type { Answers } from './state.js';
import { add, sub, format } from 'date-fns';
import { TZDate } from '@date-fns/tz';

export interface PlanMarket {
  code: string;
  name: string;
  authority: string;
  procedure: string;
  steps: string[];
  documents: string[];
  fees: string;
  processingTime: string;
  validity: string;
  renewal: string;
  /** Estimated expiry if approved today (to be corrected with the real approval date), ISO date. */
  expiryEstimate: string | null;
  renewalWindowOpens: string | null;
  holderDeadline: string;
  links: Array<{ title: string; url: string }>;
  /** Fields of this market that could not be confirmed: staff should check them. */
  unconfirmed: string[];
  warnings: string[];
}

export interface Plan {
  language: Lang;
  createdAt: string;
  right: RightKind;
  rightLabel: string;
  registered: Answers['registered'];
  details: string | null;
  fakes: string | null;
  licensees: string | null;
  agent: Answers['agent'];
  markets: PlanMarket[];
  support: Array<{ title: string; url: string }>;
  citations: Citation[];
}

/**
 * Plan dates are Korean calendar days (the user is a Korean company). Months and years are added with date-fns,
 * which clamps at month ends: 31 August 2036 minus 6 months is 29 February 2036, not 2 March.
 */
const PLAN_TIME_ZONE = 'Asia/Seoul';
type Duration = { years?: number; months?: number; days?: number };
export function addDuration(from: Date, d: Duration, sign: 1 | -1 = 1): Date {
  const local = new TZDate(from.getTime(), PLAN_TIME_ZONE);
  return sign > 0 ? add(local, d) : sub(local, d);
}
export const planDay = (d: Date) => format(new TZDate(d.getTime(), PLAN_TIME_ZONE), 'yyyy-MM-dd');
const iso = planDay;

const L = {
  registerFirst: {
    ko: (name: string, right: string, text: string) => `${name}에서 ${right} 권리를 먼저 등록하세요. ${text}`,
    en: (name: string, right: string, text: string) => `Register the ${right} in ${name} first. ${text}`,
  },
  pendingFirst: {
    ko: (name: string) => `${name}에서 출원 중인 권리가 등록될 때까지 기다린 뒤 세관 등록을 진행하세요.`,
    en: (name: string) => `Wait until the pending application in ${name} is granted, then record it with customs.`,
  },
  agent: { ko: '현지 대리인', en: 'Local agent' },
  prepare: { ko: '아래 서류 체크리스트를 준비하세요.', en: 'Prepare the documents in the checklist below.' },
  file: { ko: (sys: string, how: string) => `${sys}(으)로 신청하세요. ${how}`, en: (sys: string, how: string) => `File through ${sys}. ${how}` },
  fees: { ko: '수수료', en: 'Fees' },
  wait: { ko: '처리 기간', en: 'Processing' },
  after: {
    ko: '등록 후: 정품·위조품 식별 자료를 세관에 제공하고, 사용권자·유통업체가 바뀌면 등록 사항을 갱신하세요.',
    en: 'After approval: give customs a genuine-versus-fake identification guide and update the record when licensees or distributors change.',
  },
  renew: { ko: '갱신', en: 'Renewal' },
  detention: { ko: '억류 통지를 받으면', en: 'If customs notifies you of a detention' },
  docYourCert: { ko: (d: string) => `등록증 사본 (입력하신 정보: ${d})`, en: (d: string) => `Copy of the registration certificate (you gave: ${d})` },
  docLicensees: { ko: (d: string) => `승인된 제조·수입·유통업체 및 사용권자 목록: ${d}`, en: (d: string) => `List of authorised manufacturers, importers, distributors and licensees: ${d}` },
  docFakes: { ko: (d: string) => `알려진 위조품 정보(출처·경로): ${d}`, en: (d: string) => `Known fakes (where they come from, routes): ${d}` },
  notRecordable: {
    ko: (name: string, right: string) => `${name} 세관 제도에서는 ${right}이(가) 등록 대상으로 확인되지 않습니다. 담당자와 상의하세요.`,
    en: (name: string, right: string) => `${name}'s customs system is not confirmed to accept ${right} recordations; check with our staff.`,
  },
  noAgentWarn: {
    ko: '현지 대리인이 없다고 하셨습니다. 대리인이 필요한지 위 안내를 확인하세요.',
    en: 'You said you have no local agent; check above whether one is required.',
  },
};

/** The personal plan, built only from the profiles, so it can never disagree with the answers. */
export function buildPlan(opts: {
  answers: Answers;
  profiles: Map<string, JurisdictionProfile>;
  pages: KnowledgePage[];
  lang: Lang;
  now: Date;
}): Plan {
  const { answers, lang, now } = opts;
  const right = answers.right ?? 'trademark';
  const rightLabel = RIGHT_LABELS[right]?.[lang] ?? right;
  const citations = new Map<string, Citation>();
  const markets: PlanMarket[] = [];

  for (const code of answers.markets ?? []) {
    const p = opts.profiles.get(code);
    if (!p) continue;
    const f = p.facts;
    const sourcesOf = (field: keyof typeof f) => {
      for (const id of f[field].sources) {
        const s = p.sources.find((x) => x.id === id);
        if (s) citations.set(s.url, { id: s.id, title: s.title, url: s.url, verified: s.verified });
      }
      return f[field][lang];
    };
    const name = p.name[lang];
    const steps: string[] = [];
    const warnings: string[] = [];
    if (!p.recordableRights.includes(right)) warnings.push(L.notRecordable[lang](name, rightLabel));
    if (answers.registered === 'no' || answers.registered === 'unsure') steps.push(L.registerFirst[lang](name, rightLabel, sourcesOf('local_registration')));
    if (answers.registered === 'pending') steps.push(L.pendingFirst[lang](name));
    steps.push(`${L.agent[lang]}: ${sourcesOf('local_agent')}`);
    if (answers.agent === 'none') warnings.push(L.noAgentWarn[lang]);
    steps.push(L.prepare[lang]);
    steps.push(L.file[lang](p.filing.system[lang], sourcesOf('how_to_file')));
    steps.push(`${L.fees[lang]}: ${sourcesOf('fees')}`);
    steps.push(`${L.wait[lang]}: ${sourcesOf('processing_time')}`);
    steps.push(L.after[lang]);
    steps.push(`${L.renew[lang]}: ${sourcesOf('renewal')}`);
    steps.push(`${L.detention[lang]}: ${sourcesOf('holder_deadline')}`);

    const documents = (f.documents.items ?? []).map((i) => i[lang]);
    sourcesOf('documents');
    if (answers.details) documents.push(L.docYourCert[lang](answers.details));
    if (answers.licensees) documents.push(L.docLicensees[lang](answers.licensees));
    if (answers.fakes) documents.push(L.docFakes[lang](answers.fakes));
    if (!f.documents.items?.length) documents.unshift(f.documents[lang]);

    const validity = p.figures.validity;
    const expiry = validity ? addDuration(now, validity) : null;
    const window = expiry && p.figures.renewalWindow ? addDuration(expiry, p.figures.renewalWindow, -1) : null;
    const links = [{ title: p.authority.name[lang], url: p.authority.url }];
    if (p.filing.url) links.push({ title: p.filing.system[lang], url: p.filing.url });
    for (const s of p.sources.filter((s) => s.official)) if (!links.some((l) => l.url === s.url)) links.push({ title: s.title, url: s.url });

    markets.push({
      code,
      name,
      authority: p.authority.name[lang],
      procedure: p.procedure.name[lang],
      steps,
      documents,
      fees: f.fees[lang],
      processingTime: f.processing_time[lang],
      validity: sourcesOf('validity'),
      renewal: f.renewal[lang],
      expiryEstimate: expiry ? iso(expiry) : null,
      renewalWindowOpens: window ? iso(window) : null,
      holderDeadline: f.holder_deadline[lang],
      links,
      unconfirmed: (Object.keys(f) as Array<keyof typeof f>).filter((k) => f[k].status === 'unconfirmed').map((k) => FIELD_LABELS[k][lang]),
      warnings,
    });
  }

  const wanted = ['customs-registration-support', 'ip-desk', ...(answers.fakes ? ['counterfeit-monitoring'] : [])];
  const support = wanted
    .map((id) => opts.pages.find((pg) => pg.id === id && pg.lang === lang))
    .filter((pg): pg is KnowledgePage => Boolean(pg))
    .map((pg) => ({ title: pg.title, url: pg.sources[0].url }));

  return {
    language: lang,
    createdAt: now.toISOString(),
    right,
    rightLabel,
    registered: answers.registered,
    details: answers.details ?? null,
    fakes: answers.fakes ?? null,
    licensees: answers.licensees ?? null,
    agent: answers.agent,
    markets,
    support,
    citations: [...citations.values()],
  };
}
