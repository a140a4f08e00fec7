import { describe, it, expect } from 'vitest';
import { randomBytes, scryptSync } from 'node:crypto';
import { addStaffUser, hashPassword, needsRehash, verifyPassword } from '../../src/escalation/staff-accounts.js';
import { signIn, staffApp, tempStore } from '../support/staff-app.js';

/** A hash as the earlier default made it: N=2^17, r=8, p=1 (128 MiB per check). */
function oldHash(password: string) {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 131072, r: 8, p: 1, maxmem: 256 * 131072 * 8 });
  return `scrypt$131072$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('staff password hashes', () => {
  it('are made with scrypt N=2^14, r=8, p=5 (16 MiB per check) and verify', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(needsRehash(h)).toBe(false);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterx', h)).toBe(false);
  });

  it('made with the older parameters still sign in, and are made again with the current ones then', async () => {
    const store = await tempStore();
    await addStaffUser(store, 'kim@agency.example', 'placeholder password');
    await store.updateStaffUser('kim@agency.example', { passwordHash: oldHash('the old password') });
    const app = staffApp(store);
    const login = (password: string) => app.request('/staff/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kim@agency.example', password }) });

    // A wrong password changes nothing.
    expect((await login('not the password')).status).toBe(401);
    expect((await store.getStaffUser('kim@agency.example'))!.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);

    await signIn(app, 'kim@agency.example', 'the old password');
    const upgraded = (await store.getStaffUser('kim@agency.example'))!.passwordHash;
    expect(upgraded).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(await verifyPassword('the old password', upgraded)).toBe(true);
    // And the next sign-in uses it.
    await signIn(app, 'kim@agency.example', 'the old password');
    expect((await store.getStaffUser('kim@agency.example'))!.passwordHash).toBe(upgraded);
    await store.close();
  });
});
