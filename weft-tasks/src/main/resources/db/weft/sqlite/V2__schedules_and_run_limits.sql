-- Pipelines that start runs by themselves. A worker fires a schedule by moving next_fire_at on
-- with a compare-and-set in the transaction that creates the run, so each due time fires once,
-- however many workers look and however often they restart.
CREATE TABLE schedules (
  name         TEXT PRIMARY KEY,
  cron         TEXT    NOT NULL,
  zone         TEXT    NOT NULL,
  pipeline     TEXT    NOT NULL,               -- the pipeline as JSON, parameters resolved
  next_fire_at INTEGER,                        -- null when the expression never fires again
  last_fire_at INTEGER,
  last_run_id  INTEGER,
  created_at   INTEGER NOT NULL
);

-- Caps a pipeline puts on its own runs; type '' caps all of a run's tasks together.
CREATE TABLE run_limits (
  run_id   INTEGER NOT NULL,
  type     TEXT    NOT NULL,
  capacity INTEGER NOT NULL,
  PRIMARY KEY (run_id, type)
) WITHOUT ROWID;
