import type { Lang } from '../retrieval/normalize.js';

/** Every sentence the engine says itself, in both languages. */
export const S = {
  help: {
    ko: '안녕하세요. 해외 세관에 지식재산권(상표·디자인·특허·저작권)을 등록해 위조품을 막도록 도와드립니다.\n\n- 질문하기: 예) "중국 세관 등록은 몇 년간 유효한가요?", "베트남 세관 억류 시 대응 기한은?"\n- 단계별 등록 안내: 시장, 권리, 서류, 비용, 갱신일까지 정리한 등록 계획을 만들어 드립니다.\n- 담당자 연결: 물품이 이미 억류되었거나 분쟁이 있으면 담당자가 직접 도와드립니다.',
    en: 'Hello. I help Korean companies record their IP (trademarks, designs, patents, copyright) with customs abroad so fakes are stopped at the border.\n\n- Ask a question, e.g. "How long is a China customs recordation valid?" or "What is the deadline after a detention in Vietnam?"\n- Step-by-step registration: I build a plan with the market, right, documents, fees and renewal date.\n- Talk to a person: if goods are already detained or there is a dispute, our staff will help directly.',
  },
  choiceStart: { ko: '단계별 등록 안내 시작', en: 'Start step-by-step registration' },
  choicePerson: { ko: '담당자 연결', en: 'Talk to a person' },
  choiceHelp: { ko: '도움말', en: 'Help' },
  thanks: { ko: '도움이 되었다니 다행입니다. 더 궁금한 점이 있으면 언제든 물어보세요.', en: 'Glad it helped. Ask me anything else whenever you like.' },
  bye: { ko: '감사합니다. 좋은 하루 보내세요. 필요하시면 언제든 다시 찾아 주세요.', en: 'Thank you, and good luck with your exports. Come back any time.' },
  ack: { ko: '네. 더 궁금한 점이 있으면 말씀해 주세요.', en: 'Sure. Tell me if there is anything else you would like to know.' },
  choicePlanFor: { ko: (n: string) => `${n} 등록 계획 만들기`, en: (n: string) => `Make a registration plan for ${n}` },
  caseStatus: {
    ko: (id: number, status: string, when: string) => `요청하신 건은 담당자에게 전달되어 있습니다 (티켓 #${id}, ${status === 'open' ? '접수됨' : status === 'claimed' ? '담당자 확인 중' : '답변됨'}). ${when} 추가로 알려 주실 내용이 있으면 여기에 남겨 주세요.`,
    en: (id: number, status: string, when: string) => `Your request is with our staff (ticket #${id}, ${status === 'open' ? 'received' : status === 'claimed' ? 'a person is on it' : 'answered'}). ${when} Anything you add here reaches them too.`,
  },
  coverage: {
    ko: (names: string) => `다음 나라·지역의 세관 지재권 등록을 안내합니다: ${names}. 여기 없는 나라는 제 자료에 없으므로, 담당자가 직접 확인해 드립니다.`,
    en: (names: string) => `I can guide you on customs IP recordation in: ${names}. For a country not listed, my sources have nothing, and our staff can look into it for you.`,
  },
  ownGoodsHeld: {
    ko: '세관이 잡은 것이 위조품이 아니라 저희 회사의 정품이고 다른 회사의 권리 침해가 의심된다는 경우라면, 권리자가 아니라 수입자 입장의 대응(세관에 서면 소명, 물품 확인, 비침해 증명)이 필요합니다. "우리 정품이 침해 의심으로 잡혔어요"라고 알려 주시면 그 절차를 안내해 드립니다.',
    en: 'If what customs hold is your own genuine goods, suspected of infringing someone else\'s right (not fakes of your brand), you are in the importer\'s position: answer customs in writing, ask to see the goods, and prove non-infringement. Tell me "our own goods are suspected of infringing" and I will walk you through it.',
  },
  choiceEdit: { ko: '답변 변경', en: 'Change an answer' },
  choiceOther: { ko: '(이전 선택)', en: '(an earlier choice)' },
  feedbackDown: { ko: '알려 주셔서 감사합니다. 더 나은 답변을 위해 참고하겠습니다.', en: 'Thanks for telling me; I will use it to do better.' },
} as const;

export const say = <K extends keyof typeof S>(key: K, lang: Lang) => S[key][lang];
