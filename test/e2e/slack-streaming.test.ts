import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startSlackApi, postSlackEvent, type SlackApi } from '../support/slack-api.js';
import { startOpenAiApi, passagesOf } from '../support/openai-api.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { checkMessage } from '../../src/channels/slack/blocks/limits.js';
import type { RunningServer } from '../../src/channels/web/server.js';

const SECRET = 'stream-secret';
let slack: SlackApi;
let model: Awaited<ReturnType<typeof startOpenAiApi>>;
let server: RunningServer;

beforeAll(async () => {
  slack = await startSlackApi();
  model = await startOpenAiApi();
  server = await startServer(
    testConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      SLACK_BOT_ID: 'BBOT',
      SLACK_BOT_USER_ID: 'UBOT',
      OPENAI_BASE_URL: model.url,
      OPENAI_MODEL: 'test-model',
      OPENAI_TIMEOUT_MS: '2000',
    }),
    createLogger('silent'),
  );
});
afterAll(async () => {
  await server?.close();
  await model?.close();
  await slack?.close();
});
beforeEach(() => slack.clear());

describe('Slack answers written by a model', () => {
  it('streams the draft into the thread, then replaces it with the final cited reply', async () => {
    model.onChat((req) => ({ content: `${passagesOf(req)[0].text.split(/(?<=다\.)\s/)[0]} 자세한 절차는 담당 대리인과 상의하시기 바랍니다. 이 답변은 지식재산처 안내 자료를 바탕으로 합니다 [1].` }));
    await postSlackEvent(server.url, SECRET, { type: 'message', channel_type: 'im', channel: 'D5', user: 'U5', ts: '1700001000.000100', text: '중국 세관 등록은 몇 년간 유효한가요?' });
    const update = await slack.waitFor('chat.update', (c) => c.body.channel === 'D5');
    const methods = slack.calls.map((c) => c.method).filter((m) => m.startsWith('chat.'));
    expect(methods.slice(0, methods.indexOf('chat.update'))).toEqual(expect.arrayContaining(['chat.startStream', 'chat.stopStream']));
    expect(methods.indexOf('chat.startStream')).toBeLessThan(methods.indexOf('chat.stopStream'));
    const start = slack.of('chat.startStream')[0];
    expect(start.body.thread_ts).toBe('1700001000.000100');
    // The final message replaces the streamed draft in place, with citations, within Block Kit limits.
    expect(update.body.ts).toBe(slack.of('chat.stopStream')[0].body.ts);
    expect(JSON.stringify(update.body.blocks)).toMatch(/10년/);
    expect(JSON.stringify(update.body.blocks)).toMatch(/출처/);
    expect(checkMessage(update.body)).toEqual([]);
    expect(slack.of('chat.postMessage').filter((c) => c.body.channel === 'D5')).toHaveLength(0);
  });

  it('never streams an ungrounded model answer: the offline answer is what the thread sees, live and final', async () => {
    model.onChat(() => ({ content: 'China charges a recordation fee of USD 9,999 per mark, payable before approval, and renewals cost the same again [1].' }));
    await postSlackEvent(server.url, SECRET, { type: 'app_mention', user: 'U6', channel: 'C6', ts: '1700001100.000100', text: '<@UBOT> What is the official fee for China customs recordation?' });
    const update = await slack.waitFor('chat.update', (c) => c.body.channel === 'C6');
    const streamed = slack.of('chat.startStream').concat(slack.of('chat.appendStream'), slack.of('chat.stopStream')).map((c) => JSON.stringify(c.body)).join(' ');
    // The model's text is checked before anything is streamed, so the invented fee is never shown, not even as a draft.
    expect(streamed).not.toMatch(/9,999/);
    expect(JSON.stringify(update.body)).not.toMatch(/9,999/);
    expect(JSON.stringify(update.body.blocks)).toMatch(/no official fee|not been charged/i);
    expect(slack.of('chat.startStream')[0].body.recipient_user_id).toBe('U6');
  });
});
