import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { assembleApp, type App } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../support/core.js';
import { startOpenAiApi, passagesOf, type ModelRequest } from '../support/openai-api.js';
import { takeEscalationLine } from '../../src/model/escalation-line.js';

type Api = Awaited<ReturnType<typeof startOpenAiApi>>;
let api: Api;
let app: App;

/** A grounded answer to an answer request; a plain line to any other (the staff summary of a ticket). */
const grounded = (req: ModelRequest) => {
  const first = passagesOf(req)[0];
  return first ? `${first.text.split(/(?<=[.다])\s/)[0]} [1]` : 'The company reports goods held by customs.';
};

beforeAll(async () => {
  api = await startOpenAiApi();
  app = await assembleApp(testConfig({ OPENAI_BASE_URL: api.url, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '800' }), createLogger('silent'));
});
afterAll(async () => {
  await app?.close();
  await api?.close();
});

describe('a model can add an escalation, never remove one', () => {
  it('reads the escalation line and takes it out of the answer', () => {
    expect(takeEscalationLine('Valid for 10 years [1].\nESCALATE: goods_detained')).toEqual({ text: 'Valid for 10 years [1].', proposed: ['goods_detained'] });
    expect(takeEscalationLine('Valid [1].\nESCALATE: cancel_everything')).toEqual({ text: 'Valid [1].', proposed: [] });
  });

  it('opens a ticket for a case the model saw, and the line never reaches the user', async () => {
    api.onChat((req) => ({ content: `${grounded(req)}\nESCALATE: goods_detained` }));
    const deltas: string[] = [];
    const text = 'How long is a China customs recordation valid? Asking for the shipment in Qingdao.';
    // The reading alone sees no case here: the ticket below comes from the model's line.
    expect(app.understand(text).situation.goodsHeld.on).toBe(false);
    const r = await app.assistant.handle({ channel: 'cli', externalRef: 'model-adds', userId: 't', text }, { onDelta: (d) => deltas.push(d) });
    expect(r.ticket).toMatchObject({ reason: 'goods_detained', priority: 'urgent' });
    expect(r.text).not.toMatch(/ESCALATE/);
    expect(deltas.join('')).not.toMatch(/ESCALATE/);
  });

  it('keeps the escalation the policy made when the model proposes none', async () => {
    api.onChat((req) => ({ content: grounded(req) }));
    const r = await app.assistant.handle({ channel: 'cli', externalRef: 'model-silent', userId: 't', text: '베트남 세관에서 저희 화장품이 억류됐어요' });
    expect(r.ticket).toMatchObject({ reason: 'goods_detained', priority: 'urgent' });
    expect(r.escalate).toBe(true);
  });

  it('adds nothing for a plain question the model sees no case in', async () => {
    api.onChat((req) => ({ content: grounded(req) }));
    const r = await app.assistant.handle({ channel: 'cli', externalRef: 'model-plain', userId: 't', text: 'How long is a Japan customs recordation valid?' });
    expect(r.ticket).toBeNull();
    expect(r.escalate).toBe(false);
  });
});
