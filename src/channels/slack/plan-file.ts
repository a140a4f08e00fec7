import type { WebClient } from '@slack/web-api';
import type { Plan } from '../../conversation/walkthrough/plan.js';
import { planToIcs, planToMarkdown } from '../../conversation/walkthrough/export.js';

const TEXT = {
  ko: { comment: '등록 계획(Markdown)과 마감·갱신 일정 캘린더(.ics)입니다.', md: '등록 계획', ics: '마감·갱신 일정' },
  en: { comment: 'Your registration plan (Markdown) and the calendar of deadlines and renewals (.ics).', md: 'Registration plan', ics: 'Deadlines and renewals' },
};

/**
 * The plan reaches Slack as files in the reply's thread: the Markdown plan and its calendar (needs `files:write`).
 * The caller posts the plan's reply first and passes its thread.
 */
export async function uploadPlanFiles(client: Pick<WebClient, 'files'>, opts: { channel: string; threadTs?: string; plan: Plan; conversationId: string }): Promise<void> {
  const t = TEXT[opts.plan.language];
  await client.files.uploadV2({
    channel_id: opts.channel,
    ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
    initial_comment: t.comment,
    file_uploads: [
      { content: planToMarkdown(opts.plan), filename: 'registration-plan.md', title: t.md },
      { content: planToIcs(opts.plan, opts.conversationId), filename: 'registration-plan.ics', title: t.ics },
    ],
  });
}
