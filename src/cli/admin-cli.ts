import { loadConfig } from '../config.js';
import { createStore } from '../store/index.js';
import { applyRetention } from '../store/retention.js';

/**
 * Privacy and account administration, on the configured store:
 *   npm run admin -- export <conversationId>        everything stored about one conversation, as JSON on stdout
 *   npm run admin -- delete <conversationId>        deletes it (messages, tickets, events, feedback); audited
 *   npm run admin -- retention [days]               deletes idle anonymous conversations now (default RETENTION_DAYS)
 *   npm run admin -- disable-staff <email>          ends the account's sessions at once; it cannot sign in
 *   npm run admin -- enable-staff <email>
 *   npm run admin -- delete-staff <email>
 */
const USAGE = 'usage: npm run admin -- export|delete <conversationId> | retention [days] | disable-staff|enable-staff|delete-staff <email>';

const [cmd, arg] = process.argv.slice(2);
const config = loadConfig();
const store = await createStore({ databaseUrl: config.DATABASE_URL, sqliteFile: config.sqliteFile, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
let code = 0;
try {
  await store.migrate();
  const actor = `cli:${process.env.USER ?? 'admin'}`;
  switch (cmd) {
    case 'export': {
      const data = arg ? await store.exportConversation(arg) : null;
      if (!data) throw new Error(arg ? `no conversation ${arg}` : USAGE);
      process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      break;
    }
    case 'delete':
      if (!arg) throw new Error(USAGE);
      if (!(await store.deleteConversation(arg, actor))) throw new Error(`no conversation ${arg}`);
      process.stdout.write(`deleted conversation ${arg}\n`);
      break;
    case 'retention': {
      const days = arg ? Number(arg) : config.RETENTION_DAYS;
      if (!Number.isInteger(days) || days < 1) throw new Error('days must be a whole number of at least 1');
      process.stdout.write(`deleted ${await applyRetention(store, { days })} idle conversations (idle more than ${days} days)\n`);
      break;
    }
    case 'disable-staff':
    case 'enable-staff': {
      const email = arg?.trim().toLowerCase();
      if (!email || !(await store.setStaffUserDisabled(email, cmd === 'disable-staff' ? new Date().toISOString() : null))) throw new Error(email ? `no staff account ${email}` : USAGE);
      process.stdout.write(`${cmd === 'disable-staff' ? 'disabled' : 'enabled'} ${email}\n`);
      break;
    }
    case 'delete-staff': {
      const email = arg?.trim().toLowerCase();
      if (!email || !(await store.deleteStaffUser(email))) throw new Error(email ? `no staff account ${email}` : USAGE);
      process.stdout.write(`deleted ${email}\n`);
      break;
    }
    default:
      throw new Error(USAGE);
  }
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  code = /^usage/.test((e as Error).message) ? 2 : 1;
} finally {
  await store.close();
}
process.exit(code);
