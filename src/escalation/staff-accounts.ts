import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/types.js';

// scrypt with OWASP's minimum parameters (N=2^17, r=8, p=1); the parameters travel with the hash.
const N = 131072;
const R = 8;
const P = 1;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const MIN_PASSWORD = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function addStaffUser(store: Store, email: string, password: string, name: string | null = null, now = new Date()): Promise<void> {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e)) throw new Error(`not an email address: ${email}`);
  if (password.length < MIN_PASSWORD) throw new Error(`the password needs at least ${MIN_PASSWORD} characters`);
  if (await store.getStaffUser(e)) throw new Error(`a staff account for ${e} exists already`);
  await store.createStaffUser({ email: e, passwordHash: await hashPassword(password), name, createdAt: now.toISOString() });
}
