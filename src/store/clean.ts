/**
 * Text as both databases accept it, and as the rest of the system expects it: NUL and the other C0/C1 control
 * characters removed (tab and line breaks kept), unpaired surrogates replaced, line endings unified, NFC.
 * PostgreSQL refuses U+0000 in text; SQLite takes it: cleaning once, before either sees it, keeps them alike.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  let out = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  out = out.replace(CONTROL, '');
  out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out.normalize('NFC');
}

/** Every string inside a parsed JSON value, cleaned (keys too). */
export function cleanInput<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanInput) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanInput(v)])) as T;
  return value;
}

/** What a database column gets: text without NUL (the one character PostgreSQL cannot store), other values as they are. */
export const storable = (v: unknown): unknown => (typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '') : v);
