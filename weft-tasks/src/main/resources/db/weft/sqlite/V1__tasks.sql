-- A run is a task tree: the root task is the run, each node a child.
-- Times are epoch milliseconds. Statuses: pending, ready, running, succeeded, failed,
-- cancelled, upstream-failed.
CREATE TABLE tasks (
  id              INTEGER PRIMARY KEY,
  root_id         INTEGER NOT NULL,           -- the run; equals id for a root
  parent_id       INTEGER,                    -- null for a root
  node_id         TEXT    NOT NULL,           -- the node; the pipeline name for a root
  type            TEXT    NOT NULL,           -- the node type; 'pipeline' for a root
  status          TEXT    NOT NULL,
  priority        INTEGER NOT NULL DEFAULT 0, -- raised while a ready task waits (aging)
  base_priority   INTEGER NOT NULL DEFAULT 0, -- the priority it was given
  user_name       TEXT,
  result          TEXT,                       -- JSON
  error           TEXT,
  attempt         INTEGER NOT NULL DEFAULT 0, -- attempts started so far
  waiting         INTEGER NOT NULL DEFAULT 0, -- dependencies not yet ended
  remaining       INTEGER NOT NULL DEFAULT 0, -- root only: children not yet ended
  failures        INTEGER NOT NULL DEFAULT 0, -- root only: children failed or upstream-failed
  next_attempt_at INTEGER NOT NULL DEFAULT 0, -- a ready task is claimable from then on
  lease_owner     TEXT,
  lease_until     INTEGER,
  lease_epoch     INTEGER NOT NULL DEFAULT 0, -- bumped by every claim; writes must match it
  cancel_requested INTEGER NOT NULL DEFAULT 0, -- a running task (or a run) asked to stop
  created_at      INTEGER NOT NULL,
  started_at      INTEGER,
  finished_at     INTEGER,
  original_id     INTEGER                     -- the task this one was copied from
);
CREATE INDEX tasks_claim ON tasks (root_id, status, priority DESC, id);
CREATE INDEX tasks_status ON tasks (status, priority DESC, id);
CREATE INDEX tasks_due ON tasks (root_id, status, next_attempt_at);

-- Kept apart from the run's row, which changes with every task that ends: SQLite rewrites a
-- whole row on update, and a large pipeline would make each of those writes large.
CREATE TABLE run_pipelines (
  run_id   INTEGER PRIMARY KEY,
  pipeline TEXT NOT NULL                      -- the pipeline as JSON
);

CREATE TABLE task_deps (
  task_id    INTEGER NOT NULL,
  depends_on INTEGER NOT NULL,
  required   INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (task_id, depends_on)
) WITHOUT ROWID;
CREATE INDEX task_deps_upstream ON task_deps (depends_on, task_id);

CREATE TABLE attempts (
  task_id     INTEGER NOT NULL,
  attempt     INTEGER NOT NULL,
  worker      TEXT    NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  outcome     TEXT,                           -- succeeded, failed, abandoned
  error       TEXT,
  PRIMARY KEY (task_id, attempt)
) WITHOUT ROWID;

CREATE TABLE workers (
  id           TEXT PRIMARY KEY,
  host         TEXT    NOT NULL,
  pid          INTEGER NOT NULL,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
