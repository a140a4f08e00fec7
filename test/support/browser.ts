import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { missing } from './skip.js';

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
