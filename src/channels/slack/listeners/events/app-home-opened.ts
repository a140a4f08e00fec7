import type { App } from '@slack/bolt';

/** Suggested prompts in both languages when a user opens the assistant's Messages tab (Slack's agent view). */
export const SUGGESTED_PROMPTS = [
  { title: '중국 세관 상표 등록', message: '중국 세관에 상표를 등록하려면 어떻게 하나요?' },
  { title: '단계별 등록 안내', message: '세관 등록을 단계별로 안내해 주세요' },
  { title: 'Goods detained?', message: 'Our goods were detained by customs. What is the deadline to respond?' },
  { title: 'Costs and support', message: 'What does customs recordation cost and which Korean support can we get?' },
];

export function registerAppHomeOpened(app: App): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'messages') return;
    await client.assistant.threads.setSuggestedPrompts({ channel_id: event.channel, title: '무엇을 도와드릴까요? · How can I help?', prompts: SUGGESTED_PROMPTS } as never);
  });
}
