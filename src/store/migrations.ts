/**
 * The schema, as ordered migrations both databases run. SQL is written once in a portable subset; the few places
 * where the dialects differ (auto-increment ids, JSON and time types) use tokens replaced per dialect.
 */
export type Dialect = 'sqlite' | 'postgres';

const TOKENS: Record<Dialect, Record<string, string>> = {
  sqlite: { '{{SERIAL}}': 'INTEGER PRIMARY KEY AUTOINCREMENT', '{{JSON}}': 'TEXT', '{{BIGINT}}': 'INTEGER', '{{BLOB}}': 'BLOB' },
  postgres: { '{{SERIAL}}': 'BIGSERIAL PRIMARY KEY', '{{JSON}}': 'TEXT', '{{BIGINT}}': 'BIGINT', '{{BLOB}}': 'BYTEA' },
};

export const MIGRATIONS: Array<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'initial',
    sql: `
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  user_id TEXT NOT NULL,
  external_ref TEXT,
  language TEXT,
  token_hash TEXT,
  state {{JSON}} NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX conversations_ref ON conversations (channel, external_ref);

CREATE TABLE messages (
  seq {{SERIAL}},
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  data {{JSON}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, seq);

CREATE TABLE ticket_ids (id {{SERIAL}}, created_at TEXT NOT NULL);

CREATE TABLE tickets (
  id {{BIGINT}} PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  reason TEXT NOT NULL,
  summary TEXT NOT NULL,
  jurisdiction TEXT,
  right_kind TEXT,
  deadline TEXT,
  claimed_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tickets_status ON tickets (status);
CREATE INDEX tickets_conversation ON tickets (conversation_id);

CREATE TABLE events (
  id {{SERIAL}},
  conversation_id TEXT NOT NULL,
  type TEXT NOT NULL,
  data {{JSON}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX events_conversation ON events (conversation_id, id);

CREATE TABLE audit (
  id {{SERIAL}},
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  data {{JSON}} NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit (entity, entity_id, id);

CREATE TABLE feedback (
  id {{SERIAL}},
  conversation_id TEXT NOT NULL,
  message_id TEXT,
  rating INTEGER NOT NULL,
  comment TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX feedback_conversation ON feedback (conversation_id);

CREATE TABLE receipts (
  conversation_id TEXT NOT NULL,
  key TEXT NOT NULL,
  reply {{JSON}} NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, key)
);

CREATE TABLE staff_users (
  email TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  name TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE staff_sessions (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL REFERENCES staff_users (email),
  csrf_token TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE once_claims (
  scope TEXT NOT NULL,
  id TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (scope, id)
);

CREATE TABLE meta (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (scope, key)
);
`,
  },
  {
    id: 2,
    name: 'bounds-and-privacy',
    sql: `
CREATE TABLE request_keys (
  conversation_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, key)
);
ALTER TABLE staff_users ADD COLUMN disabled_at TEXT;
DELETE FROM staff_sessions;
CREATE INDEX conversations_idle ON conversations (channel, updated_at);
CREATE INDEX feedback_message ON feedback (conversation_id, message_id);
`,
  },
  {
    id: 3,
    name: 'staff-desk',
    sql: `
ALTER TABLE staff_users ADD COLUMN role TEXT NOT NULL DEFAULT 'agent';
CREATE TABLE contacts (
  conversation_id TEXT PRIMARY KEY,
  company TEXT,
  person TEXT,
  email TEXT,
  phone TEXT,
  product TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE ticket_notes (
  id {{SERIAL}},
  ticket_id {{BIGINT}} NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX ticket_notes_ticket ON ticket_notes (ticket_id, id);
CREATE TABLE saved_replies (
  id {{SERIAL}},
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  lang TEXT,
  citations {{JSON}} NOT NULL,
  created_by TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE kb_proposals (
  id {{SERIAL}},
  ticket_id {{BIGINT}},
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  source_url TEXT,
  lang TEXT NOT NULL,
  jurisdiction TEXT,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX kb_proposals_status ON kb_proposals (status, id);
CREATE INDEX tickets_claimed ON tickets (claimed_by);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX conversations_created ON conversations (created_at);
CREATE INDEX messages_created ON messages (created_at);
CREATE INDEX feedback_created ON feedback (created_at)
`,
  },
  {
    id: 4,
    name: 'payload-by-reference',
    // An event or a receipt that repeats a message of its turn stores the message's id and leaves out what the
    // message row holds already (its text, its citations); reading joins them back.
    sql: `
ALTER TABLE events ADD COLUMN message_id TEXT;
ALTER TABLE receipts ADD COLUMN message_id TEXT
`,
  },
  {
    id: 5,
    name: 'attachments-and-ratings',
    // Files stay in the database with their conversation: one backup, one deletion, shared by every instance.
    sql: `
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  message_id TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size {{BIGINT}} NOT NULL,
  sha256 TEXT NOT NULL,
  body {{BLOB}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_conversation ON attachments (conversation_id, created_at);
CREATE TABLE ticket_ratings (
  ticket_id {{BIGINT}} PRIMARY KEY REFERENCES tickets (id),
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  score INTEGER NOT NULL,
  comment TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX ticket_ratings_created ON ticket_ratings (created_at)
`,
  },
];

export function migrationSql(sql: string, dialect: Dialect): string {
  let out = sql;
  for (const [token, value] of Object.entries(TOKENS[dialect])) out = out.split(token).join(value);
  return out;
}

/**
 * Splits a migration into statements (no semicolons inside our statements).
 * Migration 2 stores staff session ids hashed: sessions kept in clear before it are dropped (staff sign in again).
 */
export const statements = (sql: string) =>
  sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
