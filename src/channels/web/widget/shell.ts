/** The widget's frame: launcher, panel, header, log, composer; its labels, banner and live region. */
import type { WidgetConfig } from './config.js';
import type { Ui, Widget } from './context.js';
import { drawContact } from './contact.js';
import { el, ICONS, svgIcon } from './dom.js';
import { renderHome } from './home.js';
import { updateBadge } from './unread.js';

/** Builds the widget's elements in a Shadow DOM (styles isolated both ways); the host is added to the page later. */
export function buildUi(cfg: WidgetConfig): Ui {
  const ds = cfg.ds;
  const host = el('div', { id: 'cia-widget-host', 'data-position': ds.position === 'left' ? 'left' : 'right' });
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.appendChild(el('link', { rel: 'stylesheet', href: cfg.api + '/widget.css' }));
  const wrap = el('div', { class: 'cia ' + (ds.position === 'left' ? 'left' : 'right'), part: 'root' });
  shadow.appendChild(wrap);

  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'cia-panel' });
  launcher.appendChild(svgIcon(ICONS.chat, 26, 'launcher-icon'));
  const unreadBadge = el('span', { class: 'unread', 'aria-hidden': 'true', hidden: true });
  const panel = el('div', { id: 'cia-panel', class: 'panel', role: 'dialog', 'aria-modal': 'false', hidden: true });
  const titleEl = el('h2', { class: 'title', id: 'cia-title' });
  const subtitleEl = el('p', { class: 'subtitle' });
  const homeBtn = el('button', { class: 'icon home-btn', type: 'button' }, [svgIcon(ICONS.home, 22)]);
  const langBtn = el('button', { class: 'chip', type: 'button' });
  const closeBtn = el('button', { class: 'icon', type: 'button' }, [svgIcon(ICONS.close, 22)]);
  const header = el('div', { class: 'header' }, [homeBtn, el('div', { class: 'heading' }, [titleEl, subtitleEl]), el('div', { class: 'header-actions' }, [langBtn, closeBtn])]);
  const home = el('div', { class: 'home', role: 'region', 'aria-labelledby': 'cia-home-title', hidden: true });
  const log = el('div', { class: 'log', role: 'log', tabindex: '0' });
  const live = el('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const typing = el('div', { class: 'typing', role: 'status' });
  const banner = el('div', { class: 'banner', role: 'alert', hidden: true });
  const confirmBox = el('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'cia-confirm-title', 'aria-describedby': 'cia-confirm-text', hidden: true });
  const personBtn = el('button', { class: 'person', type: 'button' });
  const input = el('textarea', { class: 'input', rows: '1', maxlength: '4000', id: 'cia-input' });
  const inputHint = el('span', { class: 'sr-only', id: 'cia-input-hint' });
  input.setAttribute('aria-describedby', 'cia-input-hint');
  const sendBtn = el('button', { class: 'send', type: 'submit' });
  const attachBtn = el('button', { class: 'attach', type: 'button' }, [svgIcon(ICONS.clip, 22)]);
  // The types the server keeps (it checks the bytes again); the picker offers nothing else.
  const fileInput = el('input', { type: 'file', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true', accept: 'application/pdf,image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,.heic,.heif' });
  const form = el('form', { class: 'composer' }, [attachBtn, input, sendBtn, fileInput]);
  const footer = el('div', { class: 'footer' }, [personBtn, form, inputHint]);
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
  return { host, shadow, wrap, launcher, unreadBadge, panel, titleEl, subtitleEl, homeBtn, langBtn, closeBtn, home, log, live, typing, banner, confirmBox, personBtn, input, inputHint, sendBtn, attachBtn, fileInput, form };
}

/** Sets every label in the current language (at start and when the language changes). */
export function applyLabels(w: Widget): void {
  const { ui, t } = w;
  ui.panel.setAttribute('aria-labelledby', 'cia-title');
  ui.titleEl.textContent = w.cfg.ds.title || t('title');
  ui.subtitleEl.textContent = t('subtitle');
  ui.log.setAttribute('aria-label', t('title'));
  ui.closeBtn.setAttribute('aria-label', t('close'));
  ui.closeBtn.setAttribute('title', t('close'));
  ui.homeBtn.setAttribute('aria-label', t('home'));
  ui.homeBtn.setAttribute('title', t('home'));
  ui.langBtn.textContent = t('lang');
  ui.langBtn.setAttribute('title', t('langLabel'));
  ui.langBtn.setAttribute('lang', w.state.lang === 'ko' ? 'en' : 'ko');
  ui.personBtn.textContent = t('person');
  ui.input.setAttribute('placeholder', t('placeholder'));
  ui.input.setAttribute('aria-label', t('inputLabel'));
  ui.input.setAttribute('title', t('inputHint'));
  ui.inputHint.textContent = t('inputHint');
  ui.sendBtn.textContent = t('send');
  ui.attachBtn.setAttribute('aria-label', t('attach'));
  ui.attachBtn.setAttribute('title', t('attachHint'));
  ui.wrap.setAttribute('lang', w.state.lang);
  updateBadge(w);
  if (w.view === 'home') renderHome(w);
  if (w.contact.box) drawContact(w);
}

export function scrollDown(w: Widget): void {
  w.ui.log.scrollTop = w.ui.log.scrollHeight;
}

/** Says a text through the live region, in its language. */
export function announce(w: Widget, text: string, lang?: string): void {
  const live = w.ui.live;
  live.textContent = '';
  live.setAttribute('lang', lang || w.state.lang);
  setTimeout(() => {
    live.textContent = text;
  }, 60);
}

/** An error or connection notice at the top of the panel, for six seconds. */
export function showBanner(w: Widget, text: string): void {
  const banner = w.ui.banner;
  banner.textContent = text;
  banner.hidden = false;
  clearTimeout(w.bannerTimer);
  w.bannerTimer = setTimeout(() => {
    banner.hidden = true;
  }, 6000);
}
