-- The event log (see db/weft/sqlite/V16__events.sql): ids from an identity, handed out under a
-- transaction-scoped advisory lock taken just before commit, so ids are visible in the order given.
CREATE TABLE events (
  id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        BIGINT  NOT NULL,
  run_id    BIGINT  NOT NULL,
  task_id   BIGINT  NOT NULL,
  user_name TEXT,
  kind      TEXT    NOT NULL,
  node_id   TEXT,
  status    TEXT,
  error     TEXT,
  progress  DOUBLE PRECISION,
  note      TEXT
);
CREATE INDEX events_run ON events (run_id, id);
CREATE INDEX events_at ON events (at);
