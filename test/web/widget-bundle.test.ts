import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { staticRoutes } from '../../src/channels/web/static-routes.js';
import { bundleWidget, WIDGET_BUILD, WIDGET_ENTRY } from '../../src/channels/web/widget-bundle.js';

/** The widget's TypeScript modules become one classic script, served as /widget.js. */
describe('widget bundle', () => {
  it('is one script of its own, with no import or require left, within 40 KB gzipped', async () => {
    const out = await build({ ...WIDGET_BUILD, entryPoints: [WIDGET_ENTRY], write: false, outdir: 'out', metafile: true });
    expect(out.outputFiles.map((f) => f.path.split('/').pop())).toEqual(['main.js']);
    const code = out.outputFiles[0].text;
    // Every module of the widget is in it, and only the widget's (plus the server's shared types, erased).
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.every((p) => p.startsWith('src/channels/web/widget/'))).toBe(true);
    expect(inputs.length).toBeGreaterThan(10);
    expect(code).not.toMatch(/\bimport\s*[({"'`*\w]|\bimport\.meta\b|\brequire\s*\(|\bexport\s/);
    expect(code.startsWith('"use strict";(()=>{')).toBe(true);
    const gz = gzipSync(code).length;
    process.stdout.write(`widget.js: ${Buffer.byteLength(code)} bytes, ${gz} bytes gzipped\n`);
    expect(gz).toBeLessThanOrEqual(40 * 1024);
    expect(Buffer.from(code).equals(await bundleWidget())).toBe(true);
  });

  it('is what /widget.js serves, with its ETag, CORS and caching headers', async () => {
    const app = staticRoutes({ '/widget.js': 'widget.js', '/widget.css': 'widget.css' });
    const r = await app.request('/widget.js');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await r.arrayBuffer()).equals(await bundleWidget())).toBe(true);
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{16}"$/);
    expect((await app.request('/widget.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request('/widget.css')).status).toBe(200);
  });
});
