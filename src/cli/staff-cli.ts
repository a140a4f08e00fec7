import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { createStore } from '../store/index.js';
import { addStaffUser, MIN_PASSWORD } from '../escalation/staff-accounts.js';

/**
 * npm run staff -- add <email> [--name "Kim"]   asks for the password (or reads it from standard input when piped)
 */
const USAGE = 'usage: npm run staff -- add <email> [--name "Full Name"]   (password from the prompt or standard input)';

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

const [cmd, email, ...rest] = process.argv.slice(2);
if (cmd !== 'add' || !email) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const nameAt = rest.indexOf('--name');
const name = nameAt >= 0 ? (rest[nameAt + 1] ?? null) : null;
const config = loadConfig();
const store = await createStore({ databaseUrl: config.DATABASE_URL, sqliteFile: config.sqliteFile, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
try {
  await store.migrate();
  await addStaffUser(store, email, await readPassword(), name);
  console.log(`staff account added: ${email.toLowerCase()}`);
} catch (e) {
  process.stderr.write(`staff: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
}
