-- Alerts from the rule engine and what officers did with them (server/alerts/). At most one open
-- (firing or acknowledged) alert per rule and subject: the partial unique index enforces it.
-- engine_active: the engine still holds the condition (an alert resolved by hand may keep it).
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  rule_name TEXT NOT NULL,
  hazard TEXT NOT NULL,
  public INTEGER NOT NULL,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('sensor', 'gauge', 'village', 'gateway')),
  subject_id TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
  severity TEXT NOT NULL,
  urgency TEXT NOT NULL,
  certainty TEXT NOT NULL,
  value REAL NOT NULL,
  peak REAL NOT NULL,
  unit TEXT NOT NULL,
  message TEXT NOT NULL,
  machine_types_json TEXT NOT NULL,
  sensor_ids_json TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  village_id TEXT,
  raised_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  observed_at INTEGER NOT NULL,
  ack_by TEXT,
  ack_at INTEGER,
  ack_comment TEXT,
  resolved_by TEXT,
  resolved_at INTEGER,
  resolved_comment TEXT,
  resolved_automatically INTEGER,
  escalation_level INTEGER NOT NULL,
  escalation_since INTEGER NOT NULL,
  last_notified_at INTEGER,
  engine_active INTEGER NOT NULL
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (rule_id, subject_type, subject_id) WHERE state <> 'resolved';
CREATE INDEX alerts_state ON alerts (state);
CREATE INDEX alerts_raised_at ON alerts (raised_at);
CREATE INDEX alerts_engine_held ON alerts (rule_id, subject_type, subject_id) WHERE state = 'resolved' AND engine_active = 1;
