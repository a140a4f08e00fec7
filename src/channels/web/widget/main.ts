/*
 * customs-ip-assistant chat widget. One script tag on any page:
 *   <script src="https://assistant.example.org/widget.js" data-lang="ko" data-position="right" async></script>
 * Renders into a Shadow DOM (styles isolated both ways), never evaluates content as HTML,
 * keeps the conversations of this browser across reloads and reconnects the event stream where it left off.
 *
 * The entry point of the bundle: esbuild makes one script of this folder at build time (scripts/build.mjs), and in
 * memory when the server runs from src/ (src/channels/web/widget-bundle.ts).
 */
import { createApi } from './api.js';
import { readConfig } from './config.js';
import { freshContact } from './contact.js';
import type { Widget } from './context.js';
import { attachFile, send } from './conversation.js';
import { loadInfo } from './home.js';
import { applyLabels, buildUi } from './shell.js';
import { current, openStore } from './storage.js';
import { STRINGS } from './strings.js';
import { connect } from './stream.js';
import { checkOthers, markRead, seeing, updateBadge } from './unread.js';
import { fullScreen, setOpen, setView } from './view.js';

declare global {
  interface Window {
    __ciaWidget?: boolean;
    /** What the host page can call. */
    CustomsIPWidget?: { open(): void; close(): void; toggle(): void; setLanguage(lang: string): void };
  }
}

function start(script: HTMLOrSVGScriptElement): void {
  const cfg = readConfig(script);
  const { state, save } = openStore(cfg);
  const ds = cfg.ds;
  const ui = buildUi(cfg);
  const w: Widget = {
    cfg,
    state,
    save,
    api: createApi(cfg.api, state),
    ui,
    t: (key) => STRINGS[state.lang][key],
    phone: window.matchMedia ? window.matchMedia('(max-width: 480px)') : { matches: false },
    view: 'home',
    rendered: {},
    pendingUser: [],
    choiceLabels: { person: null, 'wt:start': null },
    transcript: [],
    announced: {},
    streaming: null,
    busy: false,
    source: null,
    retryTimer: undefined,
    lastSeen: 0,
    bannerTimer: undefined,
    contact: freshContact(null),
    info: { hours: ds.hours || '9-18', timeZone: ds.timezone || 'Asia/Seoul' },
  };
  const { panel, input, form, confirmBox, home } = ui;

  ui.homeBtn.addEventListener('click', () => {
    setView(w, 'home');
    const first = home.querySelector('button');
    if (first) first.focus();
  });

  // ---- opening, closing, language, keyboard ----
  ui.launcher.addEventListener('click', () => {
    setOpen(w, !state.open);
  });
  ui.closeBtn.addEventListener('click', () => {
    setOpen(w, false);
  });
  const focusables = () =>
    Array.from(panel.querySelectorAll<HTMLElement & { disabled?: boolean }>('button, a[href], textarea, input, select, summary, [tabindex="0"]')).filter(
      (n) => !n.disabled && n.tabIndex >= 0 && n.getClientRects().length > 0,
    );
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      if (!confirmBox.hidden) {
        confirmBox.hidden = true;
        input.focus();
        return;
      }
      setOpen(w, false);
      return;
    }
    // Full screen on a phone, the panel is the whole page: Tab stays inside it.
    if (e.key === 'Tab' && fullScreen(w)) {
      const list = focusables();
      if (!list.length) return;
      const active = ui.shadow.activeElement;
      if (e.shiftKey && (active === list[0] || !panel.contains(active))) {
        e.preventDefault();
        list[list.length - 1].focus();
      } else if (!e.shiftKey && (active === list[list.length - 1] || !panel.contains(active))) {
        e.preventDefault();
        list[0].focus();
      }
    }
  });
  if (w.phone.addEventListener)
    w.phone.addEventListener('change', () => {
      panel.setAttribute('aria-modal', String(fullScreen(w)));
    });
  document.addEventListener('visibilitychange', () => {
    if (seeing(w)) markRead(w);
    else updateBadge(w);
  });
  ui.langBtn.addEventListener('click', () => {
    state.lang = state.lang === 'ko' ? 'en' : 'ko';
    save();
    applyLabels(w);
  });
  ui.attachBtn.addEventListener('click', () => {
    if (!w.busy) ui.fileInput.click();
  });
  ui.fileInput.addEventListener('change', () => {
    const file = ui.fileInput.files && ui.fileInput.files[0];
    ui.fileInput.value = '';
    if (file) attachFile(w, file);
  });
  ui.personBtn.addEventListener('click', () => {
    send(w, { action: 'person' }, w.t('person'));
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (w.busy) return;
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    autosize();
    send(w, { text: text });
  });
  input.addEventListener('keydown', (e) => {
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
    document.body.appendChild(ui.host);
    w.view = current(state) ? 'chat' : 'home';
    home.hidden = w.view !== 'home';
    ui.log.hidden = w.view !== 'chat';
    ui.homeBtn.hidden = w.view === 'home';
    applyLabels(w);
    loadInfo(w);
    if (state.conversationId) connect(w);
    checkOthers(w);
    if (state.open || ds.open === 'true') setOpen(w, true);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  window.CustomsIPWidget = {
    open: () => {
      setOpen(w, true);
    },
    close: () => {
      setOpen(w, false);
    },
    toggle: () => {
      setOpen(w, !state.open);
    },
    setLanguage: (l) => {
      state.lang = l === 'en' ? 'en' : 'ko';
      save();
      applyLabels(w);
    },
  };
}

const script = document.currentScript;
if (!window.__ciaWidget && script) {
  window.__ciaWidget = true;
  start(script);
}
