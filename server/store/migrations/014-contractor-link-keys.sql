-- The secret that signs contractors' dispatch links (HMAC-SHA256), made at first start. Newest row
-- signs; kept in the state store so links survive a restart and the backup carries it.
CREATE TABLE contractor_link_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  secret BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
