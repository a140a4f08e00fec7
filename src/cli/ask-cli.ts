import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { assembleCore } from '../core.js';
import type { AskResult } from '../conversation/ask.js';

/**
 * npm run ask -- "질문"            prints the answer for a person
 * npm run --silent ask -- --json "question"   one JSON object
 * npm run --silent ask -- --jsonl < file      one JSON object per input line (plain text or {"q": "..."})
 */
const USAGE = 'usage: npm run ask -- [--json] "question"  |  npm run --silent ask -- --jsonl < questions.txt';

function fail(msg: string): never {
  process.stderr.write(`ask: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

import { gradeLabel } from '../answer/citations.js';

function render(r: AskResult): string {
  const lines = [r.answer, ''];
  if (r.citations.length) {
    const ko = r.language === 'ko';
    lines.push(ko ? '출처' : 'Sources');
    r.citations.forEach((c, i) => lines.push(`${i + 1}. ${c.title} <${c.url}> (${[c.grade ? gradeLabel(c.grade, r.language) : '', `${ko ? '확인일' : 'verified'} ${c.verified}`].filter(Boolean).join(', ')})`));
    lines.push('');
  }
  lines.push(`[${r.language}] confidence ${r.confidence.toFixed(2)}${r.jurisdictions.length ? ` · ${r.jurisdictions.join(', ')}` : ''}`);
  if (r.escalate) lines.push(r.language === 'ko' ? `→ 담당자 연결 권장 (${r.reason})` : `→ a person should take this (${r.reason})`);
  return lines.join('\n');
}

function questionOf(line: string, n: number): string {
  const t = line.trim();
  if (!t.startsWith('{')) return t;
  try {
    const o = JSON.parse(t) as { q?: unknown };
    if (typeof o.q !== 'string') throw new Error('no string field "q"');
    return o.q;
  } catch (e) {
    fail(`line ${n}: not a question: ${(e as Error).message}`);
  }
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  // Logs go to stderr and only when something is wrong, so stdout is exactly the answer(s).
  const core = await assembleCore(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'));

  if (values.jsonl) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    let n = 0;
    let answered = 0;
    for await (const line of rl) {
      n++;
      if (!line.trim()) continue;
      const r = await core.ask(questionOf(line, n));
      process.stdout.write(`${JSON.stringify(r)}\n`);
      answered++;
    }
    if (!answered) fail('no questions on standard input');
    return;
  }

  const question = positionals.join(' ').trim();
  if (!question) fail('no question given');
  try {
    const r = await core.ask(question);
    process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : `${render(r)}\n`);
  } catch (e) {
    fail((e as Error).message);
  }
}

main().catch((e) => {
  process.stderr.write(`ask: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
