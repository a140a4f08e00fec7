/* Staff analytics: figures of a period, charts drawn with uPlot (served by this app), every table as CSV, the
   content gaps grouped by similarity, and knowledge proposals for review. Text only, never HTML from data. */
(function () {
  'use strict';
  var T = {
    ko: {
      title: '해외 세관 지재권 · 분석', tickets: '티켓', analytics: '분석', signInFirst: '먼저 담당자 콘솔에서 로그인하세요', from: '시작일', to: '종료일', show: '보기',
      perDayTitle: '일별 대화·질문 수', escalationsTitle: '일별 담당자 연결 수', conversations: '대화', questions: '질문', escalations: '담당자 연결',
      firstReply: '첫 답변까지 (중앙값)', resolution: '완료까지 (중앙값)', deadlines: '대응 기한', met: '기한 내', missed: '넘김', pending: '진행 중',
      csat: '요청 만족도 (4~5점 비율)', ratings: '평가', average: '평균',
      upRate: '좋아요 비율', up: '좋아요', down: '별로예요', minutes: '분', hours: '시간', none: '—', csv: 'CSV',
      conversationsByLanguage: '언어별 대화', questionsByLanguage: '언어별 질문', conversationsByChannel: '채널별 대화', questionsByMarket: '시장별 질문',
      questionsByRight: '권리별 질문', questionsByTopic: '주제별 질문', escalationsByReason: '사유별 담당자 연결', escalationsByPriority: '우선순위별 담당자 연결',
      timings: '응답 시간', deadlineTable: '대응 기한 준수', feedbackTable: '평가', gaps: '지식 공백 (잘 답하지 못한 질문, 비슷한 질문끼리 묶음)',
      gapQuestion: '대표 질문', count: '건수', reasons: '사유', markets: '시장', examples: '예시', noGaps: '이 기간에는 없습니다.',
      proposals: '지식 업데이트 제안', proposalNone: '제안이 없습니다.', accept: '채택', reject: '반려', files: '파일 보기', status: '상태', question: '질문', answer: '답변', source: '출처',
      unknown: '알 수 없음', other: 'English', loading: '불러오는 중…',
    },
    en: {
      title: 'Customs IP · Analytics', tickets: 'Tickets', analytics: 'Analytics', signInFirst: 'Sign in to the staff console first', from: 'From', to: 'To', show: 'Show',
      perDayTitle: 'Conversations and questions per day', escalationsTitle: 'Escalations per day', conversations: 'Conversations', questions: 'Questions', escalations: 'Escalations',
      firstReply: 'To first reply (median)', resolution: 'To resolution (median)', deadlines: 'Deadlines', met: 'met', missed: 'missed', pending: 'open',
      csat: 'Satisfaction with closed requests (share of 4-5)', ratings: 'ratings', average: 'mean',
      upRate: 'Thumbs-up rate', up: 'Up', down: 'Down', minutes: 'min', hours: 'h', none: '—', csv: 'CSV',
      conversationsByLanguage: 'Conversations by language', questionsByLanguage: 'Questions by language', conversationsByChannel: 'Conversations by channel',
      questionsByMarket: 'Questions by market', questionsByRight: 'Questions by right', questionsByTopic: 'Questions by topic', escalationsByReason: 'Escalations by reason',
      escalationsByPriority: 'Escalations by priority', timings: 'Response times', deadlineTable: 'Deadlines', feedbackTable: 'Ratings',
      gaps: 'Content gaps (questions answered badly or not at all, similar ones grouped)', gapQuestion: 'Typical question', count: 'Count', reasons: 'Reasons', markets: 'Markets',
      examples: 'Examples', noGaps: 'None in this period.', proposals: 'Knowledge update proposals', proposalNone: 'No proposals.', accept: 'Accept', reject: 'Reject', files: 'Show files',
      status: 'Status', question: 'Question', answer: 'Answer', source: 'Source', unknown: 'Unknown', other: '한국어', loading: 'Loading…',
    },
  };
  var lang = localStorage.getItem('cia-staff-lang') || (/^ko\b/i.test(navigator.language || '') ? 'ko' : 'en');
  var $ = function (id) {
    return document.getElementById(id);
  };
  var tr = function (k) {
    return T[lang][k];
  };
  var labels = null;
  var extra = null;
  var me = null;
  var csrf = null;
  var report = null;
  var charts = [];

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
  function label(kind, code) {
    if (code === 'unknown') return tr('unknown');
    if (kind === 'topic') return (extra.topic[code] || extra.topic.other)[lang];
    if (kind === 'gapReason') return extra.gapReason[code] ? extra.gapReason[code][lang] : label('reason', code);
    var table = labels[kind];
    return table && table[code] ? table[code][lang] : lang === 'ko' ? '기타' : 'Other';
  }
  function duration(min) {
    if (min == null) return tr('none');
    return min < 120 ? Math.round(min) + ' ' + tr('minutes') : Math.round(min / 6) / 10 + ' ' + tr('hours');
  }
  function kstDay(d) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  }
  function csvLink(table) {
    return el('a', { class: 'csv', href: '/staff/api/analytics.csv?table=' + table + '&from=' + $('from').value + '&to=' + $('to').value + '&lang=' + lang, download: 'analytics-' + table + '.csv', text: tr('csv') });
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) {
      n.textContent = tr(n.getAttribute('data-i18n'));
    });
    $('lang').textContent = tr('other');
  }

  function load() {
    $('status').textContent = tr('loading');
    return api('/staff/api/analytics?from=' + $('from').value + '&to=' + $('to').value).then(function (r) {
      report = r;
      $('status').textContent = '';
      draw();
    });
  }

  function kpi(name, value, sub) {
    return el('div', { class: 'kpi', 'data-kpi': name }, [el('span', { class: 'kpi-label', text: tr(name) }), el('strong', { text: String(value) }), sub ? el('span', { class: 'hint', text: sub }) : null]);
  }

  function draw() {
    var r = report;
    var k = $('kpis');
    k.textContent = '';
    k.appendChild(kpi('conversations', r.totals.conversations));
    k.appendChild(kpi('questions', r.totals.questions));
    k.appendChild(kpi('escalations', r.totals.escalations));
    k.appendChild(kpi('firstReply', duration(r.firstStaffReply.medianMinutes), r.firstStaffReply.count ? 'n=' + r.firstStaffReply.count : null));
    k.appendChild(kpi('resolution', duration(r.resolution.medianMinutes), r.resolution.count ? 'n=' + r.resolution.count : null));
    k.appendChild(kpi('deadlines', r.deadlines.met + ' / ' + r.deadlines.missed, tr('met') + ' / ' + tr('missed') + ' · ' + tr('pending') + ' ' + r.deadlines.pending));
    k.appendChild(kpi('upRate', r.feedback.upRate == null ? tr('none') : Math.round(r.feedback.upRate * 100) + '%', tr('up') + ' ' + r.feedback.up + ' · ' + tr('down') + ' ' + r.feedback.down));
    var sat = r.satisfaction || { ratings: 0, average: null, satisfiedRate: null };
    k.appendChild(kpi('csat', sat.satisfiedRate == null ? tr('none') : Math.round(sat.satisfiedRate * 100) + '%', sat.ratings ? tr('ratings') + ' ' + sat.ratings + ' · ' + tr('average') + ' ' + sat.average + ' / 5' : null));
    drawCharts(r);
    drawTables(r);
    drawGaps(r);
  }

  function drawCharts(r) {
    charts.forEach(function (c) {
      c.destroy();
    });
    charts = [];
    var xs = r.perDay.map(function (d) {
      return new Date(d.day + 'T00:00:00+09:00').getTime() / 1000;
    });
    var width = Math.max(320, Math.min(1100, $('chart-days').clientWidth || 900));
    var common = { width: width, height: 220, scales: { x: { time: true } }, legend: { show: true } };
    charts.push(
      new uPlot(
        Object.assign({}, common, {
          series: [{}, { label: tr('conversations'), stroke: '#1f4fd1', width: 2 }, { label: tr('questions'), stroke: '#0f9d58', width: 2 }],
        }),
        [xs, r.perDay.map(function (d) { return d.conversations; }), r.perDay.map(function (d) { return d.questions; })],
        $('chart-days'),
      ),
    );
    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
    charts.push(
      new uPlot(
        Object.assign({}, common, {
          series: [{}, { label: tr('escalations'), stroke: '#c62828', fill: 'rgba(198,40,40,0.25)', width: 1, paths: bars, points: { show: false } }],
        }),
        [xs, r.perDay.map(function (d) { return d.escalations; })],
        $('chart-escalations'),
      ),
    );
  }

  function breakdown(name, kind, counts) {
    var total = 0;
    Object.keys(counts).forEach(function (key) {
      total += counts[key];
    });
    var rows = Object.keys(counts).map(function (key) {
      var bar = el('span', { class: 'hbar' });
      bar.style.width = (total ? Math.round((counts[key] / total) * 100) : 0) + '%';
      return el('tr', { 'data-key': key }, [el('td', { text: label(kind, key) }), el('td', { class: 'num', text: String(counts[key]) }), el('td', { class: 'barcell' }, [bar])]);
    });
    return el('figure', { class: 'table', 'data-table': name }, [
      el('figcaption', {}, [tr(name) + ' ', csvLink(name)]),
      el('table', {}, [el('tbody', {}, rows.length ? rows : [el('tr', {}, [el('td', { text: tr('none') })])])]),
    ]);
  }

  function drawTables(r) {
    var t = $('tables');
    t.textContent = '';
    t.appendChild(breakdown('conversationsByLanguage', 'language', r.conversationsByLanguage));
    t.appendChild(breakdown('questionsByLanguage', 'language', r.questionsByLanguage));
    t.appendChild(breakdown('conversationsByChannel', 'channel', r.conversationsByChannel));
    t.appendChild(breakdown('questionsByMarket', 'market', r.questionsByMarket));
    t.appendChild(breakdown('questionsByRight', 'right', r.questionsByRight));
    t.appendChild(breakdown('questionsByTopic', 'topic', r.questionsByTopic));
    t.appendChild(breakdown('escalationsByReason', 'reason', r.escalationsByReason));
    t.appendChild(breakdown('escalationsByPriority', 'priority', r.escalationsByPriority));
    t.appendChild(
      el('figure', { class: 'table', 'data-table': 'timings' }, [
        el('figcaption', {}, [tr('timings') + ' ', csvLink('timings'), ' ', csvLink('deadlines'), ' ', csvLink('feedback'), ' ', csvLink('perDay')]),
        el('table', {}, [
          el('tbody', {}, [
            el('tr', {}, [el('td', { text: tr('firstReply') }), el('td', { class: 'num', text: duration(r.firstStaffReply.medianMinutes) })]),
            el('tr', {}, [el('td', { text: tr('resolution') }), el('td', { class: 'num', text: duration(r.resolution.medianMinutes) })]),
            el('tr', {}, [el('td', { text: tr('deadlines') + ' · ' + tr('met') }), el('td', { class: 'num', text: String(r.deadlines.met) })]),
            el('tr', {}, [el('td', { text: tr('deadlines') + ' · ' + tr('missed') }), el('td', { class: 'num', text: String(r.deadlines.missed) })]),
            el('tr', {}, [el('td', { text: tr('deadlines') + ' · ' + tr('pending') }), el('td', { class: 'num', text: String(r.deadlines.pending) })]),
          ]),
        ]),
      ]),
    );
  }

  function drawGaps(r) {
    var g = $('gaps');
    g.textContent = '';
    g.appendChild(el('h2', {}, [tr('gaps') + ' ', csvLink('gaps')]));
    if (!r.gaps.length) return g.appendChild(el('p', { class: 'empty', text: tr('noGaps') }));
    g.appendChild(
      el('table', { id: 'gap-table' }, [
        el('thead', {}, [el('tr', {}, [tr('gapQuestion'), tr('count'), tr('reasons'), tr('markets'), tr('examples')].map(function (h) {
          return el('th', { text: h });
        }))]),
        el('tbody', {}, r.gaps.map(function (gap) {
          return el('tr', { class: 'gap' }, [
            el('td', { text: gap.question }),
            el('td', { class: 'num', text: String(gap.count) }),
            el('td', { text: Object.keys(gap.reasons).map(function (k) { return label('gapReason', k) + ' ' + gap.reasons[k]; }).join(', ') }),
            el('td', { text: gap.markets.map(function (m) { return label('market', m); }).join(', ') || tr('none') }),
            el('td', {}, [el('details', {}, [el('summary', { text: String(gap.examples.length) }), el('ul', {}, gap.examples.map(function (e) { return el('li', { text: e }); }))])]),
          ]);
        })),
      ]),
    );
  }

  function drawProposals() {
    return api('/staff/api/proposals').then(function (d) {
      var p = $('proposals');
      p.textContent = '';
      p.appendChild(el('h2', { text: tr('proposals') }));
      if (!d.proposals.length) return p.appendChild(el('p', { class: 'empty', text: tr('proposalNone') }));
      p.appendChild(
        el('table', { id: 'proposal-table' }, [
          el('thead', {}, [el('tr', {}, ['#', tr('status'), tr('question'), tr('answer'), tr('source'), ''].map(function (h) {
            return el('th', { text: h });
          }))]),
          el('tbody', {}, d.proposals.map(function (x) {
            var actions = el('td', { class: 'row-actions' });
            if (me && me.role === 'admin' && x.status === 'proposed') {
              actions.appendChild(el('button', { type: 'button', class: 'secondary', text: tr('accept'), onclick: function () { api('/staff/api/proposals/' + x.id, 'POST', { status: 'accepted' }).then(drawProposals); } }));
              actions.appendChild(el('button', { type: 'button', class: 'secondary danger', text: tr('reject'), onclick: function () { api('/staff/api/proposals/' + x.id, 'POST', { status: 'rejected' }).then(drawProposals); } }));
            }
            var files = el('pre', { class: 'files', hidden: 'hidden' });
            actions.appendChild(el('button', { type: 'button', class: 'link', text: tr('files'), onclick: function () {
              api('/staff/api/proposals/' + x.id + '/files').then(function (f) {
                files.textContent = f.files.map(function (file) { return '=== ' + file.name + '\n' + file.text; }).join('\n');
                files.hidden = false;
              });
            } }));
            actions.appendChild(files);
            return el('tr', { 'data-proposal': String(x.id) }, [
              el('td', { text: '#' + x.id }),
              el('td', { text: labels.proposal[x.status] ? labels.proposal[x.status][lang] : x.status }),
              el('td', { text: x.question }),
              el('td', { class: 'answer', text: x.answer }),
              el('td', {}, x.sourceUrl ? [el('a', { href: x.sourceUrl, target: '_blank', rel: 'noopener noreferrer', text: x.sourceUrl })] : [tr('none')]),
              actions,
            ]);
          })),
        ]),
      );
    });
  }

  $('range').addEventListener('submit', function (e) {
    e.preventDefault();
    load().catch(function (err) {
      $('status').textContent = err.message;
    });
  });
  $('lang').addEventListener('click', function () {
    lang = lang === 'ko' ? 'en' : 'ko';
    localStorage.setItem('cia-staff-lang', lang);
    applyLanguage();
    if (report) draw();
    drawProposals();
  });

  applyLanguage();
  var now = new Date();
  $('to').value = kstDay(now);
  $('from').value = kstDay(new Date(now.getTime() - 29 * 86400000));
  api('/staff/api/desk/me')
    .then(function (who) {
      me = who;
      csrf = who.csrfToken;
      $('who').textContent = who.email;
      return Promise.all([api('/staff/api/labels'), api('/staff/api/analytics/labels')]);
    })
    .then(function (l) {
      labels = l[0];
      extra = l[1];
      return Promise.all([load(), drawProposals()]);
    })
    .catch(function (e) {
      if (e.status === 401) {
        $('signin').hidden = false;
        $('range').hidden = true;
      } else $('status').textContent = e.message;
    });
})();
