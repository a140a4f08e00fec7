import type { Context, Next } from 'hono';
import { getCookie } from 'hono/cookie';
import type { StaffSessionRecord, Store } from '../../store/types.js';
import { ApiError } from './errors.js';

/** The console's session cookie (set by the sign-in route). */
export const STAFF_COOKIE = 'cia_staff';

export type StaffEnv = { Variables: { session: StaffSessionRecord } };

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * The checks every staff route runs: the session is read with its account on each request (a disabled or removed
 * account is out at once), a state change needs the CSRF token and a same-origin request, and admin routes need an
 * account with the `admin` role (or one named in STAFF_ADMINS).
 */
export function staffAuth(store: Store, opts: { admins?: string[] } = {}) {
  const admins = new Set((opts.admins ?? []).map((e) => e.toLowerCase()));
  const isAdmin = (s: StaffSessionRecord) => s.role === 'admin' || admins.has(s.email);

  const sameOrigin = async (c: Context, next: Next) => {
    const origin = c.req.header('origin');
    if (origin && hostOf(origin) !== c.req.header('host')) throw new ApiError(403, 'forbidden:staff', 'cross-site request refused');
    await next();
  };

  const requireSession = async (c: Context<StaffEnv>, next: Next) => {
    const id = getCookie(c, STAFF_COOKIE);
    const session = id && id.length <= 100 ? await store.getStaffSession(id) : null;
    if (!session || session.expiresAt < new Date().toISOString()) throw new ApiError(401, 'unauthorized:staff', 'sign in first');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (c.req.header('x-csrf-token') !== session.csrfToken) throw new ApiError(403, 'forbidden:staff', 'missing or wrong CSRF token');
      const origin = c.req.header('origin');
      if (origin && hostOf(origin) !== c.req.header('host')) throw new ApiError(403, 'forbidden:staff', 'cross-site request refused');
    }
    c.set('session', session);
    await next();
  };

  const requireAdmin = async (c: Context<StaffEnv>, next: Next) => {
    if (!isAdmin(c.get('session'))) throw new ApiError(403, 'forbidden:staff', 'only staff administrators may do this');
    await next();
  };

  return { sameOrigin, requireSession, requireAdmin, isAdmin };
}
