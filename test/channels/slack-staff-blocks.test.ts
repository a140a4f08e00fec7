import { describe, it, expect } from 'vitest';
import { renderTicket, replyModal } from '../../src/channels/slack/blocks/render-ticket.js';
import { renderReply } from '../../src/channels/slack/blocks/render-reply.js';
import { contactModal, contactSavedModal, readContactView } from '../../src/channels/slack/blocks/render-contact.js';
import { checkContact } from '../../src/escalation/contact.js';
import { checkMessage, checkModal } from '../../src/channels/slack/blocks/limits.js';
import { STAFF_LABELS } from '../../src/escalation/notifier.js';
import type { TicketRecord } from '../../src/store/types.js';
import type { Reply } from '../../src/conversation/types.js';

const ticket = (over: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 7,
  conversationId: 'c1',
  status: 'open',
  priority: 'urgent',
  reason: 'goods_detained',
  summary: '[goods_detained] · 국가: CN · 권리: trademark · 마지막 메시지: 중국 세관에서 물품이 억류되었습니다',
  jurisdiction: 'CN',
  right: 'trademark',
  deadline: '2026-12-07',
  claimedBy: null,
  createdAt: '2026-12-02T01:00:00.000Z',
  updatedAt: '2026-12-02T01:00:00.000Z',
  ...over,
});

describe('Slack blocks for staff and for the contact form', () => {
  it('the staff post reads in words for every reason, status, priority and channel, never in codes', () => {
    const codes = [...Object.keys(STAFF_LABELS.reason), ...Object.keys(STAFF_LABELS.status), ...Object.keys(STAFF_LABELS.priority), 'trademark', 'web', 'slack'];
    for (const reason of Object.keys(STAFF_LABELS.reason))
      for (const status of ['open', 'claimed', 'answered', 'resolved'] as const)
        for (const priority of ['urgent', 'high', 'normal'] as const)
          for (const channel of ['web', 'slack']) {
            const t = ticket({ reason, status, priority, summary: `[${reason}] · 국가: CN · 권리: trademark · 마지막 메시지: 도와주세요` });
            const msg = renderTicket(t, channel);
            expect(checkMessage(msg)).toEqual([]);
            // Button values and ids carry the ticket number only; every text a person reads is free of codes.
            const read = JSON.stringify(msg.blocks.map((b) => ({ ...b, elements: undefined })));
            for (const code of codes) expect(read, `${reason} ${status} ${priority} ${channel}: ${code}`).not.toMatch(new RegExp(`(^|[^a-z_])${code}([^a-z_]|$)`));
            expect(read).toContain(STAFF_LABELS.reason[reason].ko);
            expect(read).toContain(STAFF_LABELS.reason[reason].en);
          }
    expect(JSON.stringify(replyModal(ticket()))).not.toMatch(/goods_detained|trademark\b/);
  });

  it('the staff post shows the contact details once left', () => {
    const msg = renderTicket(ticket(), 'web', { conversationId: 'c1', company: '한빛화장품', person: '김민지', email: 'minji@hanbit.example.kr', phone: null, product: '<!channel> 립밤', createdAt: '', updatedAt: '' });
    const text = JSON.stringify(msg.blocks);
    expect(text).toMatch(/연락처 \/ Contact.*한빛화장품 · 김민지 · <mailto:minji@hanbit\.example\.kr\|minji@hanbit\.example\.kr>/);
    expect(text).not.toContain('<!channel>');
  });

  it('a reply that opened a ticket offers the contact form (not once the ticket is resolved), with its priority in words', () => {
    const reply = (status: TicketRecord['status'], language: 'ko' | 'en'): Reply => ({
      conversationId: 'c1',
      messageId: '11111111-2222-3333-4444-555555555555',
      text: language === 'ko' ? '담당자에게 연결했습니다.' : 'A person will reply.',
      language,
      citations: [],
      choices: [],
      ticket: { id: 7, priority: 'urgent', reason: 'goods_detained', status, deadline: null },
      plan: null,
      confidence: null,
      escalate: true,
      kind: 'ticket',
    });
    for (const lang of ['ko', 'en'] as const) {
      const [m] = renderReply(reply('open', lang));
      expect(checkMessage(m)).toEqual([]);
      const button = m.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === 'cia_contact_open');
      expect(button.text.text).toBe(lang === 'ko' ? '연락처 남기기 (선택)' : 'Leave contact details (optional)');
      expect(JSON.parse(button.value)).toEqual({ c: 'c1', a: 'contact:7' });
      expect(JSON.stringify(m.blocks)).toContain(lang === 'ko' ? '긴급' : 'Urgent');
      expect(JSON.stringify(m.blocks)).not.toMatch(/· urgent/);
      const [closed] = renderReply(reply('resolved', lang));
      expect(JSON.stringify(closed.blocks)).not.toContain('cia_contact_open');
    }
  });

  it('the contact modal: the widget’s fields in the user’s language, prefilled; read back and checked by the web’s rules', () => {
    for (const l of ['ko', 'en'] as const) {
      const view = contactModal({ c: 'c1', t: 7, l }, { company: '한빛화장품', email: 'minji@hanbit.example.kr' });
      expect(checkModal(view)).toEqual([]);
      const inputs = (view.blocks as any[]).filter((b) => b.type === 'input');
      expect(inputs.map((b) => b.block_id)).toEqual(['company', 'person', 'email', 'phone', 'product']);
      expect(inputs[0].element.initial_value).toBe('한빛화장품');
      expect(inputs[1].element.initial_value).toBeUndefined();
      expect(JSON.parse(view.private_metadata as string)).toEqual({ c: 'c1', t: 7, l });
      expect(checkModal(contactSavedModal(l, { company: 'A', person: null, email: null, phone: null, product: null }))).toEqual([]);
    }
    const read = readContactView({ company: { value: { value: ' 한빛 ' } }, email: { value: { value: null } } });
    expect(read).toEqual({ company: ' 한빛 ', person: '', email: '', phone: '', product: '' });

    expect(checkContact({ person: '김민지' }, 'ko')).toEqual({ errors: { company: expect.stringMatching(/하나 이상/) } });
    expect(checkContact({ email: 'a@b' }, 'en')).toEqual({ errors: { email: expect.stringMatching(/not an e-mail/) } });
    expect(checkContact({ phone: 'call me' }, 'en')).toEqual({ errors: { phone: expect.stringMatching(/digits/) } });
    expect(checkContact({ company: 'x'.repeat(201) }, 'en')).toEqual({ errors: { company: 'Too long.' } });
    expect(checkContact({ company: ' 한빛 ', email: 'Minji@Hanbit.Example.kr', phone: '+82 2 555 0100', person: '' }, 'ko')).toEqual({
      fields: { company: '한빛', person: null, email: 'minji@hanbit.example.kr', phone: '+82 2 555 0100', product: null },
    });
  });
});
