import countries from 'i18n-iso-countries';
import type { Channel, ConversationRecord, EventRecord, Store } from '../store/types.js';
import type { Logger } from '../logger.js';

/**
 * A channel's way of reaching people when the core emits an event: the user's own channel for staff replies,
 * staff channels for ticket changes. Channels never call each other; they all listen to the store's events.
 */
export interface Notifier {
  /** Stable across instances: deliveries are claimed under it. */
  readonly name: string;
  /** Events this notifier wants (e.g. `staff.replied`, `ticket.created`). */
  readonly events: ReadonlySet<string>;
  /** Only conversations of this channel; all when absent (staff channels). */
  readonly channel?: Channel;
  deliver(event: EventRecord, conversation: ConversationRecord): Promise<void>;
}

/**
 * Routes every committed event (from this instance or, with PostgreSQL, any instance) to the notifiers.
 * Each delivery is claimed once in the store, so two instances never post the same reply twice.
 */
export function routeEvents(store: Store, notifiers: Notifier[], logger: Logger): () => void {
  return store.onEvent((event) => {
    const wanted = notifiers.filter((n) => n.events.has(event.type));
    if (!wanted.length) return;
    void (async () => {
      const conversation = await store.getConversation(event.conversationId);
      if (!conversation) return;
      for (const n of wanted) {
        if (n.channel && n.channel !== conversation.channel) continue;
        if (!(await store.claimOnce(`deliver:${n.name}`, String(event.id)))) continue;
        try {
          await n.deliver(event, conversation);
        } catch (e) {
          logger.error('delivery failed', { event: event.type, eventId: event.id, error: (e as Error).message });
        }
      }
    })();
  });
}

type Labels = Record<string, { ko: string; en: string }>;

/**
 * What staff read instead of the codes the core stores: reasons, statuses, priorities, channels, languages, roles
 * and audit actions, in Korean and English. The console, e-mails and exports all use these.
 */
export const STAFF_LABELS: Record<'reason' | 'status' | 'priority' | 'channel' | 'language' | 'role' | 'staffRole' | 'action' | 'right' | 'proposal', Labels> = {
  reason: {
    human_requested: { ko: '담당자 연결 요청', en: 'Asked for a person' },
    goods_detained: { ko: '세관 물품 억류', en: 'Goods detained by customs' },
    accused_infringer: { ko: '자사 물품 침해 혐의 억류', en: 'Own goods held as suspected infringement' },
    dispute: { ko: '분쟁·소송', en: 'Dispute or lawsuit' },
    uncovered_jurisdiction: { ko: '안내하지 않는 국가', en: 'Country not covered' },
    unknown_place: { ko: '확인되지 않은 지명', en: 'Place not recognised' },
    unconfirmed_fact: { ko: '확인되지 않은 정보', en: 'Information not confirmed' },
    low_confidence: { ko: '답변 신뢰도 낮음', en: 'Answer not certain' },
    repeated_negative_feedback: { ko: '반복된 부정 평가', en: 'Repeated thumbs-down' },
    off_topic: { ko: '안내 범위 밖 질문', en: 'Outside our topic' },
  },
  status: {
    open: { ko: '접수됨', en: 'New' },
    claimed: { ko: '처리 중', en: 'In progress' },
    answered: { ko: '답변함', en: 'Replied' },
    resolved: { ko: '완료', en: 'Closed' },
  },
  priority: {
    urgent: { ko: '긴급', en: 'Urgent' },
    high: { ko: '높음', en: 'High' },
    normal: { ko: '보통', en: 'Normal' },
  },
  channel: {
    web: { ko: '웹 상담창', en: 'Web chat' },
    slack: { ko: '슬랙', en: 'Slack' },
    cli: { ko: '터미널', en: 'Terminal' },
  },
  language: {
    ko: { ko: '한국어', en: 'Korean' },
    en: { ko: '영어', en: 'English' },
  },
  role: {
    user: { ko: '방문자', en: 'Visitor' },
    assistant: { ko: '챗봇', en: 'Assistant' },
    staff: { ko: '담당자', en: 'Staff' },
    system: { ko: '시스템', en: 'System' },
  },
  staffRole: {
    agent: { ko: '상담 담당', en: 'Agent' },
    admin: { ko: '관리자', en: 'Administrator' },
  },
  action: {
    created: { ko: '티켓 접수', en: 'Ticket opened' },
    claim: { ko: '담당 지정', en: 'Taken' },
    reply: { ko: '답변 보냄', en: 'Reply sent' },
    resolve: { ko: '완료 처리', en: 'Closed' },
    reopen: { ko: '다시 열림', en: 'Reopened' },
    escalated: { ko: '긴급으로 격상', en: 'Raised to urgent' },
    user_added_message: { ko: '방문자 추가 메시지', en: 'Visitor wrote again' },
    assign: { ko: '담당자 배정', en: 'Assigned' },
    unassign: { ko: '담당 해제', en: 'Unassigned' },
    note: { ko: '내부 메모', en: 'Internal note' },
    contact: { ko: '연락처 남김', en: 'Contact details left' },
    staff_notified: { ko: '담당자에게 이메일 알림', en: 'Staff e-mailed' },
    visitor_emailed: { ko: '방문자에게 이메일 발송', en: 'Reply e-mailed to the visitor' },
    proposal: { ko: '지식 업데이트 제안', en: 'Knowledge update proposed' },
    attachment: { ko: '방문자 파일 첨부', en: 'Visitor attached a file' },
    rated: { ko: '방문자 만족도 평가', en: 'Visitor rated the help' },
    deleted: { ko: '삭제', en: 'Deleted' },
    account_added: { ko: '계정 추가', en: 'Account added' },
    account_disabled: { ko: '계정 사용 중지', en: 'Account disabled' },
    account_enabled: { ko: '계정 다시 사용', en: 'Account enabled' },
    account_removed: { ko: '계정 삭제', en: 'Account removed' },
    password_reset: { ko: '비밀번호 재설정', en: 'Password reset' },
    role_changed: { ko: '역할 변경', en: 'Role changed' },
  },
  right: {
    trademark: { ko: '상표', en: 'Trademark' },
    copyright: { ko: '저작권', en: 'Copyright' },
    patent: { ko: '특허', en: 'Patent' },
    utility_model: { ko: '실용신안', en: 'Utility model' },
    design: { ko: '디자인', en: 'Design' },
    geographical_indication: { ko: '지리적 표시', en: 'Geographical indication' },
    plant_variety: { ko: '식물 품종', en: 'Plant variety' },
    trade_name: { ko: '상호', en: 'Trade name' },
  },
  proposal: {
    proposed: { ko: '검토 대기', en: 'Awaiting review' },
    accepted: { ko: '채택', en: 'Accepted' },
    rejected: { ko: '반려', en: 'Rejected' },
    exported: { ko: '파일로 내보냄', en: 'Exported to a file' },
  },
};

