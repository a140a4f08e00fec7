import { randomUUID, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store, ConversationRecord, MessageRecord, TicketRecord, TurnWrite, Channel } from '../store/types.js';
import type { Answerer } from '../answer/answerer.js';
import type { Citation, HistoryTurn } from '../answer/types.js';
import type { JurisdictionProfile } from '../knowledge/schema.js';
import type { KnowledgePage } from '../knowledge/load.js';
import type { ConversationContext, QueryAnalysis } from '../retrieval/query-analysis.js';
import { detectLanguage, type Lang } from '../retrieval/normalize.js';
import type { Logger } from '../logger.js';
import type { Inbound, Reply, Choice } from './types.js';
import { detectSignals } from './signals.js';
import { decideEscalation, type EscalationDecision } from './escalation-policy.js';
import { detectIntent } from './intent.js';
import { S } from './strings.js';
import { newWalk, type WalkState } from './walkthrough/state.js';
import { stepWalk, promptFor, type WalkContext } from './walkthrough/flow.js';
import { buildPlan, type Plan } from './walkthrough/plan.js';
import { computeDeadline } from '../escalation/deadline.js';
import { expectedResponse } from '../escalation/staff-hours.js';
import { assertMove, ticketInfo } from '../escalation/tickets.js';
import { firstSentences } from '../answer/text.js';

export interface ConversationState {
  walk?: WalkState;
  /** The country and field the conversation was last about, for follow-ups that leave them out. */
  context?: ConversationContext;
  negativeFeedback?: number;
  plan?: Plan;
}

export interface Summarize {
  (input: { transcript: HistoryTurn[]; language: Lang; jurisdiction: string | null; right: string | null; reason: string }): Promise<string>;
}

export interface AssistantDeps {
  store: Store;
  answerer: Answerer;
  profiles: Map<string, JurisdictionProfile>;
  pages: KnowledgePage[];
  analyze: (text: string) => QueryAnalysis;
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

