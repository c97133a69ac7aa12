-- Rate limits: token buckets, filled by the time that passed and drawn from inside the claim
-- transaction, so they hold across workers and restarts.
ALTER TABLE tasks ADD COLUMN rate_bucket TEXT;
ALTER TABLE tasks ADD COLUMN rate_per_second REAL;
ALTER TABLE tasks ADD COLUMN rate_burst INTEGER;
CREATE TABLE rate_buckets (
  name       TEXT PRIMARY KEY,
  tokens     REAL    NOT NULL,
  updated_at INTEGER NOT NULL
);
