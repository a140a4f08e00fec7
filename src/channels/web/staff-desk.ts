import { Hono } from 'hono';
import type { Assistant } from '../../conversation/engine.js';
import type { Store } from '../../store/types.js';
import countries from 'i18n-iso-countries';
import { STAFF_LABELS, marketName } from '../../escalation/notifier.js';
import { defaultGuards, type WebGuards } from './guards.js';
import { staffAuth, type StaffEnv } from './staff-auth.js';
import { staffAccountsApi } from './staff-accounts-api.js';
import { contactRoutes } from './staff-contact.js';
import { staffTicketsApi } from './staff-tickets-api.js';
import { staffAnalytics } from './staff-analytics.js';
import { staffKnowledgeApi } from './staff-knowledge-api.js';

export interface StaffDeskDeps {
  assistant: Assistant;
  store: Store;
  guards?: WebGuards;
  /** Emails that are administrators whatever their stored role (STAFF_ADMINS). */
  admins?: string[];
}

/**
 * Everything the console adds to the ticket API: labels, filtered search, assignment, internal notes, saved
 * replies, accounts, contact details, analytics and knowledge proposals. Mounted by the staff routes.
 */
export function staffDesk(deps: StaffDeskDeps) {
  const guards = deps.guards ?? defaultGuards();
  const auth = staffAuth(deps.store, { admins: deps.admins });
  const app = new Hono<StaffEnv>();

  /** Every code the console shows, as words in both languages (the console never prints a code). */
  let labels: string | null = null;
  app.get('/staff/api/labels', auth.requireSession, (c) => {
    if (!labels) {
      const market: Record<string, { ko: string; en: string }> = {};
      for (const code of ['EU', ...Object.keys(countries.getAlpha2Codes())]) market[code] = { ko: marketName(code, 'ko'), en: marketName(code, 'en') };
      labels = JSON.stringify({ ...STAFF_LABELS, market });
    }
    c.header('Cache-Control', 'private, max-age=300');
    return c.body(labels, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  /** Who is signed in, with the role the console shows its admin parts for. */
  app.get('/staff/api/desk/me', auth.requireSession, async (c) => {
    const s = c.get('session');
    const user = await deps.store.getStaffUser(s.email);
    return c.json({ email: s.email, name: user?.name ?? null, role: auth.isAdmin(s) ? 'admin' : 'agent', csrfToken: s.csrfToken });
  });

  app.route('/', staffAccountsApi(deps.store, auth));
  app.route('/', staffTicketsApi(deps.store, auth));
  app.route('/', staffAnalytics(deps.store, auth));
  app.route('/', staffKnowledgeApi(deps.store, auth));
  // The visitor's side of contact details (conversation token, not a staff session).
  app.route('/', contactRoutes({ assistant: deps.assistant, store: deps.store, guards }));
  return app;
}
