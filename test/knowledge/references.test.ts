import { describe, it, expect } from 'vitest';
import { mkdtempSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadKnowledge, KnowledgeError } from '../../src/knowledge/load.js';
import { checkGuideFigures } from '../../src/knowledge/consistency.js';
import { firstSentence } from '../../src/knowledge/refs.js';
import { renderChunks } from '../../src/knowledge/render.js';
import { coverageReport, gradeTotals } from '../../src/knowledge/report.js';
import { SOURCE_GRADES } from '../../src/knowledge/schema.js';

const BASE = process.env.KNOWLEDGE_DIR ?? 'knowledge';

/** A copy of the shipped knowledge base with one guide altered. */
function copyWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-ref-'));
  cpSync(BASE, dir, { recursive: true });
  const path = join(dir, 'guides', file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

const kbCheck = (dir: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/kb-check-cli.ts', dir], { encoding: 'utf8' });

describe('guides take per-country figures from the profiles', () => {
  const kb = loadKnowledge(BASE);
  const vn = kb.profiles.find((p) => p.code === 'VN')!;

  it('renders {{fact vn.holder_deadline}} as the profile text, in the page language', () => {
    for (const lang of ['ko', 'en'] as const) {
      const page = kb.pages.find((p) => p.id === 'detention-response' && p.lang === lang)!;
      expect(page.raw).toContain('{{fact vn.holder_deadline all}}');
      expect(page.body).toContain(vn.facts.holder_deadline[lang].trim());
      expect(page.body).not.toMatch(/\{\{/);
      expect(page.refs).toContainEqual({ code: 'VN', field: 'holder_deadline' });
    }
  });

  it('a section showing profile facts cites their sources first', () => {
    const chunk = renderChunks(kb).find((c) => c.docKey === 'detention-response' && c.lang === 'en' && /Vietnam/.test(c.title))!;
    const vnUrls = vn.facts.holder_deadline.sources.map((id) => vn.sources.find((s) => s.id === id)!.url);
    expect(vnUrls).toContain(chunk.citations[0].url);
  });

  it('the shipped guides have no hand-written figure that contradicts a profile', () => {
    expect(checkGuideFigures(kb).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('kb:check fails on a planted contradiction: Vietnam "10 working days" next to a deadline word', () => {
    const dir = copyWith('detention-response.en.md', (t) => `${t}\n\nIn Vietnam the right holder must respond within 10 working days of the detention notice.\n`);
    const r = kbCheck(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/detention-response\.en\.md:\d+: "10 working days" contradicts VN's holderDeadline \(3 working\)/);
    // The same sentence with the profile's own figure passes.
    const ok = copyWith('detention-response.en.md', (t) => `${t}\n\nIn Vietnam the right holder must respond within 3 working days of the detention notice.\n`);
    expect(kbCheck(ok).status).toBe(0);
  });

  it('kb:check also reads Korean sentences and fee amounts', () => {
    const dir = copyWith('costs-budget.ko.md', (t) => `${t}\n\n아랍에미리트 두바이 세관의 등록 수수료는 AED 2,010입니다.\n\n베트남 세관에서 억류 통지를 받으면 10 근무일 안에 대응해야 합니다.\n`);
    const findings = checkGuideFigures(loadKnowledge(dir)).filter((f) => f.severity === 'error');
    expect(findings.map((f) => f.code).sort()).toEqual(['AE', 'VN']);
  });

  it('an unknown reference is a load error', () => {
    const dir = copyWith('detention-response.en.md', (t) => `${t}\n\n{{fact vn.no_such_field}} {{fact zz.validity}} {{figure vn.fee}} {{chart vn}}\n`);
    let problems: string[] = [];
    try {
      loadKnowledge(dir);
    } catch (e) {
      if (e instanceof KnowledgeError) problems = e.problems;
      else throw e;
    }
    const text = problems.join('\n');
    expect(text).toMatch(/unknown reference \{\{fact vn\.no_such_field\}\}/);
    expect(text).toMatch(/unknown reference \{\{fact zz\.validity\}\}: no profile "zz"/);
    expect(text).toMatch(/unknown reference \{\{figure vn\.fee\}\}/);
    expect(text).toMatch(/unknown reference \{\{chart vn\}\}/);
    expect(kbCheck(dir).status).toBe(1);
  });

  it('first sentences do not end at abbreviations', () => {
    expect(firstSentence('Under Art. 16 the holder has 3 working days. Then customs acts.')).toBe('Under Art. 16 the holder has 3 working days.');
    expect(firstSentence('The U.S. fee is US$190 per class. Renewal costs US$80.')).toBe('The U.S. fee is US$190 per class.');
    expect(firstSentence('통지를 받은 날부터 3 근무일 이내에 신청해야 합니다. 기한을 넘기면 억류하지 않습니다.')).toBe('통지를 받은 날부터 3 근무일 이내에 신청해야 합니다.');
  });
});

describe('sources are graded', () => {
  const kb = loadKnowledge(BASE);

  it('every citation carries its grade and verified date', () => {
    for (const c of renderChunks(kb).flatMap((x) => x.citations)) {
      expect(SOURCE_GRADES).toContain(c.grade);
      expect(c.verified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('kb:report shows facts per grade for every territory, old sources and single non-official sources', () => {
    const report = coverageReport(kb);
    expect(report).toMatch(/## Sources by grade/);
    expect(report).toMatch(/### Sources verified more than 12 months before/);
    expect(report).toMatch(/### Confirmed facts resting on a single non-official source/);
    const t = gradeTotals(kb);
    expect(report).toContain(`Confirmed facts: ${t.confirmed}; resting on an official source: ${t.official} (${t.officialShare}%)`);
    const section = report.slice(report.indexOf('## Sources by grade'), report.indexOf('## Pages'));
    for (const p of kb.profiles) {
      const row = section.split('\n').find((l) => l.startsWith(`| ${p.code} |`))!;
      const counts = row.split('|').slice(2, 7).map((c) => Number(c.trim()));
      const confirmed = Object.values(p.facts).filter((f) => f.status === 'confirmed').length;
      expect(counts.reduce((a, b) => a + b, 0), p.code).toBe(confirmed);
    }
  });
});
