import type { Lang } from '../core/lang.js';

/** The question asked when staff close a web visitor's request, and the scale it is answered on (1 to 5). */
export const SURVEY_S = {
  ask: {
    ko: (id: number) => `요청 #${id}이(가) 완료 처리되었습니다. 담당자의 도움에 얼마나 만족하셨나요?`,
    en: (id: number) => `Request #${id} has been closed. How satisfied are you with the help you got from our staff?`,
  },
} satisfies Record<string, Record<Lang, unknown>>;
