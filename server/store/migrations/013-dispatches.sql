-- Dispatches of a machine to an alert or incident. The target and the hourly rate are copied at
-- request time: the report must bill what was agreed then, and show where the machine went even
-- after the alert is gone. Every status change is a row of dispatch_steps.
CREATE TABLE dispatches (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  machine_id TEXT NOT NULL REFERENCES machines (id),
  machine_type TEXT NOT NULL,
  contractor_id TEXT NOT NULL REFERENCES contractors (id),
  hourly_rate REAL,
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  hazard TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  village_id TEXT,
  description TEXT,
  target_created_at INTEGER,
  note TEXT,
  requested_at INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  link_expires_at INTEGER NOT NULL,
  position_lat REAL,
  position_lon REAL,
  position_at INTEGER,
  updated_at INTEGER NOT NULL
);
-- One open dispatch per machine, whatever a bug elsewhere might try.
CREATE UNIQUE INDEX dispatches_one_open_per_machine ON dispatches (machine_id)
  WHERE status IN ('requested', 'accepted', 'en_route', 'on_site');
CREATE INDEX dispatches_target ON dispatches (target_kind, target_id);
CREATE INDEX dispatches_requested_at ON dispatches (requested_at);
CREATE INDEX dispatches_contractor ON dispatches (contractor_id, requested_at);
CREATE INDEX dispatches_village ON dispatches (village_id, requested_at);

CREATE TABLE dispatch_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dispatch_id TEXT NOT NULL REFERENCES dispatches (id),
  status TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT NOT NULL,
  note TEXT
);
CREATE INDEX dispatch_steps_dispatch ON dispatch_steps (dispatch_id, id);

-- Whether the contractor was told: one row per SMS or e-mail attempt.
CREATE TABLE dispatch_notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dispatch_id TEXT NOT NULL REFERENCES dispatches (id),
  channel TEXT NOT NULL,
  via TEXT NOT NULL,
  recipient TEXT NOT NULL,
  ok INTEGER NOT NULL,
  error TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX dispatch_notifications_dispatch ON dispatch_notifications (dispatch_id, id);
