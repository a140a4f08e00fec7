import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { assistantFor } from '../../src/main.js';
import { sharedCore } from './core.js';
import type { Inbound } from '../../src/conversation/types.js';

/** The real engine on a fresh SQLite file, with a clock the test sets. */
export async function engineWithClock(now = new Date('2026-11-24T03:00:00Z')) {
  const core = await sharedCore();
  const store = createSqliteStore(join(mkdtempSync(join(tmpdir(), 'engine-')), 'db.sqlite'));
  await store.migrate();
  const clock = { now };
  const assistant = assistantFor(core, store, () => clock.now);
  let n = 0;
  const say = (conversation: string, body: Partial<Inbound>) =>
    assistant.handle({ channel: 'cli', externalRef: conversation, userId: 'u1', idempotencyKey: `k${++n}`, ...body });
  return { core, store, assistant, clock, say };
}
