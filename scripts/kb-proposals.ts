import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createStore } from '../src/store/index.js';
import type { ProposalStatus } from '../src/store/types.js';
import { proposalFiles } from '../src/escalation/kb-proposal-file.js';

/**
 * Knowledge proposals made by staff from answered tickets, as ready-to-edit knowledge files.
 *   npm run kb:proposals                          lists the proposals awaiting review or accepted
 *   npm run kb:proposals -- export [--out dir]    writes the accepted ones (--all: also those awaiting review,
 *                                                 --id N: that one) as guide pairs and marks them exported
 * The files fail `npm run kb:check` until their TODOs are filled (source checked, graded and dated, other language
 * written); then they move into knowledge/guides/.
 */
const USAGE = 'usage: npm run kb:proposals [-- export [--out knowledge-proposals] [--all] [--id N]]';
const args = process.argv.slice(2);
const cmd = args[0] ?? 'list';
if (!['list', 'export'].includes(cmd)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? null) : null;
};

const config = loadConfig();
const store = await createStore({ databaseUrl: config.DATABASE_URL, sqliteFile: config.sqliteFile, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
try {
  await store.migrate();
  if (cmd === 'list') {
    const list = await store.listKnowledgeProposals({ status: ['proposed', 'accepted'] });
    if (!list.length) console.log('no proposals awaiting review or export');
    for (const p of list) console.log(`#${p.id}  ${p.status.padEnd(8)}  ${(p.jurisdiction ?? '-').padEnd(4)} ${p.lang}  ticket #${p.ticketId ?? '-'}  ${p.question.replace(/\s+/g, ' ').slice(0, 80)}`);
  } else {
    const id = opt('--id');
    const statuses: ProposalStatus[] = args.includes('--all') ? ['proposed', 'accepted'] : ['accepted'];
    const all = await store.listKnowledgeProposals(id ? {} : { status: statuses });
    const chosen = id ? all.filter((p) => p.id === Number(id)) : all;
    if (id && !chosen.length) throw new Error(`no proposal #${id}`);
    const out = resolve(opt('--out') ?? 'knowledge-proposals');
    mkdirSync(out, { recursive: true });
    for (const p of chosen) {
      for (const f of proposalFiles(p)) {
        const path = join(out, f.name);
        if (existsSync(path)) {
          console.log(`kept ${path} (exists; delete it to export again)`);
          continue;
        }
        writeFileSync(path, f.text);
        console.log(`wrote ${path}`);
      }
      await store.updateKnowledgeProposal(p.id, { status: 'exported', updatedAt: new Date().toISOString() });
    }
    console.log(chosen.length ? `${chosen.length} proposal(s) exported to ${out}: fill every TODO, move the files into knowledge/guides/, run npm run kb:check` : 'nothing to export (accept proposals in the console first, or use --all)');
  }
} catch (e) {
  process.stderr.write(`kb:proposals: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
}
