import { describe, it, expect } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { GlossaryMatcher } from '../../src/retrieval/glossary-matcher.js';
import { createTokenizer, baseTokens } from '../../src/retrieval/tokenize.js';
import { Bm25Index } from '../../src/retrieval/bm25.js';
import { detectLanguage } from '../../src/retrieval/normalize.js';

const matcher = new GlossaryMatcher(loadKnowledge('knowledge').glossary);
const tok = createTokenizer(matcher);

describe('Korean-aware tokenising', () => {
  it('lets an inflected Korean word meet its stem (등록하면 / 등록)', () => {
    const q = new Set(tok.tokenize('등록하면'));
    expect(tok.tokenize('세관 등록 절차').some((t) => q.has(t))).toBe(true);
  });

  it('gives Korean and English words for one concept a shared token', () => {
    const ko = new Set(tok.tokenize('중국 상표 유효기간'));
    const en = tok.tokenize('China trademark validity');
    for (const concept of ['§cn', '§trademark', '§validity']) {
      expect(ko.has(concept)).toBe(true);
      expect(en).toContain(concept);
    }
  });

  it('matches the longest term: 인도네시아 is Indonesia, not India', () => {
    const ids = matcher.match('인도네시아 상표').map((h) => h.id);
    expect(ids).toContain('ID');
    expect(ids).not.toContain('IN');
  });

  it('matches Latin terms only as whole words (no "eu" inside "museum")', () => {
    expect(matcher.match('museum tickets').map((h) => h.id)).not.toContain('EU');
    expect(matcher.match('eu trademark').map((h) => h.id)).toContain('EU');
  });

  it('maps an EU member state to the EU profile', () => {
    const hit = matcher.match('독일 상표').find((h) => h.id === 'DE');
    expect(hit?.profile).toBe('EU');
  });

  it('normalises width and case, and drops English stop words', () => {
    expect(baseTokens('ＧＡＣＣ'.normalize('NFKC').toLowerCase())).toEqual(['gacc']);
    expect(baseTokens('what is the fee')).toEqual(['fee']);
  });

  it('detects the language of a question', () => {
    expect(detectLanguage('중국 세관 등록 GACC 수수료?')).toBe('ko');
    expect(detectLanguage('How much is the CBP fee?')).toBe('en');
  });
});

describe('BM25', () => {
  it('ranks the document sharing the rare terms first and survives a JSON round trip', () => {
    const docs = ['중국 세관 상표 등록 유효기간 10년', '베트남 세관 억류 기한', '미국 CBP 수수료 190달러'].map((d) => tok.tokenize(d));
    const index = Bm25Index.build(docs);
    const q = tok.tokenize('중국에서 상표 등록하면 유효기간은?');
    const first = index.search(q, 3);
    expect(first[0].index).toBe(0);
    const again = Bm25Index.fromJSON(JSON.parse(JSON.stringify(index.toJSON()))).search(q, 3);
    expect(again).toEqual(first);
  });

  it('returns nothing for a query sharing no term', () => {
    const index = Bm25Index.build([tok.tokenize('중국 세관')]);
    expect(index.search(tok.tokenize('weather forecast'), 5)).toEqual([]);
  });
});
