import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadKnowledge, KnowledgeError } from '../knowledge/load.js';
import { coverageReport } from '../knowledge/report.js';

// `npm run kb:report` prints the coverage table; `-- --write [file]` also saves it (default docs/kb-coverage.md).
const args = process.argv.slice(2);
try {
  const report = coverageReport(loadKnowledge(resolve(process.env.KNOWLEDGE_DIR ?? 'knowledge')));
  process.stdout.write(report);
  const at = args.indexOf('--write');
  if (at >= 0) {
    const file = resolve(args[at + 1] ?? 'docs/kb-coverage.md');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, report);
    console.error(`written to ${file}`);
  }
} catch (e) {
  if (e instanceof KnowledgeError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
