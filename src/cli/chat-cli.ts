import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { assembleApp } from '../main.js';
import type { Reply } from '../conversation/types.js';
import { planToMarkdown, planToIcs } from '../conversation/walkthrough/export.js';

/**
 * npm run chat                     an interactive chat in the terminal
 * npm run --silent chat -- --jsonl  lines {"conversation": "...", "text": "..."} or {"conversation": "...", "action": "..."}
 *                                   in, one JSON reply per line out
 */
const line = z.union([
  z.object({ conversation: z.string().min(1), text: z.string().min(1) }).strict(),
  z.object({ conversation: z.string().min(1), action: z.string().min(1) }).strict(),
]);

const { values } = parseArgs({ options: { jsonl: { type: 'boolean' }, user: { type: 'string', default: 'terminal' } } });
const config = loadConfig();
const app = await assembleApp(config, createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'));
const { assistant } = app;

const toJson = (conversation: string, r: Reply) => ({
  conversation,
  text: r.text,
  language: r.language,
  citations: r.citations,
  choices: r.choices.map(({ id, label }) => ({ id, label })),
  ticket: r.ticket ? { id: r.ticket.id, priority: r.ticket.priority, reason: r.ticket.reason, deadline: r.ticket.deadline } : null,
  plan: r.plan,
});

const send = (conversation: string, body: { text?: string; action?: string }) =>
  assistant.handle({ channel: 'cli', externalRef: conversation, userId: values.user!, ...body });

if (values.jsonl) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  let failed = false;
  // One output line per input line, errors included, so a caller can pair them up.
  const fail = (n: number, message: string) => {
    process.stderr.write(`chat: line ${n}: ${message}\n`);
    process.stdout.write(`${JSON.stringify({ error: message, line: n })}\n`);
    failed = true;
  };
  for await (const raw of rl) {
    n++;
    if (!raw.trim()) continue;
    let parsed;
    try {
      parsed = line.safeParse(JSON.parse(raw));
    } catch (e) {
      fail(n, `malformed JSON: ${(e as Error).message}`);
      continue;
    }
    if (!parsed.success) {
      fail(n, 'expected {"conversation", "text"} or {"conversation", "action"}');
      continue;
    }
    const { conversation, ...body } = parsed.data;
    try {
      process.stdout.write(`${JSON.stringify(toJson(conversation, await send(conversation, body)))}\n`);
    } catch (e) {
      fail(n, (e as Error).message);
    }
  }
  await app.close();
  process.exit(failed ? 1 : 0);
} else {
  const conversation = `terminal-${Date.now()}`;
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  let last: Reply | null = null;
  const show = (r: Reply) => {
    last = r;
    console.log(`\n${r.text}\n`);
    if (r.choices.length) console.log(r.choices.map((c, i) => `  [${i + 1}] ${c.label}`).join('\n'), '\n');
    if (r.plan) console.log('  (type :md or :ics to save the plan)\n');
  };
  console.log('customs-ip-assistant — 질문하거나 "도움말" / ask a question or type "help". Numbers pick a choice; Ctrl-D quits.\n');
  rl.prompt();
  for await (const input of rl) {
    const t = input.trim();
    if (!t) {
      rl.prompt();
      continue;
    }
    try {
      const plan = (last as Reply | null)?.plan;
      if ((t === ':md' || t === ':ics') && plan) {
        const file = t === ':md' ? 'registration-plan.md' : 'registration-plan.ics';
        writeFileSync(file, t === ':md' ? planToMarkdown(plan) : planToIcs(plan, conversation));
        console.log(`saved ${file}\n`);
      } else {
        const pick = /^\d+$/.test(t) ? (last as Reply | null)?.choices[Number(t) - 1] : undefined;
        show(await send(conversation, pick ? { action: pick.id } : { text: t }));
      }
    } catch (e) {
      console.log(`(error: ${(e as Error).message})`);
    }
    rl.prompt();
  }
  await app.close();
}
