import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { assembleCore, type Core } from '../../src/main.js';

/** A config for tests: the shipped knowledge, a private index and data folder, no external services. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'cia-test-'));
  return loadConfig({ KNOWLEDGE_DIR: process.env.KNOWLEDGE_DIR ?? 'knowledge', INDEX_DIR: join(dir, 'index'), DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', ...overrides });
}

let shared: Promise<Core> | null = null;
/** One real core per test file (building the index takes a moment). */
export function sharedCore(): Promise<Core> {
  shared ??= assembleCore(testConfig(), createLogger('silent'));
  return shared;
}
