/*
 * customs-ip-assistant chat widget. One script tag on any page:
 *   <script src="https://assistant.example.org/widget.js" data-lang="ko" data-position="right" async></script>
 * Renders into a Shadow DOM (styles isolated both ways), never evaluates content as HTML,
 * keeps the conversation across reloads and reconnects the event stream where it left off.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (window.__ciaWidget || !script) return;
  window.__ciaWidget = true;

  var ds = script.dataset || {};
  var API = (ds.api || new URL(script.src, location.href).origin).replace(/\/$/, '');
  var STORE_KEY = 'ciaw:v1:' + API;

  var T = {
    ko: {
      title: '해외 세관 지재권 등록 도우미',
      subtitle: '상표·디자인·특허를 해외 세관에 등록해 위조품을 막으세요',
      open: '상담 창 열기',
      close: '상담 창 닫기',
      placeholder: '질문을 입력하세요 (Enter 전송, Shift+Enter 줄바꿈)',
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
      planIcs: '갱신 일정 캘린더 (.ics)',
      offline: '연결이 끊겼습니다. 다시 연결하는 중…',
      error: '메시지를 보내지 못했습니다. 다시 시도해 주세요.',
      tooLong: '메시지가 너무 깁니다 (최대 4000자).',
      welcome: '안녕하세요! 해외 세관에 지식재산권을 등록하는 방법을 안내해 드립니다. 궁금한 점을 물어보시거나 단계별 안내를 시작해 보세요.',
      start: '단계별 등록 안내 시작',
      lang: 'English',
      langLabel: 'Switch to English',
      newChat: '새 대화',
    },
    en: {
      title: 'Customs IP registration assistant',
      subtitle: 'Record your trademarks, designs and patents with customs abroad to stop fakes',
      open: 'Open chat',
      close: 'Close chat',
      placeholder: 'Type your question (Enter sends, Shift+Enter for a new line)',
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
      planIcs: 'Renewal dates (.ics calendar)',
      offline: 'Connection lost. Reconnecting…',
      error: 'The message could not be sent. Please try again.',
      tooLong: 'The message is too long (4000 characters at most).',
      welcome: 'Hello! I help you record your IP with customs abroad. Ask me anything, or start the step-by-step registration.',
      start: 'Start step-by-step registration',
      lang: '한국어',
      langLabel: '한국어로 전환',
      newChat: 'New chat',
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
  function pageLang() {
    var l = ds.lang || document.documentElement.lang || navigator.language || 'ko';
    return /^ko/i.test(l) ? 'ko' : 'en';
  }
  state.lang = state.lang || pageLang();
  function t(key) {
    return T[state.lang][key];
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
  };
  function svgIcon(path, size, cls) {
    var NS = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', String(size));
    svg.setAttribute('height', String(size));
    svg.setAttribute('aria-hidden', 'true');
    if (cls) svg.setAttribute('class', cls);
    var p = document.createElementNS(NS, 'path');
    p.setAttribute('d', path);
    p.setAttribute('fill', 'currentColor');
    svg.appendChild(p);
    return svg;
  }

  var launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'cia-panel' });
  launcher.appendChild(svgIcon(ICONS.chat, 26, 'launcher-icon'));
  var panel = el('div', { id: 'cia-panel', class: 'panel', role: 'dialog', 'aria-modal': 'false', hidden: true });
  var titleEl = el('h2', { class: 'title', id: 'cia-title' });
  var subtitleEl = el('p', { class: 'subtitle' });
  var langBtn = el('button', { class: 'chip', type: 'button' });
  var newBtn = el('button', { class: 'chip', type: 'button' });
  var closeBtn = el('button', { class: 'icon', type: 'button', text: '×' });
  var header = el('div', { class: 'header' }, [el('div', { class: 'heading' }, [titleEl, subtitleEl]), el('div', { class: 'header-actions' }, [langBtn, newBtn, closeBtn])]);
  var log = el('div', { class: 'log', role: 'region', tabindex: '0' });
  var live = el('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  var typing = el('div', { class: 'typing', role: 'status', hidden: true });
  var banner = el('div', { class: 'banner', role: 'alert', hidden: true });
  var personBtn = el('button', { class: 'person', type: 'button' });
  var input = el('textarea', { class: 'input', rows: '1', maxlength: '4000' });
  var sendBtn = el('button', { class: 'send', type: 'submit' });
  var form = el('form', { class: 'composer' }, [input, sendBtn]);
  var footer = el('div', { class: 'footer' }, [personBtn, form]);
  panel.appendChild(header);
  panel.appendChild(banner);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(footer);
  panel.appendChild(live);
  wrap.appendChild(panel);
  wrap.appendChild(launcher);

  function applyLabels() {
    panel.setAttribute('aria-labelledby', 'cia-title');
    titleEl.textContent = ds.title || t('title');
    subtitleEl.textContent = t('subtitle');
    launcher.setAttribute('aria-label', state.open ? t('close') : t('open'));
    log.setAttribute('aria-label', t('title'));
    closeBtn.setAttribute('aria-label', t('close'));
    langBtn.textContent = t('lang');
    langBtn.setAttribute('aria-label', t('langLabel'));
    langBtn.setAttribute('lang', state.lang === 'ko' ? 'en' : 'ko');
    newBtn.textContent = t('newChat');
    personBtn.textContent = t('person');
    input.setAttribute('placeholder', t('placeholder'));
    input.setAttribute('aria-label', t('placeholder'));
    sendBtn.textContent = t('send');
    typing.textContent = t('typing');
    wrap.setAttribute('lang', state.lang);
  }

  // ---- rendering messages ----
  var rendered = {};
  var pendingUser = [];
  var streaming = null;

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }
  function announce(text) {
    live.textContent = '';
    setTimeout(function () {
      live.textContent = String(text).slice(0, 400);
    }, 30);
  }

  function renderMessage(m) {
    if (m.messageId && rendered[m.messageId]) return;
    if (m.messageId) rendered[m.messageId] = true;
    var role = m.role || 'assistant';
    var item = el('div', { class: 'msg ' + role, 'data-role': role });
    var who = role === 'user' ? t('you') : role === 'staff' ? t('staff') : t('bot');
    item.appendChild(el('span', { class: 'who', text: who }));
    var bubble = el('div', { class: 'bubble' });
    var text = m.text || '';
    // The sources are shown below as links with dates; drop the same list from the text.
    if (m.citations && m.citations.length) text = text.replace(/\n\n\*\*(출처|Sources)\*\*\n(?:\d+\. .*(?:\n|$))+/, '\n\n');
    bubble.appendChild(role === 'user' ? el('p', { text: text }) : markdown(text.trim()));
    item.appendChild(bubble);

    if (m.ticket && m.ticket.id) {
      var badge = t('ticket') + ' #' + m.ticket.id + (m.ticket.deadline ? ' · ' + t('deadline') + ' ' + m.ticket.deadline : '');
      item.appendChild(el('div', { class: 'badge ' + (m.ticket.priority || ''), text: badge }));
    }
    if (m.citations && m.citations.length) {
      var list = el('ol', { class: 'citations', 'aria-label': t('sources') });
      m.citations.forEach(function (c) {
        list.appendChild(el('li', null, [link(c.title, c.url), el('span', { class: 'verified', text: ' (' + t('verified') + ' ' + c.verified + ')' })]));
      });
      item.appendChild(el('details', { class: 'sources' }, [el('summary', { text: t('sources') + ' (' + m.citations.length + ')' }), list]));
    }
    if (m.plan) {
      // Downloads go through short-lived signed links: the conversation token never sits in a URL.
      var mdLink = el('a', { class: 'download', href: '#', download: 'registration-plan.md', text: '⬇ ' + t('planMd') });
      var icsLink = el('a', { class: 'download', href: '#', download: 'registration-renewal.ics', text: '📅 ' + t('planIcs') });
      var linksUntil = 0;
      var fetchLinks = function () {
        return api('/api/conversations/' + encodeURIComponent(state.conversationId) + '/plan-links', { method: 'POST' }).then(function (l) {
          mdLink.href = API + l.markdown;
          icsLink.href = API + l.calendar;
          linksUntil = Date.parse(l.expiresAt) - 15000;
        });
      };
      [mdLink, icsLink].forEach(function (a) {
        a.addEventListener('click', function (ev) {
          if (Date.now() < linksUntil) return;
          ev.preventDefault();
          fetchLinks().then(function () {
            a.click();
          }, function () {});
        });
      });
      fetchLinks().catch(function () {});
      item.appendChild(el('div', { class: 'downloads' }, [mdLink, icsLink]));
    }
    if (role === 'assistant' && m.choices && m.choices.length) {
      var group = el('div', { class: 'choices', role: 'group' });
      m.choices.forEach(function (c) {
        group.appendChild(
          el('button', {
            type: 'button',
            class: 'choice',
            text: c.label,
            onclick: function () {
              send({ action: c.id }, c.label);
            },
          }),
        );
      });
      item.appendChild(group);
    }
    if (role === 'assistant' && m.kind === 'answer' && m.messageId) {
      var fb = el('div', { class: 'feedback' });
      ['up', 'down'].forEach(function (r) {
        fb.appendChild(
          el('button', {
            type: 'button',
            class: 'thumb',
            'aria-label': r === 'up' ? t('helpful') : t('notHelpful'),
            title: r === 'up' ? t('helpful') : t('notHelpful'),
            onclick: function () {
              feedback(m.messageId, r, fb);
            },
          }, [svgIcon(ICONS[r], 16)]),
        );
      });
      item.appendChild(fb);
    }
    // Older choice buttons are history now: only the latest message's choices stay active.
    if (role !== 'user')
      Array.prototype.forEach.call(log.querySelectorAll('.choices'), function (g) {
        g.setAttribute('data-stale', 'true');
      });
    log.appendChild(item);
    scrollDown();
    if (role !== 'user') announce(who + ': ' + m.text);
  }

  function showWelcome() {
    if (log.childNodes.length) return;
    renderMessage({ role: 'assistant', text: t('welcome'), choices: [{ id: 'wt:start', label: t('start') }] });
  }

  // ---- talking to the server ----
  function api(path, opts) {
    opts = opts || {};
    var headers = { 'Content-Type': 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
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
    if (state.conversationId && state.token) return Promise.resolve();
    return api('/api/conversations', { method: 'POST', body: { language: state.lang } }).then(function (c) {
      state.conversationId = c.conversationId;
      state.token = c.token;
      lastSeen = 0;
      save();
      connect();
    });
  }

  var busy = false;
  function send(body, shown) {
    if (busy) return;
    var text = body.text != null ? body.text : null;
    if (text != null && text.length > 4000) return showBanner(t('tooLong'));
    busy = true;
    var key = 'w-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
    var local = { role: 'user', text: shown || text };
    pendingUser.push(local.text);
    renderMessage(local);
    typing.hidden = false;
    sendBtn.disabled = true;
    scrollDown();
    body.language = state.lang;
    var attempt = function (n) {
      return ensureConversation()
        .then(function () {
          return api('/api/conversations/' + encodeURIComponent(state.conversationId) + '/messages', { method: 'POST', body: body, key: key });
        })
        .catch(function (e) {
          // A stale token (conversation gone): start a new conversation once. Network errors retry with the same key.
          if (e.status === 401 && n === 0) {
            state.conversationId = null;
            state.token = null;
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
        renderMessage(reply);
      })
      .catch(function (e) {
        showBanner(e.message && e.status ? e.message : t('error'));
      })
      .then(function () {
        busy = false;
        typing.hidden = true;
        sendBtn.disabled = false;
      });
  }

  function feedback(messageId, rating, box) {
    Array.prototype.forEach.call(box.querySelectorAll('button'), function (b) {
      b.disabled = true;
    });
    api('/api/conversations/' + encodeURIComponent(state.conversationId) + '/feedback', { method: 'POST', body: { messageId: messageId, rating: rating } })
      .then(function (reply) {
        box.appendChild(el('span', { class: 'thanks', text: t('thanks') }));
        if (reply && reply.ticket) {
          reply.role = 'assistant';
          renderMessage(reply);
        } else if (reply && reply.messageId) rendered[reply.messageId] = true;
      })
      .catch(function () {
        showBanner(t('error'));
      });
  }

  function showBanner(text) {
    banner.textContent = text;
    banner.hidden = false;
    setTimeout(function () {
      banner.hidden = true;
    }, 6000);
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
    if (!state.conversationId || !state.token || typeof EventSource === 'undefined') return;
    if (source) source.close();
    var url =
      API + '/api/conversations/' + encodeURIComponent(state.conversationId) + '/events?token=' + encodeURIComponent(state.token) + '&lastEventId=' + lastSeen;
    source = new EventSource(url);
    var track = function (ev) {
      if (ev.lastEventId) lastSeen = Math.max(lastSeen, Number(ev.lastEventId));
    };
    source.addEventListener('ready', function () {
      banner.hidden = true;
    });
    source.addEventListener('message.created', function (ev) {
      track(ev);
      var e = JSON.parse(ev.data);
      var m = e.data;
      if (m.role === 'user') {
        var i = pendingUser.indexOf(m.text);
        if (i >= 0) {
          pendingUser.splice(i, 1);
          rendered[m.messageId] = true;
          return;
        }
      }
      if (m.role === 'assistant') finishStreaming();
      renderMessage(m);
    });
    source.addEventListener('reply.delta', function (ev) {
      var d = JSON.parse(ev.data);
      if (!streaming) {
        streaming = el('div', { class: 'msg assistant streaming', 'aria-busy': 'true' }, [el('span', { class: 'who', text: t('bot') }), el('div', { class: 'bubble' }, [el('p')])]);
        log.appendChild(streaming);
      }
      var p = streaming.querySelector('p');
      p.textContent += d.text;
      scrollDown();
    });
    ['ticket.created', 'ticket.updated', 'staff.replied'].forEach(function (type) {
      source.addEventListener(type, track);
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server restarted with an error): reconnect ourselves, resuming after the last event.
        showBanner(t('offline'));
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, 3000);
      }
    };
  }

  // ---- opening, closing, language, keyboard ----
  function setOpen(open) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? t('close') : t('open'));
    wrap.classList.toggle('is-open', open);
    if (open) {
      showWelcome();
      if (state.conversationId && !source) connect();
      setTimeout(function () {
        input.focus();
      }, 0);
      scrollDown();
    } else launcher.focus();
  }
  launcher.addEventListener('click', function () {
    setOpen(!state.open);
  });
  closeBtn.addEventListener('click', function () {
    setOpen(false);
  });
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
    }
  });
  langBtn.addEventListener('click', function () {
    state.lang = state.lang === 'ko' ? 'en' : 'ko';
    save();
    applyLabels();
  });
  newBtn.addEventListener('click', function () {
    if (source) source.close();
    source = null;
    state.conversationId = null;
    state.token = null;
    lastSeen = 0;
    save();
    rendered = {};
    log.textContent = '';
    showWelcome();
    input.focus();
  });
  personBtn.addEventListener('click', function () {
    send({ action: 'person' }, t('person'));
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
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
    applyLabels();
    if (state.conversationId) connect();
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
