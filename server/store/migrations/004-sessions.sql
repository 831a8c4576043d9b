-- Signed-in browsers. Only the SHA-256 of the cookie's random value is stored, so a copy of this
-- database cannot be used to sign in. A session ends at expires_at, or after an idle period counted
-- from last_seen_at; deleting the user ends its sessions.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  source_ip TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
