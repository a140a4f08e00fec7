import { it } from 'vitest';
import { deskConformance } from '../support/desk-conformance.js';
import { tempStore } from '../support/staff-app.js';

it('the staff desk store methods work on SQLite', async () => {
  const store = await tempStore();
  try {
    await deskConformance(store);
  } finally {
    await store.close();
  }
});
