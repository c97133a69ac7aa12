-- Webhooks (see db/weft/sqlite/V17__webhooks.sql for what each table holds).
CREATE TABLE run_webhooks (
  run_id         BIGINT  PRIMARY KEY,
  url            TEXT    NOT NULL,
  method         TEXT    NOT NULL,
  headers        TEXT    NOT NULL, -- a JSON object of header names and values
  timeout_ms     BIGINT  NOT NULL,
  max_retries    INTEGER NOT NULL,
  each_change    INTEGER NOT NULL DEFAULT 0,
  after_event_id BIGINT  NOT NULL  -- only events after this one are delivered
);

CREATE TABLE webhook_deliveries (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id          BIGINT  NOT NULL,
  event_id        BIGINT  NOT NULL,
  event_type      TEXT    NOT NULL,
  url             TEXT    NOT NULL,
  method          TEXT    NOT NULL,
  headers         TEXT    NOT NULL,
  timeout_ms      BIGINT  NOT NULL,
  max_retries     INTEGER NOT NULL,
  body            TEXT    NOT NULL,
  state           TEXT    NOT NULL, -- pending, delivered or failed
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT  NOT NULL,
  created_at      BIGINT  NOT NULL,
  finished_at     BIGINT,
  last_status     INTEGER,
  last_error      TEXT,
  UNIQUE (run_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
-- A run's deliveries are made one at a time, in order: the next waits for the one before.
CREATE INDEX webhook_deliveries_run ON webhook_deliveries (run_id, id) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
  delivery_id BIGINT  NOT NULL,
  attempt     INTEGER NOT NULL,
  at          BIGINT  NOT NULL,
  status_code INTEGER,
  error       TEXT,
  duration_ms BIGINT  NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

-- How far the event log has been turned into deliveries: one row.
CREATE TABLE webhook_cursor (
  id       INTEGER PRIMARY KEY,
  event_id BIGINT NOT NULL
);
INSERT INTO webhook_cursor (id, event_id) VALUES (1, 0);
