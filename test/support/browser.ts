import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { missing } from './skip.js';
import { mkdirSync } from 'node:fs';
import { beforeAll, afterAll } from 'vitest';
import { testConfig } from './core.js';
import { createLogger } from '../../src/logger.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

function findChromium(): string | null {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const CHROMIUM_HINT = "Chromium not found: install Debian's chromium (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH";

/** Debian's Chromium through playwright-core, or the reason it cannot run. With CI=true a missing browser is an error. */
export async function launchChromium(): Promise<Browser | { skip: string }> {
  const path = findChromium();
  if (!path) return missing('browser', CHROMIUM_HINT);
  return chromium.launch({ executablePath: path, args: FLAGS, headless: true });
}

type Server = Awaited<ReturnType<typeof import('../../src/main.js').startServer>>;

/**
 * The set-up every browser test shares: Chromium (or the reason it is missing, which skips the tests and fails them
 * with CI=true), a server on a free loopback port with `env` on top of the test configuration, the screenshots folder,
 * and both closed after the file's tests. Read `browser`, `server` and `skip` inside the tests (set in beforeAll).
 */
export function browserAndServer(env: Record<string, string> = {}, setup?: (server: Server) => Promise<void>) {
  const state = { browser: null as Browser | null, server: null as Server | null, skip: '' };
  beforeAll(async () => {
    const b = await launchChromium();
    if ('skip' in b) {
      state.skip = b.skip;
      return;
    }
    state.browser = b;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { startServer } = await import('../../src/main.js');
    state.server = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', ...env }), createLogger('silent'));
    if (setup) await setup(state.server);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  return state;
}

export const SCREENSHOTS = 'test-results/screenshots';
