import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadKnowledge, KnowledgeError } from '../knowledge/load.js';
import { checkGuideFigures } from '../knowledge/consistency.js';

// `npm run kb:check [dir]`: the schema, references from pages to profile facts ({{fact vn.holder_deadline}}), and
// figures written by hand in guides that contradict a profile's structured figures. Exits 1 on any error;
// warnings (a hand-written figure the profile has no structured value for) are printed but do not fail.
const dir = resolve(process.argv[2] ?? 'knowledge');
try {
  const kb = loadKnowledge(dir);
  const findings = checkGuideFigures(kb);
  const offsets = new Map<string, number>();
  const lineOf = (file: string, bodyLine: number) => {
    if (!offsets.has(file)) {
      const page = kb.pages.find((p) => p.file === file)!;
      const text = readFileSync(file, 'utf8');
      const first = (page.raw ?? page.body).split('\n')[0];
      offsets.set(file, text.slice(0, text.indexOf(first)).split('\n').length - 1);
    }
    return offsets.get(file)! + bodyLine;
  };
  for (const f of findings) (f.severity === 'error' ? console.error : console.warn)(`${f.severity}: ${f.file}:${lineOf(f.file, f.line)}: ${f.message}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const references = kb.pages.reduce((n, p) => n + (p.refs?.length ?? 0), 0);
  if (errors) {
    console.error(`${errors} figure(s) in guides contradict the profiles`);
    process.exit(1);
  }
  console.log(
    `ok: ${kb.profiles.length} profiles (${kb.profiles.map((p) => p.code).join(', ')}), ${kb.pages.length} pages (${references} references to profile facts), ${kb.glossary.length} glossary entries${findings.length ? `, ${findings.length} warning(s)` : ''}`,
  );
} catch (e) {
  if (e instanceof KnowledgeError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
