import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import type { Assistant } from '../../src/conversation/engine.js';
import { createWebApp } from '../../src/channels/web/app.js';
import { staffRoutes } from '../../src/channels/web/staff-routes.js';
import { createLogger } from '../../src/logger.js';

export async function tempStore(): Promise<Store> {
  const store = createSqliteStore(join(mkdtempSync(join(tmpdir(), 'staff-')), 'db.sqlite'));
  await store.migrate();
  return store;
}

/** The staff API alone, in-process (no socket), on a store; the engine is optional (account tests need none). */
export function staffApp(store: Store, assistant: Assistant = {} as Assistant, opts: { admins?: string[] } = {}): Hono {
  return createWebApp({
    logger: createLogger('silent'),
    routes: [staffRoutes({ assistant, store, secureCookies: false, admins: opts.admins })],
    health: () => ({}),
  });
}

export interface StaffClient {
  email: string;
  csrf: string;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  put(path: string, body?: unknown): Promise<Response>;
  del(path: string): Promise<Response>;
}

/** Signs in and returns a client that sends the session cookie and the CSRF token. */
export async function signIn(app: Hono, email: string, password: string): Promise<StaffClient> {
  const r = await app.request('/staff/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  const send = (method: string) => async (path: string, body?: unknown) =>
    app.request(path, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { email, csrf: csrfToken, get: async (path) => app.request(path, { headers: { cookie } }), post: send('POST'), put: send('PUT'), del: send('DELETE') };
}
