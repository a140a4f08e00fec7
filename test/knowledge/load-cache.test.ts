import { describe, it, expect } from 'vitest';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load.js';

describe('the parsed knowledge base cached beside the index', () => {
  it('reads back exactly what parsing gives, and parses again when a file changes', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kb-cache-')), 'knowledge');
    cpSync('knowledge', dir, { recursive: true });
    const cacheDir = join(dir, '..', 'index');
    const parsed = loadKnowledge(dir);
    const first = loadKnowledge(dir, { cacheDir });
    expect(existsSync(join(cacheDir, 'knowledge.json'))).toBe(true);
    const cached = loadKnowledge(dir, { cacheDir });
    expect(JSON.stringify(first)).toBe(JSON.stringify(parsed));
    expect(cached).toEqual(parsed);
    expect(JSON.stringify(cached)).toBe(JSON.stringify(parsed));

    // A changed file: a new hash, parsed again (and cached under it).
    const glossary = join(dir, 'glossary.yaml');
    appendFileSync(glossary, '\n# a comment\n');
    const changed = loadKnowledge(dir, { cacheDir });
    expect(changed.hash).not.toBe(parsed.hash);
    expect(changed.hash).toBe(loadKnowledge(dir).hash);
    expect(JSON.parse(readFileSync(join(cacheDir, 'knowledge.json'), 'utf8')).hash).toBe(changed.hash);

    // A cache that does not match what it claims is never trusted past its key: a broken file is parsed again.
    writeFileSync(join(cacheDir, 'knowledge.json'), '{"hash":');
    expect(loadKnowledge(dir, { cacheDir })).toEqual(changed);
  });

  it('never hides a problem: an invalid knowledge base throws whatever the cache holds', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kb-cache-')), 'knowledge');
    cpSync('knowledge', dir, { recursive: true });
    const cacheDir = join(dir, '..', 'index');
    loadKnowledge(dir, { cacheDir });
    writeFileSync(join(dir, 'glossary.yaml'), 'entries: 7\n');
    expect(() => loadKnowledge(dir, { cacheDir })).toThrow(/glossary/);
  });
});
