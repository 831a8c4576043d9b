-- Incidents an officer records at a map point (a citizen's call, a field report), to dispatch to.
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  hazard TEXT NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  village_id TEXT,
  description TEXT NOT NULL,
  source TEXT,
  status TEXT NOT NULL DEFAULT 'open',
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  closed_at INTEGER,
  closed_by TEXT
);
CREATE INDEX incidents_created_at ON incidents (created_at);
