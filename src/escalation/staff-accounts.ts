import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import { STAFF_ROLES, type StaffRole, type StaffUserRecord, type Store } from '../store/types.js';

/**
 * scrypt with N=2^14, r=8, p=5: one of OWASP's equivalent minimum settings, holding 16 MiB while it runs (128 × N × r
 * bytes) where N=2^17, r=8, p=1 held 128 MiB for the same strength. The parameters travel with the hash: hashes made
 * with other parameters still verify, and are made again with these at the account's next good sign-in.
 */
const N = 16384;
const R = 8;
const P = 5;
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

/** Was this hash made with other parameters than the current ones? */
export function needsRehash(stored: string): boolean {
  const [alg, n, r, p] = stored.split('$');
  return alg !== 'scrypt' || Number(n) !== N || Number(r) !== R || Number(p) !== P;
}

/**
 * A sign-in's password check: true when it matches. A hash made with older parameters is replaced by one made with
 * the current ones, then and there (the caller runs this within its one-check-at-a-time slot).
 */
export async function checkStaffPassword(store: Store, user: StaffUserRecord, password: string): Promise<boolean> {
  if (!(await verifyPassword(password, user.passwordHash))) return false;
  if (needsRehash(user.passwordHash)) await store.updateStaffUser(user.email, { passwordHash: await hashPassword(password) });
  return true;
}

export const MIN_PASSWORD = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function addStaffUser(store: Store, email: string, password: string, name: string | null = null, now = new Date(), role: StaffRole = 'agent'): Promise<void> {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e)) throw new Error(`not an email address: ${email}`);
  if (password.length < MIN_PASSWORD) throw new Error(`the password needs at least ${MIN_PASSWORD} characters`);
  if (await store.getStaffUser(e)) throw new Error(`a staff account for ${e} exists already`);
  await store.createStaffUser({ email: e, passwordHash: await hashPassword(password), name, createdAt: now.toISOString(), role });
}

// ---- Managing accounts (the staff CLI and the console's admin page) ----

export class StaffAccountError extends Error {
  constructor(
    message: string,
    readonly kind: 'not_found' | 'conflict' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}

/** An account as shown to administrators: never its password hash. */
export interface StaffAccountView {
  email: string;
  name: string | null;
  role: StaffRole;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
}

export const accountView = (u: StaffUserRecord): StaffAccountView => ({
  email: u.email,
  name: u.name,
  role: u.role ?? 'agent',
  disabled: Boolean(u.disabledAt),
  disabledAt: u.disabledAt ?? null,
  createdAt: u.createdAt,
});

const audit = (store: Store, email: string, action: string, actor: string, data: Record<string, unknown> = {}) =>
  store.commit({ audit: [{ entity: 'staff_user', entityId: email, action, actor, data, at: new Date().toISOString() }] });

async function existing(store: Store, email: string): Promise<StaffUserRecord> {
  const user = await store.getStaffUser(email.trim().toLowerCase());
  if (!user) throw new StaffAccountError(`no staff account for ${email}`, 'not_found');
  return user;
}

/**
 * Without `force` (the console), the last enabled administrator cannot be disabled, removed or made an agent, so
 * someone can always manage accounts; the command line may (it is how an operator recovers).
 */
async function keepAnAdmin(store: Store, user: StaffUserRecord, force: boolean): Promise<void> {
  if (force || user.role !== 'admin' || user.disabledAt) return;
  const admins = (await store.listStaffUsers()).filter((u) => u.role === 'admin' && !u.disabledAt);
  if (admins.length <= 1) throw new StaffAccountError('this is the last active administrator; make another account an administrator first', 'conflict');
}

export interface AccountOptions {
  /** Who does it, for the audit trail (`cli` from the command line). */
  actor: string;
  force?: boolean;
}

export async function createStaffAccount(store: Store, input: { email: string; password: string; name?: string | null; role?: StaffRole }, opts: AccountOptions): Promise<StaffAccountView> {
  const role = input.role ?? 'agent';
  if (!STAFF_ROLES.includes(role)) throw new StaffAccountError(`a role is ${STAFF_ROLES.join(' or ')}`);
  try {
    await addStaffUser(store, input.email, input.password, input.name ?? null, new Date(), role);
  } catch (e) {
    throw new StaffAccountError((e as Error).message, /exists already/.test((e as Error).message) ? 'conflict' : 'invalid');
  }
  const email = input.email.trim().toLowerCase();
  await audit(store, email, 'account_added', opts.actor, { role });
  return accountView((await store.getStaffUser(email))!);
}

export async function listStaffAccounts(store: Store): Promise<StaffAccountView[]> {
  return (await store.listStaffUsers()).map(accountView);
}

/** Disables an account: its sessions end at once and it cannot sign in until enabled again. */
export async function disableStaffAccount(store: Store, email: string, opts: AccountOptions): Promise<void> {
  const user = await existing(store, email);
  if (user.disabledAt) return;
  await keepAnAdmin(store, user, opts.force ?? false);
  await store.setStaffUserDisabled(user.email, new Date().toISOString());
  await audit(store, user.email, 'account_disabled', opts.actor);
}

export async function enableStaffAccount(store: Store, email: string, opts: AccountOptions): Promise<void> {
  const user = await existing(store, email);
  if (!user.disabledAt) return;
  await store.setStaffUserDisabled(user.email, null);
  await audit(store, user.email, 'account_enabled', opts.actor);
}

/** Removes an account and its sessions; what it did stays in the audit trail under its email. */
export async function removeStaffAccount(store: Store, email: string, opts: AccountOptions): Promise<void> {
  const user = await existing(store, email);
  await keepAnAdmin(store, user, opts.force ?? false);
  await store.deleteStaffUser(user.email);
  await audit(store, user.email, 'account_removed', opts.actor);
}

/** A new password (given, or generated and returned); every session of the account ends. */
export async function resetStaffPassword(store: Store, email: string, password: string | null, opts: AccountOptions): Promise<string> {
  const user = await existing(store, email);
  const next = password ?? generatePassword();
  if (next.length < MIN_PASSWORD) throw new StaffAccountError(`the password needs at least ${MIN_PASSWORD} characters`);
  await store.updateStaffUser(user.email, { passwordHash: await hashPassword(next) });
  await audit(store, user.email, 'password_reset', opts.actor);
  return next;
}

export async function setStaffRole(store: Store, email: string, role: StaffRole, opts: AccountOptions): Promise<void> {
  if (!STAFF_ROLES.includes(role)) throw new StaffAccountError(`a role is ${STAFF_ROLES.join(' or ')}`);
  const user = await existing(store, email);
  if ((user.role ?? 'agent') === role) return;
  if (role !== 'admin') await keepAnAdmin(store, user, opts.force ?? false);
  await store.updateStaffUser(user.email, { role });
  await audit(store, user.email, 'role_changed', opts.actor, { from: user.role ?? 'agent', to: role });
}

/** 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
export function generatePassword(length = 20): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) if (bytes[i] < 256 - (256 % alphabet.length)) out += alphabet[bytes[i] % alphabet.length];
  return out.length === length ? out : generatePassword(length);
}
