import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Store } from '../../store/types.js';
import {
  StaffAccountError,
  createStaffAccount,
  disableStaffAccount,
  enableStaffAccount,
  listStaffAccounts,
  removeStaffAccount,
  resetStaffPassword,
  setStaffRole,
} from '../../escalation/staff-accounts.js';
import { readJson } from './read-json.js';
import { ApiError, badRequest } from './errors.js';
import type { staffAuth, StaffEnv } from './staff-auth.js';

const role = z.enum(['agent', 'admin']);
const addBody = z.object({ email: z.string().min(3).max(320), name: z.string().max(200).nullable().optional(), role, password: z.string().min(1).max(1000) }).strict();
const roleBody = z.object({ role }).strict();
const passwordBody = z.object({ password: z.string().min(1).max(1000).nullable().optional() }).strict();

const asApi = (e: unknown): never => {
  if (e instanceof StaffAccountError) throw new ApiError(e.kind === 'not_found' ? 404 : e.kind === 'conflict' ? 409 : 400, `${e.kind === 'invalid' ? 'bad_request' : e.kind}:staff`, e.message);
  throw e;
};

/** Accounts in the console: administrators add, disable, enable, remove, reset and change roles; all staff see colleagues. */
export function staffAccountsApi(store: Store, auth: ReturnType<typeof staffAuth>) {
  const app = new Hono<StaffEnv>();
  const emailOf = (c: Context) => {
    const email = decodeURIComponent(c.req.param('email') ?? '').trim().toLowerCase();
    if (!email || email.length > 320) throw badRequest('not an email address');
    return email;
  };
  const notSelf = (c: Context<StaffEnv>, email: string) => {
    if (c.get('session').email === email) throw new ApiError(409, 'conflict:staff', 'you cannot do this to your own account; ask another administrator');
  };
  const actor = (c: Context<StaffEnv>) => ({ actor: c.get('session').email });

  /** Colleagues a ticket can be assigned to (active accounts). */
  app.get('/staff/api/staff', auth.requireSession, async (c) => {
    const staff = (await listStaffAccounts(store)).filter((a) => !a.disabled).map((a) => ({ email: a.email, name: a.name, role: a.role }));
    return c.json({ staff });
  });

  app.get('/staff/api/accounts', auth.requireSession, auth.requireAdmin, async (c) => {
    const history = (await store.listAuditOf('staff_user', 100)).map((a) => ({ at: a.at, email: a.entityId, action: a.action, actor: a.actor, data: a.data }));
    return c.json({ accounts: await listStaffAccounts(store), history });
  });
  app.post('/staff/api/accounts', auth.requireSession, auth.requireAdmin, async (c) => {
    const body = await readJson(c, addBody, 8192);
    const account = await createStaffAccount(store, { email: body.email, password: body.password, name: body.name ?? null, role: body.role }, actor(c)).catch(asApi);
    return c.json({ account }, 201);
  });
  app.post('/staff/api/accounts/:email/disable', auth.requireSession, auth.requireAdmin, async (c) => {
    const email = emailOf(c);
    notSelf(c, email);
    await disableStaffAccount(store, email, actor(c)).catch(asApi);
    return c.json({ ok: true });
  });
  app.post('/staff/api/accounts/:email/enable', auth.requireSession, auth.requireAdmin, async (c) => {
    await enableStaffAccount(store, emailOf(c), actor(c)).catch(asApi);
    return c.json({ ok: true });
  });
  app.post('/staff/api/accounts/:email/role', auth.requireSession, auth.requireAdmin, async (c) => {
    const email = emailOf(c);
    const body = await readJson(c, roleBody, 1024);
    await setStaffRole(store, email, body.role, actor(c)).catch(asApi);
    return c.json({ ok: true });
  });
  app.post('/staff/api/accounts/:email/password', auth.requireSession, auth.requireAdmin, async (c) => {
    const email = emailOf(c);
    const body = await readJson(c, passwordBody, 4096);
    const password = await resetStaffPassword(store, email, body.password ?? null, actor(c)).catch(asApi);
    // A generated password is shown once, to the administrator who asked for it.
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true, password: body.password ? undefined : password });
  });
  app.delete('/staff/api/accounts/:email', auth.requireSession, auth.requireAdmin, async (c) => {
    const email = emailOf(c);
    notSelf(c, email);
    await removeStaffAccount(store, email, actor(c)).catch(asApi);
    return c.json({ ok: true });
  });
  return app;
}
