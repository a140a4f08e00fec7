/*
 * customs-ip-assistant chat widget. One script tag on any page:
 *   <script src="https://assistant.example.org/widget.js" data-lang="ko" data-position="right" async></script>
 * Renders into a Shadow DOM (styles isolated both ways), never evaluates content as HTML,
 * keeps the conversations of this browser across reloads and reconnects the event stream where it left off.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (window.__ciaWidget || !script) return;
  window.__ciaWidget = true;

  var ds = script.dataset || {};
  var API = (ds.api || new URL(script.src, location.href).origin).replace(/\/$/, '');
  var STORE_KEY = 'ciaw:v1:' + API;
  var MAX_HISTORY = 10;

  var T = {
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
      hours: function (o, c) {
        return '평일 ' + o + '–' + c + ' (한국 시간)';
      },
      openNow: '지금은 상담 시간입니다. 담당자 답변은 보통 오늘 안에 드립니다.',
      closedNow: '지금은 상담 시간이 아닙니다. 담당자 답변은 다음 상담 시간에 드립니다. 도우미는 언제든 답합니다.',
      historyHeading: '이 브라우저의 대화',
      historyEmpty: '아직 대화가 없습니다.',
      current: '현재 대화',
      untitled: '제목 없는 대화',
      openTicket: function (id) {
        return '티켓 #' + id + ' 진행 중';
      },
      unreadN: function (n) {
        return '새 답변 ' + n + '개';
      },
      continueChat: '대화 계속하기',
      transcript: '대화 내용 내려받기',
      transcriptTitle: '대화 기록',
      downloaded: '내려받은 때',
      confirmNewTitle: '진행 중인 티켓이 있습니다',
      confirmNew: function (id) {
        return '이 대화의 티켓 #' + id + '은(는) 아직 진행 중입니다. 새 대화를 시작해도 이 대화는 "이 브라우저의 대화"에 남고, 담당자 답변이 오면 알려 드립니다.';
      },
      confirmYes: '새 대화 시작',
      confirmNo: '취소',
      launcherUnread: function (n) {
        return '상담 창 열기 (담당자 새 답변: ' + n + ')';
      },
      newReplies: function (n) {
        return '담당자의 새 답변 ' + n + '개가 있습니다.';
      },
      newMarker: '새 답변',
      ticketResolved: '티켓이 해결됨으로 표시되었습니다.',
      contactTitle: '연락처 남기기 (선택)',
      contactWhy: '담당자가 회사에 연락하고, 상담 창을 닫은 뒤에도 답변을 이메일로 보내 드리는 데에만 씁니다.',
      contactFields: { company: '회사명', person: '담당자 이름', email: '이메일', phone: '전화번호', product: '제품 또는 브랜드' },
      contactNeed: '회사명, 이메일, 전화번호 중 하나 이상을 적어 주세요.',
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
      hours: function (o, c) {
        return 'Weekdays ' + o + '–' + c + ' (Korea time)';
      },
      openNow: 'Staff are in now: a person usually replies today.',
      closedNow: 'Staff are away now: a person replies in the next staff hours. The assistant answers at any time.',
      historyHeading: 'Conversations in this browser',
      historyEmpty: 'No conversations yet.',
      current: 'Current conversation',
      untitled: 'Untitled conversation',
      openTicket: function (id) {
        return 'Ticket #' + id + ' open';
      },
      unreadN: function (n) {
        return n + ' new ' + (n === 1 ? 'reply' : 'replies');
      },
      continueChat: 'Continue the conversation',
      transcript: 'Download the transcript',
      transcriptTitle: 'Transcript',
      downloaded: 'Downloaded',
      confirmNewTitle: 'A ticket is still open',
      confirmNew: function (id) {
        return 'Ticket #' + id + ' of this conversation is still open. If you start a new chat, this one stays under "Conversations in this browser" and you will see staff replies to it.';
      },
      confirmYes: 'Start a new chat',
      confirmNo: 'Cancel',
      launcherUnread: function (n) {
        return 'Open chat (new replies from staff: ' + n + ')';
      },
      newReplies: function (n) {
        return n + ' new ' + (n === 1 ? 'reply' : 'replies') + ' from staff.';
      },
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
    },
  };

  // ---- state kept across reloads (host-page storage; falls back to memory where storage throws) ----
  var memory = {};
  function load() {
    try {
      return JSON.parse(localStorage.getItem(STORE_KEY) || '{}');
    } catch (e) {
      return memory;
    }
  }
  function save() {
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      memory = state;
    }
  }
  var state = load();
  // Conversations of this browser: id → { token, title, at, ticket, readUpTo, unread: [messageId], seenAt }.
  state.convs = state.convs || {};
  if (state.conversationId && state.token && !state.convs[state.conversationId])
    state.convs[state.conversationId] = { token: state.token, title: '', at: new Date().toISOString(), readUpTo: 0, unread: [] };
  delete state.token;
  function pageLang() {
    var l = ds.lang || document.documentElement.lang || navigator.language || 'ko';
    return /^ko/i.test(l) ? 'ko' : 'en';
  }
  state.lang = state.lang === 'ko' || state.lang === 'en' ? state.lang : pageLang();
  function t(key) {
    return T[state.lang][key];
  }
  function cur() {
    return (state.conversationId && state.convs[state.conversationId]) || null;
  }
  function token() {
    var c = cur();
    return c ? c.token : null;
  }

  // ---- DOM helpers: text only, never HTML from content ----
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs)
      for (var k in attrs) {
        if (attrs[k] == null || attrs[k] === false) continue;
        if (k === 'text') n.textContent = attrs[k];
        else if (k === 'class') n.className = attrs[k];
        else if (k.slice(0, 2) === 'on') n.addEventListener(k.slice(2), attrs[k]);
        else n.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
      }
    (children || []).forEach(function (c) {
      if (c != null) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return n;
  }
  function safeUrl(u) {
    try {
      var url = new URL(u, API);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }
  function link(text, href) {
    var url = safeUrl(href);
    if (!url) return document.createTextNode(text);
    return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', text: text });
  }
  // Inline Markdown: **bold** and [text](url); everything else stays text.
  function inline(text, parent) {
    var re = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
    var last = 0;
    var m;
    while ((m = re.exec(text))) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] != null) parent.appendChild(el('strong', { text: m[1] }));
      else parent.appendChild(link(m[2], m[3]));
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }
  // Block Markdown subset: paragraphs, bullet and numbered lists, headings, rules.
  function markdown(text) {
    var root = el('div', { class: 'md' });
    var list = null;
    var para = null;
    String(text || '')
      .split('\n')
      .forEach(function (line) {
        var bullet = /^\s*[-*]\s+(?:\[ \]\s+)?(.*)$/.exec(line);
        var num = /^\s*(\d+)\.\s+(.*)$/.exec(line);
        var head = /^#{1,6}\s+(.*)$/.exec(line);
        if (bullet || num) {
          var kind = bullet ? 'ul' : 'ol';
          if (!list || list.tagName.toLowerCase() !== kind) {
            list = el(kind);
            root.appendChild(list);
          }
          list.appendChild(inline(bullet ? bullet[1] : num[2], el('li')));
          para = null;
          return;
        }
        list = null;
        if (!line.trim()) {
          para = null;
          return;
        }
        if (/^-{3,}$/.test(line.trim())) {
          root.appendChild(el('hr'));
          para = null;
          return;
        }
        if (head) {
          root.appendChild(inline(head[1], el('p', { class: 'md-h' })));
          para = null;
          return;
        }
        if (para) para.appendChild(el('br'));
        else {
          para = el('p');
          root.appendChild(para);
        }
        inline(line, para);
      });
    return root;
  }
  /** What a screen reader hears: the text without Markdown marks, link targets or bare addresses. */
  function plain(text) {
    return String(text || '')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .replace(/^#{1,6}\s+/gm, '')
      .replace(/^\s*[-*]\s+(?:\[ \]\s+)?/gm, '')
      .replace(/^\s*-{3,}\s*$/gm, '')
      .replace(/\bhttps?:\/\/\S+/g, '')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{2,}/g, '\n')
      .trim();
  }
  /** The language a text is written in, for `lang`: Korean when Hangul makes up a fair share of its letters. */
  function langOf(text, hint) {
    var s = String(text || '');
    var ko = (s.match(/[\uac00-\ud7a3\u3131-\u318e]/g) || []).length;
    var latin = (s.match(/[A-Za-z]/g) || []).length;
    if (!ko && !latin) return hint === 'en' || hint === 'ko' ? hint : state.lang;
    return ko * 2 >= latin ? 'ko' : 'en';
  }
  function day(iso) {
    var d = iso ? new Date(iso) : new Date();
    if (isNaN(d.getTime())) return '';
    var p = function (n) {
      return String(n).padStart(2, '0');
    };
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
  }

  // ---- building the widget ----
  var host = el('div', { id: 'cia-widget-host', 'data-position': ds.position === 'left' ? 'left' : 'right' });
  var shadow = host.attachShadow({ mode: 'open' });
  shadow.appendChild(el('link', { rel: 'stylesheet', href: API + '/widget.css' }));
  var wrap = el('div', { class: 'cia ' + (ds.position === 'left' ? 'left' : 'right'), part: 'root' });
  shadow.appendChild(wrap);

  // Drawn icons, not emoji: emoji fonts are missing on many systems.
  var ICONS = {
    chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
    up: 'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z',
    down: 'M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z',
    home: 'M12 3 2 12h3v8h6v-6h2v6h6v-8h3L12 3z',
    close: 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
  };
  function svgIcon(path, size, cls) {
    var NS = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', String(size));
    svg.setAttribute('height', String(size));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (cls) svg.setAttribute('class', cls);
    var p = document.createElementNS(NS, 'path');
    p.setAttribute('d', path);
    p.setAttribute('fill', 'currentColor');
    svg.appendChild(p);
    return svg;
  }

  var launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'cia-panel' });
  launcher.appendChild(svgIcon(ICONS.chat, 26, 'launcher-icon'));
  var unreadBadge = el('span', { class: 'unread', 'aria-hidden': 'true', hidden: true });
  var panel = el('div', { id: 'cia-panel', class: 'panel', role: 'dialog', 'aria-modal': 'false', hidden: true });
  var titleEl = el('h2', { class: 'title', id: 'cia-title' });
  var subtitleEl = el('p', { class: 'subtitle' });
  var homeBtn = el('button', { class: 'icon home-btn', type: 'button' }, [svgIcon(ICONS.home, 22)]);
  var langBtn = el('button', { class: 'chip', type: 'button' });
  var closeBtn = el('button', { class: 'icon', type: 'button' }, [svgIcon(ICONS.close, 22)]);
  var header = el('div', { class: 'header' }, [homeBtn, el('div', { class: 'heading' }, [titleEl, subtitleEl]), el('div', { class: 'header-actions' }, [langBtn, closeBtn])]);
  var home = el('div', { class: 'home', role: 'region', 'aria-labelledby': 'cia-home-title', hidden: true });
  var log = el('div', { class: 'log', role: 'log', tabindex: '0' });
  var live = el('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  var typing = el('div', { class: 'typing', role: 'status' });
  var banner = el('div', { class: 'banner', role: 'alert', hidden: true });
  var confirmBox = el('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'cia-confirm-title', 'aria-describedby': 'cia-confirm-text', hidden: true });
  var personBtn = el('button', { class: 'person', type: 'button' });
  var input = el('textarea', { class: 'input', rows: '1', maxlength: '4000', id: 'cia-input' });
  var inputHint = el('span', { class: 'sr-only', id: 'cia-input-hint' });
  input.setAttribute('aria-describedby', 'cia-input-hint');
  var sendBtn = el('button', { class: 'send', type: 'submit' });
  var form = el('form', { class: 'composer' }, [input, sendBtn]);
  var footer = el('div', { class: 'footer' }, [personBtn, form, inputHint]);
  panel.appendChild(header);
  panel.appendChild(banner);
  panel.appendChild(confirmBox);
  panel.appendChild(home);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(footer);
  panel.appendChild(live);
  wrap.appendChild(panel);
  // The badge sits beside the button, not in it: the button's name says the count in words.
  wrap.appendChild(el('div', { class: 'launch' }, [launcher, unreadBadge]));

  function applyLabels() {
    panel.setAttribute('aria-labelledby', 'cia-title');
    titleEl.textContent = ds.title || t('title');
    subtitleEl.textContent = t('subtitle');
    log.setAttribute('aria-label', t('title'));
    closeBtn.setAttribute('aria-label', t('close'));
    closeBtn.setAttribute('title', t('close'));
    homeBtn.setAttribute('aria-label', t('home'));
    homeBtn.setAttribute('title', t('home'));
    langBtn.textContent = t('lang');
    langBtn.setAttribute('title', t('langLabel'));
    langBtn.setAttribute('lang', state.lang === 'ko' ? 'en' : 'ko');
    personBtn.textContent = t('person');
    input.setAttribute('placeholder', t('placeholder'));
    input.setAttribute('aria-label', t('inputLabel'));
    input.setAttribute('title', t('inputHint'));
    inputHint.textContent = t('inputHint');
    sendBtn.textContent = t('send');
    wrap.setAttribute('lang', state.lang);
    updateBadge();
    if (view === 'home') renderHome();
    if (typeof contact !== 'undefined' && contact.box) drawContact();
  }

  // ---- rendering messages ----
  var rendered = {}; // messageId → element
  var pendingUser = []; // { text, action } sent from here, not yet echoed by the stream
  var choiceLabels = { person: null, 'wt:start': null }; // action id → label, from the choices shown
  var transcript = []; // { role, text, at } for the download
  var announced = {};
  var streaming = null;
  var view = 'home';
  var FEEDBACK = /^feedback:(up|down)(?::(.+))?$/;

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }
  function announce(text, lang) {
    live.textContent = '';
    live.setAttribute('lang', lang || state.lang);
    setTimeout(function () {
      live.textContent = text;
    }, 60);
  }
  function announceMessage(m, who) {
    if (m.messageId) {
      if (announced[m.messageId]) return;
      announced[m.messageId] = true;
    }
    var text = plain(m.text);
    // A reply that opened a ticket says the contact form is there (in the visitor's language, like the form).
    var node = m.messageId && rendered[m.messageId];
    var offer = node && node.querySelector && node.querySelector('.contact form') ? ' ' + t('contactOffer') : '';
    announce(who + ': ' + text + offer, langOf(text, m.language));
  }

  /** The label of an action the person chose: what they saw on the button, never its id. */
  function actionLabel(action) {
    var fb = FEEDBACK.exec(action);
    if (fb) return fb[1] === 'up' ? '👍' : '👎';
    if (choiceLabels[action]) return choiceLabels[action];
    if (action === 'person') return t('person');
    if (action === 'wt:start') return t('start');
    return t('chose');
  }
  /** A user message's action, whether the server sends it apart or (older records) as the text itself. */
  function actionOf(m) {
    if (m.action) return m.action;
    var text = String(m.text || '');
    if (FEEDBACK.test(text) || /^wt:[\w:-]+$/.test(text) || text === 'person') return text;
    if (text === '👍') return 'feedback:up';
    if (text === '👎') return 'feedback:down';
    return null;
  }

  function markStale(except) {
    Array.prototype.forEach.call(log.querySelectorAll('.choices'), function (g) {
      if (g === except || g.getAttribute('data-stale') === 'done') return;
      g.setAttribute('data-stale', 'done');
      // Disabling the focused button would drop the focus on the page: move it on first.
      var active = shadow.activeElement;
      if (active && g.contains(active)) {
        var next = except && except.querySelector('button');
        if (next) next.focus();
        else if (state.open) input.focus();
      }
      Array.prototype.forEach.call(g.querySelectorAll('button'), function (b) {
        b.disabled = true;
        b.removeAttribute('aria-disabled');
      });
      if (!g.querySelector('.stale-note')) g.insertBefore(el('p', { class: 'stale-note', text: t('earlier') }), g.firstChild);
    });
  }
  function markChosen(group, button) {
    group.setAttribute('data-stale', 'chosen');
    Array.prototype.forEach.call(group.querySelectorAll('button'), function (b) {
      b.setAttribute('aria-disabled', 'true');
    });
    if (button) {
      button.classList.add('chosen');
      button.setAttribute('aria-pressed', 'true');
    }
  }
  function lastChoiceGroup() {
    var groups = log.querySelectorAll('.choices');
    return groups.length ? groups[groups.length - 1] : null;
  }

  function renderMessage(m) {
    if (m.messageId && rendered[m.messageId]) return rendered[m.messageId];
    var role = m.role || 'assistant';
    var text = m.text || '';
    var action = role === 'user' ? actionOf(m) : null;
    var fb = action && FEEDBACK.exec(action);
    if (fb) {
      // A rating is shown on the rated answer; a thumbs-down, which the assistant answers, also as "👎".
      var rated = fb[2] && rendered[fb[2]];
      if (rated) pressThumb(rated.querySelector('.feedback'), fb[1]);
      if (fb[1] === 'up') {
        if (m.messageId) rendered[m.messageId] = document.createElement('span');
        return null;
      }
    }
    // The assistant's "thanks" for a rating says nothing new; a reply with choices or a ticket is shown.
    if (role === 'assistant' && m.kind === 'feedback' && !(m.choices && m.choices.length) && !m.ticket) {
      if (m.messageId) rendered[m.messageId] = document.createElement('span');
      return null;
    }
    if (action) {
      text = m.label || actionLabel(action);
      var group = fb ? null : lastChoiceGroup();
      if (group && group.getAttribute('data-stale') !== 'done') {
        var btn = null;
        Array.prototype.forEach.call(group.querySelectorAll('button'), function (b) {
          if (b.getAttribute('data-action') === action) btn = b;
        });
        markChosen(group, btn);
      }
    }
    var lang = role === 'assistant' && (m.language === 'ko' || m.language === 'en') ? m.language : langOf(text);
    var item = el('div', { class: 'msg ' + role, 'data-role': role, lang: lang });
    if (m.messageId) {
      rendered[m.messageId] = item;
      item.setAttribute('data-id', m.messageId);
    }
    var who = role === 'user' ? t('you') : role === 'staff' ? t('staff') : t('bot');
    item.appendChild(el('span', { class: 'who', text: who, lang: state.lang }));
    var bubble = el('div', { class: 'bubble' });
    bubble.appendChild(role === 'user' ? el('p', { text: text }) : markdown(text.trim()));
    item.appendChild(bubble);
    transcript.push({ role: role, who: who, text: role === 'user' ? text : plainKeepLinks(text), at: m.createdAt || m.at || new Date().toISOString() });

    if (m.ticket && m.ticket.id) {
      noteTicket(m.ticket);
      var badge = t('ticket') + ' #' + m.ticket.id + (m.ticket.deadline ? ' · ' + t('deadline') + ' ' + m.ticket.deadline : '');
      item.appendChild(el('div', { class: 'badge ' + (m.ticket.priority || ''), text: badge, lang: state.lang }));
      if (role === 'assistant' && m.ticket.status !== 'resolved') offerContact(item, m.ticket);
    }
    if (m.citations && m.citations.length) {
      var list = el('ol', { class: 'citations', 'aria-label': t('sources') });
      m.citations.forEach(function (c) {
        list.appendChild(el('li', null, [link(c.title, c.url), el('span', { class: 'verified', text: ' (' + t('verified') + ' ' + c.verified + ')' })]));
      });
      item.appendChild(el('details', { class: 'sources' }, [el('summary', { text: t('sources') + ' (' + m.citations.length + ')', lang: state.lang }), list]));
    }
    if (m.plan) item.appendChild(planLinks());
    if (role === 'assistant' && m.choices && m.choices.length) {
      var choices = el('div', { class: 'choices', role: 'group', 'aria-label': who });
      m.choices.forEach(function (c) {
        choiceLabels[c.id] = c.label;
        choices.appendChild(
          el('button', {
            type: 'button',
            class: 'choice',
            'data-action': c.id,
            text: c.label,
            onclick: function (ev) {
              var b = ev.currentTarget;
              if (b.disabled || b.getAttribute('aria-disabled') === 'true' || busy) return;
              markChosen(choices, b);
              send({ action: c.id }, c.label);
            },
          }),
        );
      });
      item.appendChild(choices);
    }
    if (role === 'assistant' && m.kind === 'answer' && m.messageId) {
      var box = el('div', { class: 'feedback', role: 'group', 'aria-label': t('helpful') + ' / ' + t('notHelpful'), lang: state.lang });
      ['up', 'down'].forEach(function (r) {
        box.appendChild(
          el(
            'button',
            {
              type: 'button',
              class: 'thumb',
              'data-rating': r,
              'aria-pressed': 'false',
              'aria-label': r === 'up' ? t('helpful') : t('notHelpful'),
              title: r === 'up' ? t('helpful') : t('notHelpful'),
              onclick: function (ev) {
                if (ev.currentTarget.getAttribute('aria-disabled') === 'true') return;
                feedback(m.messageId, r, box);
              },
            },
            [svgIcon(ICONS[r], 18)],
          ),
        );
      });
      item.appendChild(box);
    }
    log.appendChild(item);
    // Older choice buttons are history now: only the latest message's choices stay active.
    if (role !== 'user') markStale(item.querySelector('.choices'));
    scrollDown();
    return item;
  }
  function plainKeepLinks(text) {
    return String(text || '')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 <$2>')
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .trim();
  }

  function planLinks() {
    // Downloads go through short-lived signed links: the conversation token never sits in a URL.
    var mdLink = el('a', { class: 'download', href: '#', download: 'registration-plan.md', text: t('planMd'), lang: state.lang });
    var icsLink = el('a', { class: 'download', href: '#', download: 'registration-plan.ics', text: t('planIcs'), lang: state.lang });
    var linksUntil = 0;
    var conversationId = state.conversationId;
    var fetchLinks = function () {
      return api('/api/conversations/' + encodeURIComponent(conversationId) + '/plan-links', { method: 'POST', conversationId: conversationId }).then(function (l) {
        mdLink.href = API + l.markdown;
        icsLink.href = API + l.calendar;
        linksUntil = Date.parse(l.expiresAt) - 15000;
      });
    };
    [mdLink, icsLink].forEach(function (a) {
      a.addEventListener('click', function (ev) {
        if (Date.now() < linksUntil) return;
        ev.preventDefault();
        fetchLinks().then(
          function () {
            a.click();
          },
          function () {
            showBanner(t('error'));
          },
        );
      });
    });
    fetchLinks().catch(function () {});
    return el('div', { class: 'downloads' }, [mdLink, icsLink]);
  }

  function pressThumb(box, rating) {
    if (!box) return;
    Array.prototype.forEach.call(box.querySelectorAll('button'), function (b) {
      // aria-disabled, not disabled: the pressed button keeps the focus.
      b.setAttribute('aria-disabled', 'true');
      b.setAttribute('aria-pressed', String(b.getAttribute('data-rating') === rating));
    });
    if (!box.querySelector('.thanks')) box.appendChild(el('span', { class: 'thanks', text: t('thanks') }));
  }

  // ---- contact details on escalation: an optional one-step form under the reply that opened the ticket ----
  // Same rules as the server's: one of company, e-mail or phone; an e-mail and a phone that look like one.
  var EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
  var PHONE_RE = /^[+\d][\d\s().-]{4,38}$/;
  var CONTACT_FIELDS = [
    { name: 'company', type: 'text', auto: 'organization', max: 200 },
    { name: 'person', type: 'text', auto: 'name', max: 120 },
    { name: 'email', type: 'email', auto: 'email', max: 320, mode: 'email' },
    { name: 'phone', type: 'tel', auto: 'tel', max: 40, mode: 'tel' },
    { name: 'product', type: 'text', auto: 'off', max: 300 },
  ];
  // One form per conversation, under its latest ticket. mode: 'form' (open), 'saved' (details given), 'later' (put off).
  var contact = freshContact(null);
  function freshContact(convId) {
    return { convId: convId, box: null, ticketId: null, mode: null, saved: null, values: {}, loaded: false, sending: false, errors: null };
  }
  function offerContact(item, ticket) {
    var convId = state.conversationId;
    if (!convId) return;
    if (contact.convId !== convId) contact = freshContact(convId);
    contact.ticketId = ticket.id;
    if (!contact.box) contact.box = el('section', { class: 'contact', 'aria-labelledby': 'cia-contact-title' });
    // Moves the form under the newest ticket reply when there is already one.
    item.appendChild(contact.box);
    if (!contact.mode) {
      var c = state.convs[convId];
      contact.mode = c && c.contactLater === ticket.id ? 'later' : 'form';
    }
    drawContact();
    if (!contact.loaded) {
      contact.loaded = true;
      api('/api/conversations/' + encodeURIComponent(convId) + '/contact', { conversationId: convId })
        .then(function (r) {
          if (contact.convId !== convId || !r || !r.contact) return;
          contact.saved = r.contact;
          // What the visitor has typed meanwhile wins over what was stored.
          var open = contact.box && contact.box.querySelector('form');
          var typed = CONTACT_FIELDS.some(function (f) {
            return open ? open.elements.namedItem(f.name).value : contact.values[f.name];
          });
          if (!typed) {
            CONTACT_FIELDS.forEach(function (f) {
              contact.values[f.name] = r.contact[f.name] || '';
            });
            var inForm = contact.box && contact.box.contains(shadow.activeElement);
            if (contact.mode === 'form' && !inForm) contact.mode = 'saved';
            drawContact(null, true);
          }
        })
        .catch(function () {});
    }
  }
  function dropContact(ticketId) {
    if (!contact.box || (ticketId != null && contact.ticketId !== ticketId)) return;
    var had = contact.box.contains(shadow.activeElement);
    contact.box.remove();
    contact.box = null;
    contact.mode = null;
    if (had && state.open) input.focus();
  }
  /** Keeps what was typed, then draws the form (or its saved or put-off state) in the visitor's language. */
  function drawContact(focus, replaceTyped) {
    var box = contact.box;
    if (!box) return;
    var form0 = box.querySelector('form');
    if (form0 && !replaceTyped)
      CONTACT_FIELDS.forEach(function (f) {
        var n = form0.elements.namedItem(f.name);
        if (n) contact.values[f.name] = n.value;
      });
    box.textContent = '';
    box.setAttribute('lang', state.lang);
    box.setAttribute('data-mode', contact.mode);
    var title = el('h3', { class: 'contact-title', id: 'cia-contact-title', text: t('contactTitle') });
    if (contact.mode === 'later' || contact.mode === 'saved') {
      box.appendChild(title);
      if (contact.mode === 'saved') {
        var s = contact.saved || {};
        var bits = CONTACT_FIELDS.map(function (f) {
          return s[f.name];
        }).filter(Boolean);
        box.appendChild(el('p', { class: 'contact-done', text: t('contactSaved') }));
        if (bits.length) box.appendChild(el('p', { class: 'contact-summary', text: bits.join(' · ') }));
      } else box.appendChild(el('p', { class: 'contact-why', text: t('contactWhy') }));
      var again = el('button', {
        type: 'button',
        class: 'secondary contact-open',
        text: contact.mode === 'saved' ? t('contactEdit') : t('contactOpen'),
        onclick: function () {
          contact.mode = 'form';
          drawContact('first');
        },
      });
      box.appendChild(again);
      if (focus === 'again') again.focus();
      return;
    }
    box.appendChild(title);
    box.appendChild(el('p', { class: 'contact-why', id: 'cia-contact-why', text: t('contactWhy') }));
    var err = contact.errors;
    var form = el('form', { class: 'contact-form', novalidate: true, 'aria-labelledby': 'cia-contact-title', 'aria-describedby': 'cia-contact-why' });
    var grid = el('div', { class: 'contact-fields' });
    CONTACT_FIELDS.forEach(function (f) {
      var id = 'cia-contact-' + f.name;
      var described = [];
      if (f.name === 'company' || f.name === 'email' || f.name === 'phone') described.push('cia-contact-need');
      if (err && err.fields[f.name]) described.push('cia-contact-error');
      var field = el('input', {
        id: id,
        name: f.name,
        type: f.type,
        autocomplete: f.auto,
        inputmode: f.mode || null,
        maxlength: String(f.max),
        class: 'contact-input',
        'aria-describedby': described.length ? described.join(' ') : null,
        'aria-invalid': err && err.fields[f.name] ? 'true' : null,
      });
      field.value = contact.values[f.name] || '';
      grid.appendChild(el('div', { class: 'field field-' + f.name }, [el('label', { for: id, text: t('contactFields')[f.name] }), field]));
    });
    form.appendChild(grid);
    form.appendChild(el('p', { class: 'contact-need', id: 'cia-contact-need', text: t('contactNeed') }));
    var error = el('p', { class: 'contact-error', id: 'cia-contact-error', role: 'alert' });
    if (err) error.textContent = err.text;
    else error.hidden = true;
    form.appendChild(error);
    var sendIt = el('button', { type: 'submit', class: 'primary contact-send', text: contact.sending ? t('contactSending') : t('contactSend'), 'aria-disabled': contact.sending ? 'true' : null });
    var later = el('button', {
      type: 'button',
      class: 'secondary contact-later',
      text: contact.saved ? t('contactCancel') : t('contactLater'),
      onclick: function () {
        contact.errors = null;
        contact.mode = contact.saved ? 'saved' : 'later';
        var c = state.convs[contact.convId];
        if (c && !contact.saved) {
          c.contactLater = contact.ticketId;
          save();
        }
        drawContact('again');
      },
    });
    form.appendChild(el('div', { class: 'contact-actions' }, [sendIt, later]));
    form.addEventListener('submit', submitContact);
    box.appendChild(form);
    if (focus === 'first') form.querySelector('input').focus();
    else if (focus === 'invalid') (form.querySelector('[aria-invalid="true"]') || form.querySelector('input')).focus();
    else if (focus === 'send') sendIt.focus();
  }
  function submitContact(ev) {
    ev.preventDefault();
    if (contact.sending) return;
    var form = ev.currentTarget;
    var v = {};
    CONTACT_FIELDS.forEach(function (f) {
      v[f.name] = String(form.elements.namedItem(f.name).value || '').trim();
      contact.values[f.name] = v[f.name];
    });
    var bad = {};
    var texts = [];
    if (!v.company && !v.email && !v.phone) {
      bad.company = bad.email = bad.phone = true;
      texts.push(t('contactNeed'));
    }
    if (v.email && !EMAIL_RE.test(v.email)) {
      bad.email = true;
      texts.push(t('contactEmailBad'));
    }
    if (v.phone && !PHONE_RE.test(v.phone)) {
      bad.phone = true;
      texts.push(t('contactPhoneBad'));
    }
    if (texts.length) {
      contact.errors = { fields: bad, text: texts.join(' ') };
      drawContact('invalid');
      return;
    }
    var body = {};
    CONTACT_FIELDS.forEach(function (f) {
      if (v[f.name]) body[f.name] = v[f.name];
    });
    var convId = contact.convId;
    contact.errors = null;
    contact.sending = true;
    drawContact('send');
    api('/api/conversations/' + encodeURIComponent(convId) + '/contact', { method: 'POST', body: body, conversationId: convId })
      .then(function (r) {
        if (contact.convId !== convId) return;
        contact.sending = false;
        contact.saved = (r && r.contact) || body;
        contact.mode = 'saved';
        var c = state.convs[convId];
        if (c) {
          delete c.contactLater;
          save();
        }
        drawContact('again');
        announce(t('contactSaved'), state.lang);
      })
      .catch(function (e) {
        if (contact.convId !== convId) return;
        contact.sending = false;
        contact.errors = { fields: {}, text: e.status === 409 ? t('contactNoTicket') : e.status === 400 ? t('contactNeed') : t('error') };
        drawContact('send');
      });
  }

  // ---- talking to the server ----
  function api(path, opts) {
    opts = opts || {};
    var headers = { 'Content-Type': 'application/json' };
    var conv = opts.conversationId ? state.convs[opts.conversationId] : cur();
    var tok = opts.token || (conv && conv.token);
    if (tok) headers.Authorization = 'Bearer ' + tok;
    if (opts.key) headers['Idempotency-Key'] = opts.key;
    return fetch(API + path, { method: opts.method || 'GET', headers: headers, body: opts.body ? JSON.stringify(opts.body) : undefined }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) {
          var err = new Error((data && data.error && data.error.message) || res.statusText);
          err.status = res.status;
          throw err;
        }
        return data;
      });
    });
  }

  function ensureConversation() {
    if (cur()) return Promise.resolve();
    return api('/api/conversations', { method: 'POST', body: { language: state.lang } }).then(function (c) {
      state.conversationId = c.conversationId;
      state.convs[c.conversationId] = { token: c.token, title: '', at: new Date().toISOString(), readUpTo: 0, unread: [] };
      pruneHistory();
      lastSeen = 0;
      save();
      connect();
    });
  }
  function pruneHistory() {
    var ids = Object.keys(state.convs).sort(function (a, b) {
      return String(state.convs[b].at).localeCompare(String(state.convs[a].at));
    });
    ids.slice(MAX_HISTORY).forEach(function (id) {
      if (id !== state.conversationId) delete state.convs[id];
    });
  }

  var busy = false;
  function setBusy(b) {
    busy = b;
    typing.textContent = b ? t('typing') : '';
    typing.classList.toggle('on', b);
    // aria-disabled, not disabled: a focused send button keeps the focus while the answer is written.
    if (b) sendBtn.setAttribute('aria-disabled', 'true');
    else sendBtn.removeAttribute('aria-disabled');
  }
  function send(body, shown) {
    if (busy) return;
    var text = body.text != null ? body.text : null;
    if (text != null && text.length > 4000) return showBanner(t('tooLong'));
    setView('chat', true);
    var key = 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
    var local = { role: 'user', text: shown || text, action: body.action || null, label: shown || null };
    pendingUser.push({ text: local.text, action: local.action });
    renderMessage(local);
    setBusy(true);
    scrollDown();
    body.language = state.lang;
    var attempt = function (n) {
      return ensureConversation()
        .then(function () {
          var c = cur();
          if (c && !c.title && (text || shown)) c.title = (text || shown).slice(0, 80);
          if (c) c.at = new Date().toISOString();
          save();
          return api('/api/conversations/' + encodeURIComponent(state.conversationId) + '/messages', { method: 'POST', body: body, key: key });
        })
        .catch(function (e) {
          // A stale token (conversation gone): start a new conversation once. Network errors retry with the same key.
          if (e.status === 401 && n === 0) {
            delete state.convs[state.conversationId];
            state.conversationId = null;
            save();
            return attempt(1);
          }
          if (!e.status && n < 2)
            return new Promise(function (r) {
              setTimeout(r, 800 * (n + 1));
            }).then(function () {
              return attempt(n + 1);
            });
          throw e;
        });
    };
    attempt(0)
      .then(function (reply) {
        finishStreaming();
        reply.role = 'assistant';
        var item = renderMessage(reply) || rendered[reply.messageId];
        announceMessage(reply, t('bot'));
        setBusy(false);
        // A typed question keeps the focus in the input, unless the reply is a step that asks for a choice.
        focusAfterReply(item, text != null && reply.kind !== 'walkthrough' && reply.kind !== 'plan');
      })
      .catch(function (e) {
        setBusy(false);
        showBanner(e.message && e.status ? e.message : t('error'));
        focusAfterReply(null);
      });
  }

  /** Focus goes to the new choices; otherwise it stays where it was, or goes to the input; never to the page. */
  function focusAfterReply(item, stayInInput) {
    if (!state.open) return;
    var active = shadow.activeElement;
    if (active === input && (input.value.trim() || stayInInput)) return;
    var first = item && item.querySelector && item.querySelector('.choices button:not([disabled])');
    if (first) {
      first.focus();
      return;
    }
    if (!active || active.disabled || (active.closest && active.closest('.choices'))) input.focus();
  }

  function feedback(messageId, rating, box) {
    pressThumb(box, rating);
    pendingUser.push({ text: rating === 'up' ? '👍' : '👎', action: 'feedback:' + rating + ':' + messageId });
    api('/api/conversations/' + encodeURIComponent(state.conversationId) + '/feedback', { method: 'POST', body: { messageId: messageId, rating: rating } })
      .then(function (reply) {
        reply = reply || {};
        var shows = reply.ticket || (reply.choices && reply.choices.length) || rating === 'down';
        if (shows) {
          renderMessage({ role: 'user', text: rating === 'up' ? '👍' : '👎', action: 'feedback:' + rating + ':', label: rating === 'up' ? '👍' : '👎' });
          reply.role = 'assistant';
          renderMessage(reply);
          announceMessage(reply, t('bot'));
        } else if (reply.messageId) {
          rendered[reply.messageId] = document.createElement('span');
          announce(t('thanks'), state.lang);
        }
      })
      .catch(function () {
        showBanner(t('error'));
      });
  }

  var bannerTimer = null;
  function showBanner(text) {
    banner.textContent = text;
    banner.hidden = false;
    clearTimeout(bannerTimer);
    bannerTimer = setTimeout(function () {
      banner.hidden = true;
    }, 6000);
  }

  // ---- tickets, unread staff replies, the launcher's badge ----
  function noteTicket(ticket, convId) {
    var c = state.convs[convId || state.conversationId];
    if (!c || !ticket || !ticket.id) return;
    c.ticket = { id: ticket.id, status: ticket.status || (c.ticket && c.ticket.id === ticket.id ? c.ticket.status : 'open') };
    save();
  }
  function ticketOpen(c) {
    return Boolean(c && c.ticket && c.ticket.status !== 'resolved');
  }
  function unreadTotal() {
    var n = 0;
    for (var id in state.convs) n += (state.convs[id].unread || []).length;
    return n;
  }
  function updateBadge() {
    var n = unreadTotal();
    unreadBadge.textContent = n ? String(n) : '';
    unreadBadge.hidden = !n;
    var label = state.open ? t('close') : n ? t('launcherUnread')(n) : t('open');
    launcher.setAttribute('aria-label', label);
    launcher.setAttribute('title', label);
    var stripped = document.title.replace(/^\(\d+\) /, '');
    var want = n ? '(' + n + ') ' + stripped : stripped;
    if (document.title !== want) document.title = want;
  }
  /** The visitor is looking at the current conversation right now. */
  function seeing() {
    return state.open && view === 'chat' && document.visibilityState !== 'hidden';
  }
  /** Everything shown up to now counts as read; new staff replies are announced and marked. */
  function markRead() {
    var c = cur();
    if (!c) return;
    var unread = c.unread || [];
    if (unread.length) {
      var first = rendered[unread[0]];
      Array.prototype.forEach.call(log.querySelectorAll('.new-marker'), function (n) {
        n.remove();
      });
      if (first && first.parentNode) first.parentNode.insertBefore(el('p', { class: 'new-marker', text: t('newMarker'), lang: state.lang }), first);
      var texts = unread
        .map(function (id) {
          var node = rendered[id];
          return node ? plain(node.querySelector('.bubble').textContent) : '';
        })
        .filter(Boolean);
      announced[unread[unread.length - 1]] = true;
      announce(t('newReplies')(unread.length) + ' ' + texts.join(' '), state.lang);
      if (first) first.scrollIntoView({ block: 'nearest' });
    }
    c.unread = [];
    c.readUpTo = Math.max(c.readUpTo || 0, lastSeen);
    c.seenAt = new Date().toISOString();
    save();
    updateBadge();
  }

  // ---- the event stream: replies as they are written, staff replies, ticket changes ----
  var source = null;
  var retryTimer = null;
  // Each page load replays the conversation from its first event (that rebuilds the transcript after a reload);
  // reconnects within the page resume after the last event seen.
  var lastSeen = 0;
  function finishStreaming() {
    if (streaming) {
      streaming.remove();
      streaming = null;
    }
  }
  function connect() {
    var tok = token();
    if (!state.conversationId || !tok || typeof EventSource === 'undefined') return;
    if (source) source.close();
    var convId = state.conversationId;
    var url = API + '/api/conversations/' + encodeURIComponent(convId) + '/events?token=' + encodeURIComponent(tok) + '&lastEventId=' + lastSeen;
    var es = (source = new EventSource(url));
    var track = function (ev) {
      if (ev.lastEventId) lastSeen = Math.max(lastSeen, Number(ev.lastEventId));
    };
    // What arrives while the visitor looks at this conversation is read.
    var read = function (id) {
      var c = state.convs[convId];
      if (c && seeing() && id > (c.readUpTo || 0)) {
        c.readUpTo = id;
        save();
      }
    };
    es.addEventListener('ready', function () {
      banner.hidden = true;
    });
    es.addEventListener('message.created', function (ev) {
      if (es !== source) return;
      track(ev);
      var id = Number(ev.lastEventId || 0);
      var e = JSON.parse(ev.data);
      var m = e.data;
      m.createdAt = m.createdAt || e.at;
      if (m.role === 'user') {
        var act = actionOf(m);
        for (var i = 0; i < pendingUser.length; i++) {
          var p = pendingUser[i];
          if (p.text === m.text || (act && p.action && (p.action === act || p.action.indexOf(act + ':') === 0 || act.indexOf(p.action) === 0))) {
            pendingUser.splice(i, 1);
            rendered[m.messageId] = true;
            read(id);
            return;
          }
        }
      }
      if (m.role === 'assistant') finishStreaming();
      var c = state.convs[convId];
      var fresh = c && id > (c.readUpTo || 0);
      var wasRendered = Boolean(m.messageId && rendered[m.messageId]);
      var item = renderMessage(m);
      if (item && !wasRendered && fresh) {
        if (m.role === 'staff') {
          if (seeing()) announceMessage(m, t('staff'));
          else if (c.unread.indexOf(m.messageId) < 0) {
            c.unread.push(m.messageId);
            save();
            updateBadge();
          }
        } else if (seeing() && m.role === 'assistant' && !busy) announceMessage(m, t('bot'));
      }
      read(id);
    });
    es.addEventListener('reply.delta', function (ev) {
      var d = JSON.parse(ev.data);
      if (!streaming) {
        streaming = el('div', { class: 'msg assistant streaming', 'aria-hidden': 'true' }, [el('span', { class: 'who', text: t('bot') }), el('div', { class: 'bubble' }, [el('p')])]);
        log.appendChild(streaming);
      }
      var p = streaming.querySelector('p');
      p.textContent += d.text;
      scrollDown();
    });
    ['ticket.created', 'ticket.updated'].forEach(function (type) {
      es.addEventListener(type, function (ev) {
        track(ev);
        var d = JSON.parse(ev.data).data || {};
        if (d.ticket) {
          var before = state.convs[convId] && state.convs[convId].ticket;
          noteTicket(d.ticket, convId);
          if (d.ticket.status === 'resolved') dropContact(d.ticket.id);
          if (d.ticket.status === 'resolved' && before && before.status !== 'resolved' && Number(ev.lastEventId) > (state.convs[convId].readUpTo || 0) && seeing()) announce(t('ticketResolved'), state.lang);
          if (view === 'home') renderHome();
        }
        read(Number(ev.lastEventId || 0));
      });
    });
    es.addEventListener('staff.replied', track);
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server restarted with an error): reconnect ourselves, resuming after the last event.
        showBanner(t('offline'));
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, 3000);
      }
    };
  }

  /** Other conversations of this browser with an open ticket: staff replies since they were last seen. */
  function checkOthers() {
    Object.keys(state.convs).forEach(function (id) {
      var c = state.convs[id];
      if (id === state.conversationId || !ticketOpen(c)) return;
      api('/api/conversations/' + encodeURIComponent(id) + '/messages?limit=20', { conversationId: id })
        .then(function (page) {
          var since = c.seenAt || c.at || '';
          c.unread = (page.messages || [])
            .filter(function (m) {
              return m.role === 'staff' && String(m.createdAt) > since;
            })
            .map(function (m) {
              return m.id;
            });
          save();
          updateBadge();
          if (view === 'home') renderHome();
        })
        .catch(function (e) {
          if (e.status === 401 || e.status === 404) {
            delete state.convs[id];
            save();
            updateBadge();
          }
        });
    });
  }

  function switchTo(id) {
    if (source) source.close();
    source = null;
    state.conversationId = id;
    lastSeen = 0;
    rendered = {};
    announced = {};
    transcript = [];
    pendingUser = [];
    log.textContent = '';
    contact = freshContact(null);
    save();
    if (id) connect();
  }

  // ---- the home view: what the assistant does, questions to try, staff hours, conversations of this browser ----
  var info = { hours: ds.hours || '9-18', timeZone: ds.timezone || 'Asia/Seoul' };
  function loadInfo() {
    return fetch(API + '/api/widget/info')
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (d) {
        if (d && d.hours) info = { hours: d.hours, timeZone: d.timeZone || info.timeZone };
        if (view === 'home') renderHome();
      })
      .catch(function () {});
  }
  function staffOpenNow() {
    var parts = {};
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: info.timeZone, weekday: 'short', hour: 'numeric', hour12: false }).formatToParts(new Date()).forEach(function (p) {
        parts[p.type] = p.value;
      });
    } catch (e) {
      return null;
    }
    var h = info.hours.split('-').map(Number);
    var hour = Number(parts.hour) % 24;
    return parts.weekday !== 'Sat' && parts.weekday !== 'Sun' && hour >= h[0] && hour < h[1];
  }
  function renderHome() {
    home.textContent = '';
    var h = info.hours.split('-');
    var pad = function (x) {
      return String(x).padStart(2, '0') + ':00';
    };
    home.appendChild(el('h3', { class: 'home-title', id: 'cia-home-title', text: t('canHeading') }));
    home.appendChild(el('p', { class: 'intro', text: t('homeIntro') }));
    home.appendChild(
      el(
        'ul',
        { class: 'can' },
        t('can').map(function (s) {
          return el('li', { text: s });
        }),
      ),
    );
    home.appendChild(
      el('button', {
        type: 'button',
        class: 'start-plan',
        text: t('start'),
        onclick: function () {
          send({ action: 'wt:start' }, t('start'));
        },
      }),
    );
    home.appendChild(el('h3', { text: t('suggestHeading') }));
    home.appendChild(
      el(
        'ul',
        { class: 'suggestions' },
        t('suggestions').map(function (q) {
          return el('li', null, [
            el('button', {
              type: 'button',
              class: 'suggest',
              text: q,
              onclick: function () {
                send({ text: q });
              },
            }),
          ]);
        }),
      ),
    );
    home.appendChild(el('h3', { text: t('hoursHeading') }));
    var openNow = staffOpenNow();
    home.appendChild(el('p', { class: 'hours' }, [el('strong', { text: t('hours')(pad(h[0]), pad(h[1])) }), openNow == null ? null : el('br'), openNow == null ? null : openNow ? t('openNow') : t('closedNow')]));

    home.appendChild(el('h3', { text: t('historyHeading') }));
    var ids = Object.keys(state.convs).sort(function (a, b) {
      return String(state.convs[b].at).localeCompare(String(state.convs[a].at));
    });
    var c = cur();
    if (c) {
      home.appendChild(
        el('div', { class: 'home-actions' }, [
          el('button', {
            type: 'button',
            class: 'secondary',
            text: t('continueChat'),
            onclick: function () {
              setView('chat');
            },
          }),
          el('button', { type: 'button', class: 'secondary transcript', text: t('transcript'), onclick: downloadTranscript }),
          el('button', { type: 'button', class: 'secondary new-chat', text: t('newChat'), onclick: askNewChat }),
        ]),
      );
    }
    if (!ids.length) home.appendChild(el('p', { class: 'muted', text: t('historyEmpty') }));
    else
      home.appendChild(
        el(
          'ul',
          { class: 'history' },
          ids.map(function (id) {
            var x = state.convs[id];
            var bits = [day(x.at)];
            if (id === state.conversationId) bits.unshift(t('current'));
            if (ticketOpen(x)) bits.push(t('openTicket')(x.ticket.id));
            if (x.unread && x.unread.length) bits.push(t('unreadN')(x.unread.length));
            return el('li', null, [
              el(
                'button',
                {
                  type: 'button',
                  class: 'conv' + (id === state.conversationId ? ' current' : '') + (x.unread && x.unread.length ? ' has-unread' : ''),
                  'aria-current': id === state.conversationId ? 'true' : null,
                  onclick: function () {
                    if (id !== state.conversationId) switchTo(id);
                    setView('chat');
                  },
                },
                [el('span', { class: 'conv-title', text: x.title || t('untitled'), lang: langOf(x.title) }), el('span', { class: 'conv-meta', text: bits.join(' · ') })],
              ),
            ]);
          }),
        ),
      );
  }

  function setView(v, keepFocus) {
    view = v;
    home.hidden = v !== 'home';
    log.hidden = v !== 'chat';
    homeBtn.hidden = v === 'home';
    if (v === 'home') {
      renderHome();
      checkOthers();
    } else {
      scrollDown();
      if (state.open) markRead();
    }
    if (!keepFocus && state.open) {
      var active = shadow.activeElement;
      if (!active || !panel.contains(active) || active.offsetParent === null) input.focus();
    }
    updateBadge();
  }
  homeBtn.addEventListener('click', function () {
    setView('home');
    var first = home.querySelector('button');
    if (first) first.focus();
  });

  // ---- new chat: never silently drops a conversation with an open ticket ----
  function askNewChat() {
    var c = cur();
    if (!ticketOpen(c)) return newChat();
    confirmBox.textContent = '';
    var no = el('button', {
      type: 'button',
      class: 'secondary',
      text: t('confirmNo'),
      onclick: function () {
        confirmBox.hidden = true;
        var back = home.querySelector('.new-chat');
        (back || input).focus();
      },
    });
    confirmBox.appendChild(el('p', { class: 'confirm-title', id: 'cia-confirm-title', text: t('confirmNewTitle') }));
    confirmBox.appendChild(el('p', { id: 'cia-confirm-text', text: t('confirmNew')(c.ticket.id) }));
    confirmBox.appendChild(
      el('div', { class: 'home-actions' }, [
        el('button', {
          type: 'button',
          class: 'primary',
          text: t('confirmYes'),
          onclick: function () {
            confirmBox.hidden = true;
            newChat();
          },
        }),
        no,
      ]),
    );
    confirmBox.hidden = false;
    no.focus();
  }
  function newChat() {
    var c = cur();
    if (c) c.seenAt = new Date().toISOString();
    switchTo(null);
    setView('home', true);
    input.focus();
  }

  // ---- the transcript, as a text file made here from what is shown ----
  function downloadTranscript() {
    var lines = [t('title') + ' — ' + t('transcriptTitle'), t('downloaded') + ': ' + day(), ''];
    transcript.forEach(function (x) {
      lines.push('[' + day(x.at) + '] ' + x.who + ':', x.text, '');
    });
    var blob = new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/plain;charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: 'conversation-' + day().slice(0, 10) + '.txt', hidden: true });
    shadow.appendChild(a);
    a.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
      a.remove();
    }, 1000);
  }

  // ---- opening, closing, language, keyboard ----
  var phone = window.matchMedia ? window.matchMedia('(max-width: 480px)') : { matches: false };
  function fullScreen() {
    return state.open && phone.matches;
  }
  function setOpen(open) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    wrap.classList.toggle('is-open', open);
    panel.setAttribute('aria-modal', String(fullScreen()));
    if (open) {
      setView(log.childNodes.length || cur() ? 'chat' : 'home', true);
      if (state.conversationId && !source) connect();
      setTimeout(function () {
        input.focus();
      }, 0);
      scrollDown();
    } else {
      confirmBox.hidden = true;
      updateBadge();
      launcher.focus();
    }
  }
  launcher.addEventListener('click', function () {
    setOpen(!state.open);
  });
  closeBtn.addEventListener('click', function () {
    setOpen(false);
  });
  function focusables() {
    return Array.prototype.filter.call(panel.querySelectorAll('button, a[href], textarea, input, select, summary, [tabindex="0"]'), function (n) {
      return !n.disabled && n.getClientRects().length > 0;
    });
  }
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      if (!confirmBox.hidden) {
        confirmBox.hidden = true;
        input.focus();
        return;
      }
      setOpen(false);
      return;
    }
    // Full screen on a phone, the panel is the whole page: Tab stays inside it.
    if (e.key === 'Tab' && fullScreen()) {
      var list = focusables();
      if (!list.length) return;
      var active = shadow.activeElement;
      if (e.shiftKey && (active === list[0] || !panel.contains(active))) {
        e.preventDefault();
        list[list.length - 1].focus();
      } else if (!e.shiftKey && (active === list[list.length - 1] || !panel.contains(active))) {
        e.preventDefault();
        list[0].focus();
      }
    }
  });
  if (phone.addEventListener)
    phone.addEventListener('change', function () {
      panel.setAttribute('aria-modal', String(fullScreen()));
    });
  document.addEventListener('visibilitychange', function () {
    if (seeing()) markRead();
    else updateBadge();
  });
  langBtn.addEventListener('click', function () {
    state.lang = state.lang === 'ko' ? 'en' : 'ko';
    save();
    applyLabels();
  });
  personBtn.addEventListener('click', function () {
    send({ action: 'person' }, t('person'));
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (busy) return;
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    autosize();
    send({ text: text });
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });
  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 120) + 'px';
  }
  input.addEventListener('input', autosize);

  function mount() {
    document.body.appendChild(host);
    view = cur() ? 'chat' : 'home';
    home.hidden = view !== 'home';
    log.hidden = view !== 'chat';
    homeBtn.hidden = view === 'home';
    applyLabels();
    loadInfo();
    if (state.conversationId) connect();
    checkOthers();
    if (state.open || ds.open === 'true') setOpen(true);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  window.CustomsIPWidget = {
    open: function () {
      setOpen(true);
    },
    close: function () {
      setOpen(false);
    },
    toggle: function () {
      setOpen(!state.open);
    },
    setLanguage: function (l) {
      state.lang = l === 'en' ? 'en' : 'ko';
      save();
      applyLabels();
    },
  };
})();
