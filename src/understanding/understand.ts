import type { Lang } from '../core/lang.js';
import { detectLanguage } from '../core/lang.js';
import type { GlossaryMatcher } from '../retrieval/glossary-matcher.js';
import type { Tokenizer } from '../retrieval/tokenize.js';
import { normalize } from '../retrieval/normalize.js';
import type { QueryAnalysis, ConversationContext } from '../retrieval/query-analysis.js';
import { ruleHits, NOT_HELD } from './rules.js';
import { messageFeatures } from './features.js';
import { readFields } from './fields.js';
import { mentionedDay } from './dates.js';
import type { PlaceFinder, Places } from './places.js';
import { scoreSituations, type SituationModel } from './situation-model.js';

export type Intent = 'question' | 'thanks' | 'greeting' | 'bye' | 'ack' | 'help' | 'coverage' | 'case_status' | 'start_walkthrough' | 'resume' | 'change_plan';

export interface Flag {
  on: boolean;
  /** The classifier's probability (a rule that fired counts as 1). */
  p: number;
}

/** One typed reading of a message in its conversation: everything later steps decide from. */
export interface Understanding {
  language: Lang;
  languageConfidence: number;
  places: Places;
  rights: string[];
  /** Profile fields asked, in the order asked. */
  fields: string[];
  fieldConfidence: number;
  situation: { goodsHeld: Flag; accused: Flag; dispute: Flag; wantsPerson: Flag; frustrated: Flag; hypothetical: Flag };
  /**
   * Goods held are the company's own shipment, not fakes of its brand, and nothing says whose right is at stake:
   * it may be the right holder or the accused importer, so the answer speaks to both.
   */
  ownGoodsHeld: boolean;
  intent: Intent;
  /** A day the message names (ISO), e.g. when the notice arrived. */
  day: string | null;
  /** What retrieval and the composer need, with what the conversation filled in. */
  query: QueryAnalysis;
}

/** Probability above which the classifier alone turns a situation on; urgent ones are set low, for recall. */
const THRESHOLD = { goodsHeld: 0.5, accused: 0.55, dispute: 0.55, wantsPerson: 0.55, frustrated: 0.6, hypothetical: 0.5 };

// A present case, said plainly: it outweighs words like "if" in the same message ("if you can, help: goods held today").
const NOW = /\b(yesterday|today|this morning|right now|currently|asap|urgent|urgently|help|pls help|please help|now\?*$)\b|어제|오늘|지금|방금|급해|급합니다|급한|ㅠ|ㅜ|도와\s*주세요|도와주세요|받았|왔어요|왔습니다|됐어요|됐습니다|됐대|했대|중입니다|중이에요/i;
// Something that happened before and is over: not a case running now.
// Someone else's case: a friend's company, a competitor, a business partner.
const THIRD_PARTY = /지인|친구\s*회사|거래처\s*(사장님?\s*)?회사|다른\s*회사\s*(물건|제품)|경쟁사가?\s*(작년|예전)|\b(a friend'?s|another company'?s|competitor'?s|a partner'?s)\s+(goods|products|shipment|container|cargo|company)\b|\bour competitor had\b/i;
// The company's own goods, not fakes of its brand: when these are held, the company stands where an accused importer does.
const OWN_GOODS = /(저희|우리|자사)\s*(\S+\s*)?(제품|물건|화물|컨테이너|수출품|상품|샘플|선적|화장품|가방)|\b(our|my)\s+(\w+\s+)?(goods|products|shipment|container|cargo|consignment|samples|order|cartons|stuff|exports?)\b|(바이어|수입업체|포워더|forwarder|buyer|importer)\S*\s*(\S+\s*){0,3}(통관|clear|release)/i;
const FAKES_OF_OURS = /가품|짝퉁|위조|모조|카피|복제|fake|counterfeit|copies|copy of|knock-?off|imitation|infringing our|bearing our|with our (logo|brand|mark)|of our brand|권리자\s*확인/i;
const PAST = /\b(last year|years ago|in the past|previously|a while ago|once had|never been|not been|haven'?t been|hasn'?t been|never had)\b|작년|지난해|예전에|과거에|전에\s*(한\s*번|있었)|적이\s*있|적은\s*없|적이\s*없|된\s*적\s*없/i;

const HELP = /^(help|도움말|도움|\/help|menu|메뉴|사용법)[\s!.?~]*$|뭘\s*할\s*수\s*있|무엇을\s*할\s*수|what can you do|how do(es)? (this|it|you) work/i;
const START =
  /(단계별|차근차근|하나씩|처음부터).*(안내|등록|알려)|등록\s*(절차|과정)\s*(안내|시작|도와)|세관\s*등록\s*(을\s*)?(하고\s*싶|하려고|시작|도와)|등록\s*계획|(등록|세관)\s*안내\S*\s*(를\s*)?(시작|해\s*주|부탁)|안내를?\s*시작|guide me (through|step)|start (the |a )?(registration|walkthrough|plan)|walk me through|step[- ]by[- ]step|help me (register|record)|i want to (register|record)|registration plan/i;
