import { existsSync, mkdtempSync, chmodSync, rmSync, readdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missing } from './skip.js';

export const POSTGRES_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) not found: install them (apt-get update && apt-get install -y postgresql) or set PG_BIN to their folder';

/** Debian keeps the server binaries in /usr/lib/postgresql/<version>/bin, off the PATH. */
function findBin(): string | null {
  const candidates = [process.env.PG_BIN];
  const root = '/usr/lib/postgresql';
  if (existsSync(root))
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) candidates.push(join(root, v, 'bin'));
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    if (initdb) candidates.push(initdb.replace(/\/initdb$/, ''));
  } catch {
    /* not on PATH */
  }
  for (const c of candidates) if (c && existsSync(join(c, 'initdb')) && existsSync(join(c, 'pg_ctl'))) return c;
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  url: string;
  /** A fresh, empty database on the same server. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server in a temporary folder on a free port. The server refuses to run as root, which CI is:
 * then it runs as the unprivileged `postgres` user that Debian's package creates.
 */
export async function startPostgres(): Promise<TestPostgres | { skip: string }> {
  const bin = findBin();
  if (!bin) return missing('PostgreSQL', POSTGRES_HINT);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'cia-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : join(bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const r = spawnSync(cmd, full, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${tool} failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE cia');
  return {
    url: `${base}/cia`,
    async createDatabase(name) {
      await admin.query(`CREATE DATABASE ${name.replace(/[^a-z0-9_]/g, '_')}`);
      return `${base}/${name.replace(/[^a-z0-9_]/g, '_')}`;
    },
    async stop() {
      await admin.end().catch(() => {});
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
