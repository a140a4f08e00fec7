#!/usr/bin/env node
/**
 * Compiles src/ to dist/: one ES module per TypeScript file (esbuild transpiles, it does not type-check: `npm test`
 * does), and the files that are not TypeScript (the widget's stylesheet, the console's static files) copied beside.
 * The layout mirrors src/, so paths taken from a module's own place (prompts/, static/) hold in both. The browser
 * widget (src/channels/web/widget/*.ts) is not compiled for Node: it is bundled into one script,
 * dist/channels/web/static/widget.js, by the compiled src/channels/web/widget-bundle.ts (its options live there).
 *
 *   node scripts/build.mjs             build now (`npm ci` runs it as the prepare script)
 *   node scripts/build.mjs --if-stale  build only if src/ changed since the last build
 *
 * scripts/run.mjs checks the same before it starts any entry point, so `npm start` and the CLIs never run stale code.
 * The build is written beside dist/ and swapped in whole: a process starting meanwhile sees the old one or the new.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SRC = join(ROOT, 'src');
export const DIST = join(ROOT, 'dist');
const STAMP = '.build.json';
/** Bumped when the build's options change, so an older dist/ is rebuilt. */
const FORMAT = 3;
/** The browser widget's sources: bundled into one script, not compiled module by module. */
const WIDGET_DIR = join(SRC, 'channels', 'web', 'widget');
const WIDGET_BUNDLER = join('channels', 'web', 'widget-bundle.js');

/**
 * Packages whose index loads hundreds of modules for the few functions used: a named import from the package becomes
 * one import per function from its own module (date-fns ships each function as `date-fns/<name>` for this).
 */
const MODULARIZED = { 'date-fns': (name) => `date-fns/${name}` };
const NAMED_IMPORT = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?[ \t]*$/gm;

export function modularizeImports(source) {
  return source.replace(NAMED_IMPORT, (whole, names, from) => {
    const path = MODULARIZED[from];
    if (!path) return whole;
    const specs = names.split(',').map((x) => x.trim()).filter(Boolean);
    if (specs.some((x) => x.startsWith('type '))) return whole;
    return specs.map((spec) => `import { ${spec} } from '${path(spec.split(/\s+as\s+/)[0])}';`).join(' ');
  });
}

const modularize = {
  name: 'modularize-imports',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return { contents: modularizeImports(source), loader: 'ts' };
    });
  },
};

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** What the sources look like now: how many files, their bytes, the newest change. A few ms for src/. */
export function sourceState() {
  let newest = 0;
  let bytes = 0;
  const files = walk(SRC);
  for (const f of files) {
    const s = statSync(f);
    if (s.mtimeMs > newest) newest = s.mtimeMs;
    bytes += s.size;
  }
  return { format: FORMAT, node: process.versions.node.split('.')[0], files: files.length, bytes, newest };
}

/** Why dist/ must be built again, or null when it is current. */
export function staleness() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(DIST, STAMP), 'utf8'));
  } catch {
    return 'not built yet';
  }
  const now = sourceState();
  for (const k of Object.keys(now)) if (stamp[k] !== now[k]) return `src/ changed since the last build (${k})`;
  return null;
}

export async function build() {
  const started = Date.now();
  const state = sourceState();
  const { build: esbuild } = await import('esbuild');
  const widget = (f) => f.startsWith(WIDGET_DIR + sep);
  const all = walk(SRC).filter((f) => !widget(f));
  const tmp = `${DIST}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild({
    entryPoints: all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
    outdir: tmp,
    outbase: SRC,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [modularize],
  });
  for (const f of all.filter((x) => !x.endsWith('.ts'))) {
    const to = join(tmp, relative(SRC, f));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f, to);
  }
  const { bundleWidget, WIDGET_OUTPUT } = await import(pathToFileURL(join(tmp, WIDGET_BUNDLER)).href);
  const bundled = join(tmp, dirname(WIDGET_BUNDLER), WIDGET_OUTPUT);
  mkdirSync(dirname(bundled), { recursive: true });
  writeFileSync(bundled, await bundleWidget(join(WIDGET_DIR, 'main.ts')));
  writeFileSync(join(tmp, STAMP), `${JSON.stringify({ ...state, builtAt: new Date().toISOString() }, null, 2)}\n`);
  const old = `${DIST}.old-${process.pid}`;
  try {
    renameSync(DIST, old);
  } catch {
    /* no build yet, or another process is swapping its own in */
  }
  try {
    renameSync(tmp, DIST);
  } catch (e) {
    // Another process built the same sources at the same moment and swapped first: use its build.
    if (!existsSync(join(DIST, STAMP))) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return { files: all.length, ms: Date.now() - started };
}

/** Builds when src/ changed since the last build; says why on stderr. */
export async function ensureBuilt({ quiet = false } = {}) {
  const why = staleness();
  if (!why) return false;
  const r = await build();
  if (!quiet) process.stderr.write(`built dist/ (${why}): ${r.files} files in ${r.ms} ms\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale');
  (ifStale ? ensureBuilt().then(() => {}) : build().then((r) => process.stderr.write(`built dist/: ${r.files} files in ${r.ms} ms\n`))).catch((e) => {
    process.stderr.write(`build failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
