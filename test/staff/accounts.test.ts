import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createStaffAccount } from '../../src/escalation/staff-accounts.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { signIn, staffApp, tempStore } from '../support/staff-app.js';

const run = promisify(execFile);
const ADMIN = { email: 'park@moip.example.kr', password: 'admin passphrase 1' };
const AGENT = { email: 'choi@moip.example.kr', password: 'agent passphrase 1' };

describe('staff accounts in the console', () => {
  it('admins manage accounts; a disabled or removed account is signed out at once and can do nothing', async () => {
    const store = await tempStore();
    await createStaffAccount(store, { ...ADMIN, role: 'admin' }, { actor: 'test' });
    await createStaffAccount(store, { ...AGENT, name: 'Choi' }, { actor: 'test' });
    const app = staffApp(store);
    const admin = await signIn(app, ADMIN.email, ADMIN.password);
    const agent = await signIn(app, AGENT.email, AGENT.password);

    expect(await (await admin.get('/staff/api/desk/me')).json()).toEqual(expect.objectContaining({ email: ADMIN.email, role: 'admin' }));
    expect(await (await agent.get('/staff/api/desk/me')).json()).toEqual(expect.objectContaining({ email: AGENT.email, role: 'agent' }));
    // Agents see colleagues, not the account admin.
    expect((await agent.get('/staff/api/accounts')).status).toBe(403);
    expect((await agent.post('/staff/api/accounts', { email: 'x@moip.example.kr', role: 'admin', password: 'something long' })).status).toBe(403);
    expect((await (await agent.get('/staff/api/staff')).json()).staff.map((s: { email: string }) => s.email).sort()).toEqual([AGENT.email, ADMIN.email].sort());

    const list = await (await admin.get('/staff/api/accounts')).json();
    expect(list.accounts).toHaveLength(2);
    expect(JSON.stringify(list)).not.toMatch(/scrypt/);

    // Disabled: the very next request is refused, and signing in again too.
    expect((await admin.post(`/staff/api/accounts/${encodeURIComponent(AGENT.email)}/disable`)).status).toBe(200);
    expect((await agent.get('/staff/api/tickets')).status).toBe(401);
    expect((await agent.get('/staff/api/desk/me')).status).toBe(401);
    expect((await agent.post('/staff/api/tickets/1/claim')).status).toBe(401);
    await expect(signIn(app, AGENT.email, AGENT.password)).rejects.toThrow(/401/);

    // Enabled again it can sign in; removed, it is out at once.
    expect((await admin.post(`/staff/api/accounts/${encodeURIComponent(AGENT.email)}/enable`)).status).toBe(200);
    const again = await signIn(app, AGENT.email, AGENT.password);
    expect((await again.get('/staff/api/desk/me')).status).toBe(200);
    expect((await admin.del(`/staff/api/accounts/${encodeURIComponent(AGENT.email)}`)).status).toBe(200);
    expect((await again.get('/staff/api/desk/me')).status).toBe(401);
    await expect(signIn(app, AGENT.email, AGENT.password)).rejects.toThrow(/401/);

    // Add, promote, reset: a reset password ends the account's sessions.
    const created = await admin.post('/staff/api/accounts', { email: 'Han@MOIP.example.kr', name: 'Han', role: 'agent', password: 'first passphrase' });
    expect(created.status).toBe(201);
    expect((await created.json()).account).toEqual(expect.objectContaining({ email: 'han@moip.example.kr', role: 'agent', disabled: false }));
    expect((await admin.post('/staff/api/accounts', { email: 'han@moip.example.kr', role: 'agent', password: 'first passphrase' })).status).toBe(409);
    const han = await signIn(app, 'han@moip.example.kr', 'first passphrase');
    expect((await admin.post('/staff/api/accounts/han%40moip.example.kr/role', { role: 'admin' })).status).toBe(200);
    expect((await (await han.get('/staff/api/desk/me')).json()).role).toBe('admin');
    expect((await han.get('/staff/api/accounts')).status).toBe(200);
    const reset = await (await admin.post('/staff/api/accounts/han%40moip.example.kr/password', {})).json();
    expect(reset.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await han.get('/staff/api/desk/me')).status).toBe(401);
    await signIn(app, 'han@moip.example.kr', reset.password);

    // An admin cannot lock themselves out, and the last active admin stays one.
    expect((await admin.post(`/staff/api/accounts/${encodeURIComponent(ADMIN.email)}/disable`)).status).toBe(409);
    expect((await admin.post('/staff/api/accounts/han%40moip.example.kr/disable')).status).toBe(200);
    expect((await admin.post(`/staff/api/accounts/${encodeURIComponent(ADMIN.email)}/role`, { role: 'agent' })).status).toBe(409);

    const history = (await (await admin.get('/staff/api/accounts')).json()).history.map((h: { action: string }) => h.action);
    expect(history).toEqual(expect.arrayContaining(['account_added', 'account_disabled', 'account_enabled', 'account_removed', 'role_changed', 'password_reset']));
    await store.close();
  });

  it('STAFF_ADMINS makes an agent account an administrator', async () => {
    const store = await tempStore();
    await createStaffAccount(store, AGENT, { actor: 'test' });
    const app = staffApp(store, undefined, { admins: [AGENT.email] });
    const agent = await signIn(app, AGENT.email, AGENT.password);
    expect((await agent.get('/staff/api/accounts')).status).toBe(200);
    await store.close();
  });
});

