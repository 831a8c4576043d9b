-- One MQTT credential per gateway: the username is the gateway id. The hash is in Mosquitto's own
-- PBKDF2-SHA512 format ($7$), so the same row serves the embedded broker and a generated
-- Mosquitto password file.
CREATE TABLE gateway_credentials (
  gateway_id TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  rotated_at INTEGER,
  revoked_at INTEGER
);
