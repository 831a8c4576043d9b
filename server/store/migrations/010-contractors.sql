-- Contractors on a tender contract (DOMAIN.md §6). Dates are local calendar dates YYYY-MM-DD,
-- both inclusive; hourly rates are a JSON object machine type → rate in the region's currency.
CREATE TABLE contractors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tax_id TEXT NOT NULL UNIQUE,
  phone TEXT NOT NULL,
  email TEXT,
  contract_ref TEXT NOT NULL,
  contract_start TEXT NOT NULL,
  contract_end TEXT NOT NULL,
  hourly_rates_json TEXT NOT NULL DEFAULT '{}',
  notes TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
