import { loadKnowledge, KnowledgeError } from '../knowledge/load.js';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? 'knowledge');
try {
  const kb = loadKnowledge(dir);
  console.log(`ok: ${kb.profiles.length} profiles (${kb.profiles.map((p) => p.code).join(', ')}), ${kb.pages.length} pages, ${kb.glossary.length} glossary entries`);
} catch (e) {
  if (e instanceof KnowledgeError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
