import nodemailer from 'nodemailer';
import type { ConversationRecord, EventRecord, Store, TicketRecord } from '../store/types.js';
import type { Logger } from '../logger.js';
import { marketName, readableSummary, staffLabel, type Notifier } from './notifier.js';

/** Tells the staff console live that a ticket's history grew (it re-reads the ticket); visitors' widgets ignore it. */
const auditedEvent = (conversationId: string, ticketId: number, action: string, at: string) => ({ conversationId, type: 'ticket.audited', data: { ticketId, action }, createdAt: at });

/** One e-mail. Text only: nothing a visitor or the knowledge base wrote is ever sent as HTML. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  replyTo?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Any SMTP server: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function createMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, replyTo: m.replyTo });
    },
    close: () => transport.close(),
  };
}

export interface EmailSettings {
  smtpUrl?: string;
  from: string;
  /** Staff addresses told at once of urgent tickets. */
  staffTo: string[];
  /** Where the console is reached, for links in e-mails (`PUBLIC_URL`). */
  publicUrl?: string;
}

/** Markdown as plain text: bold marks dropped, links as "text <url>". */
const plain = (md: string) =>
  md
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>')
    .trim();

/** A header line never carries a line break (no header injection from what users wrote). */
const oneLine = (s: string, max = 120) => s.replace(/[\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);


function consoleLink(publicUrl: string | undefined, ticketId: number): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/staff#ticket-${ticketId}` : null;
}

/** The staff e-mail for an urgent ticket: both languages, the facts first, the way to the console last. */
export async function urgentTicketMail(store: Store, ticket: TicketRecord, conversation: ConversationRecord, publicUrl?: string): Promise<Omit<MailMessage, 'to'>> {
  const contact = await store.getContact(ticket.conversationId);
  const block = (lang: 'ko' | 'en') => {
    const ko = lang === 'ko';
    const lines = [
      `${ko ? '우선순위' : 'Priority'}: ${staffLabel('priority', ticket.priority, lang)}`,
      `${ko ? '사유' : 'Reason'}: ${staffLabel('reason', ticket.reason, lang)}`,
      `${ko ? '시장 / 권리' : 'Market / right'}: ${[marketName(ticket.jurisdiction, lang), ticket.right ? staffLabel('right', ticket.right, lang) : null].filter((x) => x && x !== '—').join(' · ') || '—'}`,
      `${ko ? '대응 기한' : 'Deadline'}: ${ticket.deadline ?? (ko ? '미정 (통지일 확인 필요)' : 'not known yet (ask for the notice date)')}`,
      `${ko ? '채널' : 'Channel'}: ${staffLabel('channel', conversation.channel, lang)}`,
      `${ko ? '요약' : 'Summary'}: ${readableSummary(ticket.summary, lang)}`,
    ];
    if (contact) {
      const who = [contact.company, contact.person, contact.email, contact.phone, contact.product].filter(Boolean).join(' · ');
      lines.push(`${ko ? '연락처' : 'Contact'}: ${who}`);
    } else lines.push(ko ? '연락처: 아직 남기지 않음' : 'Contact: none left yet');
    return lines.join('\n');
  };
  const link = consoleLink(publicUrl, ticket.id);
  const subject = oneLine(
    `[긴급 / Urgent] #${ticket.id} ${staffLabel('reason', ticket.reason, 'ko')} / ${staffLabel('reason', ticket.reason, 'en')}${ticket.jurisdiction ? ` · ${marketName(ticket.jurisdiction, 'ko')}` : ''}${ticket.deadline ? ` · 기한 ${ticket.deadline}` : ''}`,
    200,
  );
  const text = [
    `긴급 티켓 #${ticket.id}이 접수되었습니다. 바로 확인해 주세요.`,
    '',
    block('ko'),
    '',
    '---',
    `Urgent ticket #${ticket.id} has been opened. Please look at it now.`,
    '',
    block('en'),
    '',
    link ? `${'담당자 콘솔 / Staff console'}: ${link}` : '담당자 콘솔에서 확인하세요 / Open it in the staff console.',
  ].join('\n');
  return { subject, text };
}

/**
 * Urgent tickets reach staff by e-mail at once: when one opens urgent, when one is raised to urgent, and again when
 * the company leaves its contact details on it. Each ticket is mailed once per occasion, across instances.
 */
