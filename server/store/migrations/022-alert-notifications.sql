-- The notification log per alert: one row per recipient and sending, updated as attempts go.
-- recipient is the display form (a webhook's secret path is not stored).
CREATE TABLE alert_notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  level INTEGER NOT NULL,
  reason TEXT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX alert_notifications_alert ON alert_notifications (alert_id, id);
CREATE INDEX alert_notifications_pending ON alert_notifications (status) WHERE status = 'pending';
