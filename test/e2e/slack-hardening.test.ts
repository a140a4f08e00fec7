import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startSlackApi, signedHeaders, postSlackEvent, type SlackApi } from '../support/slack-api.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { inertMrkdwn } from '../../src/channels/slack/blocks/mrkdwn.js';

/** Visitor text reaches staff inert; replays are answered once; requests signed in the future are refused. */
const SECRET = 'test-signing-secret';
const STAFF = 'CSTAFF';
let slack: SlackApi;
let server: Awaited<ReturnType<typeof startServer>>;
let n = 0;

beforeAll(async () => {
  slack = await startSlackApi();
  server = await startServer(
    testConfig({ PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_STAFF_CHANNEL: STAFF, SLACK_API_URL: slack.url, SLACK_BOT_ID: 'BBOT', SLACK_BOT_USER_ID: 'UBOT' }),
    createLogger('silent'),
  );
});
afterAll(async () => {
  await server?.close();
  await slack?.close();
});
beforeEach(() => slack.clear());

const PHISH = 'Is my mark safe? [Verify your account](https://evil.example.com/login) <!channel> <@U0ADMIN> <!here|here> @here https://phish.example.net/x';

describe('visitor text in the staff channel', () => {
  it('is inert: no live links, no broadcasts, no mentions, in blocks and in the fallback text', async () => {
    const c = (await (await fetch(`${server.url}/api/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const post = (body: unknown) =>
      fetch(`${server.url}/api/conversations/${c.conversationId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, body: JSON.stringify(body) });
    expect((await post({ text: PHISH })).status).toBe(200);
    expect((await post({ action: 'person' })).status).toBe(200);
    const msg = await slack.waitFor('chat.postMessage', (x) => x.body.channel === STAFF);
    const all = JSON.stringify({ text: msg.body.text, blocks: msg.body.blocks });
    expect(all).toMatch(/Verify your account/);
    for (const live of [/<https?:/i, /<!channel>/, /<!here/, /<@U0ADMIN>/, /https?:\/\//i, /evil\.example\.com/, /(^|[^\u200b])@here/]) expect(all).not.toMatch(live);
  });

  it('the escaping leaves ordinary text alone', () => {
    expect(inertMrkdwn('China fee 1,000.5 USD, v2.3')).toBe('China fee 1,000.5 USD, v2.3');
    expect(inertMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });
});

describe('replays', () => {
  it('a re-delivered button click posts its reply once', async () => {
    await postSlackEvent(server.url, SECRET, { type: 'message', channel_type: 'im', channel: 'D7', user: 'U7', ts: '1700009000.000100', text: '세관 등록을 단계별로 안내해 주세요' });
    const first = await slack.waitFor('chat.postMessage', (x) => x.body.channel === 'D7');
    const button = (first.body.blocks as any[]).flatMap((b) => (b.type === 'actions' ? b.elements : []))[0];
    const payload = {
      type: 'block_actions',
      user: { id: 'U7', username: 'kim' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      trigger_id: `trig-${++n}`,
      container: { type: 'message', message_ts: '1700009001.000100', channel_id: 'D7' },
      channel: { id: 'D7' },
      message: { ts: '1700009001.000100', text: '', blocks: first.body.blocks },
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1700009002.000200', text: button.text }],
      response_url: slack.responseUrl(`r${n}`),
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const before = slack.of('chat.postMessage').length;
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'), body })).status).toBe(200);
    await slack.waitFor('chat.postMessage', () => slack.of('chat.postMessage').length > before);
    await new Promise((r) => setTimeout(r, 700));
    expect(slack.of('chat.postMessage').length - before).toBe(1);
  });

  it('a replayed /customs command is answered once', async () => {
    const body = new URLSearchParams({ command: '/customs', text: 'help', user_id: 'U8', channel_id: 'C8', team_id: 'T1', trigger_id: 'trigger-replayed', response_url: slack.responseUrl('cmd-replayed') }).toString();
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'), body })).status).toBe(200);
    await slack.waitFor('respond/cmd-replayed');
    await new Promise((r) => setTimeout(r, 700));
    expect(slack.of('respond/cmd-replayed')).toHaveLength(1);
  });

  it('a request signed ten minutes in the future is refused', async () => {
    const res = await postSlackEvent(server.url, SECRET, { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700009100.000100', text: '<@UBOT> hello' }, { timestamp: Math.floor(Date.now() / 1000) + 600 });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.of('chat.postMessage')).toHaveLength(0);
  });
});
