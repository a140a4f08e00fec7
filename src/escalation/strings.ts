import type { Lang } from '../core/lang.js';

/** What the ticket side tells the user, in both languages. */
export const TS = {
  ticketOpened: {
    ko: (id: number, when: string) => `담당자 연결을 요청했습니다 (티켓 #${id}). ${when}`,
    en: (id: number, when: string) => `I have asked a person to take this (ticket #${id}). ${when}`,
  },
  ticketAlready: {
    ko: (id: number) => `이미 담당자에게 전달된 요청이 있습니다 (티켓 #${id}). 추가로 남기신 내용도 함께 전달했습니다.`,
    en: (id: number) => `Your request is already with our staff (ticket #${id}); I have added this message to it.`,
  },
  caseUpdated: {
    ko: (id: number) => `티켓 #${id}에 반영해 담당자에게 알렸습니다.`,
    en: (id: number) => `I have updated ticket #${id} and told our staff.`,
  },
  urgentDeadline: {
    ko: (d: string, basis: string) => `⚠️ 대응 기한: ${d}까지 (${basis}). 기한을 넘기면 물품이 통관될 수 있으니 서둘러 주세요. 통지서에 적힌 기한이 다르면 통지서를 따르세요.`,
    en: (d: string, basis: string) => `⚠️ Response deadline: ${d} (${basis}). If it passes, the goods may be released, so please act quickly. If the notice states another date, the notice prevails.`,
  },
  urgentNoDeadline: {
    ko: '대응 기한이 짧을 수 있습니다. 받은 통지서의 날짜와 기한을 확인해 담당자에게 알려 주세요.',
    en: 'The deadline may be short. Check the date and deadline on the notice you received and tell our staff.',
  },
  askCountryForDetention: {
    ko: '어느 나라 세관에서 억류되었는지, 통지를 받은 날짜와 함께 알려 주시면 기한을 계산해 드립니다.',
    en: "Tell me which country's customs detained the goods and the date of the notice, and I will work out the deadline.",
  },
} as const satisfies Record<string, Record<Lang, unknown>>;
