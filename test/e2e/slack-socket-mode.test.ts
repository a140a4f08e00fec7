import { describe, it, expect, afterAll } from 'vitest';
import { startSlackApi, type SlackApi } from '../support/slack-api.js';
import { startSocketModeServer } from '../support/socket-mode.js';
import { testConfig } from '../support/core.js';
import { startServer } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';

let slack: SlackApi;
let socket: Awaited<ReturnType<typeof startSocketModeServer>>;
let server: Awaited<ReturnType<typeof startServer>>;

afterAll(async () => {
  await server?.close();
  await socket?.close();
  await slack?.close();
});

describe('Slack in Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects with the app token, acks an event over the socket and answers in the thread', async () => {
    socket = await startSocketModeServer();
    slack = await startSlackApi({ socketModeUrl: socket.url });
    server = await startServer(
      testConfig({ PORT: '0', HOST: '127.0.0.1', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.url, SLACK_BOT_ID: 'BBOT', SLACK_BOT_USER_ID: 'UBOT' }),
      createLogger('silent'),
    );
    await socket.waitForConnection();
    expect(slack.of('apps.connections.open')).toHaveLength(1);
    // No HTTP endpoint in Socket Mode.
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);

    socket.pushEvent('env-1', { type: 'app_mention', user: 'U1', channel: 'C9', ts: '1700002000.000100', text: '<@UBOT> 일본 세관 등록 유효기간은?' });
    const post = await slack.waitFor('chat.postMessage', (c) => c.body.channel === 'C9');
    expect(socket.acks.map((a) => a.envelope_id)).toContain('env-1');
    expect(post.body.thread_ts).toBe('1700002000.000100');
    expect(JSON.stringify(post.body.blocks)).toMatch(/일본/);
  });
});