export function staffEmailNotifier(deps: { mailer: Mailer; to: string[]; store: Store; publicUrl?: string; logger: Logger }): Notifier {
  const { mailer, to, store, logger } = deps;
  return {
    name: 'email-staff',
    events: new Set(['ticket.created', 'ticket.updated', 'contact.saved']),
    async deliver(event: EventRecord, conversation: ConversationRecord) {
      const ticketId = Number((event.data.ticket as TicketRecord | undefined)?.id ?? event.data.ticketId);
      if (!Number.isSafeInteger(ticketId)) return;
      const ticket = await store.getTicket(ticketId);
      if (!ticket || ticket.priority !== 'urgent' || ticket.status === 'resolved') return;
      const occasion = event.type === 'contact.saved' ? 'contact' : 'urgent';
      if (!(await store.claimOnce(`email-staff:${occasion}`, String(ticket.id)))) return;
      let mail = await urgentTicketMail(store, ticket, conversation, deps.publicUrl);
      if (occasion === 'contact') mail = { subject: oneLine(`[연락처 / Contact] #${ticket.id} ${mail.subject.replace(/^\[긴급 \/ Urgent\] #\d+ /, '')}`, 200), text: mail.text };
      await mailer.send({ to, ...mail });
      const at = new Date().toISOString();
      await store.commit({
        audit: [{ entity: 'ticket', entityId: String(ticket.id), action: 'staff_notified', actor: 'system', data: { occasion, recipients: to.length }, at }],
        events: [auditedEvent(ticket.conversationId, ticket.id, 'staff_notified', at)],
      });
      logger.info('staff e-mailed about an urgent ticket', { ticket: ticket.id, occasion });
    },
  };
}

/**
 * A staff reply reaches a web visitor by e-mail too, when they left an address and no widget of theirs is
 * connected to the conversation when the reply is delivered (they would see it there). Slack users get it in
 * their thread, as before.
 */
export function visitorEmailNotifier(deps: { mailer: Mailer; store: Store; logger: Logger; isWatching?: (conversationId: string) => boolean }): Notifier {
  const { mailer, store, logger } = deps;
  return {
    name: 'email-visitor',
    channel: 'web',
    events: new Set(['staff.replied']),
    async deliver(event, conversation) {
      const contact = await store.getContact(conversation.id);
      if (!contact?.email) return;
      if (deps.isWatching?.(conversation.id)) return;
      const ticketId = Number(event.data.ticketId);
      const lang = conversation.language ?? 'ko';
      const text = plain(String(event.data.text ?? ''));
      const ko = lang === 'ko';
      const subject = ko ? `[해외 세관 지재권 상담] 담당자 답변 (티켓 #${ticketId})` : `[Customs IP assistant] Reply from our staff (ticket #${ticketId})`;
      const body = [
        ko ? `${contact.person ? `${contact.person}님, ` : ''}문의하신 내용(티켓 #${ticketId})에 담당자가 답변했습니다.` : `${contact.person ? `Dear ${contact.person}, o` : 'O'}ur staff have replied to your request (ticket #${ticketId}).`,
        '',
        text,
        '',
        '---',
        ko
          ? '이 메일은 상담창에 남기신 이메일 주소로 보내 드렸습니다. 상담창을 다시 열면 대화를 이어갈 수 있습니다.'
          : 'You receive this because you left this address in the chat. Open the chat again to continue the conversation.',
      ].join('\n');
      await mailer.send({ to: [contact.email], subject: oneLine(subject, 200), text: body });
      const at = new Date().toISOString();
      await store.commit({
        audit: [{ entity: 'ticket', entityId: String(ticketId), action: 'visitor_emailed', actor: 'system', data: { messageId: event.data.messageId }, at }],
        events: [auditedEvent(event.conversationId, ticketId, 'visitor_emailed', at)],
      });
      logger.info('staff reply e-mailed to the visitor', { ticket: ticketId });
    },
  };
}

/**
 * The e-mail side, or nothing when SMTP_URL is not set (the log says so). Staff are mailed when STAFF_NOTIFY_EMAIL
 * names an address; visitors whenever SMTP is set.
 */
export function emailNotifiers(settings: EmailSettings, store: Store, logger: Logger, opts: { isWatching?: (conversationId: string) => boolean } = {}): { notifiers: Notifier[]; close: () => void } {
  if (!settings.smtpUrl) {
    logger.info('e-mail is off: set SMTP_URL (and STAFF_NOTIFY_EMAIL for urgent tickets) to send e-mail');
    return { notifiers: [], close: () => {} };
  }
  const mailer = createMailer(settings.smtpUrl, settings.from);
  const notifiers: Notifier[] = [visitorEmailNotifier({ mailer, store, logger, isWatching: opts.isWatching })];
  if (settings.staffTo.length) notifiers.push(staffEmailNotifier({ mailer, to: settings.staffTo, store, publicUrl: settings.publicUrl, logger }));
  else logger.info('staff e-mail is off: set STAFF_NOTIFY_EMAIL to be e-mailed about urgent tickets');
  logger.info('e-mail is on', { staffRecipients: settings.staffTo.length });
  return { notifiers, close: () => mailer.close() };
}
