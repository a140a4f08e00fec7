/**
 * The widget script, `/widget.js`: one file that esbuild bundles from the TypeScript modules in widget/ (entry
 * widget/main.ts). `npm run build` writes it to dist/channels/web/static/widget.js beside the compiled server, which
 * serves that file; a server running from src/ (tsx, the tests) bundles it in memory once, on the first request.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The widget's entry point in src/. */
export const WIDGET_ENTRY = join(HERE, 'widget', 'main.ts');
/** Where the build writes the bundle, relative to this module's folder (dist/channels/web/). */
export const WIDGET_OUTPUT = join('static', 'widget.js');
/** This module runs from src/ (tsx, vitest), not from a build. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** esbuild's options for the bundle: one classic script (no import or require left), for browsers of 2018 on. */
export const WIDGET_BUILD = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2018',
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
} as const;

/** Bundles the widget from its sources; the build writes the result, the server (from src/) keeps it in memory. */
export async function bundleWidget(entry = WIDGET_ENTRY): Promise<Buffer> {
  const { build } = await import('esbuild');
  const out = await build({ ...WIDGET_BUILD, entryPoints: [entry], write: false, outfile: 'widget.js' });
  if (out.outputFiles.length !== 1) throw new Error(`the widget bundle is ${out.outputFiles.length} files, not one`);
  return Buffer.from(out.outputFiles[0].contents);
}

let bundle: Promise<Buffer> | null = null;

/** The widget script as served: the built file, or from src/ a bundle made once per process. */
export function widgetBundle(): Promise<Buffer> {
  if (!bundle) {
    const made = FROM_SOURCE ? bundleWidget() : readFile(join(HERE, WIDGET_OUTPUT));
    bundle = made;
    // A failure is not kept: the next request tries again.
    made.catch(() => {
      if (bundle === made) bundle = null;
    });
  }
  return bundle;
}
