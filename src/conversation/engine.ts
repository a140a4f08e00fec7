import { randomUUID, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store, ConversationRecord, MessageRecord, TicketRecord, TurnWrite, Channel } from '../store/types.js';
import type { Answerer } from '../answer/answerer.js';
import type { Citation, HistoryTurn } from '../answer/types.js';
import type { JurisdictionProfile } from '../knowledge/schema.js';
import type { KnowledgePage } from '../knowledge/load.js';
import type { ConversationContext } from '../retrieval/query-analysis.js';
import type { Lang } from '../core/lang.js';
import type { Understand, Understanding } from '../understanding/understand.js';
import type { Logger } from '../logger.js';
import type { Inbound, Reply, Choice } from './types.js';
import { decideEscalation, type EscalationDecision } from './escalation-policy.js';
import { answerFor } from './ask.js';
import { route, type Route } from './route.js';
import { S } from './strings.js';
import { newWalk, type WalkState } from './walkthrough/state.js';
import { stepWalk, promptFor, type WalkContext } from './walkthrough/flow.js';
import { buildPlan, type Plan } from './walkthrough/plan.js';
import { RIGHT_LABELS } from '../knowledge/labels.js';
import { localDay } from '../escalation/deadline.js';
import { assertMove, ticketInfo } from '../escalation/tickets.js';
import { expectedResponse } from '../escalation/staff-hours.js';
import { createTicketWriter } from '../escalation/ticket-writer.js';
import { firstSentences } from '../answer/text.js';
import { SURVEY_S } from './survey.js';
import { ATTACH_S, attachmentLine, checkAttachment, DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from './attachments.js';

export interface ConversationState {
  walk?: WalkState;
  /** The country and field the conversation was last about, for follow-ups that leave them out. */
  context?: ConversationContext;
  negativeFeedback?: number;
  plan?: Plan;
  /** The open ticket of an urgent case (goods held, company accused): a later date or place updates it. */
  openCase?: number;
}

export interface Summarize {
  (input: { transcript: HistoryTurn[]; language: Lang; jurisdiction: string | null; right: string | null; reason: string }): Promise<string>;
}

export interface AssistantDeps {
  store: Store;
  answerer: Answerer;
  profiles: Map<string, JurisdictionProfile>;
  pages: KnowledgePage[];
  understand: Understand;
  nameOf: (id: string, lang: Lang) => string;
  summarize: Summarize;
  /** Optional: a short introduction to a finished plan, written from the plan's text; null when not sent. */
  explainPlan?: (planText: string, lang: Lang) => Promise<string | null>;
  clock?: () => Date;
  staff?: { timeZone: string; hours: string };
  logger: Logger;
}

export class ConversationNotFoundError extends Error {
  constructor(id: string) {
    super(`conversation ${id} not found`);
  }
}
export class InvalidInboundError extends Error {}

export const MAX_MESSAGE_CHARS = 4000;
const HISTORY_TURNS = 12;

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

/** Serialises work per conversation inside one process, so two quick messages do not race on its state. */
function keyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const prev = tails.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/**
 * The channel-agnostic core. It keeps each conversation's language, history and walkthrough, routes a message
 * (walkthrough step, person, help, question), applies the escalation policy, and commits everything a turn
 * produced in one write before the reply leaves.
 */
export function createAssistant(deps: AssistantDeps) {
  const { store, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const staff = deps.staff ?? { timeZone: 'Asia/Seoul', hours: '9-18' };
  const lock = keyedMutex();
  const tickets = createTicketWriter({ store, profiles: deps.profiles, summarize: deps.summarize, staff, logger });

  const walkContext = (lang: Lang): WalkContext => ({
    lang,
    analyze: (text: string) => deps.understand(text, { languageHint: lang }).query,
    profiles: deps.profiles,
    nameOf: deps.nameOf,
    registerFirstGuide: (l) => {
      const page = deps.pages.find((p) => p.id === 'register-right-first' && p.lang === l);
      if (!page) return null;
      const section = page.body.split(/\n(?=## )/).find((s) => s.startsWith('## ')) ?? page.body;
      return `**${page.title}**\n${firstSentences(section.replace(/^## .*\n/, ''), 500)}`;
    },
  });

  async function startConversation(opts: { channel: Channel; userId: string; externalRef?: string | null; language?: Lang | null }) {
    const now = clock().toISOString();
    const token = opts.channel === 'web' ? randomBytes(24).toString('base64url') : null;
    const conversation: ConversationRecord = {
      id: randomUUID(),
      channel: opts.channel,
      userId: opts.userId,
      externalRef: opts.externalRef ?? null,
      language: opts.language ?? null,
      tokenHash: token ? hashToken(token) : null,
      state: {},
      createdAt: now,
      updatedAt: now,
    };
    await store.commit({
      conversation,
      audit: [{ entity: 'conversation', entityId: conversation.id, action: 'created', actor: `${opts.channel}:${opts.userId}`, data: {}, at: now }],
    });
    return { conversation, token };
  }

  async function verifyToken(conversationId: string, token: string | undefined | null): Promise<ConversationRecord | null> {
    if (!token) return null;
    const c = await store.getConversation(conversationId);
    if (!c?.tokenHash) return null;
    const a = Buffer.from(c.tokenHash, 'hex');
    const b = Buffer.from(hashToken(token), 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? c : null;
  }

  /** The conversation's id: known (web, CLI), or found or started from the channel's reference (a Slack thread). */
  async function conversationIdOf(inbound: Inbound): Promise<string> {
    if (inbound.conversationId) return inbound.conversationId;
    if (!inbound.externalRef) throw new InvalidInboundError('an inbound needs a conversationId or an externalRef');
    const found = await store.findConversationByRef(inbound.channel, inbound.externalRef);
    if (found) return found.id;
    return (await startConversation({ channel: inbound.channel, userId: inbound.userId, externalRef: inbound.externalRef, language: inbound.languageHint })).conversation.id;
  }

  async function handle(inbound: Inbound, opts: { onDelta?: (text: string) => void } = {}): Promise<Reply> {
    const text = inbound.text?.trim() ?? '';
    if (!text && !inbound.action) throw new InvalidInboundError('a message needs text or an action');
    if (text.length > MAX_MESSAGE_CHARS) throw new InvalidInboundError(`a message may have at most ${MAX_MESSAGE_CHARS} characters`);
    const id = await conversationIdOf(inbound);
    return lock(id, async () => {
      if (inbound.idempotencyKey) {
        const seen = await store.getReceipt(id, inbound.idempotencyKey);
        if (seen) return seen as Reply;
      }
      // Read under the lock: a turn that waited sees the state the previous turn wrote.
      const conversation = await store.getConversation(id);
      if (!conversation) throw new ConversationNotFoundError(id);
      try {
        return await turn(conversation, inbound, text, opts);
      } catch (e) {
        // Two instances answered the same idempotency key at once: the one stored first wins.
        if (inbound.idempotencyKey) {
          const seen = await store.getReceipt(id, inbound.idempotencyKey);
          if (seen) return seen as Reply;
        }
        throw e;
      }
    });
  }

  async function turn(conv: ConversationRecord, inbound: Inbound, text: string, opts: { onDelta?: (text: string) => void }): Promise<Reply> {
    const now = clock();
    const at = now.toISOString();
    const state = { ...(conv.state as ConversationState) };
    const hint = conv.language ?? inbound.languageHint ?? 'ko';
    // Read once: everything below decides from this reading.
    const u = text ? deps.understand(text, { languageHint: hint, context: conversationContext(state), today: localDay(now, staff.timeZone) }) : undefined;
    const lang: Lang = u && (text.match(/\p{L}/gu) ?? []).length >= 2 ? u.language : hint;
    // Read the history only when something needs it (a model composer, a ticket's transcript): most turns do not.
    let historyRead: Promise<HistoryTurn[]> | null = null;
    const history = () => (historyRead ??= recentHistory(conv.id));
    const userMessage: MessageRecord = {
      id: randomUUID(),
      conversationId: conv.id,
      role: 'user',
      text: text || actionLabel(inbound.action!, state, lang),
      data: inbound.action ? { action: inbound.action } : {},
      createdAt: at,
    };
    const write: TurnWrite = { messages: [userMessage], events: [], audit: [] };
    const ctx: TurnCtx = { conv, state, lang, now, write, history, text, u, onDelta: opts.onDelta };

    const r = route({ text, action: inbound.action, u, walk: state.walk, openCase: Boolean(state.openCase) });
    const reply = await handlers[r.kind](ctx, r as never);

    // A chosen action travels with its label (what the person saw), so no channel shows an id.
    const { message, full, events } = answerRecords(userMessage, reply, at, { meta: ctx.meta, userExtra: inbound.action ? { action: inbound.action, label: userMessage.text } : {} });
    write.messages!.push(message);
    write.conversation = { ...conv, language: lang, state: state as Record<string, unknown>, updatedAt: at };
    write.events!.push(...events);
    if (inbound.idempotencyKey) write.receipt = { conversationId: conv.id, key: inbound.idempotencyKey, reply: full };
    await store.commit(write);
    return full;
  }

  /**
   * The assistant's answer to a user message as it is written: its transcript message, the reply the channel gets,
   * and the two `message.created` events (the user's carrying `userExtra`: the chosen action's label, the file).
   */
  function answerRecords(userMessage: MessageRecord, draft: Draft, at: string, opts: { meta?: TurnCtx['meta']; userExtra?: Record<string, unknown> }) {
    const conversationId = userMessage.conversationId;
    const message: MessageRecord = {
      id: randomUUID(),
      conversationId,
      role: 'assistant',
      text: draft.text,
      data: { citations: draft.citations, choices: draft.choices, ticket: draft.ticket, plan: draft.plan, confidence: draft.confidence, kind: draft.kind, ...opts.meta },
      createdAt: at,
    };
    const full: Reply = { conversationId, messageId: message.id, ...draft };
    const events: NonNullable<TurnWrite['events']> = [
      { conversationId, type: 'message.created', data: { messageId: userMessage.id, role: 'user', text: userMessage.text, ...opts.userExtra }, createdAt: at },
      { conversationId, type: 'message.created', data: { ...full, role: 'assistant' } as unknown as Record<string, unknown>, createdAt: at },
    ];
    return { message, full, events };
  }

  type TurnCtx = {
    conv: ConversationRecord;
    state: ConversationState;
    lang: Lang;
    now: Date;
    write: TurnWrite;
    history: () => Promise<HistoryTurn[]>;
    text: string;
    u?: Understanding;
    onDelta?: (t: string) => void;
    /** What the answer was about, stored with it for analytics: places, rights, fields asked, how sure it was. */
    meta?: { jurisdictions: string[]; rights: string[]; topics: string[]; notSure: string | null };
  };
  type Draft = Omit<Reply, 'conversationId' | 'messageId'>;
  type Handler<K extends Route['kind']> = (ctx: TurnCtx, r: Extract<Route, { kind: K }>) => Promise<Draft>;

  /** What the conversation was last about, for follow-ups that leave it out; inside a walkthrough, its market. */
  function conversationContext(state: ConversationState): ConversationContext | undefined {
    const markets = state.walk && !state.walk.done ? (state.walk.answers.markets ?? []) : [];
    return state.context ?? (markets.length ? { jurisdictions: markets, fields: [] } : undefined);
  }

  function base(lang: Lang): Draft {
    return { text: '', language: lang, citations: [], choices: [], ticket: null, plan: null, confidence: null, escalate: false, kind: 'answer' };
  }

  function helpReply(lang: Lang, paused = false): Draft {
    const choices: Choice[] = [
      paused ? { id: 'wt:resume', label: lang === 'ko' ? '등록 안내 이어하기' : 'Resume registration' } : { id: 'wt:start', label: S.choiceStart[lang] },
      { id: 'person', label: S.choicePerson[lang] },
    ];
    return { ...base(lang), kind: 'help', text: S.help[lang], choices };
  }

  async function recentHistory(conversationId: string): Promise<HistoryTurn[]> {
    const msgs = await store.listMessages(conversationId, HISTORY_TURNS);
    return msgs.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as HistoryTurn['role'], text: m.text, clicked: Boolean(m.data.action) }));
  }

  /** Opens (or adds to) the conversation's ticket for a decision the policy made; remembers an urgent case. */
  async function ticketFor(ctx: TurnCtx, decision: EscalationDecision, citations: Citation[] = []) {
    const q = ctx.u?.query;
    const t = await tickets.openOrUpdate(ctx, { reason: decision.reason!, priority: decision.priority }, {
      text: ctx.text,
      noticeDay: ctx.u?.day ?? null,
      jurisdictions: q?.jurisdictions ?? [],
      uncovered: q?.uncovered ?? [],
      rights: q?.rights ?? [],
      walkMarket: ctx.state.walk?.answers.markets?.[0] ?? null,
      walkRight: ctx.state.walk?.answers.right ?? null,
      citations,
    });
    if (t.ticket.reason === 'goods_detained' || t.ticket.reason === 'accused_infringer') ctx.state.openCase = t.ticket.id;
    return t;
  }

  /** A question, and any case it reports: answered from the knowledge, then the policy decides about a person. */
  async function questionTurn(ctx: TurnCtx, { applyPolicy = true } = {}): Promise<Draft> {
    const u = ctx.u!;
    const s = u.situation;
    // "Connect me to a person" alone asks nothing to answer.
    const onlyPerson = s.wantsPerson.on && !s.goodsHeld.on && !s.accused.on && !s.dispute.on && !u.fields.length && !u.places.covered.length;
    const a = onlyPerson ? null : await answerFor(deps.answerer, ctx.text, u, { languageHint: ctx.lang, history: deps.answerer.usesHistory ? await ctx.history() : undefined, onDelta: ctx.onDelta });
    if (a) {
      const { jurisdictions, fields, rights } = a.analysis;
      ctx.meta = { jurisdictions: [...jurisdictions, ...a.analysis.uncovered], rights, topics: fields, notSure: a.notSure };
      const prev = ctx.state.context;
      if (jurisdictions.length || fields.length || rights.length)
        ctx.state.context = { jurisdictions: jurisdictions.length ? jurisdictions : (prev?.jurisdictions ?? []), fields: fields.length ? fields : (prev?.fields ?? []), rights: rights.length ? rights : (prev?.rights ?? []) };
    }
    // Our own shipment held, and nothing says whose right: the answer speaks to the accused importer too.
    const text = a && u.ownGoodsHeld ? `${a.text}\n\n${S.ownGoodsHeld[ctx.lang]}` : (a?.text ?? '');
    const reply: Draft = { ...base(ctx.lang), text, citations: a?.citations ?? [], confidence: a?.confidence ?? null, kind: 'answer' };
    const decision = decideEscalation({ understanding: u, answer: a ?? undefined, negativeFeedback: ctx.state.negativeFeedback, proposed: a?.proposedEscalation });
    const choices: Choice[] = [];
    // "How do I register in X?": the steps, and the walkthrough that turns them into a plan.
    if (u.fields[0] === 'how_to_file' && u.places.covered.length === 1) choices.push({ id: `wt:market:${u.places.covered[0]}`, label: S.choicePlanFor[ctx.lang](deps.nameOf(u.places.covered[0], ctx.lang)) });
    else if (u.fields[0] === 'how_to_file' && !u.places.covered.length && !u.places.uncovered.length) choices.push({ id: 'wt:start', label: S.choiceStart[ctx.lang] });
    if (!applyPolicy || !decision.escalate) {
      choices.push({ id: 'person', label: S.choicePerson[ctx.lang] });
      if (ctx.state.walk && !ctx.state.walk.done) choices.push({ id: 'wt:resume', label: ctx.lang === 'ko' ? '등록 안내 이어하기' : 'Resume registration' });
      return { ...reply, choices };
    }
    // An urgent case keeps what the knowledge says (the deadline, the importer's steps); an unsure answer is not repeated.
    const keep = a && (!a.notSure || a.notSure === 'unconfirmed_fact' || a.notSure === 'uncovered_jurisdiction');
    const esc = await ticketFor(ctx, decision, keep ? a!.citations : []);
    return { ...reply, text: [keep ? reply.text : '', esc.text].filter(Boolean).join('\n\n'), citations: keep ? reply.citations : [], ticket: esc.info, escalate: true, kind: 'ticket', choices: [] };
  }

  async function walkReply(ctx: TurnCtx, outcome: ReturnType<typeof stepWalk>): Promise<Draft> {
    ctx.state.walk = outcome.state;
    if (outcome.kind === 'done') {
      const plan = buildPlan({ answers: outcome.state.answers, profiles: deps.profiles, pages: deps.pages, lang: ctx.lang, now: ctx.now });
      ctx.state.plan = plan;
      const summary = planSummary(plan);
      // A model, when configured, writes a short "where to start" from the plan itself; null keeps the plan alone.
      const intro = deps.explainPlan ? await deps.explainPlan(summary, ctx.lang).catch(() => null) : null;
      return { ...base(ctx.lang), kind: 'plan', text: intro ? `${intro}\n\n${summary}` : summary, plan, citations: plan.citations, choices: planChoices(ctx.lang) };
    }
    if (outcome.kind === 'cancelled') return { ...base(ctx.lang), kind: 'walkthrough', text: outcome.text, choices: [{ id: 'wt:start', label: S.choiceStart[ctx.lang] }] };
    return { ...base(ctx.lang), kind: 'walkthrough', text: outcome.text, choices: outcome.choices };
  }

  const handlers: { [K in Route['kind']]: Handler<K> } = {
    person: async (ctx) => {
      const decision = decideEscalation({ understanding: ctx.u, personAsked: true, negativeFeedback: ctx.state.negativeFeedback });
      const esc = await ticketFor(ctx, decision);
      return { ...base(ctx.lang), text: esc.text, ticket: esc.info, escalate: true, kind: 'ticket' };
    },
    feedback: async (ctx, { action }) => {
      const [, dir, messageId] = action.split(':');
      const rating = dir === 'up' ? 1 : -1;
      ctx.write.feedback = [{ conversationId: ctx.conv.id, messageId: messageId || null, rating, comment: null, createdAt: ctx.now.toISOString() }];
      if (rating === 1) return { ...base(ctx.lang), kind: 'feedback', text: S.thanks[ctx.lang] };
      ctx.state.negativeFeedback = (ctx.state.negativeFeedback ?? 0) + 1;
      const decision = decideEscalation({ negativeFeedback: ctx.state.negativeFeedback });
      if (!decision.escalate) return { ...base(ctx.lang), kind: 'feedback', text: S.feedbackDown[ctx.lang], choices: [{ id: 'person', label: S.choicePerson[ctx.lang] }] };
      const esc = await ticketFor(ctx, decision);
      return { ...base(ctx.lang), kind: 'ticket', text: `${S.feedbackDown[ctx.lang]}\n\n${esc.text}`, ticket: esc.info, escalate: true };
    },
    help: async (ctx, { paused }) => helpReply(ctx.lang, paused),
    walk_start: async (ctx, { action }) => {
      ctx.state.walk = newWalk();
      if (action) return walkReply(ctx, stepWalk(ctx.state.walk, { action }, walkContext(ctx.lang)));
      return walkReply(ctx, { kind: 'prompt', state: ctx.state.walk, ...promptFor(ctx.state.walk, walkContext(ctx.lang)) });
    },
    walk_step: async (ctx, { input }) => {
      const outcome = stepWalk(ctx.state.walk!, input, walkContext(ctx.lang));
      if (outcome.kind === 'question') {
        // A question in the middle of the walkthrough: answered, then the same step is asked again.
        const answered = await questionTurn(ctx, { applyPolicy: false });
        ctx.state.walk = outcome.state;
        const cont = ctx.lang === 'ko' ? '등록 안내를 계속하려면 아래에서 선택하거나 답해 주세요.' : 'To continue the registration, answer or pick below.';
        return { ...answered, text: `${answered.text}\n\n---\n${cont}\n${outcome.text}`, choices: outcome.choices };
      }
      if (outcome.kind === 'uncovered') {
        ctx.state.walk = outcome.state;
        const decision = decideEscalation({ understanding: ctx.u, answer: { notSure: 'uncovered_jurisdiction', confidence: 0 } });
        const esc = await ticketFor(ctx, decision);
        return { ...(await walkReply(ctx, outcome)), ticket: esc.info, escalate: true, text: `${outcome.text}\n\n${esc.text}` };
      }
      return walkReply(ctx, outcome);
    },
    case_update: async (ctx) => {
      const u = ctx.u!;
      const updated = await tickets.updateCase(ctx, { text: ctx.text, noticeDay: u.day, jurisdiction: u.places.covered[0] ?? null });
      if (!updated) {
        ctx.state.openCase = undefined;
        return questionTurn(ctx);
      }
      return { ...base(ctx.lang), kind: 'ticket', text: updated.text, ticket: updated.info, escalate: true };
    },
    smalltalk: async (ctx, { intent }) => ({ ...base(ctx.lang), kind: 'smalltalk', text: S[intent][ctx.lang] }),
    case_status: async (ctx) => {
      const open = (await store.ticketsForConversation(ctx.conv.id)).filter((t) => t.status !== 'resolved');
      // Nothing with staff yet: the question is a request for a person.
      if (!open.length) return handlers.person(ctx, { kind: 'person' });
      const t = open.at(-1)!;
      const when = expectedResponse(ctx.now, ctx.lang, { ...staff, urgent: t.priority === 'urgent' });
      return { ...base(ctx.lang), kind: 'ticket', text: S.caseStatus[ctx.lang](t.id, t.status, when), ticket: ticketInfo(t), escalate: true };
    },
    coverage: async (ctx) => {
      const names = [...deps.profiles.values()].map((p) => p.name[ctx.lang]).sort((a, b) => a.localeCompare(b, ctx.lang));
      return { ...base(ctx.lang), kind: 'help', text: S.coverage[ctx.lang](names.join(', ')), choices: [{ id: 'wt:start', label: S.choiceStart[ctx.lang] }, { id: 'person', label: S.choicePerson[ctx.lang] }] };
    },
    question: async (ctx) => questionTurn(ctx),
  };

  function planChoices(lang: Lang): Choice[] {
    return [
      { id: 'wt:edit:market', label: lang === 'ko' ? '시장 변경' : 'Change market' },
      { id: 'wt:edit:right', label: lang === 'ko' ? '권리 변경' : 'Change right' },
      { id: 'wt:edit:registered', label: lang === 'ko' ? '등록 여부 변경' : 'Change registration status' },
      { id: 'wt:edit:agent', label: lang === 'ko' ? '대리인 답변 변경' : 'Change agent answer' },
      { id: 'person', label: S.choicePerson[lang] },
    ];
  }

  function planSummary(plan: Plan): string {
    const ko = plan.language === 'ko';
    const lines = [ko ? `**등록 계획이 준비되었습니다** (${plan.rightLabel})` : `**Your registration plan is ready** (${plan.rightLabel})`];
    for (const m of plan.markets) {
      lines.push('', `**${m.name} — ${m.procedure}**`);
      m.steps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
      lines.push(ko ? `서류: ${m.documents.length}개 항목 (체크리스트 참고)` : `Documents: ${m.documents.length} items (see the checklist)`);
      if (m.expiryEstimate) lines.push(ko ? `예상 만료일: ${m.expiryEstimate}${m.renewalWindowOpens ? `, 갱신 신청 가능: ${m.renewalWindowOpens}부터` : ''}` : `Estimated expiry: ${m.expiryEstimate}${m.renewalWindowOpens ? `; renewal from ${m.renewalWindowOpens}` : ''}`);
      if (m.unconfirmed.length) lines.push(ko ? `확인되지 않은 항목: ${m.unconfirmed.join(', ')} (담당자 확인 가능)` : `Not confirmed: ${m.unconfirmed.join(', ')} (our staff can check)`);
      for (const w of m.warnings) lines.push(`⚠️ ${w}`);
    }
    if (plan.support.length) lines.push('', ko ? '**지원 사업**' : '**Support**', ...plan.support.map((s) => `- [${s.title}](${s.url})`));
    lines.push('', ko ? '전체 계획(Markdown)과 갱신 일정(.ics)을 내려받을 수 있습니다.' : 'Download the full plan (Markdown) and the renewal dates (.ics).');
    return lines.join('\n');
  }

  /** What the person chose, as they saw it ("👍", "Vietnam", "Trademark"): the transcript never shows an action id. */
  function actionLabel(action: string, state: ConversationState, lang: Lang): string {
    if (action === 'person') return S.choicePerson[lang];
    if (action === 'help') return S.choiceHelp[lang];
    if (action === 'wt:start') return S.choiceStart[lang];
    if (action.startsWith('feedback:')) return action.startsWith('feedback:up') ? '👍' : '👎';
    const walk = state.walk;
    if (walk) {
      const choice = promptFor(walk, walkContext(lang)).choices.find((c) => c.id === action);
      if (choice) return choice.label;
    }
    const [, kind, value] = action.split(':');
    if (kind === 'market' && value) return deps.nameOf(value, lang);
    if (kind === 'right' && value) return RIGHT_LABELS[value as keyof typeof RIGHT_LABELS]?.[lang] ?? value;
    if (kind === 'edit') return planChoices(lang).find((c) => c.id === action)?.label ?? S.choiceEdit[lang];
    return S.choiceOther[lang];
  }


  /** Staff take, answer and close tickets; every move is audited and the user's channel hears of it. */
  async function staffAction(input: { ticketId: number; action: 'claim' | 'reply' | 'resolve'; actor: string; text?: string }) {
    const ticket = await store.getTicket(input.ticketId);
    if (!ticket) throw new InvalidInboundError(`ticket #${input.ticketId} not found`);
    return lock(ticket.conversationId, async () => {
      const current = (await store.getTicket(input.ticketId))!;
      assertMove(current, input.action);
      const at = clock().toISOString();
      const write: TurnWrite = { events: [], audit: [] };
      let message: MessageRecord | null = null;
      const patch: Partial<TicketRecord> = { updatedAt: at };
      if (input.action === 'claim') Object.assign(patch, { status: 'claimed', claimedBy: input.actor });
      if (input.action === 'resolve') patch.status = 'resolved';
      if (input.action === 'reply') {
        const text = input.text?.trim();
        if (!text) throw new InvalidInboundError('a staff reply needs text');
        if (text.length > MAX_MESSAGE_CHARS) throw new InvalidInboundError(`a reply may have at most ${MAX_MESSAGE_CHARS} characters`);
        Object.assign(patch, { status: 'answered', claimedBy: current.claimedBy ?? input.actor });
        message = { id: randomUUID(), conversationId: current.conversationId, role: 'staff', text, data: { ticketId: current.id, actor: input.actor }, createdAt: at };
        write.messages = [message];
      }
      const updated = { ...current, ...patch } as TicketRecord;
      write.ticketUpdate = { id: current.id, patch };
      write.audit!.push({ entity: 'ticket', entityId: String(current.id), action: input.action, actor: input.actor, data: message ? { messageId: message.id } : {}, at });
      if (message) {
        write.events!.push(
          { conversationId: current.conversationId, type: 'message.created', data: { messageId: message.id, role: 'staff', text: message.text, ticket: ticketInfo(updated) }, createdAt: at },
          { conversationId: current.conversationId, type: 'staff.replied', data: { ticketId: current.id, messageId: message.id, text: message.text, actor: input.actor }, createdAt: at },
        );
      }
      if (input.action === 'resolve') {
        // A closed request asks the web visitor how it went, once, in the transcript (so it survives a reload).
        const conv = await store.getConversation(current.conversationId);
        if (conv?.channel === 'web') {
          const lang: Lang = conv.language ?? 'ko';
          const survey: MessageRecord = { id: randomUUID(), conversationId: conv.id, role: 'assistant', text: SURVEY_S.ask[lang](current.id), data: { kind: 'survey', survey: { ticketId: current.id } }, createdAt: at };
          write.messages = [...(write.messages ?? []), survey];
          write.events!.push({ conversationId: conv.id, type: 'message.created', data: { messageId: survey.id, role: 'assistant', text: survey.text, kind: 'survey', survey: { ticketId: current.id } }, createdAt: at });
        }
      }
      write.events!.push({ conversationId: current.conversationId, type: 'ticket.updated', data: { ticket: updated, action: input.action, actor: input.actor }, createdAt: at });
      await store.commit(write);
      return { ticket: updated, message };
    });
  }

  /**
   * A file the person attached: checked (type from its bytes, size, the conversation's quota), stored with a
   * transcript line in one commit, and answered: with the open request it joins, or with the offer of a person
   * (the assistant does not read files).
   */
  async function attach(input: { conversationId: string; name?: string; body: Uint8Array; languageHint?: Lang; limits?: AttachmentLimits }): Promise<Reply> {
    return lock(input.conversationId, async () => {
      const conv = await store.getConversation(input.conversationId);
      if (!conv) throw new ConversationNotFoundError(input.conversationId);
      const file = await checkAttachment(input, await store.attachmentUsage(conv.id), input.limits ?? DEFAULT_ATTACHMENT_LIMITS);
      const at = clock().toISOString();
      const lang: Lang = conv.language ?? input.languageHint ?? 'ko';
      const meta = { id: randomUUID(), name: file.name, type: file.type, size: file.size };
      const userMessage: MessageRecord = { id: randomUUID(), conversationId: conv.id, role: 'user', text: attachmentLine(file), data: { attachment: meta }, createdAt: at };
      const open = (await store.ticketsForConversation(conv.id)).filter((t) => t.status !== 'resolved').at(-1);
      const write: TurnWrite = {
        messages: [userMessage],
        attachments: [{ ...meta, conversationId: conv.id, messageId: userMessage.id, sha256: file.sha256, body: file.body, createdAt: at }],
        events: [],
        audit: [],
      };
      const draft: Omit<Reply, 'conversationId' | 'messageId'> = open
        ? { ...base(lang), kind: 'ticket', text: ATTACH_S.withTicket[lang](open.id), ticket: ticketInfo(open), escalate: true }
        : { ...base(lang), kind: 'help', text: ATTACH_S.noTicket[lang], choices: [{ id: 'person', label: S.choicePerson[lang] }] };
      const { message, full, events } = answerRecords(userMessage, draft, at, { userExtra: { attachment: meta } });
      write.messages!.push(message);
      if (open) {
        // The file reaches the staff on the case: the ticket moves up their list and its history says why.
        write.ticketUpdate = { id: open.id, patch: { updatedAt: at } };
        write.audit!.push({ entity: 'ticket', entityId: String(open.id), action: 'attachment', actor: `${conv.channel}:${conv.userId}`, data: { attachmentId: meta.id, name: meta.name }, at });
      }
      write.conversation = { ...conv, language: lang, updatedAt: at };
      write.events!.push(...events);
      await store.commit(write);
      return full;
    });
  }

  /** The person's rating of a closed request of their conversation (a later rating replaces the first). */
  async function rateTicket(input: { conversationId: string; ticketId: number; score: number; comment?: string | null }) {
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) throw new InvalidInboundError('score must be a whole number from 1 to 5');
    return lock(input.conversationId, async () => {
      const t = await store.getTicket(input.ticketId);
      if (!t || t.conversationId !== input.conversationId) throw new InvalidInboundError(`ticket #${input.ticketId} not found in this conversation`);
      if (t.status !== 'resolved') throw new InvalidInboundError(`ticket #${t.id} is not closed yet; it can be rated once it is`);
      const at = clock().toISOString();
      const rating = { ticketId: t.id, conversationId: t.conversationId, score: input.score as 1 | 2 | 3 | 4 | 5, comment: input.comment?.trim() || null, createdAt: at };
      await store.commit({
        ticketRating: rating,
        audit: [{ entity: 'ticket', entityId: String(t.id), action: 'rated', actor: 'visitor', data: { score: rating.score }, at }],
        events: [{ conversationId: t.conversationId, type: 'ticket.rated', data: { ticketId: t.id, score: rating.score }, createdAt: at }],
      });
      return rating;
    });
  }

  return { startConversation, verifyToken, handle, staffAction, walkContext, attach, rateTicket };
}

export type Assistant = ReturnType<typeof createAssistant>;
