import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, INDEX_DIR: join(mkdtempSync(join(tmpdir(), 'cli-')), 'index'), LOG_LEVEL: 'warn' };
const run = (args: string[], input?: string) => spawnSync('npx', ['tsx', 'src/cli/ask-cli.ts', ...args], { input, env, encoding: 'utf8', timeout: 60_000 });

describe('ask CLI', () => {
  beforeAll(() => {
    // Builds the index once so the tests below measure the CLI, not the first build.
    run(['--json', 'warm up']);
  }, 90_000);

  it('--json prints exactly one JSON object with every field', () => {
    const r = run(['--json', '중국 세관에 상표를 등록하면 몇 년간 유효한가요?']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]);
    expect(Object.keys(o).sort()).toEqual(['answer', 'citations', 'confidence', 'escalate', 'jurisdictions', 'language', 'offerPerson', 'reason'].sort());
    expect(o.language).toBe('ko');
    expect(o.answer).toMatch(/10년/);
    expect(o.citations[0]).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), url: expect.stringMatching(/^https?:/), verified: expect.stringMatching(/^\d{4}-/) }));
  });

  it('--jsonl answers plain and JSON lines in order, one object per line', () => {
    const r = run(['--jsonl'], 'How long is a China customs recordation valid?\n\n{"q": "뉴질랜드 세관 등록 방법"}\n');
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(2);
    expect(out[0].language).toBe('en');
    expect(out[1].escalate).toBe(true);
    expect(out[1].jurisdictions).toEqual(['NZ']);
  });

  it('fails with a clear message on empty or unreadable input', () => {
    const empty = run(['--json']);
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toMatch(/no question given/);
    const none = run(['--jsonl'], '\n\n');
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/no questions on standard input/);
    const bad = run(['--jsonl'], '{"q": 42}\n');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/line 1/);
  });

  it('prints a readable answer without --json', () => {
    const r = run(['How long is a China customs recordation valid?']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/10 years/);
    expect(r.stdout).toMatch(/Sources/);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });
});
