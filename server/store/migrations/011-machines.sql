-- Machines of contractors. Status follows the machine's dispatch; the position is the last one its
-- contractor's phone reported (NULL: at its home village).
CREATE TABLE machines (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  plate_or_serial TEXT NOT NULL UNIQUE,
  model TEXT,
  contractor_id TEXT NOT NULL REFERENCES contractors (id),
  home_village_id TEXT NOT NULL,
  capabilities_json TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'available',
  position_lat REAL,
  position_lon REAL,
  position_at INTEGER,
  notes TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX machines_contractor ON machines (contractor_id);
