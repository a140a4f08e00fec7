import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startSlackApi, signedHeaders, postSlackEvent, type SlackApi } from '../support/slack-api.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { checkMessage, checkModal } from '../../src/channels/slack/blocks/limits.js';
import type { RunningServer } from '../../src/channels/web/server.js';

const SECRET = 'test-signing-secret';
const STAFF = 'CSTAFF';
let slack: SlackApi;
let server: RunningServer;
let n = 0;

const sendEvent = (event: Record<string, unknown>, opts: { retry?: number; eventId?: string; secret?: string; timestamp?: number } = {}) =>
  postSlackEvent(server.url, opts.secret ?? SECRET, event, opts);

async function sendInteraction(payload: Record<string, unknown>) {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return fetch(`${server.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'), body });
}

function clickButton(message: { ts: string; channel: string; blocks: any[] }, label: RegExp, user = 'U1') {
  const button = message.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => label.test(e.text.text));
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(message.blocks.filter((b: any) => b.type === 'actions'))}`);
  return sendInteraction({
    type: 'block_actions',
    user: { id: user, username: 'kim' },
    team: { id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trig-${++n}`,
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
    channel: { id: message.channel },
    message: { ts: message.ts, text: '', blocks: message.blocks },
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: `${Date.now()}.${++n}`, text: button.text }],
    response_url: slack.responseUrl(`r${n}`),
  });
}

/** Each message the app sent, with its ts, as it would appear in Slack. */
const posted = () =>
  slack
    .of('chat.postMessage')
    .map((c, i): Record<string, any> => ({ ...c.body, ts: `${1_700_000_001 + i}.000100` }))
    .map((m) => ({ ...m, blocks: m.blocks ?? [] }));

beforeAll(async () => {
  slack = await startSlackApi();
  const config = testConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_STAFF_CHANNEL: STAFF,
    SLACK_API_URL: slack.url,
    SLACK_BOT_ID: 'BBOT',
    SLACK_BOT_USER_ID: 'UBOT',
  });
  server = await startServer(config, createLogger('silent'));
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});
beforeEach(() => slack.clear());

describe('Slack over HTTP (local Web API, signed requests)', () => {
  it('answers a mention in its thread, with citations, within Block Kit limits', async () => {
    const res = await sendEvent({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000100.000100', text: '<@UBOT> 중국 세관 상표 등록 유효기간은?' });
    expect(res.status).toBe(200);
    const call = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C1');
    expect(call.body.thread_ts).toBe('1700000100.000100');
    const blocks = call.body.blocks as any[];
    expect(JSON.stringify(blocks)).toMatch(/10년/);
    const context = blocks.find((b) => b.type === 'context' && /출처/.test(JSON.stringify(b)));
    expect(context.elements.slice(1).every((e: any) => /<https?:\/\/[^|]+\|.+> \(확인일 \d{4}-\d{2}-\d{2}\)/.test(e.text))).toBe(true);
    expect(checkMessage(call.body)).toEqual([]);
  });

  it('answers a retried event once', async () => {
    const event = { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000200.000100', text: '<@UBOT> How long is a China recordation valid?' };
    expect((await sendEvent(event, { eventId: 'EvRetry' })).status).toBe(200);
    await slack.waitFor('chat.postMessage', (c) => c.body.thread_ts === '1700000200.000100');
    expect((await sendEvent(event, { eventId: 'EvRetry', retry: 1 })).status).toBe(200);
    expect((await sendEvent(event, { eventId: 'EvRetry', retry: 2 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(slack.of('chat.postMessage').filter((c) => c.body.thread_ts === '1700000200.000100')).toHaveLength(1);
  });

  it('rejects a bad or stale signature with 401 and makes no call', async () => {
    const event = { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000300.000100', text: '<@UBOT> hello' };
    expect((await sendEvent(event, { secret: 'wrong' })).status).toBe(401);
    expect((await sendEvent(event, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    const unsigned = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.calls).toHaveLength(0);
  });

  it('ignores messages from bots and its own messages', async () => {
    await sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', user: 'U2', bot_id: 'B9', ts: '1700000400.000100', text: 'bot says hi' });
    await sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', subtype: 'message_changed', ts: '1700000401.000100', text: 'edit' });
    await new Promise((r) => setTimeout(r, 400));
    expect(slack.of('chat.postMessage')).toHaveLength(0);
  });

  it('completes a DM walkthrough through button actions, ending in a plan', async () => {
    await sendEvent({ type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', ts: '1700000500.000100', text: '세관 등록을 단계별로 안내해 주세요' });
    const first = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'D1');
    expect(slack.of('assistant.threads.setStatus').length).toBeGreaterThan(0);
    const steps: RegExp[] = [/^중국/, /^상표$/, /^네, 등록되어/, /^나중에 입력$/, /^아직 없음/, /^없음$/, /^있어요$/];
    let message = { ...first.body, ts: '1700000501.000100', blocks: first.body.blocks } as any;
    for (const label of steps) {
      const before = slack.of('chat.postMessage').length;
      const res = await clickButton(message, label);
      expect(res.status).toBe(200);
      const next = await slack.waitFor('chat.postMessage', (c) => slack.calls.indexOf(c) >= 0 && slack.of('chat.postMessage').indexOf(c) >= before);
      expect(next.body.thread_ts).toBe('1700000500.000100');
      message = { ...next.body, ts: `17000006${before}.000100` };
    }
    expect(JSON.stringify(message.blocks)).toMatch(/등록 계획이 준비되었습니다/);
    for (const m of posted()) expect(checkMessage(m), JSON.stringify(m.blocks).slice(0, 200)).toEqual([]);
  });

  it('posts a request for a person to the staff channel, and a staff Reply from the modal reaches the user thread', async () => {
    await sendEvent({ type: 'app_mention', user: 'U7', channel: 'C2', ts: '1700000700.000100', text: '<@UBOT> 담당자와 상담하고 싶어요' });
    const staffPost = await slack.waitFor('chat.postMessage', (c) => c.body.channel === STAFF);
    // Reasons, priorities and statuses in words, never the codes the core stores.
    expect(JSON.stringify(staffPost.body.blocks)).toMatch(/담당자 연결 요청 \/ Asked for a person/);
    expect(JSON.stringify(staffPost.body.blocks)).not.toMatch(/human_requested|"open"|\bopen\b/);
    expect(checkMessage(staffPost.body)).toEqual([]);
    const ticketMsg = { ...staffPost.body, ts: '1700000999.000100', channel: STAFF } as any;

    await clickButton(ticketMsg, /Reply$/, 'UKIPO');
    const opened = await slack.waitFor('views.open');
    expect(checkModal(opened.body.view)).toEqual([]);
    const view = opened.body.view;
    const submit = await sendInteraction({
      type: 'view_submission',
      user: { id: 'UKIPO', username: 'lee' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      view: { ...view, id: 'V1', state: { values: { reply: { text: { type: 'plain_text_input', value: '안녕하세요, 지식재산처 담당자입니다. 내일 전화드리겠습니다.' } } } } },
    });
    expect(submit.status).toBe(200);
    const delivered = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C2' && /\*담당자 답변\*/.test(JSON.stringify(c.body.blocks ?? c.body.text)));
    expect(delivered.body.thread_ts).toBe('1700000700.000100');
    expect(JSON.stringify(delivered.body.blocks)).toMatch(/내일 전화드리겠습니다/);
    // The staff message was updated in place as the ticket moved.
    const update = await slack.waitFor('chat.update', (c) => c.body.channel === STAFF);
    expect(JSON.stringify(update.body.blocks)).toMatch(/답변함 \/ Replied/);
    expect(JSON.stringify(update.body.blocks)).not.toMatch(/\banswered\b|human_requested/);
  });

  it('waits out a rate limit and retries', async () => {
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await sendEvent({ type: 'app_mention', user: 'U1', channel: 'C3', ts: '1700000800.000100', text: '<@UBOT> What does a US CBP recordation cost?' });
    const ok = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C3' && slack.of('chat.postMessage').filter((x) => x.body.channel === 'C3').length === 2, 15_000);
    expect(ok.body.thread_ts).toBe('1700000800.000100');
  });

  it('/customs help and /customs register answer the caller', async () => {
    const form = (text: string) =>
      new URLSearchParams({ command: '/customs', text, user_id: 'U1', channel_id: 'C1', team_id: 'T1', trigger_id: `t${++n}`, response_url: slack.responseUrl(`cmd${n}`) }).toString();
    for (const [text, pattern] of [
      ['help', /해외 세관|customs abroad/],
      ['register', /시장|market/],
    ] as const) {
      const body = form(text);
      const res = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'), body });
      expect(res.status).toBe(200);
      const r = await slack.waitFor(`respond/cmd${n}`);
      expect(JSON.stringify(r.body)).toMatch(pattern);
      expect(checkMessage(r.body)).toEqual([]);
    }
  });
});
