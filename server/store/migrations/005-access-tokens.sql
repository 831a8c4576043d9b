-- Kiosk tokens (wall screens, always viewer) and API tokens (integrations, a role each). The secret
-- is shown once at creation; only its SHA-256 is stored. Revoked tokens stay, for the record.
CREATE TABLE access_tokens (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'api')),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER
);
CREATE INDEX access_tokens_kind ON access_tokens (kind, created_at);
