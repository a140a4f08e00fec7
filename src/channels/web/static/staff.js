/* Staff console: tickets by priority and deadline, live; transcript, claim, reply, resolve. Text only, never HTML from data. */
(function () {
  'use strict';
  var csrf = null;
  var selected = null;
  // Several requests for the list and for the open ticket can be in flight at once (live updates, a reply, a click):
  // each carries a number and only the newest one issued is drawn, so an older answer never replaces a newer one.
  var listSeq = 0;
  var openSeq = 0;
  // What staff are typing survives the redraws that live updates cause.
  var drafts = {};
  // Korean for Korean browsers (the staff are KIPO's), English otherwise; the header switch changes it.
  var T = {
    ko: {
      title: '해외 세관 지재권 · 담당자 콘솔', signOut: '로그아웃', signIn: '로그인', email: '이메일', password: '비밀번호',
      tickets: '티켓', showResolved: '완료 포함', empty: '열린 티켓이 없습니다.', select: '티켓을 선택하세요.',
      cols: ['#', '우선순위', '기한', '사유', '시장', '상태', '접수'], ticket: '티켓', priority: '우선순위', status: '상태',
      reason: '사유', deadline: '기한', market: '시장 / 권리', channel: '채널', summary: '요약', claim: '담당하기',
      resolve: '완료', transcript: '대화 기록', reply: '사용자에게 답변 (사용자의 채팅으로 전송됩니다)', send: '답변 보내기',
      audit: '처리 기록', updated: '갱신', other: 'English', visitor: '방문자',
    },
    en: {
      title: 'Customs IP · Staff console', signOut: 'Sign out', signIn: 'Sign in', email: 'Email', password: 'Password',
      tickets: 'Tickets', showResolved: 'Show closed', empty: 'No open tickets.', select: 'Select a ticket.',
      cols: ['#', 'Priority', 'Deadline', 'Reason', 'Market', 'Status', 'Opened'], ticket: 'Ticket', priority: 'Priority', status: 'Status',
      reason: 'Reason', deadline: 'Deadline', market: 'Market / right', channel: 'Channel', summary: 'Summary', claim: 'Take it',
      resolve: 'Close ticket', transcript: 'Transcript', reply: 'Reply to the visitor (sent to their chat)', send: 'Send reply',
      audit: 'Audit trail', updated: 'Updated', other: '한국어', visitor: 'Visitor',
    },
  };
  var lang = localStorage.getItem('cia-staff-lang') || (/^ko\b/i.test(navigator.language || '') ? 'ko' : 'en');
  var tr = function (k) {
    return T[lang][k];
  };
  // Labels for every code the server stores (reasons, statuses, …), fetched once after sign-in.
  var labels = null;
  function L(kind, code) {
    if (code == null || code === '') return '—';
    var table = labels && labels[kind];
    var hit = table && table[code];
    return hit ? hit[lang] : lang === 'ko' ? '기타' : 'Other';
  }
  function market(t) {
    var parts = [];
    if (t.jurisdiction) parts.push(labels && labels.market[t.jurisdiction] ? labels.market[t.jurisdiction][lang] : t.jurisdiction);
    if (t.right) parts.push(L('right', t.right));
    return parts.join(' · ') || '—';
  }
  function actorLabel(actor) {
    var m = /^(web|slack|cli):/.exec(actor || '');
    return m ? tr('visitor') + ' (' + L('channel', m[1]) + ')' : actor;
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
  function loadLabels() {
    return labels ? Promise.resolve(labels) : api('/staff/api/labels').then(function (l) {
      labels = l;
      return l;
    });
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) {
      n.textContent = tr(n.getAttribute('data-i18n'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('#tickets thead th'), function (th, i) {
      th.textContent = tr('cols')[i];
    });
    $('lang').textContent = tr('other');
  }
  var $ = function (id) {
    return document.getElementById(id);
  };
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs)
      for (var k in attrs) {
        if (attrs[k] == null || attrs[k] === false) continue;
        if (k === 'text') n.textContent = attrs[k];
        else if (k === 'class') n.className = attrs[k];
        else if (k.slice(0, 2) === 'on') n.addEventListener(k.slice(2), attrs[k]);
        else n.setAttribute(k, attrs[k]);
      }
    (children || []).forEach(function (c) {
      if (c != null) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return n;
  }
  function api(path, method, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (csrf && method && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    return fetch(path, { method: method || 'GET', headers: headers, credentials: 'same-origin', body: body ? JSON.stringify(body) : undefined }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) {
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
    return iso ? new Date(iso).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul', dateStyle: 'short', timeStyle: 'short' }) : '';
  }

  function showLogin() {
    $('login').hidden = false;
    $('desk').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    $('email').focus();
  }
  function showDesk(me) {
    csrf = me.csrfToken;
    $('login').hidden = true;
    $('desk').hidden = false;
    $('logout').hidden = false;
    $('who').textContent = me.email;
    loadLabels().then(function () {
      refresh();
      listen();
    });
  }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    $('login-error').textContent = '';
    api('/staff/api/login', 'POST', { email: $('email').value, password: $('password').value })
      .then(showDesk)
      .catch(function (err) {
        $('login-error').textContent = err.message;
      });
  });
  $('logout').addEventListener('click', function () {
    api('/staff/api/logout', 'POST').then(function () {
      csrf = null;
      if (source) source.close();
      showLogin();
    });
  });
  $('show-resolved').addEventListener('change', refresh);

  function refresh() {
    var status = $('show-resolved').checked ? 'open,claimed,answered,resolved' : 'open,claimed,answered';
    var seq = ++listSeq;
    return api('/staff/api/tickets?status=' + status).then(function (data) {
      if (seq !== listSeq) return;
      var body = $('tickets').querySelector('tbody');
      body.textContent = '';
      $('empty').hidden = data.tickets.length > 0;
      data.tickets.forEach(function (t) {
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
            el('td', { text: t.deadline || '—' }),
            el('td', { text: L('reason', t.reason) }),
            el('td', { text: market(t) }),
            el('td', { 'data-status': t.status, text: L('status', t.status) + (t.claimedBy ? ' (' + t.claimedBy + ')' : '') }),
            el('td', { text: fmt(t.createdAt) }),
          ],
        );
        body.appendChild(row);
      });
    });
  }

  function open(id) {
    selected = id;
    var seq = ++openSeq;
    Array.prototype.forEach.call(document.querySelectorAll('tr.ticket'), function (r) {
      r.classList.toggle('selected', r.getAttribute('data-ticket') === String(id));
    });
    return api('/staff/api/tickets/' + id).then(function (d) {
      if (seq === openSeq && selected === id) renderDetail(d);
    });
  }

  function renderDetail(d) {
    var t = d.ticket;
    var pane = $('detail');
    pane.textContent = '';
    pane.appendChild(el('h2', { text: tr('ticket') + ' #' + t.id }));
    pane.appendChild(
      el('dl', { class: 'facts' }, [
        el('dt', { text: tr('priority') }),
        el('dd', {}, [el('span', { class: 'prio ' + t.priority, text: L('priority', t.priority) })]),
        el('dt', { text: tr('status') }),
        el('dd', { 'data-status': t.status, text: L('status', t.status) + (t.claimedBy ? ' · ' + t.claimedBy : '') }),
        el('dt', { text: tr('reason') }),
        el('dd', { 'data-reason': t.reason, text: L('reason', t.reason) }),
        el('dt', { text: tr('deadline') }),
        el('dd', { text: t.deadline || '—' }),
        el('dt', { text: tr('market') }),
        el('dd', { text: market(t) }),
        el('dt', { text: tr('channel') }),
        el('dd', { text: d.conversation ? L('channel', d.conversation.channel) + (d.conversation.language ? ' · ' + L('language', d.conversation.language) : '') : '' }),
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
      if (t.status !== 'claimed') actions.appendChild(el('button', { type: 'button', id: 'claim', text: tr('claim'), onclick: function () { act('claim'); } }));
      actions.appendChild(el('button', { type: 'button', id: 'resolve', text: tr('resolve'), onclick: function () { act('resolve'); } }));
    }
    pane.appendChild(actions);
    pane.appendChild(el('h3', { text: tr('transcript') }));
    var log = el('ol', { class: 'transcript' });
    d.messages.forEach(function (m) {
      log.appendChild(el('li', { class: 'm ' + m.role }, [el('span', { class: 'role', text: L('role', m.role) + ' · ' + fmt(m.createdAt) }), el('div', { class: 'text', text: plain(m.text) })]));
    });
    pane.appendChild(log);
    if (t.status !== 'resolved') {
      var old = $('reply-text');
      var hadFocus = old && document.activeElement === old;
      var box = el('textarea', { id: 'reply-text', rows: '4', 'aria-label': tr('reply'), placeholder: tr('reply') });
      box.value = drafts[t.id] || '';
      box.addEventListener('input', function () {
        drafts[t.id] = box.value;
      });
      var form = el('form', { class: 'reply' }, [box, el('button', { type: 'submit', id: 'send-reply', text: tr('send') })]);
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
      pane.appendChild(form);
      if (hadFocus) box.focus();
    }
    pane.appendChild(el('h3', { text: tr('audit') }));
    pane.appendChild(
      el(
        'ul',
        { class: 'audit' },
        d.audit.map(function (a) {
          return el('li', { text: fmt(a.at) + ' · ' + L('action', a.action) + ' · ' + actorLabel(a.actor) });
        }),
      ),
    );
  }

  var source = null;
  var pendingRefresh = null;
  function listen() {
    if (source) source.close();
    source = new EventSource('/staff/api/events');
    source.addEventListener('update', function (ev) {
      var e = JSON.parse(ev.data);
      $('live').textContent = tr('updated') + ' ' + new Date().toLocaleTimeString(lang === 'ko' ? 'ko-KR' : 'en-GB');
      clearTimeout(pendingRefresh);
      pendingRefresh = setTimeout(function () {
        refresh();
        var id = e.data && e.data.ticket && e.data.ticket.id;
        if (selected && (!id || id === selected)) open(selected);
      }, 150);
    });
  }

  $('lang').addEventListener('click', function () {
    lang = lang === 'ko' ? 'en' : 'ko';
    localStorage.setItem('cia-staff-lang', lang);
    applyLanguage();
    refresh();
    if (selected) open(selected);
  });
  applyLanguage();
  api('/staff/api/me').then(showDesk, showLogin);
})();
