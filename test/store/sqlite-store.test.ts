import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { storeConformance } from './store-conformance.js';

storeConformance('SQLite', async () => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'store-')), 'db.sqlite')));
