import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildPlan } from '../../src/conversation/walkthrough/plan.js';
import { uploadPlanFiles } from '../../src/channels/slack/plan-file.js';

describe('Slack: the plan as files, and only the scopes the app uses', () => {
  it('uploads the Markdown plan and its calendar into the reply thread', async () => {
    const kb = loadKnowledge('knowledge');
    const plan = buildPlan({ answers: { markets: ['VN'], right: 'trademark', registered: 'yes', agent: 'have' }, profiles: new Map(kb.profiles.map((p) => [p.code, p])), pages: kb.pages, lang: 'ko', now: new Date('2026-12-02T01:00:00Z') });
    const calls: unknown[] = [];
    const client = { files: { uploadV2: async (args: unknown) => (calls.push(args), { ok: true }) } } as unknown as Parameters<typeof uploadPlanFiles>[0];
    await uploadPlanFiles(client, { channel: 'D1', threadTs: '1700000000.000100', plan, conversationId: 'c1' });
    const args = calls[0] as { channel_id: string; thread_ts: string; file_uploads: Array<{ filename: string; content: string }> };
    expect(args.channel_id).toBe('D1');
    expect(args.thread_ts).toBe('1700000000.000100');
    expect(args.file_uploads.map((f) => f.filename)).toEqual(['registration-plan.md', 'registration-plan.ics']);
    expect(args.file_uploads[0].content).toMatch(/^# 해외 세관 지식재산권 등록 계획/);
    expect(args.file_uploads[1].content).toMatch(/^BEGIN:VCALENDAR[\s\S]*renewal_deadline/);
  });

  it('the manifest asks only for scopes the code uses', () => {
    const manifest = YAML.parse(readFileSync('slack/manifest.yaml', 'utf8'));
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    expect(scopes.sort()).toEqual(['app_mentions:read', 'assistant:write', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write']);
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    // Each event needs its scope: app_mention → app_mentions:read, message.im → im:history.
    expect(events).toContain('app_mention');
    expect(events).toContain('message.im');
  });
});
