#!/usr/bin/env node
/**
 * node scripts/run.mjs <entry> [args…]   (what `npm start` and the CLIs in package.json run)
 *
 * Runs the compiled dist/<entry>.js in this process, after building dist/ if src/ changed since the last build
 * (scripts/build.mjs: a stat of each source file, a few ms). Where the compiler is not installed (a production
 * install without dev dependencies and no dist/), it runs src/<entry>.ts through tsx instead.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, SRC, ensureBuilt } from './build.mjs';

const [entry] = process.argv.splice(2, 1);
if (!entry || !/^[\w/-]+$/.test(entry)) {
  process.stderr.write('usage: node scripts/run.mjs <entry, e.g. main or cli/ask-cli> [args…]\n');
  process.exit(2);
}

let file = join(DIST, `${entry}.js`);
try {
  await ensureBuilt();
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  const { register } = await import('tsx/esm/api');
  register();
  file = join(SRC, `${entry}.ts`);
}
// The entry sees itself as the script node was started with (main.ts starts the server only then).
process.argv[1] = file;
await import(pathToFileURL(file).href);