const OTHER = { ko: '기타', en: 'Other' };

/** The label of a code of one kind, in one language; an unknown code reads as "Other", never as the code. */
export function staffLabel(kind: keyof typeof STAFF_LABELS, code: string | null | undefined, lang: 'ko' | 'en'): string {
  if (!code) return '—';
  return (STAFF_LABELS[kind][code] ?? OTHER)[lang];
}

/** Customs territories under the names staff use (the country-name package's official names where these differ). */
const MARKETS: Record<string, { ko: string; en: string }> = {
  EU: { ko: '유럽연합', en: 'European Union' },
  CN: { ko: '중국', en: 'China' },
  TW: { ko: '대만', en: 'Taiwan' },
  HK: { ko: '홍콩', en: 'Hong Kong' },
  US: { ko: '미국', en: 'United States' },
  GB: { ko: '영국', en: 'United Kingdom' },
  KR: { ko: '대한민국', en: 'Korea' },
  AE: { ko: '아랍에미리트', en: 'United Arab Emirates' },
  VN: { ko: '베트남', en: 'Vietnam' },
  RU: { ko: '러시아', en: 'Russia' },
};

/** A market's name for staff: known territories by name, anything else as the user wrote it. */
export function marketName(code: string | null | undefined, lang: 'ko' | 'en'): string {
  if (!code) return '—';
  const known = MARKETS[code.toUpperCase()];
  if (known) return known[lang];
  if (/^[A-Z]{2}$/.test(code)) return countries.getName(code, lang) ?? code;
  return code;
}

/**
 * A ticket summary as staff read it: the reason, market and right in words. Summaries are written in words now; older
 * ones, and a model's, may still name them as codes ("[goods_detained]", "국가: CN").
 */
export function readableSummary(summary: string, lang: 'ko' | 'en' = /[\uac00-\ud7a3]/.test(summary) ? 'ko' : 'en'): string {
  return summary
    .replace(/\[([a-z_]+)\]/g, (_all, code: string) => `[${staffLabel('reason', code, lang)}]`)
    .replace(/((?:국가|market): )([A-Z]{2})\b/g, (_all, head: string, code: string) => head + marketName(code, lang))
    .replace(/((?:권리|right): )([a-z_]+)/g, (_all, head: string, code: string) => head + staffLabel('right', code, lang));
}
