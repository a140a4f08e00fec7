/** What the embedding page set on the script tag (`data-*`), and the server the widget talks to. */
export interface WidgetConfig {
  /** The script tag's `data-*` attributes: api, lang, position, title, hours, timezone, open. */
  ds: DOMStringMap;
  /** The assistant's origin (data-api, else where the script came from), without a trailing slash. */
  api: string;
  /** The localStorage key of this browser's conversations with that server. */
  storeKey: string;
}

/** Conversations kept in this browser's history. */
export const MAX_HISTORY = 10;

export function readConfig(script: HTMLOrSVGScriptElement): WidgetConfig {
  const ds = script.dataset || {};
  const api = (ds.api || new URL((script as HTMLScriptElement).src, location.href).origin).replace(/\/$/, '');
  return { ds, api, storeKey: 'ciaw:v1:' + api };
}
