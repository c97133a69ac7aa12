-- The event log: task and run state changes and progress, each written in the transaction of the
-- change it records. AUTOINCREMENT: ids only grow, even once the oldest events are pruned, so a
-- reader resuming after an id never sees one twice or misses one written later.
CREATE TABLE events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        BIGINT  NOT NULL,
  run_id    BIGINT  NOT NULL,
  task_id   BIGINT  NOT NULL,
  user_name TEXT,
  kind      TEXT    NOT NULL, -- run, task or progress
  node_id   TEXT,
  status    TEXT,             -- the new status (none for progress)
  error     TEXT,
  progress  DOUBLE PRECISION,
  note      TEXT
);
CREATE INDEX events_run ON events (run_id, id);
CREATE INDEX events_at ON events (at);
