-- The last rule set that loaded cleanly, so a server that starts with a broken rule file runs the
-- rules it ran before instead of none. One row.
CREATE TABLE rule_set_in_force (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  loaded_at INTEGER NOT NULL,
  documents_json TEXT NOT NULL
);
