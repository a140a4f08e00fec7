/** Which view shows (home or chat), opening and closing the panel, full screen on phones. */
import type { View, Widget } from './context.js';
import { renderHome } from './home.js';
import { scrollDown } from './shell.js';
import { current } from './storage.js';
import { connect } from './stream.js';
import { checkOthers, markRead, updateBadge } from './unread.js';

export function setView(w: Widget, v: View, keepFocus?: boolean): void {
  const ui = w.ui;
  w.view = v;
  ui.home.hidden = v !== 'home';
  ui.log.hidden = v !== 'chat';
  ui.homeBtn.hidden = v === 'home';
  if (v === 'home') {
    renderHome(w);
    checkOthers(w);
  } else {
    scrollDown(w);
    if (w.state.open) markRead(w);
  }
  if (!keepFocus && w.state.open) {
    const active = ui.shadow.activeElement as HTMLElement | null;
    if (!active || !ui.panel.contains(active) || active.offsetParent === null) ui.input.focus();
  }
  updateBadge(w);
}

/** Open on a phone, the panel is the whole page (a modal dialog). */
export function fullScreen(w: Widget): boolean | undefined {
  return w.state.open && w.phone.matches;
}

export function setOpen(w: Widget, open: boolean): void {
  const ui = w.ui;
  w.state.open = open;
  w.save();
  ui.panel.hidden = !open;
  ui.launcher.setAttribute('aria-expanded', String(open));
  ui.wrap.classList.toggle('is-open', open);
  ui.panel.setAttribute('aria-modal', String(fullScreen(w)));
  if (open) {
    setView(w, ui.log.childNodes.length || current(w.state) ? 'chat' : 'home', true);
    if (w.state.conversationId && !w.source) connect(w);
    setTimeout(() => {
      ui.input.focus();
    }, 0);
    scrollDown(w);
  } else {
    ui.confirmBox.hidden = true;
    updateBadge(w);
    ui.launcher.focus();
  }
}
