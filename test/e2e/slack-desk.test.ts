import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startSlackApi, signedHeaders, postSlackEvent, type SlackApi } from '../support/slack-api.js';
import { withFileUploads } from '../support/slack-files.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { checkMessage, checkModal } from '../../src/channels/slack/blocks/limits.js';

/**
 * The Slack side of the staff desk against the local Web API server: the plan as files in the thread (or the caller's
 * DM), the contact form as a modal on escalation, the staff post in words, and the internal-note shortcut.
 */
const SECRET = 'test-signing-secret';
const STAFF = 'CSTAFF';
let slack: SlackApi;
let files: Awaited<ReturnType<typeof withFileUploads>>;
let server: Awaited<ReturnType<typeof startServer>>;
let n = 0;

async function sendInteraction(payload: Record<string, unknown>) {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return fetch(`${server.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'), body });
}

const buttons = (blocks: any[]) => blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : []));

function clickButton(message: { ts: string; channel: string; blocks: any[]; thread_ts?: string }, label: RegExp, user = 'U1') {
  const button = buttons(message.blocks).find((e: any) => label.test(e.text.text));
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(message.blocks.filter((b: any) => b.type === 'actions'))}`);
  return sendInteraction({
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase() },
    team: { id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trig-${++n}`,
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
    channel: { id: message.channel },
    message: { ts: message.ts, thread_ts: message.thread_ts, text: '', blocks: message.blocks },
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: `${Date.now()}.${++n}`, text: button.text }],
    response_url: slack.responseUrl(`r${n}`),
  });
}

const submitView = (view: any, values: Record<string, Record<string, { type: string; value: string | null }>>, user = 'U1') =>
  sendInteraction({ type: 'view_submission', user: { id: user, username: user.toLowerCase() }, team: { id: 'T1' }, api_app_id: 'A1', view: { ...view, id: 'V1', state: { values } } });

const contactValues = (v: Partial<Record<'company' | 'person' | 'email' | 'phone' | 'product', string>>) =>
  Object.fromEntries(['company', 'person', 'email', 'phone', 'product'].map((k) => [k, { value: { type: 'plain_text_input', value: v[k as keyof typeof v] ?? null } }]));

/** The next postMessage to a channel after `before` calls of it. */
const nextPost = (channel: string, before: number) =>
  slack.waitFor('chat.postMessage', (c) => c.body.channel === channel && slack.of('chat.postMessage').indexOf(c) >= before, 15_000);

const WALK: RegExp[] = [/^중국/, /^상표$/, /^네, 등록되어/, /^나중에 입력$/, /^아직 없음/, /^없음$/, /^있어요$/];

beforeAll(async () => {
  slack = await startSlackApi();
  files = await withFileUploads(slack);
  server = await startServer(
    testConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_STAFF_CHANNEL: STAFF,
      SLACK_API_URL: files.url,
      SLACK_BOT_ID: 'BBOT',
      SLACK_BOT_USER_ID: 'UBOT',
    }),
    createLogger('silent'),
  );
});
afterAll(async () => {
  await server?.close();
  await files?.close();
  await slack?.close();
});
beforeEach(() => {
  slack.clear();
  files.uploads.splice(0);
});

describe('Slack: plan files, contact details on escalation, the staff post in words, internal notes', () => {
  it('a walkthrough ending in a plan posts the plan (.md) and its calendar (.ics) in the thread', async () => {
    await postSlackEvent(server.url, SECRET, { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', ts: '1700001000.000100', text: '세관 등록을 단계별로 안내해 주세요' });
    const first = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'D1');
    let message: any = { ...first.body, ts: '1700001001.000100' };
    for (const label of WALK) {
      const before = slack.of('chat.postMessage').length;
      expect((await clickButton(message, label)).status).toBe(200);
      const next = await nextPost('D1', before);
      message = { ...next.body, ts: `17000011${before}.000100` };
    }
    expect(JSON.stringify(message.blocks)).toMatch(/등록 계획이 준비되었습니다/);
    const done = await slack.waitFor('files.completeUploadExternal', () => true, 15_000);
    expect(done.body.channel_id).toBe('D1');
    expect(done.body.thread_ts).toBe('1700001000.000100');
    expect(done.body.initial_comment).toMatch(/등록 계획\(Markdown\)과 마감·갱신 일정 캘린더\(\.ics\)/);
    const byName = Object.fromEntries(files.uploads.map((u) => [u.filename, u.content]));
    expect(Object.keys(byName).sort()).toEqual(['registration-plan.ics', 'registration-plan.md']);
    expect(byName['registration-plan.md']).toMatch(/^# 해외 세관 지식재산권 등록 계획/);
    expect(byName['registration-plan.ics']).toMatch(/^BEGIN:VCALENDAR[\s\S]*END:VCALENDAR\s*$/);
    // Once: the plan's files are not posted again for the same reply.
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.of('files.completeUploadExternal')).toHaveLength(1);
  });

  it('a plan reached from /customs (a reply only the caller sees) sends its files to the caller’s DM, not the channel', async () => {
    const form = new URLSearchParams({ command: '/customs', text: 'register', user_id: 'U5', channel_id: 'C9', team_id: 'T1', trigger_id: `t${++n}`, response_url: slack.responseUrl(`cmd${n}`) }).toString();
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, form, 'application/x-www-form-urlencoded'), body: form })).status).toBe(200);
    let r = await slack.waitFor(`respond/cmd${n}`);
    for (const label of WALK) {
      const before = slack.calls.length;
      expect((await clickButton({ ts: '1700002000.000100', channel: 'C9', blocks: r.body.blocks }, label, 'U5')).status).toBe(200);
      r = await slack.waitFor(`respond/r${n}`, (c) => slack.calls.indexOf(c) >= before, 15_000);
    }
    const done = await slack.waitFor('files.completeUploadExternal', () => true, 15_000);
    expect((await slack.waitFor('conversations.open')).body.users).toBe('U5');
    expect(done.body.channel_id).toBe('D5');
    expect(done.body.thread_ts).toBeUndefined();
    expect(slack.of('chat.postMessage').filter((c) => c.body.channel === 'C9')).toEqual([]);
  });

  it('on escalation the user leaves contact details in a modal; they are stored, audited and shown on the staff post, which reads in words', async () => {
    const store = server.app.store;
    await postSlackEvent(server.url, SECRET, { type: 'app_mention', user: 'U7', channel: 'C2', ts: '1700003000.000100', text: '<@UBOT> 중국 세관에서 우리 상표 제품이 억류되었다는 통지를 어제 받았습니다' });
    const reply = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C2' && /연락처 남기기/.test(JSON.stringify(c.body.blocks ?? [])), 15_000);
    expect(checkMessage(reply.body)).toEqual([]);
    const text = JSON.stringify(reply.body.blocks);
    const ticketId = Number(/티켓 #(\d+)/.exec(text)![1]);
    expect(text).toMatch(/긴급/);
    expect(text).toMatch(/담당자 답변은 이 스레드로 옵니다/);

    // The staff post: reasons, priority, status, market and channel in words, never codes.
    const staffPost = await slack.waitFor('chat.postMessage', (c) => c.body.channel === STAFF && JSON.stringify(c.body.blocks).includes(`#${ticketId}`));
    const post = JSON.stringify(staffPost.body.blocks);
    for (const words of ['세관 물품 억류 / Goods detained by customs', '긴급 / Urgent', '접수됨 / New', '중국 / China', '슬랙 / Slack']) expect(post).toContain(words);
    for (const code of ['goods_detained', '"urgent"', ' open', '[goods_detained]', 'URGENT', 'CN ·']) expect(post).not.toContain(code);
    expect(checkMessage(staffPost.body)).toEqual([]);

    const msg = { ...reply.body, ts: '1700003001.000100', channel: 'C2' } as any;
    // Someone else in the channel: told privately that the form is not theirs; no modal.
    await clickButton(msg, /연락처 남기기/, 'U8');
    const refused = await slack.waitFor('chat.postEphemeral', (c) => c.body.user === 'U8');
    expect(refused.body.text).toMatch(/이 대화를 시작한 분만/);
    expect(slack.of('views.open')).toHaveLength(0);

    // The person who asked: the form, in Korean, every field optional.
    await clickButton(msg, /연락처 남기기/, 'U7');
    const opened = await slack.waitFor('views.open');
    const view = opened.body.view;
    expect(checkModal(view)).toEqual([]);
    expect(view.callback_id).toBe('cia_contact_view');
    const inputs = view.blocks.filter((b: any) => b.type === 'input');
    expect(inputs.map((b: any) => b.label.text)).toEqual(['회사명', '담당자 이름', '이메일', '전화번호', '제품 또는 브랜드']);
    expect(inputs.every((b: any) => b.optional === true)).toBe(true);
    expect(JSON.stringify(view.blocks[0])).toMatch(/이 요청에만 씁니다/);

    // Nothing that reaches the company, then a mistyped e-mail: errors on their fields, nothing stored.
    let res = await submitView(view, contactValues({ person: '김민지' }), 'U7');
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { company: expect.stringMatching(/하나 이상/) } });
    res = await submitView(view, contactValues({ company: '한빛화장품', email: 'minji@hanbit' }), 'U7');
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { email: expect.stringMatching(/이메일 주소 형식/) } });
    // Not the person who asked: refused even with a forged submission.
    res = await submitView(view, contactValues({ company: 'Someone else' }), 'U8');
    expect((await res.json()).response_action).toBe('errors');
    const ticket = (await store.getTicket(ticketId))!;
    expect(await store.getContact(ticket.conversationId)).toBeNull();

    res = await submitView(view, contactValues({ company: '한빛화장품', person: '김민지', email: 'Minji@Hanbit.example.kr', phone: '02-555-0100', product: 'HANBIT 립밤' }), 'U7');
    const saved = await res.json();
    expect(saved.response_action).toBe('update');
    expect(JSON.stringify(saved.view)).toMatch(/연락처를 받았습니다[\s\S]*한빛화장품/);
    expect(await store.getContact(ticket.conversationId)).toEqual(
      expect.objectContaining({ company: '한빛화장품', person: '김민지', email: 'minji@hanbit.example.kr', phone: '02-555-0100', product: 'HANBIT 립밤' }),
    );
    const audit = await store.listAudit('ticket', String(ticketId));
    expect(audit.find((a: { action: string }) => a.action === 'contact')).toEqual(expect.objectContaining({ actor: 'slack:U7' }));
    const events = await store.eventsAfter(ticket.conversationId, 0);
    expect(events.find((e: { type: string }) => e.type === 'contact.saved')?.data).toEqual({ ticketId });

    // The staff post is updated with the contact details.
    const staffTs = await store.getMeta('slack-ticket-message', String(ticketId));
    const updated = await slack.waitFor('chat.update', (c) => c.body.channel === STAFF && c.body.ts === staffTs && JSON.stringify(c.body.blocks).includes('한빛화장품'));
    expect(JSON.stringify(updated.body.blocks)).toMatch(/연락처 \/ Contact/);

    // Opened again: what was left is in the fields.
    await clickButton(msg, /연락처 남기기/, 'U7');
    const again = (await slack.waitFor('views.open', (c) => slack.of('views.open').indexOf(c) === 1)).body.view;
    const initial = Object.fromEntries(again.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, b.element.initial_value]));
    expect(initial).toEqual({ company: '한빛화장품', person: '김민지', email: 'minji@hanbit.example.kr', phone: '02-555-0100', product: 'HANBIT 립밤' });
  });

  it('the internal-note shortcut is registered: on a ticket’s staff post it opens the note modal and keeps the note from the user', async () => {
    const store = server.app.store;
    await postSlackEvent(server.url, SECRET, { type: 'app_mention', user: 'U3', channel: 'C4', ts: '1700004000.000100', text: '<@UBOT> 담당자와 상담하고 싶어요' });
    const staffPost = await slack.waitFor('chat.postMessage', (c) => c.body.channel === STAFF, 15_000);
    const ticketId = Number(/#(\d+)/.exec(staffPost.body.text)![1]);
    // The post's ts is stored just after Slack answers the post.
    let ts: string | null = null;
    await expect.poll(async () => (ts = await store.getMeta('slack-ticket-message', String(ticketId)))).toBeTruthy();
    const shortcut = await sendInteraction({
      type: 'message_action',
      callback_id: 'cia_ticket_note',
      trigger_id: `trig-${++n}`,
      user: { id: 'UKIPO', username: 'lee' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      channel: { id: STAFF, name: 'staff' },
      message: { type: 'message', ts, text: staffPost.body.text },
      message_ts: ts,
      response_url: slack.responseUrl(`s${n}`),
    });
    expect(shortcut.status).toBe(200);
    const opened = await slack.waitFor('views.open');
    expect(opened.body.view.callback_id).toBe('cia_ticket_note_view');
    expect(checkModal(opened.body.view)).toEqual([]);
    const res = await submitView(opened.body.view, { note: { text: { type: 'plain_text_input', value: '작년에도 같은 브랜드 건 있었음 (내부용)' } } }, 'UKIPO');
    expect(res.status).toBe(200);
    const inThread = await slack.waitFor('chat.postMessage', (c) => c.body.channel === STAFF && c.body.thread_ts === ts);
    expect(inThread.body.text).toMatch(/내부 메모 \/ Internal note/);
    expect((await store.listTicketNotes(ticketId)).map((x: { text: string }) => x.text)).toEqual(['작년에도 같은 브랜드 건 있었음 (내부용)']);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.of('chat.postMessage').filter((c) => c.body.channel === 'C4' && JSON.stringify(c.body).includes('내부용'))).toEqual([]);
  });
});
