import type { Lang } from '../../../core/lang.js';

/** The contact form's fields, in the order shown. */
export type ContactField = 'company' | 'person' | 'email' | 'phone' | 'product';

/** Every text the widget shows, in Korean and English; a text with a number or an hour in it is a function. */
export interface Strings {
  title: string;
  subtitle: string;
  open: string;
  close: string;
  home: string;
  placeholder: string;
  inputHint: string;
  inputLabel: string;
  send: string;
  person: string;
  typing: string;
  sources: string;
  verified: string;
  helpful: string;
  notHelpful: string;
  thanks: string;
  staff: string;
  you: string;
  bot: string;
  ticket: string;
  deadline: string;
  planMd: string;
  planIcs: string;
  offline: string;
  error: string;
  tooLong: string;
  start: string;
  lang: string;
  langLabel: string;
  newChat: string;
  chose: string;
  earlier: string;
  chosen: string;
  homeIntro: string;
  can: string[];
  canHeading: string;
  suggestHeading: string;
  suggestions: string[];
  hoursHeading: string;
  hours: (open: string, close: string) => string;
  openNow: string;
  closedNow: string;
  historyHeading: string;
  historyEmpty: string;
  current: string;
  untitled: string;
  openTicket: (id: number) => string;
  unreadN: (n: number) => string;
  continueChat: string;
  transcript: string;
  transcriptTitle: string;
  downloaded: string;
  confirmNewTitle: string;
  confirmNew: (id: number) => string;
  confirmYes: string;
  confirmNo: string;
  launcherUnread: (n: number) => string;
  newReplies: (n: number) => string;
  newMarker: string;
  ticketResolved: string;
  contactTitle: string;
  contactWhy: string;
  contactFields: Record<ContactField, string>;
  contactNeed: string;
  contactSend: string;
  contactLater: string;
  contactOpen: string;
  contactSaved: string;
  contactEdit: string;
  contactCancel: string;
  contactEmailBad: string;
  contactPhoneBad: string;
  contactNoTicket: string;
  contactOffer: string;
  contactSending: string;
  attach: string;
  attachHint: string;
  uploading: string;
  fileTooLarge: (mb: number) => string;
  fileType: string;
  fileQuota: string;
  surveyScale: [string, string, string, string, string];
  surveyThanks: (score: number) => string;
  surveyGroup: string;
}

