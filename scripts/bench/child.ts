/** Runs a TypeScript helper in a child Node process (tsx loader) and returns the JSON it prints after `RESULT `. */
import { spawn } from 'node:child_process';

export const ROOT = process.cwd();

/** The server runs with the Node flags of `npm start` (package.json): a smaller young generation and a heap cap keep RSS down. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=192'];

export function runChild<T>(script: string, args: string[], opts: { nodeFlags?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), '--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${script} ${args.join(' ')}: no result within ${opts.timeoutMs} ms`));
        }, opts.timeoutMs)
      : null;
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as T);
      else reject(new Error(`${script} ${args.join(' ')} exited ${code}:\n${err.slice(-3000)}`));
    });
  });
}