// "Which countries do you cover?": answered with the list of territories, not with a page that shares the words.
const COVERAGE = /\b(what|which)\s+(countries|markets|territories|jurisdictions|places)\b[^?]{0,40}\b(cover|covered|support|supported|handle|know about|available|include)|\bdo you (cover|support|have info on)\s+(other|all|every|which|many)\b|\blist of (countries|markets)\b|(어느|어떤|무슨)\s*(나라|국가|시장)\S*\s*(\S+\s*){0,3}(안내|지원|가능|다루|알려|돼|되나요|있나요)|지원\s*(국가|나라)|안내\s*가능한\s*(나라|국가)|대상\s*(국가|나라)/i;
// "When will someone get back to me?": about the request already with staff, not a new one.
const CASE_STATUS = /(담당자|직원|상담사|답변|회신|연락)\S*\s*(\S+\s*){0,2}(언제|아직)|언제\s*(쯤\s*)?(연락|답변|회신|답|전화)|진행\s*(상황|중인가요)|처리\s*(상황|됐나요)|\bwhen will (someone|somebody|staff|you|your team|a person|i|we)\b[^?]{0,20}\b(reply|respond|answer|contact|call|get back|hear)|\b(any|an) update\b|\bstatus of (my|our|the) (ticket|case|request)\b|\bstill waiting\b/i;
const RESUME = /^(계속|이어서|다시 시작|이어하기|resume|continue)[\s!.~]*$/i;
const CHANGE = /^(change|edit|switch|modify)\s+(the\s+|my\s+)?(market|country|right|agent|answer)|^(시장|국가|나라|권리|대리인)\S*\s*(변경|바꾸|수정)|(변경|바꿀래|바꿔)\S*\s*(시장|국가|나라|권리)/i;
const THANKS = /^(감사|고마|고맙|ㄳ|ㄱㅅ|땡큐|thanks|thank you|thx|ty|cheers|appreciate|great,? thanks|perfect|awesome|좋네요|좋아요|넵 감사|네 감사)/i;
const GREETING = /^(안녕|하이|헬로|hi|hello|hey|good (morning|afternoon|evening)|greetings)\b/i;
const BYE = /^(bye|goodbye|see you|수고하세요|수고하셨|안녕히|잘 있어|좋은 하루)|bye for now|안녕히\s*(계세요|가세요)/i;
const ACK = /^(ok|okay|k|got it|i see|understood|noted|alright|네|넵|예|아하|아 그렇군요|그렇군요|알겠습니다|알겠어요|확인했어요|ㅇㅋ|ㅇㅇ|오케이)[\s!.~]*$/i;

export interface UnderstandDeps {
  matcher: GlossaryMatcher;
  tokenizer: Tokenizer;
  findPlaces: PlaceFinder;
  model: SituationModel;
}

/** Follow-ups are short; a long message that names no place is a new, general question. */
const FOLLOW_UP_MAX_CHARS = 60;

