-- Results kept for reuse: a task with cache: whose fingerprint (type, config and inputs, or its
-- key expression) matches an entry that has not expired takes the result without running.
CREATE TABLE task_cache (
  fingerprint TEXT PRIMARY KEY,
  task_id     INTEGER NOT NULL,              -- the task that computed the result
  node_id     TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  result      TEXT,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER                        -- null: never
);
