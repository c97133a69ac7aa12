-- A run may have more webhooks than its own: each has a name ('' is the run's own, given with
-- runs.submit; an A2A push config is 'a2a:ID'), the format of its deliveries' bodies ('weft' is
-- the event as /events has it) and what it was made from (spec: JSON, for reading it back).
-- A delivery says whose it is (hook: the webhook's name); one per event and webhook.
CREATE TABLE run_webhooks_named (
  run_id         BIGINT  NOT NULL,
  name           TEXT    NOT NULL DEFAULT '',
  format         TEXT    NOT NULL DEFAULT 'weft',
  spec           TEXT,
  url            TEXT    NOT NULL,
  method         TEXT    NOT NULL,
  headers        TEXT    NOT NULL,
  timeout_ms     BIGINT  NOT NULL,
  max_retries    INTEGER NOT NULL,
  each_change    INTEGER NOT NULL DEFAULT 0,
  after_event_id BIGINT  NOT NULL,
  PRIMARY KEY (run_id, name)
);
INSERT INTO run_webhooks_named (run_id, url, method, headers, timeout_ms, max_retries,
    each_change, after_event_id)
  SELECT run_id, url, method, headers, timeout_ms, max_retries, each_change, after_event_id
  FROM run_webhooks;
DROP TABLE run_webhooks;
ALTER TABLE run_webhooks_named RENAME TO run_webhooks;

CREATE TABLE webhook_deliveries_named (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id          BIGINT  NOT NULL,
  hook            TEXT    NOT NULL DEFAULT '',
  event_id        BIGINT  NOT NULL,
  event_type      TEXT    NOT NULL,
  url             TEXT    NOT NULL,
  method          TEXT    NOT NULL,
  headers         TEXT    NOT NULL,
  timeout_ms      BIGINT  NOT NULL,
  max_retries     INTEGER NOT NULL,
  body            TEXT    NOT NULL,
  state           TEXT    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT  NOT NULL,
  created_at      BIGINT  NOT NULL,
  finished_at     BIGINT,
  last_status     INTEGER,
  last_error      TEXT,
  UNIQUE (run_id, event_id, hook)
);
INSERT INTO webhook_deliveries_named (id, run_id, event_id, event_type, url, method, headers,
    timeout_ms, max_retries, body, state, attempts, next_attempt_at, created_at, finished_at,
    last_status, last_error)
  SELECT id, run_id, event_id, event_type, url, method, headers, timeout_ms, max_retries, body,
    state, attempts, next_attempt_at, created_at, finished_at, last_status, last_error
  FROM webhook_deliveries;
DROP TABLE webhook_deliveries;
ALTER TABLE webhook_deliveries_named RENAME TO webhook_deliveries;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
-- A webhook's deliveries are made one at a time, in order: the next waits for the one before.
CREATE INDEX webhook_deliveries_run ON webhook_deliveries (run_id, hook, id)
  WHERE state = 'pending';
