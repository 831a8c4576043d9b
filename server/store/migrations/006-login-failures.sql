-- Failed sign-ins per username and per client address, so a lockout survives a restart.
-- key is `user:<lower-case username>` or `ip:<address>`.
CREATE TABLE login_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  lockouts INTEGER NOT NULL,
  locked_until INTEGER,
  last_failure_at INTEGER NOT NULL
);
