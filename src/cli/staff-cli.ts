import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { createStore } from '../store/index.js';
import { STAFF_ROLES, type StaffRole } from '../store/types.js';
import {
  MIN_PASSWORD,
  createStaffAccount,
  disableStaffAccount,
  enableStaffAccount,
  listStaffAccounts,
  removeStaffAccount,
  resetStaffPassword,
  setStaffRole,
} from '../escalation/staff-accounts.js';

const USAGE = `usage: npm run staff -- <command>
  add <email> [--name "Full Name"] [--role agent|admin]   password from the prompt or standard input
  list                                                    every account, its role and whether it is active
  disable <email>                                         signs the account out at once; it cannot sign in
  enable <email>
  remove <email>                                          deletes the account and its sessions
  reset-password <email> [--generate]                     new password (prompt, standard input, or generated)
  role <email> agent|admin`;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split('\n')[0].trim();
  }
  // Typed passwords are not echoed.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(q);
      out._writeToOutput = () => {};
      rl.question('', (a) => {
        process.stdout.write('\n');
        resolve(a);
      });
    });
  const first = await ask(`password (at least ${MIN_PASSWORD} characters): `);
  const again = await ask('again: ');
  rl.close();
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

function option(args: string[], name: string): string | null {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? null) : null;
}

function role(value: string | null): StaffRole {
  if (value && (STAFF_ROLES as readonly string[]).includes(value)) return value as StaffRole;
  throw new Error(`a role is ${STAFF_ROLES.join(' or ')}`);
}

const [cmd, email, ...rest] = process.argv.slice(2);
const needsEmail = ['add', 'disable', 'enable', 'remove', 'reset-password', 'role'];
if (!cmd || !(needsEmail.includes(cmd) || cmd === 'list') || (needsEmail.includes(cmd) && !email)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

const config = loadConfig();
const store = await createStore({ databaseUrl: config.DATABASE_URL, sqliteFile: config.sqliteFile, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
// The command line is the operator's way back in: it may act on the last administrator.
const opts = { actor: 'cli', force: true };
try {
  await store.migrate();
  switch (cmd) {
    case 'add': {
      const account = await createStaffAccount(store, { email, password: await readPassword(), name: option(rest, '--name'), role: role(option(rest, '--role') ?? 'agent') }, opts);
      console.log(`staff account added: ${account.email} (${account.role})`);
      break;
    }
    case 'list': {
      const accounts = await listStaffAccounts(store);
      if (!accounts.length) console.log('no staff accounts; add one with: npm run staff -- add <email>');
      for (const a of accounts)
        console.log([a.email.padEnd(36), a.role.padEnd(6), (a.disabled ? `disabled ${a.disabledAt!.slice(0, 10)}` : 'active').padEnd(20), a.name ?? ''].join(' ').trimEnd());
      break;
    }
    case 'disable':
      await disableStaffAccount(store, email, opts);
      console.log(`disabled and signed out: ${email.toLowerCase()}`);
      break;
    case 'enable':
      await enableStaffAccount(store, email, opts);
      console.log(`enabled: ${email.toLowerCase()}`);
      break;
    case 'remove':
      await removeStaffAccount(store, email, opts);
      console.log(`removed: ${email.toLowerCase()}`);
      break;
    case 'reset-password': {
      const generate = rest.includes('--generate');
      const password = await resetStaffPassword(store, email, generate ? null : await readPassword(), opts);
      console.log(`password reset and sessions ended: ${email.toLowerCase()}`);
      if (generate) console.log(`new password: ${password}`);
      break;
    }
    case 'role':
      await setStaffRole(store, email, role(rest[0] ?? null), opts);
      console.log(`${email.toLowerCase()} is now ${rest[0]}`);
      break;
  }
} catch (e) {
  process.stderr.write(`staff: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
}
