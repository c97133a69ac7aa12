-- What running tasks report: log lines per attempt, and their latest progress.
CREATE TABLE task_logs (
  id       INTEGER PRIMARY KEY,
  task_id  INTEGER NOT NULL,
  attempt  INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  level    TEXT    NOT NULL,             -- info, warn, error
  message  TEXT    NOT NULL
);
CREATE INDEX task_logs_task ON task_logs (task_id, id);

ALTER TABLE tasks ADD COLUMN progress REAL;       -- 0 to 1, or null when never reported
ALTER TABLE tasks ADD COLUMN progress_note TEXT;
