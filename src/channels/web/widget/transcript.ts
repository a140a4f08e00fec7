/** The transcript, as a text file made here from what is shown. */
import type { Widget } from './context.js';
import { el } from './dom.js';
import { day } from './text.js';

export function downloadTranscript(w: Widget): void {
  const t = w.t;
  const lines = [t('title') + ' — ' + t('transcriptTitle'), t('downloaded') + ': ' + day(), ''];
  w.transcript.forEach((x) => {
    lines.push('[' + day(x.at) + '] ' + x.who + ':', x.text, '');
  });
  const blob = new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: 'conversation-' + day().slice(0, 10) + '.txt', hidden: true });
  w.ui.shadow.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
}