export function createUnderstander(deps: UnderstandDeps) {
  return function understand(text: string, opts: { languageHint?: Lang; context?: ConversationContext; today?: Date } = {}): Understanding {
    const norm = normalize(text);
    const hits = deps.matcher.match(norm);
    const rules = ruleHits(text);
    const p = scoreSituations(deps.model, messageFeatures(text, deps.tokenizer, rules));
    const flag = (rule: boolean, prob: number, t: number): Flag => ({ on: rule || prob >= t, p: rule ? Math.max(prob, 1) : prob });

    const hypothetical = flag(rules.hypothetical, p.hypothetical, THRESHOLD.hypothetical);
    // "Suppose goods were held…" or "last year goods were held…" is a question, unless the message also says it is happening now.
    const notNow = THIRD_PARTY.test(text) || ((hypothetical.on || PAST.test(text)) && !NOW.test(text));
    const goodsHeld = flag(rules.goodsHeld, p.goods_held, THRESHOLD.goodsHeld);
    // An accusation read by a rule is certain as a topic; as a case it also needs goods held or the classifier's nod.
    const accused = { on: (rules.accused && (rules.goodsHeld || p.accused > 0.3)) || p.accused >= THRESHOLD.accused, p: rules.accused ? 1 : p.accused };
    const dispute = flag(rules.dispute, p.dispute, THRESHOLD.dispute);
    if (notNow) for (const f of [goodsHeld, accused, dispute]) f.on = false;
    // An inspection announced, nothing shipped yet: a case to prepare for, not goods held now.
    if (NOT_HELD.test(text)) goodsHeld.on = false;
    const wantsPerson = flag(rules.wantsPerson, p.wants_person, THRESHOLD.wantsPerson);
    const frustrated = flag(rules.frustrated, p.frustrated, THRESHOLD.frustrated);

    const found = deps.findPlaces(text);
    let { fields, confidence: fieldConfidence } = readFields(text, hits);
    // "Our goods were detained" tells what happened; only "what happens next" asks about detention.
    if ((goodsHeld.on || accused.on) && fields.includes('detention') && !/what happens|next steps?|procedure|then what|절차|진행|그\s*다음|이후|어떻게\s*되/i.test(text)) fields = fields.filter((f) => f !== 'detention');
    const rights = [...new Set(hits.filter((h) => h.kind === 'right').map((h) => h.id))];
    const topics = [...new Set(hits.filter((h) => h.kind === 'topic').map((h) => h.id))];
    const organisations = [...new Set(hits.filter((h) => h.kind === 'organisation' || h.kind === 'authority').map((h) => h.id))];
    // A question about Korean support (a programme, KIPA, IP-DESK) asks about the programme, not a profile's field.
    const aboutSupport = (topics.includes('support') || topics.includes('eligibility') || organisations.some((o) => ['kipa', 'moip', 'ip_desk', 'kotra', 'tipa', 'ip_navi'].includes(o)) || /지원\s*사업|지원사업|programme|program\b/i.test(text)) && !found.covered.length && !found.uncovered.length;
    if (aboutSupport) fields = [];
    if (goodsHeld.on) topics.unshift('holder_deadline', 'detention');
    const letters = (text.match(/\p{L}/gu) ?? []).length;
    const language = letters >= 2 ? detectLanguage(text, opts.languageHint ?? 'en') : (opts.languageHint ?? 'ko');

    const query: QueryAnalysis = {
      language,
      jurisdictions: found.covered,
      uncovered: found.uncovered,
      unknownPlaces: found.unknown,
      rights,
      topics: [...new Set(topics)],
      fields,
      organisations,
      inherited: [],
    };
    const intent = readIntent(text, query, { goodsHeld, accused, dispute, wantsPerson });
    if (opts.context && intent === 'question') followUp(query, opts.context, text);
    return {
      language,
      languageConfidence: letters >= 6 ? 0.99 : 0.7,
      places: { covered: query.jurisdictions, uncovered: query.uncovered, unknown: found.unknown, excluded: found.excluded },
      rights: query.rights,
      fields: query.fields,
      fieldConfidence,
      situation: { goodsHeld, accused, dispute, wantsPerson, frustrated, hypothetical },
      ownGoodsHeld: goodsHeld.on && !accused.on && OWN_GOODS.test(text) && !FAKES_OF_OURS.test(text),
      intent,
      day: opts.today ? mentionedDay(text, opts.today) : null,
      query,
    };
  };
}
export type Understand = ReturnType<typeof createUnderstander>;

function readIntent(text: string, q: QueryAnalysis, s: Record<'goodsHeld' | 'accused' | 'dispute' | 'wantsPerson', Flag>): Intent {
  const t = text.trim();
  if (HELP.test(t)) return 'help';
  if (COVERAGE.test(t) && !q.jurisdictions.length && !q.fields.length) return 'coverage';
  if (CASE_STATUS.test(t) && !q.fields.length && !s.goodsHeld.on && !s.accused.on && !s.dispute.on) return 'case_status';
  if (RESUME.test(t)) return 'resume';
  if (CHANGE.test(t)) return 'change_plan';
  if (START.test(t) && !/[?？]\s*$/.test(t)) return 'start_walkthrough';
  // Small talk only when the message asks nothing else: "thanks, and what about Japan?" is a question.
  const asksSomething = q.jurisdictions.length + q.uncovered.length + q.fields.length + q.rights.length > 0 || s.goodsHeld.on || s.accused.on || s.dispute.on || s.wantsPerson.on;
  if (asksSomething || (/[?？]/.test(t) && !GREETING.test(t))) return 'question';
  if (THANKS.test(t) || /(감사|고맙|고마워|thank|thanks|appreciate)/i.test(t)) return 'thanks';
  if (BYE.test(t)) return 'bye';
  if (GREETING.test(t)) return 'greeting';
  if (ACK.test(t)) return 'ack';
  return 'question';
}

/**
 * Fills in what a follow-up leaves out: "수수료는요?" asks about the conversation's country, "What about Japan?"
 * asks the last question about another country, "and for a design?" asks the last question about another right.
 */
function followUp(q: QueryAnalysis, context: ConversationContext, text: string): void {
  if (text.trim().length > FOLLOW_UP_MAX_CHARS) return;
  const namesPlace = q.jurisdictions.length + q.uncovered.length + (q.unknownPlaces?.length ?? 0) > 0;
  if (!namesPlace && context.jurisdictions.length && (q.fields.length || q.rights.length || /^(and|what about|how about|also|그럼|그러면|그리고)\b|(는요|은요)\??$/i.test(text.trim()))) {
    q.jurisdictions = [...context.jurisdictions];
    q.inherited.push('jurisdictions');
  }
  if (!q.fields.length && (q.jurisdictions.length || q.rights.length) && context.fields.length) {
    q.fields = [...context.fields];
    q.topics = [...new Set([...q.topics, ...context.fields])];
    q.inherited.push('fields');
  }
  if (!q.rights.length && context.rights?.length && (q.inherited.length || q.fields.length)) {
    q.rights = [...context.rights];
    q.inherited.push('rights');
  }
}
