import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadKnowledge, KnowledgeError } from '../../src/knowledge/load.js';

/** A copy of the shipped knowledge base, altered by `mutate`, so each test breaks exactly one rule. */
function brokenCopy(mutate: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  cpSync('knowledge', dir, { recursive: true });
  mutate(dir);
  return dir;
}

function editProfile(dir: string, code: string, edit: (p: any) => void) {
  const file = join(dir, 'jurisdictions', `${code}.yaml`);
  const p = YAML.parse(readFileSync(file, 'utf8'));
  edit(p);
  writeFileSync(file, YAML.stringify(p));
}

function problems(dir: string): string[] {
  try {
    loadKnowledge(dir);
    return [];
  } catch (e) {
    if (e instanceof KnowledgeError) return e.problems;
    throw e;
  }
}

describe('knowledge base schema', () => {
  it('the shipped knowledge base passes the schema check', () => {
    const kb = loadKnowledge('knowledge');
    expect(kb.profiles.length).toBeGreaterThan(0);
    expect(kb.glossary.length).toBeGreaterThan(0);
    for (const p of kb.profiles) for (const f of Object.values(p.facts)) if (f.status === 'confirmed') expect(f.sources.length).toBeGreaterThan(0);
  });

  it('every page of the shipped knowledge base exists in both languages', () => {
    const kb = loadKnowledge('knowledge');
    const ids = new Set(kb.pages.map((p) => p.id));
    for (const id of ids) expect(kb.pages.filter((p) => p.id === id).map((p) => p.lang).sort()).toEqual(['en', 'ko']);
  });

  it('rejects a profile text missing one language', () => {
    const dir = brokenCopy((d) => editProfile(d, 'cn', (p) => delete p.facts.validity.ko));
    expect(problems(dir).join('\n')).toMatch(/cn\.yaml: facts\.validity\.ko/);
  });

  it('rejects a confirmed fact without a source', () => {
    const dir = brokenCopy((d) => editProfile(d, 'cn', (p) => (p.facts.fees.sources = [])));
    expect(problems(dir).join('\n')).toMatch(/facts\.fees.*at least one source/);
  });

  it('rejects a fact citing a source the profile does not list', () => {
    const dir = brokenCopy((d) => editProfile(d, 'cn', (p) => (p.facts.fees.sources = ['no-such-source'])));
    expect(problems(dir).join('\n')).toMatch(/unknown source id "no-such-source"/);
  });

  it('rejects a malformed or impossible verified date', () => {
    const bad = brokenCopy((d) => editProfile(d, 'cn', (p) => (p.sources[0].verified = '24.11.2026')));
    expect(problems(bad).join('\n')).toMatch(/sources\.0\.verified: expected a date as YYYY-MM-DD/);
    const impossible = brokenCopy((d) => editProfile(d, 'cn', (p) => (p.sources[0].verified = '2026-02-30')));
    expect(problems(impossible).join('\n')).toMatch(/not a real calendar date/);
  });

  it('accepts an unconfirmed fact without sources, but not a missing field', () => {
    const ok = brokenCopy((d) => editProfile(d, 'cn', (p) => (p.facts.tips = { status: 'unconfirmed', ko: '확인되지 않았습니다.', en: 'Not confirmed.' })));
    expect(problems(ok)).toEqual([]);
    const missing = brokenCopy((d) => editProfile(d, 'cn', (p) => delete p.facts.bond));
    expect(problems(missing).join('\n')).toMatch(/facts\.bond/);
  });

  it('every source says its grade, and only grade official may be marked official', () => {
    const ungraded = brokenCopy((d) => editProfile(d, 'cn', (p) => delete p.sources[0].grade));
    expect(problems(ungraded).join('\n')).toMatch(/cn\.yaml: sources\.0\.grade/);
    const overstated = brokenCopy((d) =>
      editProfile(d, 'cn', (p) => {
        p.sources[0].grade = 'professional';
        p.sources[0].official = true;
      }),
    );
    expect(problems(overstated).join('\n')).toMatch(/sources\.0\.official: official must be false for grade professional/);
  });

  it('rejects a page that exists in one language only', () => {
    const dir = brokenCopy((d) => {
      mkdirSync(join(d, 'guides'), { recursive: true });
      writeFileSync(
        join(d, 'guides', 'lonely.ko.md'),
        '---\nid: lonely\nlang: ko\ntitle: 외톨이\nkind: guide\nsources:\n  - { title: t, url: "https://example.org", verified: 2026-11-24, grade: press }\nverified: 2026-11-24\n---\n## 제목\n본문\n',
      );
    });
    expect(problems(dir).join('\n')).toMatch(/page "lonely" exists only in ko/);
  });
});
