import { Hono } from 'hono';
import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { widgetBundle } from './widget-bundle.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The widget script is not a file in static/: it is bundled from widget/*.ts (widget-bundle.ts). */
const WIDGET = 'widget.js';

interface StaticFile {
  body: Buffer;
  etag: string;
  type: string;
}

function entry(file: string, body: Buffer): StaticFile {
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`, type: TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' };
}

/** Files are read once at start-up (the widget bundle on its first request); ETags let browsers revalidate cheaply. */
function load(file: string): StaticFile | null {
  const path = join(DIR, file);
  if (!existsSync(path)) return null;
  return entry(file, readFileSync(path));
}

function widgetFile(): () => Promise<StaticFile> {
  let last: StaticFile | null = null;
  return async () => {
    const body = await widgetBundle();
    if (last?.body !== body) last = entry(WIDGET, body);
    return last;
  };
}

// Our own pages: no inline script, styles and scripts from this origin only.
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The widget script (embeddable anywhere), the demo page at `/` and the staff console at `/staff`. */
export function staticRoutes(files: Record<string, string>) {
  const app = new Hono();
  for (const [route, file] of Object.entries(files)) {
    const fixed = file === WIDGET ? null : load(file);
    if (file !== WIDGET && !fixed) continue;
    const widget = widgetFile();
    app.get(route, async (c) => {
      const f = fixed ?? (await widget());
      if (c.req.header('if-none-match') === f.etag) return c.body(null, 304);
      const headers: Record<string, string> = { 'Content-Type': f.type, ETag: f.etag, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
      if (f.type.startsWith('text/html')) Object.assign(headers, { 'Content-Security-Policy': PAGE_CSP, 'Referrer-Policy': 'same-origin' });
      // The widget and its stylesheet load from customers' pages.
      if (route === '/widget.js' || route === '/widget.css') headers['Access-Control-Allow-Origin'] = '*';
      return c.body(new Uint8Array(f.body), 200, headers);
    });
  }
  return app;
}
