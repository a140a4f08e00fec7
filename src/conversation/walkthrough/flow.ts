import type { JurisdictionProfile, RightKind } from '../../knowledge/schema.js';
import { RIGHT_KINDS } from '../../knowledge/schema.js';
import { RIGHT_LABELS } from '../../knowledge/labels.js';
import type { QueryAnalysis } from '../../retrieval/query-analysis.js';
import type { Lang } from '../../retrieval/normalize.js';
import type { Choice } from '../types.js';
import { firstSentences } from '../../answer/text.js';
import { type Answers, type StepId, type WalkState } from './state.js';

export interface WalkContext {
  lang: Lang;
  analyze: (text: string) => QueryAnalysis;
  profiles: Map<string, JurisdictionProfile>;
  nameOf: (code: string, lang: Lang) => string;
  /** The first section of the "register the right first" guide, when the knowledge base has it. */
  registerFirstGuide?: (lang: Lang) => string | null;
}

export type WalkOutcome =
  | { kind: 'prompt'; state: WalkState; text: string; choices: Choice[] }
  | { kind: 'question'; state: WalkState; text: string; choices: Choice[] }
  | { kind: 'uncovered'; state: WalkState; ids: string[]; text: string; choices: Choice[] }
  | { kind: 'done'; state: WalkState }
  | { kind: 'paused'; state: WalkState; text: string; choices: Choice[] }
  | { kind: 'cancelled'; state: WalkState; text: string };

const ORDER: StepId[] = ['market', 'right', 'registered', 'register_first', 'details', 'fakes', 'licensees', 'agent'];
const COUNTED: StepId[] = ['market', 'right', 'registered', 'details', 'fakes', 'licensees', 'agent'];

const T = {
  nav: { back: { ko: '◀ 이전', en: '◀ Back' }, pause: { ko: '나중에 계속', en: 'Continue later' }, cancel: { ko: '안내 종료', en: 'Stop' } },
  market: {
    ko: '어느 시장(나라)의 세관에 등록하시겠어요? 여러 곳이면 "중국, 베트남"처럼 적어 주세요.',
    en: 'Which market (country) do you want to record with customs? For several, write e.g. "China, Vietnam".',
  },
  right: { ko: (m: string) => `${m}에서 어떤 권리를 등록하시겠어요?`, en: (m: string) => `Which right do you want to record in ${m}?` },
  registered: {
    ko: (r: string, m: string) => `${r}이(가) ${m}에 이미 등록되어 있나요? (세관 등록은 보통 현지에서 등록된 권리만 가능합니다)`,
    en: (r: string, m: string) => `Is the ${r} already registered in ${m}? (Customs usually records only rights registered there.)`,
  },
  yes: { ko: '네, 등록되어 있어요', en: 'Yes, registered' },
  pending: { ko: '출원(심사) 중이에요', en: 'Applied, pending' },
  no: { ko: '아니요, 아직 없어요', en: 'No, not yet' },
  unsure: { ko: '잘 모르겠어요', en: 'Not sure' },
  registerFirst: {
    ko: '먼저 현지에서 권리를 등록해야 합니다. 나라별 안내:',
    en: 'The right must be registered locally first. Per market:',
  },
  supportHint: {
    ko: '해외 출원·등록 비용 지원과 해외지식재산센터(IP-DESK) 상담은 등록 계획의 "지원 사업"에 정리해 드립니다.',
    en: 'Korean support for filing abroad and the overseas IP centres (IP-DESK) are listed under "Support" in your plan.',
  },
  continue: { ko: '계속', en: 'Continue' },
  details: {
    ko: (r: string) => `세관이 알아야 할 ${r} 정보를 적어 주세요: 등록번호, 지정상품(류) 또는 대상 물품, 권리자 이름.`,
    en: (r: string) => `Tell me the ${r} details customs need: registration number, goods or classes covered, owner's name.`,
  },
  skipDetails: { ko: '나중에 입력', en: 'Add later' },
  fakes: {
    ko: '알려진 위조품이 있나요? 어디에서 만들어지고 어떤 경로(국가, 항구, 온라인몰)로 들어오는지 적어 주세요.',
    en: 'Do you know of fakes? Tell me where they are made and how they travel (countries, ports, online shops).',
  },
  noneKnown: { ko: '아직 없음/모름', en: 'None known yet' },
  licensees: {
    ko: '정품을 제조·수입·유통하는 승인 업체나 사용권자가 있나요? 세관이 정품을 억류하지 않도록 함께 등록합니다.',
    en: 'Which manufacturers, importers, distributors or licensees are authorised? They are recorded so customs does not hold genuine goods.',
  },
  none: { ko: '없음', en: 'None' },
  agent: { ko: '현지 대리인(변리사·법무법인)이 있나요?', en: 'Do you have a local agent (patent attorney or law firm)?' },
  haveAgent: { ko: '있어요', en: 'Yes, we have one' },
  noAgent: { ko: '없어요', en: 'No' },
  needAgent: { ko: '소개가 필요해요', en: 'We need help finding one' },
  notUnderstood: { ko: '잘 이해하지 못했습니다. 아래에서 선택하거나 다시 적어 주세요.', en: "I didn't catch that. Pick below or write it again." },
  paused: {
    ko: '등록 안내를 잠시 멈췄습니다. 언제든 "계속"이라고 하시면 이어서 진행합니다.',
    en: 'Paused. Say "continue" any time to pick up where you left off.',
  },
  resume: { ko: '등록 안내 이어하기', en: 'Resume registration' },
  cancelled: { ko: '등록 안내를 종료했습니다. 궁금한 점은 언제든 물어보세요.', en: 'Stopped the walkthrough. Ask me anything any time.' },
  uncovered: {
    ko: (n: string) => `${n}은(는) 아직 안내할 수 있는 자료가 없습니다. 담당자에게 전달했고, 다른 시장을 고르셔도 됩니다.`,
    en: (n: string) => `I have no sources for ${n} yet. I have passed it to our staff; you can also pick another market.`,
  },
  got: { ko: '확인했습니다', en: 'Got it' },
};

