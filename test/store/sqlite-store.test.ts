import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { storeConformance } from './store-conformance.js';

storeConformance('SQLite', async () => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'store-')), 'db.sqlite')));

describe('SQLite write-ahead log', () => {
  it('is checkpointed by the worker thread, kept under its bound, and loses nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'store-wal-')), 'db.sqlite');
    const stats = { checkpoints: 0, restarts: 0 };
    const store = createSqliteStore(file, { checkpoints: { intervalMs: 20, startBytes: 256 * 1024, boundBytes: 2 << 20, stats } });
    await store.migrate();
    const c = { id: 'c-wal', channel: 'web' as const, userId: 'u', externalRef: null, language: 'ko' as const, tokenHash: 'h', state: {}, createdAt: 'x', updatedAt: 'x' };
    await store.commit({ conversation: c });
    let maxWal = 0;
    let i = 0;
    const turn = async () => {
      const m = { id: `m-${i}`, conversationId: c.id, role: 'assistant' as const, text: `answer ${i} `.repeat(200), data: { i }, createdAt: 'x' };
      await store.commit({ conversation: { ...c, state: { i } }, messages: [m], events: [{ conversationId: c.id, type: 'message.created', data: { messageId: m.id, text: m.text }, createdAt: 'x' }] });
      i++;
      if (i % 10 === 0) {
        // Turns arrive with gaps, as in life; the worker's answers are read in them.
        await new Promise((r) => setTimeout(r, 2));
        if (existsSync(`${file}-wal`)) maxWal = Math.max(maxWal, statSync(`${file}-wal`).size);
      }
    };
    // Until the worker has started and answered once (it starts past 256 KB of log)…
    while (!stats.checkpoints) await turn();
    // …then ~16 MB more of log, at ten times the pace of a busy server: the file stays within a few times its bound
    // (what arrives between two checkpoints), instead of growing with everything written.
    maxWal = 0;
    for (let n = 0; n < 3000; n++) await turn();
    expect(stats.restarts).toBeGreaterThan(0);
    expect(maxWal).toBeLessThan(8 << 20);
    const turns = i;
    await store.close();
    const again = createSqliteStore(file);
    expect(await again.listMessages(c.id, 5000)).toHaveLength(turns);
    expect((await again.eventsAfter(c.id, 0, 5000)).at(-1)!.data).toEqual({ messageId: `m-${turns - 1}`, text: `answer ${turns - 1} `.repeat(200) });
    expect((await again.getConversation(c.id))!.state).toEqual({ i: turns - 1 });
    await again.close();
  }, 30_000);
});
