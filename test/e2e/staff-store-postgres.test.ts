import { it } from 'vitest';
import { startPostgres } from '../support/postgres.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { deskConformance } from '../support/desk-conformance.js';

it('the staff desk store methods work on PostgreSQL', async (ctx) => {
  const pg = await startPostgres();
  if ('skip' in pg) return ctx.skip(pg.skip);
  const store = createPostgresStore(pg.url);
  try {
    await store.migrate();
    await deskConformance(store);
  } finally {
    await store.close();
    await pg.stop();
  }
});