const isQuestion = (t: string) =>
  /[?？]\s*$/.test(t) ||
  /^(what|how|when|where|why|which|who|is|are|do|does|can|could|should|will|would)\b/i.test(t) ||
  /(나요|까요|가요|인가요|습니까|뭐예요|뭔가요|뭐에요|어떻게|알려\s*주세요|궁금)\s*[.!]?\s*$/.test(t);

const SKIP = /^(없음|없어요|없습니다|없다|모름|모르겠|skip|none|no|n\/a|nothing|건너뛰|패스|pass|나중에\s*입력|add later|아직\s*없)/i;

function navChoices(lang: Lang, step: StepId): Choice[] {
  const out: Choice[] = [];
  if (step !== 'market') out.push({ id: 'wt:back', label: T.nav.back[lang] });
  out.push({ id: 'wt:pause', label: T.nav.pause[lang] }, { id: 'wt:cancel', label: T.nav.cancel[lang] });
  return out;
}

const marketNames = (s: WalkState, ctx: WalkContext) => (s.answers.markets ?? []).map((m) => ctx.nameOf(m, ctx.lang)).join(', ');
const rightLabel = (r: RightKind | undefined, lang: Lang) => (r ? (RIGHT_LABELS[r]?.[lang] ?? r) : '');

/** The prompt and choices of the step the walk is on. */
export function promptFor(s: WalkState, ctx: WalkContext, preface?: string): { text: string; choices: Choice[] } {
  const { lang } = ctx;
  const counted = COUNTED.indexOf(s.step);
  const head = counted >= 0 ? `(${counted + 1}/${COUNTED.length}) ` : '';
  let text = '';
  let choices: Choice[] = [];
  switch (s.step) {
    case 'market':
      text = T.market[lang];
      choices = [...ctx.profiles.values()].map((p) => ({ id: `wt:market:${p.code}`, label: p.name[lang] }));
      break;
    case 'right': {
      text = T.right[lang](marketNames(s, ctx));
      const offered = new Set((s.answers.markets ?? []).flatMap((m) => ctx.profiles.get(m)?.recordableRights ?? []));
      choices = RIGHT_KINDS.filter((r) => offered.has(r)).map((r) => ({ id: `wt:right:${r}`, label: RIGHT_LABELS[r][lang] }));
      break;
    }
    case 'registered':
      text = T.registered[lang](rightLabel(s.answers.right, lang), marketNames(s, ctx));
      choices = (['yes', 'pending', 'no', 'unsure'] as const).map((v) => ({ id: `wt:registered:${v}`, label: T[v][lang] }));
      break;
    case 'register_first': {
      const lines = [T.registerFirst[lang]];
      for (const m of s.answers.markets ?? []) {
        const p = ctx.profiles.get(m);
        if (p) lines.push(`- **${p.name[lang]}**: ${firstSentences(p.facts.local_registration[lang], 400)}`);
      }
      const guide = ctx.registerFirstGuide?.(lang);
      if (guide) lines.push('', guide);
      lines.push('', T.supportHint[lang]);
      text = lines.join('\n');
      choices = [{ id: 'wt:continue', label: T.continue[lang] }];
      break;
    }
    case 'details':
      text = T.details[lang](rightLabel(s.answers.right, lang));
      choices = [{ id: 'wt:skip', label: T.skipDetails[lang] }];
      break;
    case 'fakes':
      text = T.fakes[lang];
      choices = [{ id: 'wt:skip', label: T.noneKnown[lang] }];
      break;
    case 'licensees':
      text = T.licensees[lang];
      choices = [{ id: 'wt:skip', label: T.none[lang] }];
      break;
    case 'agent': {
      const lines = [T.agent[lang]];
      for (const m of s.answers.markets ?? []) {
        const p = ctx.profiles.get(m);
        if (p) lines.push(`- **${p.name[lang]}**: ${firstSentences(p.facts.local_agent[lang], 300)}`);
      }
      text = lines.join('\n');
      choices = [
        { id: 'wt:agent:have', label: T.haveAgent[lang] },
        { id: 'wt:agent:none', label: T.noAgent[lang] },
        { id: 'wt:agent:need_help', label: T.needAgent[lang] },
      ];
      break;
    }
  }
  return { text: `${preface ? `${preface}\n\n` : ''}${head}${text}`, choices: [...choices, ...navChoices(lang, s.step)] };
}