describe('npm run staff', () => {
  it('adds, lists, disables, enables, resets, changes the role of and removes accounts', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'staff-cli-'));
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
    const staff = (args: string[], input?: string) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        const child = execFile('npx', ['tsx', 'src/cli/staff-cli.ts', ...args], { env }, (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }));
        child.stdin!.end(input ?? '');
      });
    expect((await staff(['add', 'Kim@moip.example.kr', '--name', 'Kim', '--role', 'admin'], 'a long passphrase\n')).out).toMatch(/added: kim@moip.example.kr \(admin\)/);
    expect((await staff(['add', 'kim@moip.example.kr'], 'a long passphrase\n')).err).toMatch(/exists already/);
    expect((await staff(['add', 'short@moip.example.kr'], 'short\n')).code).toBe(1);
    expect((await staff(['add', 'lee@moip.example.kr'], 'another passphrase\n')).code).toBe(0);
    let list = (await staff(['list'])).out;
    expect(list).toMatch(/kim@moip\.example\.kr\s+admin\s+active\s+Kim/);
    expect(list).toMatch(/lee@moip\.example\.kr\s+agent\s+active/);
    expect((await staff(['disable', 'lee@moip.example.kr'])).code).toBe(0);
    expect((await staff(['list'])).out).toMatch(/lee@moip\.example\.kr\s+agent\s+disabled/);
    expect((await staff(['enable', 'lee@moip.example.kr'])).code).toBe(0);
    expect((await staff(['role', 'lee@moip.example.kr', 'admin'])).code).toBe(0);
    const reset = await staff(['reset-password', 'lee@moip.example.kr', '--generate']);
    const password = /new password: (\S+)/.exec(reset.out)![1];
    expect((await staff(['remove', 'kim@moip.example.kr'])).code).toBe(0);
    expect((await staff(['remove', 'nobody@moip.example.kr'])).err).toMatch(/no staff account/);
    expect((await staff(['frobnicate'])).code).toBe(2);
    list = (await staff(['list'])).out;
    expect(list).not.toMatch(/kim@/);
    expect(list).toMatch(/lee@moip\.example\.kr\s+admin\s+active/);

    // The generated password signs in.
    const store = createSqliteStore(join(dataDir, 'assistant.sqlite'));
    await store.migrate();
    const client = await signIn(staffApp(store), 'lee@moip.example.kr', password);
    expect((await client.get('/staff/api/accounts')).status).toBe(200);
    await store.close();
  });
});