  const walkContext = (lang: Lang): WalkContext => ({
    lang,
    analyze: deps.analyze,
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
    const letters = (text.match(/[\p{L}]/gu) ?? []).length;
    const lang: Lang = letters >= 2 ? detectLanguage(text, conv.language ?? inbound.languageHint ?? 'ko') : (conv.language ?? inbound.languageHint ?? 'ko');
    const state = { ...(conv.state as ConversationState) };
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
    const ctx = { conv, state, lang, now, write, history };

    let reply: Omit<Reply, 'conversationId' | 'messageId'>;
    const signals = text ? detectSignals(text) : { wantsPerson: false, goodsDetained: false, dispute: false };
    const action = inbound.action;
    let walk = state.walk && !state.walk.done ? state.walk : undefined;
    // A first-step button clicked with no walkthrough running (an old message, another device) starts one.
    if (!walk && action?.startsWith('wt:market:')) walk = state.walk = newWalk();

    if (action === 'person' || signals.wantsPerson || signals.goodsDetained || signals.dispute) {
      reply = await escalateTurn(ctx, text, signals, opts);
    } else if (action?.startsWith('feedback:')) {
      reply = await feedbackTurn(ctx, action);
    } else if (action === 'help') {
      reply = helpReply(lang);
    } else if (action === 'wt:start' || (!walk && text && detectIntent(text) === 'start_walkthrough')) {
      state.walk = newWalk();
      reply = await walkReply(ctx, { kind: 'prompt', state: state.walk, ...promptFor(state.walk, walkContext(lang)) });
    } else if (walk && (action?.startsWith('wt:') || !walk.paused || (text && detectIntent(text) === 'resume'))) {
      const input = walk.paused && !action ? { action: 'wt:resume' } : { text, action };
      const outcome = stepWalk(walk, input, walkContext(lang));
      if (outcome.kind === 'question') {
        const answered = await answerTurn(ctx, text, opts);
        state.walk = outcome.state;
        const cont = lang === 'ko' ? '등록 안내를 계속하려면 아래에서 선택하거나 답해 주세요.' : 'To continue the registration, answer or pick below.';
        reply = { ...answered, text: `${answered.text}\n\n---\n${cont}\n${outcome.text}`, choices: outcome.choices };
      } else if (outcome.kind === 'uncovered') {
        state.walk = outcome.state;
        const esc = await openOrUpdateTicket(ctx, { escalate: true, reason: 'uncovered_jurisdiction', priority: 'normal' }, text, { jurisdictions: [], uncovered: outcome.ids });
        reply = { ...(await walkReply(ctx, outcome)), ticket: esc.info, escalate: true, text: `${outcome.text}\n\n${esc.text}` };
      } else reply = await walkReply(ctx, outcome);
    } else if (text) {
      const intent = detectIntent(text);
      if (intent === 'help' || intent === 'greeting') reply = helpReply(lang, walk?.paused);
      else if (intent === 'thanks') reply = { ...base(lang), kind: 'smalltalk', text: S.thanks[lang] };
      else reply = await answerTurn(ctx, text, opts, true);
    } else {
      reply = helpReply(lang);
    }

    const assistantMessage: MessageRecord = {
      id: randomUUID(),
      conversationId: conv.id,
      role: 'assistant',
      text: reply.text,
      data: { citations: reply.citations, choices: reply.choices, ticket: reply.ticket, plan: reply.plan, confidence: reply.confidence, kind: reply.kind },
      createdAt: at,
    };
    const full: Reply = { conversationId: conv.id, messageId: assistantMessage.id, ...reply };
    write.messages!.push(assistantMessage);
    write.conversation = { ...conv, language: lang, state: state as Record<string, unknown>, updatedAt: at };
    write.events!.push(
      { conversationId: conv.id, type: 'message.created', data: { messageId: userMessage.id, role: 'user', text: userMessage.text }, createdAt: at },
      { conversationId: conv.id, type: 'message.created', data: { ...full, role: 'assistant' } as unknown as Record<string, unknown>, createdAt: at },
    );
    if (inbound.idempotencyKey) write.receipt = { conversationId: conv.id, key: inbound.idempotencyKey, reply: full };
    await store.commit(write);
    return full;
  }

  type TurnCtx = { conv: ConversationRecord; state: ConversationState; lang: Lang; now: Date; write: TurnWrite; history: () => Promise<HistoryTurn[]> };

  function base(lang: Lang): Omit<Reply, 'conversationId' | 'messageId'> {
    return { text: '', language: lang, citations: [], choices: [], ticket: null, plan: null, confidence: null, escalate: false, kind: 'answer' };
  }

  function helpReply(lang: Lang, paused = false): Omit<Reply, 'conversationId' | 'messageId'> {
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

  async function answerTurn(ctx: TurnCtx, text: string, opts: { onDelta?: (t: string) => void }, applyPolicy = false): Promise<Omit<Reply, 'conversationId' | 'messageId'>> {
    const a = await answerInContext(ctx, text, opts);
    const reply = { ...base(ctx.lang), text: a.text, citations: a.citations, confidence: a.confidence, kind: 'answer' as const };
    const choices: Choice[] = [{ id: 'person', label: S.choicePerson[ctx.lang] }];
    if (!applyPolicy) return { ...reply, choices };
    const decision = decideEscalation({ signals: detectSignals(text), answer: a, negativeFeedback: ctx.state.negativeFeedback });
    if (!decision.escalate) return { ...reply, choices: ctx.state.walk && !ctx.state.walk.done ? [...choices, { id: 'wt:resume', label: ctx.lang === 'ko' ? '등록 안내 이어하기' : 'Resume registration' }] : choices };
    const esc = await openOrUpdateTicket(ctx, decision, text, a.analysis, a.citations);
    return { ...reply, text: `${a.text}\n\n${esc.text}`, ticket: esc.info, escalate: true, kind: 'ticket', choices: [] };
  }

  /** Answers with what the conversation is about, and remembers what this question was about for the next one. */
  async function answerInContext(ctx: TurnCtx, text: string, opts: { onDelta?: (t: string) => void }) {
    const markets = ctx.state.walk && !ctx.state.walk.done ? (ctx.state.walk.answers.markets ?? []) : [];
    const context = ctx.state.context ?? (markets.length ? { jurisdictions: markets, fields: [] } : undefined);
    const a = await deps.answerer.answer(text, { languageHint: ctx.lang, history: deps.answerer.usesHistory ? await ctx.history() : undefined, context, onDelta: opts.onDelta });
    const { jurisdictions, fields } = a.analysis;
    if (jurisdictions.length || fields.length)
      ctx.state.context = { jurisdictions: jurisdictions.length ? jurisdictions : (context?.jurisdictions ?? []), fields: fields.length ? fields : (context?.fields ?? []) };
    return a;
  }

  async function escalateTurn(ctx: TurnCtx, text: string, signals: ReturnType<typeof detectSignals>, opts: { onDelta?: (t: string) => void }) {
    const decision: EscalationDecision = text ? decideEscalation({ signals }) : { escalate: true, reason: 'human_requested', priority: 'normal' };
    if (!decision.escalate) decision.reason = 'human_requested';
    let answerText = '';
    let citations: Citation[] = [];
    let analysis: Pick<QueryAnalysis, 'jurisdictions' | 'uncovered' | 'rights'> = { jurisdictions: [], uncovered: [], rights: [] };
    if (text && decision.reason !== 'human_requested') {
      // Detained goods or a dispute: still give what the knowledge says (the deadline), then hand over.
      const a = await answerInContext(ctx, text, opts);
      analysis = a.analysis;
      if (!a.notSure) {
        answerText = a.text;
        citations = a.citations;
      }
    } else if (text) analysis = deps.analyze(text);
    const esc = await openOrUpdateTicket(ctx, decision, text, analysis, citations);
    return { ...base(ctx.lang), text: [answerText, esc.text].filter(Boolean).join('\n\n'), citations, ticket: esc.info, escalate: true, kind: 'ticket' as const };
  }

  async function feedbackTurn(ctx: TurnCtx, action: string) {
    const [, dir, messageId] = action.split(':');
    const rating = dir === 'up' ? 1 : -1;
    ctx.write.feedback = [{ conversationId: ctx.conv.id, messageId: messageId || null, rating, comment: null, createdAt: ctx.now.toISOString() }];
    if (rating === 1) return { ...base(ctx.lang), kind: 'feedback' as const, text: S.thanks[ctx.lang] };
    ctx.state.negativeFeedback = (ctx.state.negativeFeedback ?? 0) + 1;
    const decision = decideEscalation({ signals: { wantsPerson: false, goodsDetained: false, dispute: false }, negativeFeedback: ctx.state.negativeFeedback });
    if (!decision.escalate) return { ...base(ctx.lang), kind: 'feedback' as const, text: S.feedbackDown[ctx.lang], choices: [{ id: 'person', label: S.choicePerson[ctx.lang] }] };
    const esc = await openOrUpdateTicket(ctx, decision, '', { jurisdictions: [], uncovered: [], rights: [] });
    return { ...base(ctx.lang), kind: 'ticket' as const, text: `${S.feedbackDown[ctx.lang]}\n\n${esc.text}`, ticket: esc.info, escalate: true };
  }

  async function walkReply(ctx: TurnCtx, outcome: ReturnType<typeof stepWalk>): Promise<Omit<Reply, 'conversationId' | 'messageId'>> {
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

  function planChoices(lang: Lang): Choice[] {
    return [
      { id: 'wt:edit:market', label: lang === 'ko' ? '시장 변경' : 'Change market' },
      { id: 'wt:edit:right', label: lang === 'ko' ? '권리 변경' : 'Change right' },
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

  async function openOrUpdateTicket(
    ctx: TurnCtx,
    decision: EscalationDecision,
    text: string,
    analysis: Pick<QueryAnalysis, 'jurisdictions' | 'uncovered'> & { rights?: string[] },
    citations: Citation[] = [],
  ): Promise<{ info: Reply['ticket']; text: string }> {
    const at = ctx.now.toISOString();
    const walkMarket = ctx.state.walk?.answers.markets?.[0] ?? null;
    const jurisdiction = analysis.jurisdictions[0] ?? analysis.uncovered[0] ?? walkMarket;
    const right = analysis.rights?.[0] ?? ctx.state.walk?.answers.right ?? null;
    const urgent = decision.priority === 'urgent';
    let deadline: string | null = null;
    let deadlineNote = '';
    if (decision.reason === 'goods_detained') {
      const rule = jurisdiction ? deps.profiles.get(jurisdiction)?.figures.holderDeadline : undefined;
      const d = computeDeadline(text, ctx.now, rule, staff.timeZone);
      deadline = d.deadline;
      if (deadline && rule) {
        const unit = ctx.lang === 'ko' ? { working: '근무일', calendar: '일', hours: '시간' }[rule.unit] : { working: 'working days', calendar: 'days', hours: 'hours' }[rule.unit];
        const basis = ctx.lang === 'ko' ? `통지일 ${d.notice}${d.stated ? '' : '(오늘로 가정)'}부터 ${rule.days}${unit}, 공휴일 미반영` : `${rule.days} ${unit} from the notice on ${d.notice}${d.stated ? '' : ' (assumed today)'}, public holidays not counted`;
        deadlineNote = S.urgentDeadline[ctx.lang](deadline, basis);
      } else deadlineNote = jurisdiction ? S.urgentNoDeadline[ctx.lang] : S.askCountryForDetention[ctx.lang];
    }

    const existing = (await store.ticketsForConversation(ctx.conv.id)).find((t) => t.status !== 'resolved');
    if (existing) {
      const upgrade = urgent && existing.priority !== 'urgent';
      const patch: Partial<TicketRecord> = { updatedAt: at };
      if (upgrade) Object.assign(patch, { priority: 'urgent', reason: decision.reason!, deadline });
      else if (deadline && !existing.deadline) patch.deadline = deadline;
      ctx.write.ticketUpdate = { id: existing.id, patch };
      const updated = { ...existing, ...patch } as TicketRecord;
      ctx.write.events!.push({ conversationId: ctx.conv.id, type: 'ticket.updated', data: { ticket: updated, note: text.slice(0, 500) }, createdAt: at });
      ctx.write.audit!.push({ entity: 'ticket', entityId: String(existing.id), action: upgrade ? 'escalated' : 'user_added_message', actor: `${ctx.conv.channel}:${ctx.conv.userId}`, data: { reason: decision.reason }, at });
      return { info: ticketInfo(updated), text: [deadlineNote, S.ticketAlready[ctx.lang](existing.id)].filter(Boolean).join('\n\n') };
    }

    const id = await store.allocateTicketId();
    const transcript: HistoryTurn[] = [...(await ctx.history()), ...(text ? [{ role: 'user' as const, text }] : [])];
    let summary: string;
    try {
      summary = await deps.summarize({ transcript, language: ctx.lang, jurisdiction, right, reason: decision.reason! });
    } catch (e) {
      logger.warn('summary failed', { error: (e as Error).message });
      summary = text.slice(0, 300);
    }
    const ticket: TicketRecord = {
      id,
      conversationId: ctx.conv.id,
      status: 'open',
      priority: decision.priority,
      reason: decision.reason!,
      summary,
      jurisdiction,
      right,
      deadline,
      claimedBy: null,
      createdAt: at,
      updatedAt: at,
    };
    ctx.write.ticketCreate = ticket;
    ctx.write.events!.push({ conversationId: ctx.conv.id, type: 'ticket.created', data: { ticket, citations }, createdAt: at });
    ctx.write.audit!.push({ entity: 'ticket', entityId: String(id), action: 'created', actor: `${ctx.conv.channel}:${ctx.conv.userId}`, data: { reason: decision.reason, priority: decision.priority }, at });
    const when = expectedResponse(ctx.now, ctx.lang, { ...staff, urgent });
    return { info: ticketInfo(ticket), text: [deadlineNote, S.ticketOpened[ctx.lang](id, when)].filter(Boolean).join('\n\n') };
  }

  function actionLabel(action: string, state: ConversationState, lang: Lang): string {
    if (action === 'person') return S.choicePerson[lang];
    if (action === 'help') return S.choiceHelp[lang];
    if (action === 'wt:start') return S.choiceStart[lang];
    const walk = state.walk;
    if (walk) {
      const choice = promptFor(walk, walkContext(lang)).choices.find((c) => c.id === action);
      if (choice) return choice.label;
    }
    return action;
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
      write.events!.push({ conversationId: current.conversationId, type: 'ticket.updated', data: { ticket: updated, action: input.action, actor: input.actor }, createdAt: at });
      await store.commit(write);
      return { ticket: updated, message };
    });
  }

  return { startConversation, verifyToken, handle, staffAction, walkContext };
}

export type Assistant = ReturnType<typeof createAssistant>;