export const STRINGS: Record<Lang, Strings> = {
  ko: {
    title: '해외 세관 지재권 등록 도우미',
    subtitle: '상표·디자인·특허를 해외 세관에 등록해 위조품을 막으세요',
    open: '상담 창 열기',
    close: '상담 창 닫기',
    home: '처음 화면',
    placeholder: '질문을 입력하세요',
    inputHint: 'Enter로 보내고 Shift+Enter로 줄을 바꿉니다.',
    inputLabel: '질문 입력',
    send: '보내기',
    person: '담당자 연결',
    typing: '답변을 작성하고 있습니다…',
    sources: '출처',
    verified: '확인일',
    helpful: '도움이 됐어요',
    notHelpful: '도움이 안 됐어요',
    thanks: '의견 감사합니다',
    staff: '담당자',
    you: '나',
    bot: '도우미',
    ticket: '티켓',
    deadline: '대응 기한',
    planMd: '등록 계획 내려받기 (Markdown)',
    planIcs: '갱신·제출 일정 캘린더 (.ics)',
    offline: '연결이 끊겼습니다. 다시 연결하는 중…',
    error: '메시지를 보내지 못했습니다. 다시 시도해 주세요.',
    tooLong: '메시지가 너무 깁니다 (최대 4000자).',
    start: '등록 계획 세우기 시작',
    lang: 'English',
    langLabel: 'Switch to English',
    newChat: '새 대화',
    chose: '선택함',
    earlier: '지난 단계의 선택지입니다',
    chosen: '선택함:',
    homeIntro: '해외 세관에 지식재산권(상표·디자인·특허·저작권)을 등록하는 방법을 안내합니다.',
    can: ['나라별 세관 등록 절차, 서류, 수수료, 유효기간을 출처와 함께 알려 드립니다', '시장과 권리를 고르면 날짜와 담당이 적힌 등록 계획과 캘린더를 만들어 드립니다', '물품이 억류됐거나 판단이 어려운 경우 담당자에게 연결해 드립니다'],
    canHeading: '할 수 있는 일',
    suggestHeading: '이런 질문을 해 보세요',
    suggestions: ['중국 세관에 상표를 등록하려면 어떤 서류가 필요한가요?', '베트남 세관 등록은 얼마 동안 유효한가요?', '세관에서 위조품 의심 물품을 억류했다는 통지를 받았어요', '해외 세관 등록 비용을 지원하는 사업이 있나요?'],
    hoursHeading: '담당자 상담 시간',
    hours: (o: string, c: string) => '평일 ' + o + '–' + c + ' (한국 시간)',
    openNow: '지금은 상담 시간입니다. 담당자 답변은 보통 오늘 안에 드립니다.',
    closedNow: '지금은 상담 시간이 아닙니다. 담당자 답변은 다음 상담 시간에 드립니다. 도우미는 언제든 답합니다.',
    historyHeading: '이 브라우저의 대화',
    historyEmpty: '아직 대화가 없습니다.',
    current: '현재 대화',
    untitled: '제목 없는 대화',
    openTicket: (id: number) => '티켓 #' + id + ' 진행 중',
    unreadN: (n: number) => '새 답변 ' + n + '개',
    continueChat: '대화 계속하기',
    transcript: '대화 내용 내려받기',
    transcriptTitle: '대화 기록',
    downloaded: '내려받은 때',
    confirmNewTitle: '진행 중인 티켓이 있습니다',
    confirmNew: (id: number) => '이 대화의 티켓 #' + id + '은(는) 아직 진행 중입니다. 새 대화를 시작해도 이 대화는 "이 브라우저의 대화"에 남고, 담당자 답변이 오면 알려 드립니다.',
    confirmYes: '새 대화 시작',
    confirmNo: '취소',
    launcherUnread: (n: number) => '상담 창 열기 (담당자 새 답변: ' + n + ')',
    newReplies: (n: number) => '담당자의 새 답변 ' + n + '개가 있습니다.',
    newMarker: '새 답변',
    ticketResolved: '티켓이 해결됨으로 표시되었습니다.',
    contactTitle: '연락처 남기기 (선택)',
    contactWhy: '담당자가 회사에 연락하고, 상담 창을 닫은 뒤에도 답변을 이메일로 보내 드리는 데에만 씁니다.',
    contactFields: { company: '회사명', person: '담당자 이름', email: '이메일', phone: '전화번호', product: '제품 또는 브랜드' },
    contactNeed: '회사명, 이메일, 전화번호 중 하나 이상을 적어 주세요.',
    attach: '파일 첨부 (세관 통지서, 위조품 사진)',
    attachHint: 'PDF, JPEG, PNG, WebP, GIF, HEIC 파일을 담당자에게 보낼 수 있습니다.',
    uploading: '파일을 올리는 중…',
    fileTooLarge: (mb: number) => '파일이 너무 큽니다. ' + mb + ' MB 이하 파일만 올릴 수 있습니다.',
    fileType: 'PDF, JPEG, PNG, WebP, GIF, HEIC 파일만 첨부할 수 있습니다.',
    fileQuota: '이 대화에는 더 이상 파일을 올릴 수 없습니다. 담당자에게 다른 방법을 문의하세요.',
    surveyScale: ['매우 불만족', '불만족', '보통', '만족', '매우 만족'],
    surveyThanks: (score: number) => '평가해 주셔서 감사합니다 (' + score + '/5). 바꾸려면 다시 선택하세요.',
    surveyGroup: '담당자 도움 만족도',
    contactSend: '연락처 보내기',
    contactLater: '나중에',
    contactOpen: '연락처 남기기',
    contactSaved: '연락처를 받았습니다. 담당자가 이 연락처로 연락드립니다.',
    contactEdit: '연락처 수정',
    contactCancel: '취소',
    contactEmailBad: '이메일 주소 형식이 올바르지 않습니다 (예: name@company.co.kr).',
    contactPhoneBad: '전화번호는 숫자로 적어 주세요 (예: 02-555-0100).',
    contactNoTicket: '이 대화에는 진행 중인 담당자 요청이 없어 연락처를 받을 수 없습니다.',
    contactOffer: '아래에 연락처를 남길 수 있습니다 (선택).',
    contactSending: '보내는 중…',
  },
  en: {
    title: 'Customs IP registration assistant',
    subtitle: 'Record your trademarks, designs and patents with customs abroad to stop fakes',
    open: 'Open chat',
    close: 'Close chat',
    home: 'Home',
    placeholder: 'Type your question',
    inputHint: 'Enter sends; Shift+Enter starts a new line.',
    inputLabel: 'Your question',
    send: 'Send',
    person: 'Talk to a person',
    typing: 'Writing an answer…',
    sources: 'Sources',
    verified: 'verified',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    thanks: 'Thanks for the feedback',
    staff: 'Staff',
    you: 'You',
    bot: 'Assistant',
    ticket: 'Ticket',
    deadline: 'Deadline',
    planMd: 'Download the plan (Markdown)',
    planIcs: 'Deadlines and renewals (.ics calendar)',
    offline: 'Connection lost. Reconnecting…',
    error: 'The message could not be sent. Please try again.',
    tooLong: 'The message is too long (4000 characters at most).',
    start: 'Start a registration plan',
    lang: '한국어',
    langLabel: '한국어로 전환',
    newChat: 'New chat',
    chose: 'Chosen',
    earlier: 'Options from an earlier step',
    chosen: 'Chosen:',
    homeIntro: 'I help Korean companies record their IP (trademarks, designs, patents, copyright) with customs abroad.',
    can: ["Each country's customs recordation: procedure, documents, fees and validity, with sources", 'A registration plan with dates and who does what, and a calendar of deadlines', 'A person from our staff for detained goods and difficult cases'],
    canHeading: 'What I can do',
    suggestHeading: 'Try asking',
    suggestions: ['What documents does China customs need to record a trademark?', 'How long is a customs recordation in Vietnam valid?', 'Customs told me they detained suspected fakes of our product', 'Is there Korean support for the cost of customs recordation?'],
    hoursHeading: 'Staff hours',
    hours: (o: string, c: string) => 'Weekdays ' + o + '–' + c + ' (Korea time)',
    openNow: 'Staff are in now: a person usually replies today.',
    closedNow: 'Staff are away now: a person replies in the next staff hours. The assistant answers at any time.',
    historyHeading: 'Conversations in this browser',
    historyEmpty: 'No conversations yet.',
    current: 'Current conversation',
    untitled: 'Untitled conversation',
    openTicket: (id: number) => 'Ticket #' + id + ' open',
    unreadN: (n: number) => n + ' new ' + (n === 1 ? 'reply' : 'replies'),
    continueChat: 'Continue the conversation',
    transcript: 'Download the transcript',
    transcriptTitle: 'Transcript',
    downloaded: 'Downloaded',
    confirmNewTitle: 'A ticket is still open',
    confirmNew: (id: number) => 'Ticket #' + id + ' of this conversation is still open. If you start a new chat, this one stays under "Conversations in this browser" and you will see staff replies to it.',
    confirmYes: 'Start a new chat',
    confirmNo: 'Cancel',
    launcherUnread: (n: number) => 'Open chat (new replies from staff: ' + n + ')',
    newReplies: (n: number) => n + ' new ' + (n === 1 ? 'reply' : 'replies') + ' from staff.',
    newMarker: 'New',
    ticketResolved: 'The ticket was marked resolved.',
    contactTitle: 'Leave your contact details (optional)',
    contactWhy: 'Used only for this request: so our staff can reach your company, and e-mail you their reply if this chat is closed.',
    contactFields: { company: 'Company', person: 'Contact person', email: 'E-mail', phone: 'Phone', product: 'Product or brand' },
    contactNeed: 'Give at least the company name, an e-mail or a phone number.',
    contactSend: 'Send contact details',
    contactLater: 'Not now',
    contactOpen: 'Leave contact details',
    contactSaved: 'Thank you: our staff will reach you at these details.',
    contactEdit: 'Change contact details',
    contactCancel: 'Cancel',
    contactEmailBad: 'This is not an e-mail address (e.g. name@company.com).',
    contactPhoneBad: 'Write the phone number in digits (e.g. +82 2 555 0100).',
    contactNoTicket: 'There is no open request to staff in this conversation, so no contact details can be taken.',
    contactOffer: 'You can leave your contact details below (optional).',
    contactSending: 'Sending…',
    attach: 'Attach a file (customs notice, photo of a fake)',
    attachHint: 'PDF, JPEG, PNG, WebP, GIF or HEIC files can be sent to our staff.',
    uploading: 'Uploading the file…',
    fileTooLarge: (mb: number) => 'The file is too large: files up to ' + mb + ' MB can be attached.',
    fileType: 'Only PDF, JPEG, PNG, WebP, GIF and HEIC files can be attached.',
    fileQuota: 'No more files can be attached to this conversation; ask our staff for another way.',
    surveyScale: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
    surveyThanks: (score: number) => 'Thank you for rating (' + score + '/5). Choose again to change it.',
    surveyGroup: 'How satisfied you are with our staff',
  },
};
