import type { JurisdictionProfile, RightKind } from '../../knowledge/schema.js';
import type { KnowledgePage } from '../../knowledge/load.js';
import type { Citation } from '../../answer/types.js';
import type { Lang } from '../../retrieval/normalize.js';
import { FIELD_LABELS, RIGHT_LABELS } from '../../knowledge/labels.js';
import type { Answers } from './state.js';
import { add, sub, format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { deadlineCalendar, isWorkingDay } from '../../escalation/deadline.js';

/** Who does a step: the company itself, its local agent (patent attorney or law firm), or KIPA (Korea Intellectual Property Protection Agency). */
export type PlanOwner = 'company' | 'agent' | 'kipa';

/** One thing to do: what, by when (a Korean calendar day, or an event), and who does it. */
export interface PlanAction {
  key: 'register' | 'wait_grant' | 'agent' | 'support' | 'documents' | 'file' | 'after' | 'renew' | 'detention';
  what: string;
  /** The day to have it done by (ISO date); null when it follows an event (approval, a grant, a detention notice). */
  by: string | null;
  /** When, in words: how the date was set, or the event it follows. */
  when: string;
  who: PlanOwner;
  whoLabel: string;
  links: Array<{ title: string; url: string }>;
}

/** A calendar entry of the plan; alarms are whole days before `date` (0: on the day). */
export interface PlanReminder {
  key: 'step' | 'renewal_deadline' | 'renewal_prepare' | 'window' | 'expiry' | 'record_once_registered';
  date: string;
  summary: string;
  description: string;
  alarmDaysBefore: number[];
}

export interface PlanMarket {
  code: string;
  name: string;
  authority: string;
  procedure: string;
  /** The actions as sentences (what, by when, who), in order. */
  steps: string[];
  actions: PlanAction[];
  documents: string[];
  fees: string;
  processingTime: string;
  validity: string;
  renewal: string;
  /** Estimated expiry if approved today (to be corrected with the real approval date), ISO date; null while the right is not registered. */
  expiryEstimate: string | null;
  renewalWindowOpens: string | null;
  /** The last day to file the renewal under this territory's rule, ISO date; null when no rule is confirmed or nothing is recorded yet. */
  renewalFileBy: string | null;
  /** The rule the last day comes from, in words. */
  renewalRule: string | null;
  holderDeadline: string;
  links: Array<{ title: string; url: string }>;
  /** Fields of this market that could not be confirmed: staff should check them. */
  unconfirmed: string[];
  warnings: string[];
  reminders: PlanReminder[];
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
  /** Steps for the whole plan (Korean support, help finding an agent). */
  actions: PlanAction[];
  markets: PlanMarket[];
  /** Korean support programmes with an official page to link to. */
  support: Array<{ title: string; url: string }>;
  /** Programmes that apply but have no official page we can link: the company asks our staff. */
  supportToAsk: string[];
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

/**
 * The last day to file a renewal, per territory, as its profile's renewal fact states it (a test checks each number
 * against the fact's text). Territories not listed have no confirmed lead time: the plan reminds early and says so.
 * `validity` is for rights whose recordation term is stated in the validity fact but not in the figures (US copyright).
 */
interface RenewalRule {
  rights?: RightKind[];
  before: { days?: number; months?: number; workingDays?: number };
  validity?: Duration;
  ko: string;
  en: string;
}
export const RENEWAL_RULES: Record<string, RenewalRule> = {
  VN: { before: { days: 20 }, ko: '만료 20일 전까지 (늦은 신청에 대한 유예 없음)', en: 'at least 20 days before expiry (no grace period)' },
  GB: { before: { workingDays: 30 }, ko: '만료 30근무일 전까지 (영국 공휴일 반영)', en: 'at least 30 working days before expiry (UK public holidays counted)' },
  EU: {
    before: { workingDays: 30 },
    ko: '만료 30근무일 전까지 (주말만 제외; 회원국 공휴일이 있으면 더 이르므로 여유를 두세요)',
    en: "at least 30 working days before expiry (weekends only; the member state's public holidays make it earlier, so leave a margin)",
  },
  TH: { before: { days: 30 }, ko: '만료 30일 전까지', en: 'no later than 30 days before expiry' },
  US: { rights: ['copyright'], validity: { years: 20 }, before: { months: 3 }, ko: '저작권 세관 등록 만료 3개월 전까지', en: 'no later than 3 months before the copyright recordation expires' },
  CN: { before: { days: 1 }, ko: '만료 전 6개월 안에, 늦어도 만료 전날까지', en: 'within the 6 months before expiry, at the latest the day before it' },
  AU: { before: { days: 1 }, ko: '4년이 끝나기 전에 새 통지서 제출 (늦어도 만료 전날)', en: 'lodge a fresh notice before the 4 years run out (at the latest the day before expiry)' },
};
/** Planning assumptions for the first steps, counted from the day the plan is made. */
const SCHEDULE = { agent: 14, support: 14, documents: 30, file: 45, checkGrantMonths: 3, prepareMonths: 3 };

const OWNER: Record<PlanOwner, Record<Lang, string>> = {
  company: { ko: '우리 회사', en: 'Your company' },
  agent: { ko: '현지 대리인', en: 'Local agent' },
  kipa: { ko: '한국지식재산보호원(KIPA)', en: 'KIPA (Korea Intellectual Property Protection Agency)' },
};

const L = {
  registerFirst: {
    ko: (name: string, right: string, text: string) => `${name}에서 ${right} 권리를 먼저 출원·등록하세요. ${text}`,
    en: (name: string, right: string, text: string) => `Apply to register the ${right} in ${name} first. ${text}`,
  },
  pendingFirst: {
    ko: (name: string) => `${name}에서 출원 중인 권리가 등록되면 세관 등록을 진행하세요. 등록 여부를 확인해 주세요.`,
    en: (name: string) => `When the pending application in ${name} is granted, record it with customs. Check its status.`,
  },
  agentHave: { ko: (t: string) => `현지 대리인에게 세관 등록을 맡기세요. ${t}`, en: (t: string) => `Instruct your local agent to file the customs recordation. ${t}` },
  agentFind: { ko: (t: string) => `현지 대리인을 정하세요. ${t}`, en: (t: string) => `Choose a local agent. ${t}` },
  agentHelp: {
    ko: '현지 대리인 소개를 요청하세요: 해외지식재산센터(IP-DESK)와 담당자가 도와드립니다.',
    en: 'Ask for an introduction to a local agent: the overseas IP centres (IP-DESK) and our staff can help.',
  },
  support: {
    ko: '신청하기 전에 한국 지원 사업(등록 비용 지원 등)을 신청할 수 있는지 확인하세요. 비용이 나가기 전에 신청해야 하는 경우가 많습니다.',
    en: 'Before filing, check whether Korean support (help with recordation costs and more) is open to you; support must often be requested before costs arise.',
  },
  prepare: { ko: '아래 서류 체크리스트를 준비하세요.', en: 'Prepare the documents in the checklist below.' },
  file: { ko: (sys: string, how: string, fees: string) => `${sys}(으)로 세관 등록을 신청하세요. ${how} 수수료: ${fees}`, en: (sys: string, how: string, fees: string) => `File the recordation through ${sys}. ${how} Fees: ${fees}` },
  after: {
    ko: (time: string) => `승인되면 정품·위조품 식별 자료를 세관에 제공하고, 사용권자·유통업체가 바뀌면 등록 사항을 고치세요. 처리 기간: ${time}`,
    en: (time: string) => `Once approved, give customs a genuine-versus-fake identification guide and update the record when licensees or distributors change. Processing: ${time}`,
  },
  alternative: {
    ko: (name: string, how: string) => `${name}에는 세관 등록 제도가 없습니다. 대신 다음과 같이 하세요: ${how}`,
    en: (name: string, how: string) => `${name} has no customs recordation. Do this instead: ${how}`,
  },
  renew: { ko: (rule: string, text: string) => `세관 등록을 갱신하세요 (${rule}). ${text}`, en: (rule: string, text: string) => `Renew the customs recordation (${rule}). ${text}` },
  renewUnknown: { ko: (text: string) => `세관 등록을 갱신하세요. ${text}`, en: (text: string) => `Renew the customs recordation. ${text}` },
  detention: { ko: (text: string) => `억류 통지를 받으면 바로 대응하세요. ${text}`, en: (text: string) => `Act at once on a detention notice. ${text}` },
  when: {
    fromToday: { ko: (n: number) => `오늘부터 ${n}일 안에 (계획상 목표)`, en: (n: number) => `within ${n} days from today (planning target)` },
    onGrant: { ko: '권리가 등록된 뒤', en: 'once the right is granted' },
    onApproval: { ko: '세관 승인 뒤', en: 'after customs approval' },
    onNotice: { ko: '억류 통지를 받은 때', en: 'on a detention notice' },
    renewalUnknown: { ko: '갱신 신청 기한이 확인되지 않아 만료 3개월 전부터 준비 (담당자 확인)', en: 'the filing deadline is not confirmed: prepare from 3 months before expiry (ask our staff)' },
    renewalUndated: { ko: '만료일이 권리의 등록 기간에 따름', en: "the expiry follows the right's own registration term" },
  },
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
  by: { ko: (d: string) => `${d}까지`, en: (d: string) => `by ${d}` },
  reminders: {
    step: { ko: (name: string, what: string) => `${name}: ${what}`, en: (name: string, what: string) => `${name}: ${what}` },
    deadline: { ko: (name: string) => `${name} 세관 등록 갱신 신청 마감`, en: (name: string) => `${name} customs recordation: last day to file the renewal` },
    prepare: { ko: (name: string) => `${name} 세관 등록 갱신 준비 (기한 미확인)`, en: (name: string) => `${name} customs recordation: prepare the renewal (deadline not confirmed)` },
    window: { ko: (name: string) => `${name} 세관 등록 갱신 신청 시작`, en: (name: string) => `${name} customs recordation: renewal window opens` },
    expiry: { ko: (name: string) => `${name} 세관 등록 만료(예상)`, en: (name: string) => `${name} customs recordation expires (estimate)` },
    grant: { ko: (name: string) => `${name} 권리 등록 여부 확인 → 등록되면 세관 등록`, en: (name: string) => `${name}: is the right granted? Then record it with customs` },
    grantText: {
      ko: '권리가 등록되면 세관 등록을 진행하고 새 계획을 받으세요. 등록 전에는 세관 등록과 갱신 일정이 없습니다.',
      en: 'Once the right is registered, record it with customs and ask for a new plan. Until then there is no recordation and no renewal to track.',
    },
    expiryText: { ko: (by: string) => `갱신 신청 마감: ${by}`, en: (by: string) => `Last day to file the renewal: ${by}` },
  },
};

const dayOf = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);
/** `n` working days back from `isoDate` (weekends and, where known, the territory's public holidays skipped). */
function workingDaysBefore(isoDate: string, n: number, territory: string): string {
  const calendar = deadlineCalendar(territory);
  let d = dayOf(isoDate);
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() - 86_400_000);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d.toISOString().slice(0, 10);
}
function lastDayToFile(expiry: Date, rule: RenewalRule, territory: string): string {
  const b = rule.before;
  if (b.workingDays) return workingDaysBefore(planDay(expiry), b.workingDays, territory);
  return planDay(addDuration(expiry, { months: b.months, days: b.days }, -1));
}

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
  const inDays = (n: number) => iso(addDuration(now, { days: n }));
  const fromToday = (n: number) => L.when.fromToday[lang](n);
  const registered = answers.registered === 'yes';
  const action = (a: Omit<PlanAction, 'whoLabel' | 'links'> & { links?: PlanAction['links'] }): PlanAction => ({ ...a, whoLabel: OWNER[a.who][lang], links: a.links ?? [] });
  // With an agent (or one to be found), the agent files; a company that has none and wants none files itself.
  const filer: PlanOwner = answers.agent === 'none' ? 'company' : 'agent';

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
    const warnings: string[] = [];
    const links = [{ title: p.authority.name[lang], url: p.authority.url }];
    if (p.filing.url) links.push({ title: p.filing.system[lang], url: p.filing.url });
    for (const s of p.sources.filter((s) => s.official)) if (!links.some((l) => l.url === s.url)) links.push({ title: s.title, url: s.url });
    const filingLinks = p.filing.url ? [{ title: p.filing.system[lang], url: p.filing.url }] : [{ title: p.authority.name[lang], url: p.authority.url }];

    if (!p.recordableRights.includes(right)) warnings.push(L.notRecordable[lang](name, rightLabel));
    if (answers.agent === 'none') warnings.push(L.noAgentWarn[lang]);

    // The recordation's term and the last day to file its renewal, only for a right that is registered.
    const rule = RENEWAL_RULES[code] && (!RENEWAL_RULES[code].rights || RENEWAL_RULES[code].rights!.includes(right)) ? RENEWAL_RULES[code] : null;
    const validity = p.figures.validity ?? rule?.validity;
    const expiry = registered && validity ? addDuration(now, validity) : null;
    const window = expiry && p.figures.renewalWindow ? addDuration(expiry, p.figures.renewalWindow, -1) : null;
    const fileBy = expiry && rule ? lastDayToFile(expiry, rule, code) : null;
    const renewalText = sourcesOf('renewal');

    const actions: PlanAction[] = [];
    if (answers.registered === 'no' || answers.registered === 'unsure')
      actions.push(action({ key: 'register', what: L.registerFirst[lang](name, rightLabel, sourcesOf('local_registration')), by: inDays(SCHEDULE.documents), when: fromToday(SCHEDULE.documents), who: 'agent' }));
    if (answers.registered === 'pending') actions.push(action({ key: 'wait_grant', what: L.pendingFirst[lang](name), by: null, when: L.when.onGrant[lang], who: 'agent' }));
    const agentText = sourcesOf('local_agent');
    if (answers.agent === 'need_help') actions.push(action({ key: 'agent', what: `${L.agentHelp[lang]} ${agentText}`, by: inDays(SCHEDULE.agent), when: fromToday(SCHEDULE.agent), who: 'kipa' }));
    else actions.push(action({ key: 'agent', what: answers.agent === 'have' ? L.agentHave[lang](agentText) : L.agentFind[lang](agentText), by: inDays(SCHEDULE.agent), when: fromToday(SCHEDULE.agent), who: 'company' }));
    // Documents and filing get dates only when the right is registered; otherwise they wait for the grant.
    const later = (n: number) => (registered ? { by: inDays(n), when: fromToday(n) } : { by: null, when: L.when.onGrant[lang] });
    // A territory with no recordation system (its profile says filing does not apply): the plan says so and gives
    // what works instead, with no filing, approval or renewal of a recordation that does not exist.
    const noRecordation = f.how_to_file.status === 'not_applicable';
    actions.push(action({ key: 'documents', what: L.prepare[lang], ...later(SCHEDULE.documents), who: 'company' }));
    if (noRecordation) actions.push(action({ key: 'file', what: L.alternative[lang](name, sourcesOf('how_to_file')), ...later(SCHEDULE.file), who: filer, links: filingLinks }));
    else {
      actions.push(action({ key: 'file', what: L.file[lang](p.filing.system[lang], sourcesOf('how_to_file'), sourcesOf('fees')), ...later(SCHEDULE.file), who: filer, links: filingLinks }));
      actions.push(action({ key: 'after', what: L.after[lang](sourcesOf('processing_time')), by: null, when: L.when.onApproval[lang], who: 'company' }));
    }
    if (noRecordation) {
      // Nothing to renew: the right's own registration is what has to stay alive.
    } else if (fileBy && rule) actions.push(action({ key: 'renew', what: L.renew[lang](rule[lang], renewalText), by: fileBy, when: rule[lang], who: filer, links: filingLinks }));
    else if (registered)
      actions.push(action({ key: 'renew', what: L.renewUnknown[lang](renewalText), by: null, when: expiry ? L.when.renewalUnknown[lang] : L.when.renewalUndated[lang], who: filer, links: filingLinks }));
    actions.push(action({ key: 'detention', what: L.detention[lang](sourcesOf('holder_deadline')), by: null, when: L.when.onNotice[lang], who: 'agent' }));

    const documents = (f.documents.items ?? []).map((i) => i[lang]);
    sourcesOf('documents');
    if (answers.details) documents.push(L.docYourCert[lang](answers.details));
    if (answers.licensees) documents.push(L.docLicensees[lang](answers.licensees));
    if (answers.fakes) documents.push(L.docFakes[lang](answers.fakes));
    if (!f.documents.items?.length) documents.unshift(f.documents[lang]);

    // The calendar: dated steps, then the renewal. A right not yet registered gets a reminder to record it instead.
    const reminders: PlanReminder[] = [];
    for (const a of actions)
      if (a.by && a.key !== 'renew') reminders.push({ key: 'step', date: a.by, summary: L.reminders.step[lang](name, firstSentence(a.what)), description: `${a.whoLabel}: ${a.what}`, alarmDaysBefore: [3] });
    if (!registered)
      reminders.push({ key: 'record_once_registered', date: iso(addDuration(now, { months: SCHEDULE.checkGrantMonths })), summary: L.reminders.grant[lang](name), description: L.reminders.grantText[lang], alarmDaysBefore: [0] });
    if (window) reminders.push({ key: 'window', date: iso(window), summary: L.reminders.window[lang](name), description: renewalText, alarmDaysBefore: [7] });
    if (fileBy) reminders.push({ key: 'renewal_deadline', date: fileBy, summary: L.reminders.deadline[lang](name), description: `${rule![lang]}. ${renewalText}`, alarmDaysBefore: [30, 7] });
    else if (expiry)
      reminders.push({ key: 'renewal_prepare', date: iso(addDuration(expiry, { months: SCHEDULE.prepareMonths }, -1)), summary: L.reminders.prepare[lang](name), description: renewalText, alarmDaysBefore: [14] });
    if (expiry) reminders.push({ key: 'expiry', date: iso(expiry), summary: L.reminders.expiry[lang](name), description: fileBy ? `${L.reminders.expiryText[lang](fileBy)}. ${sourcesOf('validity')}` : sourcesOf('validity'), alarmDaysBefore: [] });

    markets.push({
      code,
      name,
      authority: p.authority.name[lang],
      procedure: p.procedure.name[lang],
      steps: actions.map((a) => `**${a.by ? L.by[lang](a.by) : a.when} · ${a.whoLabel}**: ${a.what}`),
      actions,
      documents,
      fees: f.fees[lang],
      processingTime: f.processing_time[lang],
      validity: sourcesOf('validity'),
      renewal: f.renewal[lang],
      expiryEstimate: expiry ? iso(expiry) : null,
      renewalWindowOpens: window ? iso(window) : null,
      renewalFileBy: fileBy,
      renewalRule: fileBy && rule ? rule[lang] : null,
      holderDeadline: f.holder_deadline[lang],
      links,
      unconfirmed: (Object.keys(f) as Array<keyof typeof f>).filter((k) => f[k].status === 'unconfirmed').map((k) => FIELD_LABELS[k][lang]),
      warnings,
      reminders,
    });
  }

  // Korean support: linked only to official pages (or faithful copies of them); a programme with none is named for staff to confirm.
  const wanted = ['customs-registration-support', 'ip-desk', ...(answers.fakes ? ['counterfeit-monitoring'] : [])];
  const pages = wanted.map((id) => opts.pages.find((pg) => pg.id === id && pg.lang === lang)).filter((pg): pg is KnowledgePage => Boolean(pg));
  const officialOf = (pg: KnowledgePage) => pg.sources.find((s) => s.grade === 'official') ?? pg.sources.find((s) => s.grade === 'official-copy');
  const support = pages.filter((pg) => officialOf(pg)).map((pg) => ({ title: pg.title, url: officialOf(pg)!.url }));
  const supportToAsk = pages.filter((pg) => !officialOf(pg)).map((pg) => pg.title);
  const planActions: PlanAction[] = [];
  if (pages.length)
    planActions.push(action({ key: 'support', what: L.support[lang], by: inDays(SCHEDULE.support), when: fromToday(SCHEDULE.support), who: 'company', links: support }));

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
    actions: planActions,
    markets,
    support,
    supportToAsk,
    citations: [...citations.values()],
  };
}

/** The first sentence of a text, for a calendar entry's title. */
function firstSentence(text: string): string {
  const m = /^(.+?[.!?。])(\s|$)/.exec(text);
  const s = (m ? m[1] : text).trim();
  return s.length > 90 ? `${s.slice(0, 87)}…` : s;
}
