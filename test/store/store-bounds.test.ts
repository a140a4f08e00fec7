import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { storeBounds } from './store-bounds.js';

storeBounds('SQLite', async () => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'store-')), 'db.sqlite')));

describe('SQLite file', () => {
  it('is created readable by its owner only (transcripts, password hashes, sessions)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'store-')), 'data', 'db.sqlite');
    const store = createSqliteStore(file);
    await store.migrate();
    await store.commit({ conversation: { id: 'c1', channel: 'web', userId: 'u', externalRef: null, language: null, tokenHash: null, state: {}, createdAt: 'x', updatedAt: 'x' } });
    for (const f of [file, `${file}-wal`]) expect((statSync(f).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(join(file, '..')).mode & 0o777).toString(8)).toBe('700');
    await store.close();
  });
});
