/*
 * Staff console: tickets filtered and searched, live; a ticket's facts, contact, transcript, internal notes, saved
 * replies, assignment, deadline and audit trail; knowledge proposals; accounts for administrators.
 * Text only, never HTML from data. Every code the server stores is shown as words (labels from the server).
 */
(function () {
  'use strict';
  var csrf = null;
  var me = null;
  var selected = null;
  // Several requests for the list and for the open ticket can be in flight at once (live updates, a reply, a click):
  // each carries a number and only the newest one issued is drawn, so an older answer never replaces a newer one.
  var listSeq = 0;
  var openSeq = 0;
  // What staff are typing survives the redraws that live updates cause.
  var drafts = {};
  var noteDrafts = {};
  var lastList = [];
  var lastDetail = null;
  var colleagues = [];
  var savedReplies = [];
  var markets = [];

  // Korean for Korean browsers (the staff are KIPO's), English otherwise; the header switch changes it.
  var T = {
    ko: {
      title: '해외 세관 지재권 · 담당자 콘솔', signOut: '로그아웃', signIn: '로그인', email: '이메일', password: '비밀번호',
      tickets: '티켓', analytics: '분석', accounts: '계정 관리', empty: '조건에 맞는 티켓이 없습니다.', select: '티켓을 선택하세요.',
      cols: ['#', '우선순위', '남은 기한', '사유', '시장', '상태 · 담당', '접수 후'], ticket: '티켓', priority: '우선순위', status: '상태',
      reason: '사유', deadline: '대응 기한', opened: '접수', market: '시장 / 권리', marketOnly: '시장', channel: '채널', assignee: '담당자',
      summary: '요약', claim: '내가 담당', resolve: '티켓 완료', assign: '배정', nobody: '담당자 없음', transcript: '대화 기록',
      reply: '방문자에게 답변 (방문자의 채팅으로 전송됩니다)', send: '답변 보내기', audit: '처리 기록', updated: '갱신', other: 'English',
      visitor: '방문자', search: '검색: 회사, 제품, 질문 내용, 티켓 번호', all: '전체', active: '진행 중 전체', me: '나', count: '건',
      contact: '연락처', company: '회사', person: '담당자', phone: '전화', product: '제품 / 브랜드', noContact: '연락처를 남기지 않았습니다.',
      notes: '내부 메모', notesHint: '담당자끼리만 봅니다. 방문자에게는 절대 전송되지 않습니다.', addNote: '메모 추가', notePlaceholder: '내부 메모 (방문자에게 보이지 않음)',
      noNotes: '메모가 없습니다.', saved: '저장된 답변', insert: '넣기', manage: '저장된 답변 관리', choose: '저장된 답변 선택…',
      srTitle: '제목', srBody: '내용', srLang: '언어', srCitations: '출처 (한 줄에 하나: 제목 | URL)', srSave: '저장', srNew: '새로 만들기', srDelete: '삭제',
      srFromReply: '지금 답변을 저장된 답변으로', srSources: '이 대화에서 인용된 출처', sourcesLine: '출처', none: '없음',
      left: '남음', overdue: '기한 지남', ago: '전', d: '일', h: '시간', m: '분', justNow: '방금',
      propose: '지식 업데이트 제안', proposeHint: '해결된 질문을 지식 베이스에 추가하도록 제안합니다 (검토 후 반영).', question: '질문', answer: '답변',
      source: '출처 URL', proposeSend: '제안하기', proposed: '제안했습니다. 검토 목록에 추가되었습니다.', proposals: '지식 업데이트 제안 목록',
      accept: '채택', reject: '반려', exportFile: '지식 파일로 내보내기',
      addAccount: '계정 추가', name: '이름', role: '역할', add: '추가', disable: '사용 중지', enable: '다시 사용', remove: '삭제', resetPw: '비밀번호 재설정',
      accState: '상태', activeState: '사용 중', disabledState: '사용 중지됨', newPassword: '새 비밀번호(한 번만 표시됩니다): ', confirmRemove: '이 계정을 삭제할까요?',
      accountHistory: '계정 변경 기록', deadlineBasis: '기한일 23:59 (한국 시간) 기준',
      files: '첨부 파일', download: '내려받기', satisfaction: '만족도', notRated: '아직 평가 없음', filesHint: '방문자가 올린 파일입니다. 내려받아 확인하세요 (브라우저에서 열리지 않습니다).',
    },
    en: {
      title: 'Customs IP · Staff console', signOut: 'Sign out', signIn: 'Sign in', email: 'Email', password: 'Password',
      tickets: 'Tickets', analytics: 'Analytics', accounts: 'Accounts', empty: 'No tickets match.', select: 'Select a ticket.',
      cols: ['#', 'Priority', 'Time left', 'Reason', 'Market', 'Status · assignee', 'Waiting'], ticket: 'Ticket', priority: 'Priority', status: 'Status',
      reason: 'Reason', deadline: 'Deadline', opened: 'Opened', market: 'Market / right', marketOnly: 'Market', channel: 'Channel', assignee: 'Assignee',
      summary: 'Summary', claim: 'Take it', resolve: 'Close ticket', assign: 'Assign', nobody: 'Nobody', transcript: 'Transcript',
      reply: 'Reply to the visitor (sent to their chat)', send: 'Send reply', audit: 'Audit trail', updated: 'Updated', other: '한국어',
      visitor: 'Visitor', search: 'Search: company, product, question, ticket number', all: 'All', active: 'All in progress', me: 'Me', count: '',
      contact: 'Contact', company: 'Company', person: 'Contact person', phone: 'Phone', product: 'Product / brand', noContact: 'No contact details left.',
      notes: 'Internal notes', notesHint: 'Seen by your team only. Never sent to the visitor.', addNote: 'Add note', notePlaceholder: 'Internal note (the visitor never sees it)',
      noNotes: 'No notes yet.', saved: 'Saved replies', insert: 'Insert', manage: 'Manage saved replies', choose: 'Choose a saved reply…',
      srTitle: 'Title', srBody: 'Text', srLang: 'Language', srCitations: 'Sources (one a line: title | URL)', srSave: 'Save', srNew: 'New', srDelete: 'Delete',
      srFromReply: 'Save this reply for reuse', srSources: 'Sources cited in this conversation', sourcesLine: 'Sources', none: 'None',
      left: 'left', overdue: 'overdue', ago: 'ago', d: 'd', h: 'h', m: 'min', justNow: 'just now',
      propose: 'Propose a knowledge update', proposeHint: 'Propose adding this answered question to the knowledge base (reviewed first).', question: 'Question', answer: 'Answer',
      source: 'Source URL', proposeSend: 'Propose', proposed: 'Proposed; it is in the review list.', proposals: 'Knowledge update proposals',
      accept: 'Accept', reject: 'Reject', exportFile: 'Export as a knowledge file',
      addAccount: 'Add an account', name: 'Name', role: 'Role', add: 'Add', disable: 'Disable', enable: 'Enable', remove: 'Remove', resetPw: 'Reset password',
      accState: 'State', activeState: 'Active', disabledState: 'Disabled', newPassword: 'New password (shown once): ', confirmRemove: 'Remove this account?',
      accountHistory: 'Account changes', deadlineBasis: 'until 23:59 Korean time on the day',
      files: 'Files', download: 'Download', satisfaction: 'Satisfaction', notRated: 'Not rated yet', filesHint: 'Files the visitor attached. Download to open them (they never open in the browser).',
    },
  };
  var lang = localStorage.getItem('cia-staff-lang') || (/^ko\b/i.test(navigator.language || '') ? 'ko' : 'en');
  var tr = function (k) {
    return T[lang][k];
  };
  var $ = function (id) {
    return document.getElementById(id);
  };

  // Labels for every code the server stores (reasons, statuses, …), fetched once after sign-in.
  var labels = null;
  function L(kind, code) {
    if (code == null || code === '') return '—';
    var table = labels && labels[kind];
    var hit = table && table[code];
    return hit ? hit[lang] : lang === 'ko' ? '기타' : 'Other';
  }
  function marketName(code) {
    return labels && labels.market[code] ? labels.market[code][lang] : code;
  }
  function market(t) {
    var parts = [];
    if (t.jurisdiction) parts.push(marketName(t.jurisdiction));
    if (t.right) parts.push(L('right', t.right));
    return parts.join(' · ') || '—';
  }
  function actorLabel(actor) {
    var m = /^(web|slack|cli):/.exec(actor || '');
    if (m) return tr('visitor') + ' (' + L('channel', m[1]) + ')';
    if (actor === 'system') return L('role', 'system');
    if (actor === 'cli') return L('channel', 'cli');
    return actor;
  }
  /** A summary written with codes in it ("[goods_detained] · market: CN · right: trademark") reads in words. */
  function readable(text) {
    if (!labels) return text;
    return String(text || '')
      .replace(/\[([a-z_]+)\]/g, function (all, code) {
        return labels.reason[code] ? '[' + labels.reason[code][lang] + ']' : all;
      })
      .replace(/((?:국가|market): )([A-Z]{2})\b/g, function (all, head, code) {
        return labels.market[code] ? head + labels.market[code][lang] : all;
      })
      .replace(/((?:권리|right): )([a-z_]+)/g, function (all, head, code) {
        return labels.right[code] ? head + labels.right[code][lang] : all;
      });
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) {
      n.textContent = tr(n.getAttribute('data-i18n'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-placeholder]'), function (n) {
      n.setAttribute('placeholder', tr(n.getAttribute('data-i18n-placeholder')));
      n.setAttribute('aria-label', tr(n.getAttribute('data-i18n-placeholder')));
    });
    Array.prototype.forEach.call(document.querySelectorAll('#tickets thead th'), function (th, i) {
      th.textContent = tr('cols')[i];
    });
    $('lang').textContent = tr('other');
    if (labels) fillFilters();
  }

  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs)
      for (var k in attrs) {
        if (attrs[k] == null || attrs[k] === false) continue;
        if (k === 'text') n.textContent = attrs[k];
        else if (k === 'class') n.className = attrs[k];
        else if (k === 'value') n.value = attrs[k];
        else if (k.slice(0, 2) === 'on') n.addEventListener(k.slice(2), attrs[k]);
        else n.setAttribute(k, attrs[k]);
      }
    (children || []).forEach(function (c) {
      if (c != null) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return n;
  }
  function option(value, text, current) {
    var o = el('option', { value: value, text: text });
    if (String(current) === String(value)) o.selected = true;
    return o;
  }
  function api(path, method, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (csrf && method && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    return fetch(path, { method: method || 'GET', headers: headers, credentials: 'same-origin', body: body !== undefined ? JSON.stringify(body) : undefined }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) {
          // Signed out meanwhile (session ended, account disabled or removed): back to the sign-in form.
          if (res.status === 401 && path !== '/staff/api/login' && me) signedOut();
          var e = new Error((data.error && data.error.message) || res.statusText);
          e.status = res.status;
          throw e;
        }
        return data;
      });
    });
  }
  /** Markdown as readable plain text (kept as text: nothing from a transcript is ever parsed as HTML). */
  function plain(md) {
    return String(md || '')
      .replace(/\*\*(.+?)\*\*/g, '$1')
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>');
  }
  function fmt(iso) {
    return iso ? new Date(iso).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: 'Asia/Seoul', dateStyle: 'short', timeStyle: 'short' }) : '';
  }
  function span(ms) {
    var mins = Math.floor(Math.abs(ms) / 60000);
    if (mins < 1) return tr('justNow');
    var d = Math.floor(mins / 1440);
    var h = Math.floor((mins % 1440) / 60);
    var m = mins % 60;
    var sep = lang === 'ko' ? '' : ' ';
    if (d) return d + sep + tr('d') + (h ? ' ' + h + sep + tr('h') : '');
    if (h) return h + sep + tr('h') + (m && h < 6 ? ' ' + m + sep + tr('m') : '');
    return m + sep + tr('m');
  }
  /** Time since a moment: "3시간 전" / "3 h ago". */
  function since(iso) {
    var ms = Date.now() - new Date(iso).getTime();
    return ms < 60000 ? tr('justNow') : span(ms) + ' ' + tr('ago');
  }
  /** The deadline day ends at 23:59 Korean time; returns the text and how close it is. */
  function timeLeft(deadline, status) {
    if (!deadline) return null;
    var end = new Date(deadline + 'T23:59:59+09:00').getTime();
    var ms = end - Date.now();
    var cls = status === 'resolved' ? '' : ms < 0 ? 'overdue' : ms < 24 * 3600000 ? 'due-soon' : ms < 72 * 3600000 ? 'due-near' : '';
    var text = ms < 0 ? tr('overdue') + ' ' + span(ms) : span(ms) + ' ' + tr('left');
    return { text: text, cls: cls };
  }
  function waitingClass(t) {
    if (t.status !== 'open') return '';
    var ms = Date.now() - new Date(t.createdAt).getTime();
    var limit = t.priority === 'urgent' ? 3600000 : t.priority === 'high' ? 4 * 3600000 : 24 * 3600000;
    return ms > limit ? 'waiting-long' : '';
  }

  // ---- Sign-in ----
  function showLogin() {
    $('login').hidden = false;
    $('desk').hidden = true;
    $('accounts').hidden = true;
    $('nav').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    $('email').focus();
  }
  function signedOut() {
    me = null;
    csrf = null;
    if (source) source.close();
    showLogin();
  }
  function showDesk(who) {
    me = who;
    csrf = who.csrfToken;
    $('login').hidden = true;
    $('desk').hidden = false;
    $('nav').hidden = false;
    $('nav-accounts').hidden = who.role !== 'admin';
    $('logout').hidden = false;
    $('who').textContent = who.name ? who.name + ' · ' + who.email : who.email;
    return Promise.all([
      labels ? null : api('/staff/api/labels').then(function (l) {
        labels = l;
      }),
      loadColleagues(),
      loadSaved(),
      loadMarkets(),
    ]).then(function () {
      fillFilters();
      listen();
      return refresh().then(function () {
        var m = /^#ticket-(\d+)$/.exec(location.hash);
        if (m) open(Number(m[1]));
      });
    });
  }
  function loadColleagues() {
    return api('/staff/api/staff').then(function (d) {
      colleagues = d.staff;
    });
  }
  function loadSaved() {
    return api('/staff/api/saved-replies').then(function (d) {
      savedReplies = d.replies;
    });
  }
  function loadMarkets() {
    return api('/staff/api/desk/markets').then(function (d) {
      markets = d.markets;
    });
  }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    $('login-error').textContent = '';
    api('/staff/api/login', 'POST', { email: $('email').value, password: $('password').value })
      .then(function () {
        return api('/staff/api/desk/me');
      })
      .then(showDesk)
      .catch(function (err) {
        $('login-error').textContent = err.message;
      });
  });
  $('logout').addEventListener('click', function () {
    api('/staff/api/logout', 'POST').then(signedOut, signedOut);
  });

  // ---- Filters ----
  var FILTERS = ['f-status', 'f-priority', 'f-market', 'f-channel', 'f-assignee'];
  var filterState = JSON.parse(sessionStorage.getItem('cia-staff-filters') || '{}');
  function fillSelect(id, options) {
    var s = $(id);
    var current = filterState[id] || '';
    s.textContent = '';
    options.forEach(function (o) {
      s.appendChild(option(o[0], o[1], current));
    });
  }
  function fillFilters() {
    fillSelect('f-status', [['', tr('active')]].concat(['open', 'claimed', 'answered', 'resolved'].map(function (s) {
      return [s, L('status', s)];
    })).concat([['all', tr('all')]]));
    fillSelect('f-priority', [['', tr('all')]].concat(['urgent', 'high', 'normal'].map(function (p) {
      return [p, L('priority', p)];
    })));
    fillSelect('f-market', [['', tr('all')]].concat(markets.map(function (m) {
      return [m, marketName(m)];
    })));
    fillSelect('f-channel', [['', tr('all')]].concat(['web', 'slack', 'cli'].map(function (c) {
      return [c, L('channel', c)];
    })));
    fillSelect('f-assignee', [['', tr('all')], ['me', tr('me')], ['none', tr('nobody')]].concat(colleagues.map(function (c) {
      return [c.email, c.name || c.email];
    })));
  }
  FILTERS.forEach(function (id) {
    $(id).addEventListener('change', function () {
      filterState[id] = $(id).value;
      sessionStorage.setItem('cia-staff-filters', JSON.stringify(filterState));
      refresh();
    });
  });
  var searchTimer = null;
  $('q').addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(refresh, 250);
  });
  $('filters').addEventListener('submit', function (e) {
    e.preventDefault();
    refresh();
  });
  function query() {
    var p = [];
    var status = filterState['f-status'] || '';
    p.push('status=' + (status === 'all' ? 'open,claimed,answered,resolved' : status || 'open,claimed,answered'));
    if (filterState['f-priority']) p.push('priority=' + encodeURIComponent(filterState['f-priority']));
    if (filterState['f-market']) p.push('market=' + encodeURIComponent(filterState['f-market']));
    if (filterState['f-channel']) p.push('channel=' + encodeURIComponent(filterState['f-channel']));
    if (filterState['f-assignee']) p.push('assignee=' + encodeURIComponent(filterState['f-assignee']));
    var q = $('q').value.trim();
    if (q) p.push('q=' + encodeURIComponent(q));
    return p.join('&');
  }

  // ---- The list ----
  function refresh() {
    var seq = ++listSeq;
    return api('/staff/api/desk/tickets?' + query()).then(function (data) {
      if (seq !== listSeq) return;
      lastList = data.tickets;
      drawList();
    });
  }
  function who(email) {
    for (var i = 0; i < colleagues.length; i++) if (colleagues[i].email === email) return colleagues[i].name || email;
    return email;
  }
  function drawList() {
    var body = $('tickets').querySelector('tbody');
    body.textContent = '';
    $('empty').hidden = lastList.length > 0;
    $('count').textContent = lastList.length + (tr('count') ? tr('count') : '');
    lastList.forEach(function (t) {
      var left = timeLeft(t.deadline, t.status);
      var row = el(
        'tr',
        {
          class: 'ticket ' + t.priority + (selected === t.id ? ' selected' : ''),
          tabindex: '0',
          'data-ticket': String(t.id),
          onclick: function () {
            open(t.id);
          },
          onkeydown: function (e) {
            if (e.key === 'Enter') open(t.id);
          },
        },
        [
          el('td', { text: '#' + t.id }),
          el('td', {}, [el('span', { class: 'prio ' + t.priority, text: L('priority', t.priority) })]),
          el('td', { class: 'deadline ' + (left ? left.cls : ''), title: t.deadline || '' }, [left ? left.text : '—']),
          el('td', { text: L('reason', t.reason) }),
          el('td', { text: market(t) + (t.company ? ' · ' + t.company : '') }),
          el('td', { 'data-status': t.status, text: L('status', t.status) + (t.claimedBy ? ' · ' + who(t.claimedBy) : '') }),
          el('td', { class: 'since ' + waitingClass(t), title: fmt(t.createdAt), text: since(t.createdAt) }),
        ],
      );
      body.appendChild(row);
    });
  }

  // ---- One ticket ----
  function open(id) {
    selected = id;
    var seq = ++openSeq;
    if (location.hash !== '#ticket-' + id) history.replaceState(null, '', '#ticket-' + id);
    Array.prototype.forEach.call(document.querySelectorAll('tr.ticket'), function (r) {
      r.classList.toggle('selected', r.getAttribute('data-ticket') === String(id));
    });
    return api('/staff/api/desk/tickets/' + id).then(function (d) {
      if (seq === openSeq && selected === id) {
        lastDetail = d;
        renderDetail(d);
      }
    });
  }

  function section(title, cls, children) {
    return el('section', { class: cls }, [el('h3', { text: title })].concat(children));
  }

  function size(n) {
    return n >= 1048576 ? (Math.round((n / 1048576) * 10) / 10) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB';
  }
  /** A download link: the server sends every file as an attachment, so nothing a visitor sent runs here. */
  function fileLink(f) {
    return el('a', { class: 'file', href: f.url, download: f.name, text: '📎 ' + f.name + ' (' + size(f.size) + ') · ' + tr('download') });
  }
  function fileItem(f) {
    var photo = /^image\/(jpeg|png|webp|gif)$/.test(f.type);
    return el('li', {}, [photo ? el('img', { src: f.url, alt: f.name, class: 'thumb', width: '96', height: '96', loading: 'lazy' }) : null, fileLink(f)].filter(Boolean));
  }

  function renderDetail(d) {
    var t = d.ticket;
    var pane = $('detail');
    var focusedId = document.activeElement && pane.contains(document.activeElement) ? document.activeElement.id : null;
    pane.textContent = '';
    var left = timeLeft(t.deadline, t.status);
    pane.appendChild(el('h2', { text: tr('ticket') + ' #' + t.id }));
    pane.appendChild(
      el('dl', { class: 'facts' }, [
        el('dt', { text: tr('priority') }),
        el('dd', {}, [el('span', { class: 'prio ' + t.priority, text: L('priority', t.priority) })]),
        el('dt', { text: tr('status') }),
        el('dd', { 'data-status': t.status, text: L('status', t.status) + (t.claimedBy ? ' · ' + who(t.claimedBy) : '') }),
        el('dt', { text: tr('reason') }),
        el('dd', { 'data-reason': t.reason, text: L('reason', t.reason) }),
        el('dt', { text: tr('deadline') }),
        el('dd', { class: 'deadline ' + (left ? left.cls : '') }, t.deadline ? [t.deadline + ' · ', el('strong', { text: left.text }), el('span', { class: 'hint', text: ' (' + tr('deadlineBasis') + ')' })] : ['—']),
        el('dt', { text: tr('opened') }),
        el('dd', { class: waitingClass(t) }, [fmt(t.createdAt) + ' · ' + since(t.createdAt)]),
        el('dt', { text: tr('market') }),
        el('dd', { text: market(t) }),
        el('dt', { text: tr('channel') }),
        el('dd', { text: d.conversation ? L('channel', d.conversation.channel) + (d.conversation.language ? ' · ' + L('language', d.conversation.language) : '') : '' }),
      ].concat(
        t.status === 'resolved'
          ? [el('dt', { text: tr('satisfaction') }), el('dd', { class: 'rating', text: d.rating ? d.rating.score + ' / 5' + (d.rating.comment ? ' · “' + d.rating.comment + '”' : '') : tr('notRated') })]
          : [],
      )),
    );

    // Files the visitor attached: links to download (never shown inline), a small preview for photos.
    var files = d.attachments || [];
    var fileById = {};
    files.forEach(function (f) {
      fileById[f.id] = f;
    });
    if (files.length) pane.appendChild(section(tr('files'), 'files', [el('p', { class: 'hint', text: tr('filesHint') }), el('ul', {}, files.map(fileItem))]));

    // Contact details the company left.
    var c = d.contact;
    pane.appendChild(
      section(tr('contact'), 'contact', [
        c
          ? el('dl', { class: 'facts' }, [
              ['company', c.company],
              ['person', c.person],
              ['email', c.email],
              ['phone', c.phone],
              ['product', c.product],
            ]
              .filter(function (p) {
                return p[1];
              })
              .reduce(function (acc, p) {
                acc.push(el('dt', { text: tr(p[0]) }));
                acc.push(el('dd', {}, [p[0] === 'email' ? el('a', { href: 'mailto:' + p[1], text: p[1] }) : p[0] === 'phone' ? el('a', { href: 'tel:' + p[1].replace(/[^\d+]/g, ''), text: p[1] }) : p[1]]));
                return acc;
              }, []))
          : el('p', { class: 'empty', text: tr('noContact') }),
      ]),
    );

    pane.appendChild(el('h3', { text: tr('summary') }));
    pane.appendChild(el('p', { class: 'summary', text: readable(t.summary) }));

    var actions = el('div', { class: 'actions' });
    var act = function (what, body, done) {
      return api('/staff/api/tickets/' + t.id + '/' + what, 'POST', body)
        .then(function () {
          if (done) done();
          return Promise.all([refresh(), open(t.id)]);
        })
        .catch(function (e) {
          alert(e.message);
        });
    };
    if (t.status !== 'resolved') {
      if (t.claimedBy !== me.email && t.status !== 'claimed') actions.appendChild(el('button', { type: 'button', id: 'claim', text: tr('claim'), onclick: function () { act('claim'); } }));
      var pick = el('select', { id: 'assignee', 'aria-label': tr('assignee') }, [option('', tr('nobody'), t.claimedBy || '')].concat(colleagues.map(function (s) {
        return option(s.email, s.name || s.email, t.claimedBy || '');
      })));
      actions.appendChild(
        el('span', { class: 'assign' }, [
          pick,
          el('button', {
            type: 'button',
            id: 'assign',
            class: 'secondary',
            text: tr('assign'),
            onclick: function () {
              api('/staff/api/desk/tickets/' + t.id + '/assign', 'POST', { assignee: pick.value || null })
                .then(function () {
                  return Promise.all([refresh(), open(t.id)]);
                })
                .catch(function (e) {
                  alert(e.message);
                });
            },
          }),
        ]),
      );
      actions.appendChild(el('button', { type: 'button', id: 'resolve', text: tr('resolve'), onclick: function () { act('resolve'); } }));
    }
    pane.appendChild(actions);

    pane.appendChild(el('h3', { text: tr('transcript') }));
    var log = el('ol', { class: 'transcript' });
    d.messages.forEach(function (m) {
      var file = m.data && m.data.attachment && fileById[m.data.attachment.id];
      log.appendChild(el('li', { class: 'm ' + m.role }, [el('span', { class: 'role', text: L('role', m.role) + ' · ' + fmt(m.createdAt) }), file ? fileLink(file) : el('div', { class: 'text', text: plain(m.text) })]));
    });
    pane.appendChild(log);

    // Internal notes: a visibly different box, never part of the transcript.
    var noteBox = el('textarea', { id: 'note-text', rows: '2', placeholder: tr('notePlaceholder'), 'aria-label': tr('notePlaceholder') });
    noteBox.value = noteDrafts[t.id] || '';
    noteBox.addEventListener('input', function () {
      noteDrafts[t.id] = noteBox.value;
    });
    var noteForm = el('form', { class: 'note-form' }, [noteBox, el('button', { type: 'submit', id: 'add-note', class: 'secondary', text: tr('addNote') })]);
    noteForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = noteBox.value.trim();
      if (!text) return;
      api('/staff/api/desk/tickets/' + t.id + '/notes', 'POST', { text: text })
        .then(function () {
          delete noteDrafts[t.id];
          noteBox.value = '';
          return open(t.id);
        })
        .catch(function (e2) {
          alert(e2.message);
        });
    });
    pane.appendChild(
      section(tr('notes'), 'notes', [
        el('p', { class: 'hint', text: tr('notesHint') }),
        d.notes.length
          ? el('ul', { class: 'note-list' }, d.notes.map(function (n) {
              return el('li', { class: 'note' }, [el('span', { class: 'role', text: who(n.author) + ' · ' + fmt(n.createdAt) }), el('div', { class: 'text', text: n.text })]);
            }))
          : el('p', { class: 'empty', text: tr('noNotes') }),
        noteForm,
      ]),
    );

    if (t.status !== 'resolved') pane.appendChild(replyForm(t, d, act));
    if (t.status === 'answered' || t.status === 'resolved') pane.appendChild(proposalForm(t, d));

    pane.appendChild(el('h3', { text: tr('audit') }));
    pane.appendChild(
      el(
        'ul',
        { class: 'audit' },
        d.audit.map(function (a) {
          var extra = a.action === 'assign' && a.data && a.data.to ? ' → ' + who(a.data.to) : '';
          return el('li', { text: fmt(a.at) + ' · ' + L('action', a.action) + extra + ' · ' + actorLabel(a.actor) });
        }),
      ),
    );
    if (focusedId && $(focusedId)) $(focusedId).focus();
  }

  /** Sources the assistant cited in this conversation: knowledge-base citations staff can add to a reply. */
  function conversationSources(d) {
    var seen = {};
    var out = [];
    d.messages.forEach(function (m) {
      ((m.data && m.data.citations) || []).forEach(function (c) {
        if (c && c.url && !seen[c.url] && /^https?:\/\//.test(c.url)) {
          seen[c.url] = true;
          out.push({ title: c.title || c.url, url: c.url });
        }
      });
    });
    return out;
  }
  function withSources(body, citations) {
    if (!citations || !citations.length) return body;
    return body + '\n\n' + tr('sourcesLine') + ':\n' + citations.map(function (c) {
      return '- [' + c.title + '](' + c.url + ')';
    }).join('\n');
  }

  function replyForm(t, d, act) {
    var box = el('textarea', { id: 'reply-text', rows: '5', 'aria-label': tr('reply'), placeholder: tr('reply') });
    box.value = drafts[t.id] || '';
    box.addEventListener('input', function () {
      drafts[t.id] = box.value;
    });
    var convLang = (d.conversation && d.conversation.language) || lang;
    var choose = el('select', { id: 'saved-reply', 'aria-label': tr('saved') }, [option('', tr('choose'), '')].concat(
      savedReplies
        .slice()
        .sort(function (a, b) {
          return (a.lang === convLang ? 0 : 1) - (b.lang === convLang ? 0 : 1) || a.title.localeCompare(b.title);
        })
        .map(function (r) {
          return option(String(r.id), r.title + (r.lang ? ' (' + L('language', r.lang) + ')' : ''), '');
        }),
    ));
    var insert = el('button', {
      type: 'button',
      id: 'insert-saved',
      class: 'secondary',
      text: tr('insert'),
      onclick: function () {
        var r = savedReplies.filter(function (x) {
          return String(x.id) === choose.value;
        })[0];
        if (!r) return;
        var text = withSources(r.body, r.citations);
        box.value = box.value.trim() ? box.value.replace(/\s+$/, '') + '\n\n' + text : text;
        drafts[t.id] = box.value;
        box.focus();
      },
    });
    var sources = conversationSources(d);
    var sourceList = sources.length
      ? el('details', { class: 'sources' }, [
          el('summary', { text: tr('srSources') + ' (' + sources.length + ')' }),
          el('ul', {}, sources.map(function (s) {
            return el('li', {}, [
              el('button', {
                type: 'button',
                class: 'link',
                text: '+',
                'aria-label': s.title,
                onclick: function () {
                  box.value = withSources(box.value.replace(/\s+$/, ''), [s]);
                  drafts[t.id] = box.value;
                },
              }),
              ' ' + s.title + ' ',
              el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer', text: s.url }),
            ]);
          })),
        ])
      : null;
    var form = el('form', { class: 'reply' }, [
      el('div', { class: 'saved-bar' }, [choose, insert, el('button', { type: 'button', id: 'manage-saved', class: 'link', text: tr('manage'), onclick: function () { toggleSavedEditor(form, box, sources); } })]),
      box,
      sourceList,
      el('div', { class: 'reply-actions' }, [el('button', { type: 'submit', id: 'send-reply', text: tr('send') })]),
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = box.value.trim();
      if (!text) return;
      act('reply', { text: text }, function () {
        // Sent: the draft goes (unless staff already started a new one meanwhile).
        if ((drafts[t.id] || '').trim() === text) delete drafts[t.id];
        var now = $('reply-text');
        if (now && now.value.trim() === text) now.value = '';
      });
    });
    return form;
  }

  /** Create, edit and delete saved replies, with their knowledge-base sources. */
  function toggleSavedEditor(form, box, sources) {
    var old = form.querySelector('.saved-editor');
    if (old) return old.remove();
    var pick = el('select', { id: 'sr-pick', 'aria-label': tr('saved') }, [option('', tr('srNew'), '')].concat(savedReplies.map(function (r) {
      return option(String(r.id), r.title, '');
    })));
    var title = el('input', { id: 'sr-title', maxlength: '200', 'aria-label': tr('srTitle'), placeholder: tr('srTitle') });
    var body = el('textarea', { id: 'sr-body', rows: '4', 'aria-label': tr('srBody'), placeholder: tr('srBody') });
    var rlang = el('select', { id: 'sr-lang', 'aria-label': tr('srLang') }, [option('', tr('all'), ''), option('ko', L('language', 'ko'), ''), option('en', L('language', 'en'), '')]);
    var cites = el('textarea', { id: 'sr-citations', rows: '2', 'aria-label': tr('srCitations'), placeholder: tr('srCitations') });
    var status = el('p', { class: 'hint', role: 'status' });
    function load() {
      var r = savedReplies.filter(function (x) {
        return String(x.id) === pick.value;
      })[0];
      title.value = r ? r.title : '';
      body.value = r ? r.body : box.value.trim();
      rlang.value = r ? r.lang || '' : lang;
      cites.value = (r ? r.citations : sources).map(function (c) {
        return c.title + ' | ' + c.url;
      }).join('\n');
    }
    pick.addEventListener('change', load);
    load();
    function parsedCitations() {
      return cites.value
        .split('\n')
        .map(function (l) {
          var i = l.lastIndexOf('|');
          return i < 0 ? null : { title: l.slice(0, i).trim(), url: l.slice(i + 1).trim() };
        })
        .filter(function (c) {
          return c && c.title && c.url;
        });
    }
    var editor = el('div', { class: 'saved-editor' }, [
      pick,
      title,
      rlang,
      body,
      cites,
      el('div', { class: 'reply-actions' }, [
        el('button', {
          type: 'button',
          id: 'sr-save',
          class: 'secondary',
          text: tr('srSave'),
          onclick: function () {
            var payload = { title: title.value.trim(), body: body.value.trim(), lang: rlang.value || null, citations: parsedCitations() };
            var req = pick.value ? api('/staff/api/saved-replies/' + pick.value, 'PUT', payload) : api('/staff/api/saved-replies', 'POST', payload);
            req
              .then(function (res) {
                return loadSaved().then(function () {
                  status.textContent = '✓ ' + res.reply.title;
                  if (lastDetail) renderDetail(lastDetail);
                });
              })
              .catch(function (e) {
                status.textContent = e.message;
              });
          },
        }),
        el('button', {
          type: 'button',
          id: 'sr-delete',
          class: 'secondary',
          text: tr('srDelete'),
          onclick: function () {
            if (!pick.value) return;
            api('/staff/api/saved-replies/' + pick.value, 'DELETE')
              .then(loadSaved)
              .then(function () {
                if (lastDetail) renderDetail(lastDetail);
              })
              .catch(function (e) {
                status.textContent = e.message;
              });
          },
        }),
      ]),
      status,
    ]);
    form.appendChild(editor);
  }

  /** From an answered or closed ticket: propose the question and the staff answer for the knowledge base. */
  function proposalForm(t, d) {
    var lastUser = d.messages.filter(function (m) {
      return m.role === 'user';
    });
    var lastStaff = d.messages.filter(function (m) {
      return m.role === 'staff';
    });
    var question = el('textarea', { id: 'kp-question', rows: '2', 'aria-label': tr('question'), placeholder: tr('question') });
    question.value = lastUser.length ? lastUser[lastUser.length - 1].text : '';
    var answer = el('textarea', { id: 'kp-answer', rows: '4', 'aria-label': tr('answer'), placeholder: tr('answer') });
    answer.value = lastStaff.length ? plain(lastStaff[lastStaff.length - 1].text) : '';
    var url = el('input', { id: 'kp-source', type: 'url', maxlength: '2000', 'aria-label': tr('source'), placeholder: tr('source') });
    var found = answer.value.match(/https?:\/\/[^\s>)]+/);
    if (found) url.value = found[0];
    var status = el('p', { class: 'hint', role: 'status' });
    var form = el('form', { class: 'proposal' }, [
      el('p', { class: 'hint', text: tr('proposeHint') }),
      question,
      answer,
      url,
      el('div', { class: 'reply-actions' }, [el('button', { type: 'submit', id: 'kp-send', class: 'secondary', text: tr('proposeSend') })]),
      status,
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      api('/staff/api/desk/tickets/' + t.id + '/proposals', 'POST', { question: question.value.trim(), answer: answer.value.trim(), sourceUrl: url.value.trim() || null })
        .then(function () {
          status.textContent = tr('proposed');
        })
        .catch(function (e2) {
          status.textContent = e2.message;
        });
    });
    return el('details', { class: 'propose' }, [el('summary', { text: tr('propose') }), form]);
  }

  // ---- Accounts (administrators) ----
  function showAccounts(on) {
    $('desk').hidden = on;
    $('accounts').hidden = !on;
    $('nav-desk').classList.toggle('on', !on);
    $('nav-accounts').classList.toggle('on', on);
    if (on) drawAccounts();
  }
  $('nav-desk').addEventListener('click', function () {
    showAccounts(false);
  });
  $('nav-accounts').addEventListener('click', function () {
    showAccounts(true);
  });
  function drawAccounts() {
    return api('/staff/api/accounts').then(function (d) {
      var pane = $('accounts');
      pane.textContent = '';
      pane.appendChild(el('h1', { text: tr('accounts') }));
      var status = el('p', { class: 'hint', id: 'acc-status', role: 'status' });
      var post = function (path, body, method) {
        return api(path, method || 'POST', body)
          .then(function (res) {
            return drawAccounts().then(function () {
              if (res && res.password) $('acc-status').textContent = tr('newPassword') + res.password;
            });
          })
          .catch(function (e) {
            status.textContent = e.message;
          });
      };
      var table = el('table', { id: 'account-list' }, [
        el('thead', {}, [el('tr', {}, [tr('email'), tr('name'), tr('role'), tr('accState'), ''].map(function (h) {
          return el('th', { text: h });
        }))]),
        el('tbody', {}, d.accounts.map(function (a) {
          var path = '/staff/api/accounts/' + encodeURIComponent(a.email);
          var role = el('select', { 'aria-label': tr('role') }, ['agent', 'admin'].map(function (r) {
            return option(r, L('staffRole', r), a.role);
          }));
          role.addEventListener('change', function () {
            post(path + '/role', { role: role.value });
          });
          return el('tr', { 'data-account': a.email, class: a.disabled ? 'disabled' : '' }, [
            el('td', { text: a.email }),
            el('td', { text: a.name || '' }),
            el('td', {}, [role]),
            el('td', { text: a.disabled ? tr('disabledState') : tr('activeState') }),
            el('td', { class: 'row-actions' }, [
              el('button', { type: 'button', class: 'secondary', text: a.disabled ? tr('enable') : tr('disable'), onclick: function () { post(path + (a.disabled ? '/enable' : '/disable')); } }),
              el('button', { type: 'button', class: 'secondary', text: tr('resetPw'), onclick: function () { post(path + '/password', {}); } }),
              el('button', { type: 'button', class: 'secondary danger', text: tr('remove'), onclick: function () { if (confirm(tr('confirmRemove'))) post(path, undefined, 'DELETE'); } }),
            ]),
          ]);
        })),
      ]);
      pane.appendChild(table);
      pane.appendChild(status);
      var email = el('input', { id: 'acc-email', type: 'email', required: 'required', placeholder: tr('email'), 'aria-label': tr('email') });
      var name = el('input', { id: 'acc-name', placeholder: tr('name'), 'aria-label': tr('name') });
      var pw = el('input', { id: 'acc-password', type: 'password', minlength: '10', required: 'required', autocomplete: 'new-password', placeholder: tr('password'), 'aria-label': tr('password') });
      var role = el('select', { id: 'acc-role', 'aria-label': tr('role') }, [option('agent', L('staffRole', 'agent'), 'agent'), option('admin', L('staffRole', 'admin'), 'agent')]);
      var add = el('form', { class: 'add-account' }, [el('h2', { text: tr('addAccount') }), email, name, pw, role, el('button', { type: 'submit', text: tr('add') })]);
      add.addEventListener('submit', function (e) {
        e.preventDefault();
        post('/staff/api/accounts', { email: email.value, name: name.value || null, password: pw.value, role: role.value }).then(loadColleagues);
      });
      pane.appendChild(add);
      pane.appendChild(el('h2', { text: tr('accountHistory') }));
      pane.appendChild(el('ul', { class: 'audit' }, d.history.map(function (h) {
        return el('li', { text: fmt(h.at) + ' · ' + h.email + ' · ' + L('action', h.action) + ' · ' + actorLabel(h.actor) });
      })));
    });
  }

  // ---- Live updates ----
  var source = null;
  var pendingRefresh = null;
  var touched = {};
  function listen() {
    if (source) source.close();
    source = new EventSource('/staff/api/events');
    // The account was disabled or removed: the server ends the stream and says so.
    source.addEventListener('signed-out', function () {
      source.close();
      source = null;
      if (me) signedOut();
    });
    source.addEventListener('update', function (ev) {
      var e = JSON.parse(ev.data);
      $('live').textContent = tr('updated') + ' ' + new Date().toLocaleTimeString(lang === 'ko' ? 'ko-KR' : 'en-GB');
      var id = e.data && ((e.data.ticket && e.data.ticket.id) || e.data.ticketId);
      if (id) touched[id] = true;
      else touched['*'] = true;
      clearTimeout(pendingRefresh);
      pendingRefresh = setTimeout(function () {
        var hit = touched['*'] || (selected && touched[selected]);
        touched = {};
        refresh();
        if (selected && hit) open(selected);
      }, 150);
    });
  }
  // Times ("3 h ago", "2 d left") move on without a refetch.
  setInterval(function () {
    if (!me) return;
    drawList();
    if (lastDetail && selected === lastDetail.ticket.id && !$('desk').hidden) {
      var active = document.activeElement;
      if (!active || !$('detail').contains(active) || active.tagName === 'BUTTON') renderDetail(lastDetail);
    }
  }, 60000);
  window.addEventListener('hashchange', function () {
    var m = /^#ticket-(\d+)$/.exec(location.hash);
    if (m && me && Number(m[1]) !== selected) open(Number(m[1]));
  });

  $('lang').addEventListener('click', function () {
    lang = lang === 'ko' ? 'en' : 'ko';
    localStorage.setItem('cia-staff-lang', lang);
    applyLanguage();
    if (!me) return;
    drawList();
    if (lastDetail) renderDetail(lastDetail);
    if (!$('accounts').hidden) drawAccounts();
  });
  applyLanguage();
  api('/staff/api/desk/me').then(showDesk, showLogin);
})();
