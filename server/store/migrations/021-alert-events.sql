-- Each alert's history: raised, updated, acknowledged, re-escalated, escalated, resolved, with who and
-- why. Append-only like the audit log: the history an officer reads is the one that happened.
CREATE TABLE alert_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  by TEXT NOT NULL,
  state TEXT NOT NULL,
  severity TEXT NOT NULL,
  value REAL NOT NULL,
  peak REAL NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);
CREATE TRIGGER alert_events_no_update BEFORE UPDATE ON alert_events BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;
CREATE TRIGGER alert_events_no_delete BEFORE DELETE ON alert_events BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;