function nextStep(s: WalkState): StepId | null {
  const i = ORDER.indexOf(s.step);
  for (let j = i + 1; j < ORDER.length; j++) {
    const step = ORDER[j];
    if (step === 'register_first' && s.answers.registered === 'yes') continue;
    return step;
  }
  return null;
}

function advance(s: WalkState, answers: Partial<Answers>): WalkState {
  const next: WalkState = { ...s, answers: { ...s.answers, ...answers }, trail: [...s.trail, s.step] };
  const step = nextStep(next);
  if (!step) return { ...next, done: true };
  return { ...next, step };
}

const YES = /^(네|예|응|맞아|yes|y\b|yeah|yep|등록\s*(되어|돼|됐)|등록했|registered|have it|있어요|있습니다)/i;
const PENDING = /출원\s*(중|했)|심사\s*중|pending|applied|application (is )?filed/i;
const NO = /^(아니|아뇨|no\b|n\b|nope|없|안\s*했|않았|not (yet|registered))|등록\s*(안|되지)/i;
const UNSURE = /모르|잘\s*모|not sure|unsure|don'?t know|no idea/i;

/**
 * One user turn inside the walkthrough: navigation, a choice, free text understood in both languages,
 * or a question (answered by the caller, then the same step is asked again).
 */
export function stepWalk(state: WalkState, input: { text?: string; action?: string }, ctx: WalkContext): WalkOutcome {
  const { lang } = ctx;
  const text = input.text?.trim() ?? '';
  const action = input.action ?? navAction(text);
  const s = { ...state, paused: false };

  if (action === 'wt:pause') return { kind: 'paused', state: { ...s, paused: true }, text: T.paused[lang], choices: [{ id: 'wt:resume', label: T.resume[lang] }] };
  if (action === 'wt:cancel') return { kind: 'cancelled', state: { ...s, done: true }, text: T.cancelled[lang] };
  if (action === 'wt:resume' || action === 'wt:start') return { kind: 'prompt', state: s, ...promptFor(s, ctx) };
  if (action === 'wt:back') {
    const trail = [...s.trail];
    const prev = trail.pop();
    const back = prev ? { ...s, step: prev, trail } : s;
    return { kind: 'prompt', state: back, ...promptFor(back, ctx) };
  }
  if (action?.startsWith('wt:edit:')) {
    const step = action.slice(8) as StepId;
    if (ORDER.includes(step)) {
      const edit = { ...s, step, done: false, trail: s.trail.slice(0, Math.max(0, s.trail.indexOf(step))) };
      return { kind: 'prompt', state: edit, ...promptFor(edit, ctx) };
    }
  }

  const reprompt = (preface: string) => ({ kind: 'prompt' as const, state: s, ...promptFor(s, ctx, preface) });
  const done = (next: WalkState, note?: string): WalkOutcome =>
    next.done ? { kind: 'done', state: next } : { kind: 'prompt', state: next, ...promptFor(next, ctx, note ?? T.got[lang]) };

  switch (s.step) {
    case 'market': {
      if (action?.startsWith('wt:market:')) {
        const code = action.slice(10);
        if (ctx.profiles.has(code)) return done(advance(s, { markets: [code] }), `${T.got[lang]}: ${ctx.nameOf(code, lang)}`);
      }
      if (text) {
        const a = ctx.analyze(text);
        const markets = a.jurisdictions.filter((j) => ctx.profiles.has(j));
        if (markets.length) return done(advance(s, { markets }), `${T.got[lang]}: ${markets.map((m) => ctx.nameOf(m, lang)).join(', ')}`);
        if (a.uncovered.length) {
          const names = a.uncovered.map((u) => ctx.nameOf(u, lang)).join(', ');
          return { kind: 'uncovered', state: s, ids: a.uncovered, ...promptFor(s, ctx, T.uncovered[lang](names)) };
        }
        if (isQuestion(text)) return { kind: 'question', state: s, ...promptFor(s, ctx) };
      }
      return reprompt(T.notUnderstood[lang]);
    }
    case 'right': {
      let right: RightKind | undefined;
      if (action?.startsWith('wt:right:')) right = action.slice(9) as RightKind;
      else if (text) right = ctx.analyze(text).rights[0] as RightKind | undefined;
      if (right && RIGHT_KINDS.includes(right)) return done(advance(s, { right }), `${T.got[lang]}: ${rightLabel(right, lang)}`);
      if (text && isQuestion(text)) return { kind: 'question', state: s, ...promptFor(s, ctx) };
      return reprompt(T.notUnderstood[lang]);
    }
    case 'registered': {
      let v: Answers['registered'];
      if (action?.startsWith('wt:registered:')) v = action.slice(14) as Answers['registered'];
      else if (text && !isQuestion(text)) v = PENDING.test(text) ? 'pending' : UNSURE.test(text) ? 'unsure' : NO.test(text) ? 'no' : YES.test(text) ? 'yes' : undefined;
      if (v && ['yes', 'pending', 'no', 'unsure'].includes(v)) return done(advance(s, { registered: v }));
      if (text && isQuestion(text)) return { kind: 'question', state: s, ...promptFor(s, ctx) };
      return reprompt(T.notUnderstood[lang]);
    }
    case 'register_first': {
      if (action === 'wt:continue' || /^(계속|다음|continue|next|ok|okay|확인|네|예|yes)/i.test(text)) return done(advance(s, {}));
      if (text && isQuestion(text)) return { kind: 'question', state: s, ...promptFor(s, ctx) };
      return reprompt(T.notUnderstood[lang]);
    }
    case 'details':
    case 'fakes':
    case 'licensees': {
      const key = s.step;
      if (action === 'wt:skip' || (text && SKIP.test(text))) return done(advance(s, { [key]: undefined }));
      if (text && isQuestion(text)) return { kind: 'question', state: s, ...promptFor(s, ctx) };
      if (text) return done(advance(s, { [key]: text.slice(0, 1000) }));
      return reprompt(T.notUnderstood[lang]);
    }
    case 'agent': {
      let v: Answers['agent'];
      if (action?.startsWith('wt:agent:')) v = action.slice(9) as Answers['agent'];
      else if (text && !isQuestion(text)) v = /필요|추천|소개|need|help|recommend|find/i.test(text) ? 'need_help' : /없|no\b|don'?t|아니|not/i.test(text) ? 'none' : /있|yes|have|네|예/i.test(text) ? 'have' : undefined;
      if (v && ['have', 'none', 'need_help'].includes(v)) return done(advance(s, { agent: v }));
      if (text && isQuestion(text)) return { kind: 'question', state: s, ...promptFor(s, ctx) };
      return reprompt(T.notUnderstood[lang]);
    }
  }
}

/** Navigation said in words. */
function navAction(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if (/^(이전|뒤로|back|go back|previous)$/.test(t)) return 'wt:back';
  if (/^(나중에|잠깐|멈춰|pause|later|continue later)/.test(t) && !/나중에\s*입력/.test(t)) return 'wt:pause';
  if (/^(취소|그만|종료|cancel|stop|quit|exit)/.test(t)) return 'wt:cancel';
  if (/^(이어서|resume)$/.test(t)) return 'wt:resume';
  return undefined;
}
