import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { assembleCore } from '../core.js';

/** npm run index: rebuilds the on-disk index from knowledge/ (the server and CLIs also rebuild a stale one by themselves). */
const config = loadConfig();
const started = performance.now();
const core = await assembleCore(config, createLogger('warn'), { rebuildIndex: true });
const { kb, index } = core.knowledge;
console.log(
  `index: ${index.chunks.length} chunks from ${kb.profiles.length} profiles and ${kb.pages.length} pages, embedder ${index.manifest.embedder}, built in ${(performance.now() - started).toFixed(0)} ms → ${config.indexDir}`,
);
