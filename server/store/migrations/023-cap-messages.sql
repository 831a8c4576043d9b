-- Every CAP 1.2 message published, exactly as sent: an Update or Cancel names earlier ones by
-- (sender, identifier, sent), so they must never change. Immutable: no UPDATE, no DELETE.
CREATE TABLE cap_messages (
  identifier TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  seq INTEGER NOT NULL,
  msg_type TEXT NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  sender TEXT NOT NULL,
  sent TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  headline TEXT NOT NULL,
  description TEXT NOT NULL,
  xml TEXT NOT NULL,
  UNIQUE (alert_id, seq)
);
CREATE INDEX cap_messages_sent_at ON cap_messages (sent_at);
CREATE TRIGGER cap_messages_no_update BEFORE UPDATE ON cap_messages BEGIN SELECT RAISE(ABORT, 'CAP messages are immutable'); END;
CREATE TRIGGER cap_messages_no_delete BEFORE DELETE ON cap_messages BEGIN SELECT RAISE(ABORT, 'CAP messages are immutable'); END;
