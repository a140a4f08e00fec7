import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { createStaffAccount } from '../../src/escalation/staff-accounts.js';
import { seedTicket } from '../support/staff-seed.js';
import { signIn, staffApp } from '../support/staff-app.js';

const run = promisify(execFile);

describe('knowledge proposals', () => {
  it('go from an answered ticket to a review list to a knowledge file that kb:check accepts once filled in', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'proposals-'));
    const store = createSqliteStore(join(dataDir, 'assistant.sqlite'));
    await store.migrate();
    await createStaffAccount(store, { email: 'kim@moip.example.kr', password: 'kim passphrase 1', role: 'admin' }, { actor: 'test' });
    await createStaffAccount(store, { email: 'lee@moip.example.kr', password: 'lee passphrase 1' }, { actor: 'test' });
    const app = staffApp(store);
    const kim = await signIn(app, 'kim@moip.example.kr', 'kim passphrase 1');
    const lee = await signIn(app, 'lee@moip.example.kr', 'lee passphrase 1');
    const open = await seedTicket(store, { reason: 'unconfirmed_fact', priority: 'normal', jurisdiction: 'SA', question: '사우디 세관 등록 수수료는?', at: new Date().toISOString() });
    const answered = await seedTicket(store, { reason: 'unconfirmed_fact', priority: 'normal', status: 'answered', jurisdiction: 'SA', question: '사우디 세관 등록 수수료는?', at: new Date().toISOString() });

    const body = {
      question: '사우디아라비아 세관(ZATCA) 상표 등록 수수료는 얼마인가요?',
      answer: 'ZATCA는 상표 등록에 수수료를 받지 않는다고 안내합니다. 현지 대리인 비용은 별도입니다.',
      sourceUrl: 'https://zatca.gov.sa/en/Pages/default.aspx',
    };
    expect((await lee.post(`/staff/api/desk/tickets/${open.id}/proposals`, body)).status).toBe(409);
    const created = await lee.post(`/staff/api/desk/tickets/${answered.id}/proposals`, body);
    expect(created.status).toBe(201);
    const proposal = (await created.json()).proposal;
    expect(proposal).toEqual(expect.objectContaining({ status: 'proposed', lang: 'ko', jurisdiction: 'SA', ticketId: answered.id, createdBy: 'lee@moip.example.kr' }));
    expect((await (await lee.get('/staff/api/proposals')).json()).proposals).toHaveLength(1);
    // Agents propose; administrators decide.
    expect((await lee.post(`/staff/api/proposals/${proposal.id}`, { status: 'accepted' })).status).toBe(403);
    expect((await kim.post(`/staff/api/proposals/${proposal.id}`, { status: 'accepted' })).status).toBe(200);
    const audit = await store.listAudit('ticket', String(answered.id));
    expect(audit.map((a) => a.action)).toContain('proposal');
    await store.close();

    // npm run kb:proposals lists it and exports it as a pair of guide files.
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
    expect((await run('npx', ['tsx', 'scripts/kb-proposals.ts'], { env })).stdout).toMatch(new RegExp(`#${proposal.id}\\s+accepted\\s+SA`));
    const out = join(dataDir, 'export');
    const exported = await run('npx', ['tsx', 'scripts/kb-proposals.ts', 'export', '--out', out], { env });
    expect(exported.stdout).toMatch(/1 proposal\(s\) exported/);
    const files = readdirSync(out).sort();
    expect(files).toEqual([`faq-sa-${proposal.id}.en.md`, `faq-sa-${proposal.id}.ko.md`]);
    const ko = readFileSync(join(out, files[1]), 'utf8');
    expect(ko).toContain(body.answer);
    expect(ko).toContain(body.sourceUrl);
    expect((await run('npx', ['tsx', 'scripts/kb-proposals.ts'], { env })).stdout).toMatch(/no proposals awaiting/);

    // As exported, kb:check refuses the files: the source is not graded or dated, nothing is verified.
    const kb = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync('knowledge', kb, { recursive: true });
    for (const f of files) cpSync(join(out, f), join(kb, 'guides', f));
    const check = () => run('npx', ['tsx', 'src/cli/kb-check-cli.ts', kb], { env }).then(() => 'ok', (e: { stdout: string; stderr: string }) => `${e.stdout}${e.stderr}`);
    const refused = await check();
    expect(refused).toMatch(new RegExp(`faq-sa-${proposal.id}\\.(ko|en)\\.md: verified`));
    expect(refused).toMatch(/grade/);

    // Filled in (source checked, graded, dated; the other language written), it is accepted.
    for (const f of files) {
      const path = join(kb, 'guides', f);
      const en = f.endsWith('.en.md');
      let text = readFileSync(path, 'utf8')
        .replace(/verified: TODO/g, 'verified: 2026-12-02')
        .replace(/grade: TODO, official: false/, 'grade: official, official: true')
        .replace(/publisher: "TODO"/, 'publisher: "ZATCA"')
        .replace(/title: "TODO: [^"]*" *,/, 'title: "ZATCA",');
      if (en)
        text = text
          .replace(/^title: .*$/m, 'title: "Saudi Arabia: customs trademark recordation fee"')
          .replace(/# TODO[^\n]*\n\nTODO[^\n]*\n\n(> [^\n]*\n?)+/, '# Saudi Arabia: customs trademark recordation fee\n\nZATCA says it charges no fee for recording a trademark. A local agent costs extra.\n');
      writeFileSync(path, text);
    }
    expect(await check()).toBe('ok');
  });
});
